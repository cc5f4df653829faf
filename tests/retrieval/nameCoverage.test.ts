import { retrievalFor, table } from './support/smallCatalog';

/**
 * How well a question names a table (`nameMatch`): tables whose names share words with each other (a name and
 * the same name with one more word) are told apart by which of them the question names whole, filler words
 * ("entries") included. Invented schema: an apiary.
 */
const harvestEntry = table({
  schema: 'apiary',
  name: 'honey_harvest_entry',
  columns: [
    ['harvest_id', 'integer'],
    ['jar_count', 'integer'],
    ['harvested_on', 'date'],
  ],
});
const harvest = table({
  schema: 'apiary',
  name: 'honey_harvest',
  columns: [
    ['harvest_id', 'integer'],
    ['jar_count', 'integer'],
    ['harvested_on', 'date'],
  ],
});
const swarmReport = table({
  schema: 'apiary',
  name: 'swarm_report',
  columns: [
    ['report_id', 'integer'],
    ['queen_seen', 'boolean'],
    ['revision_note', 'text'],
  ],
});
const swarmReportRevision = table({
  schema: 'apiary',
  name: 'swarm_report_revision',
  columns: [
    ['revision_id', 'integer'],
    ['report_id', 'integer'],
    ['queen_seen', 'boolean'],
  ],
  foreignKeys: [
    {
      columns: ['report_id'],
      referencedSchema: 'apiary',
      referencedTable: 'swarm_report',
      referencedColumns: ['report_id'],
    },
  ],
});
const catalog = [harvestEntry, harvest, swarmReport, swarmReportRevision];

async function top(question: string): Promise<string | undefined> {
  const { state } = await retrievalFor(catalog);
  const r = await state.retriever.retrieve({ question });
  return r.candidates[0]?.corpusTable.key;
}

describe('naming a table whole', () => {
  it('counts a filler word of the question ("entries") that is a word of the table name', async () => {
    expect(await top('Show the jar count for honey harvest entries')).toBe('apiary.honey_harvest_entry');
    expect(await top('Show the jar count for each honey harvest')).toBe('apiary.honey_harvest');
  });

  it('prefers the longer of two names the question says whole', async () => {
    // swarm_report has every word too (its column revision_note), but its name says less of the question
    expect(await top('Show the queen seen for swarm report revisions')).toBe('apiary.swarm_report_revision');
  });

  it('prefers the table whose name has no words the question does not say', async () => {
    expect(await top('What is the queen seen of each swarm report?')).toBe('apiary.swarm_report');
  });
});
