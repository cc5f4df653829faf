import type { CatalogColumn, CatalogTable, SourceCatalog } from '../../src/catalog/types';
import { DoubtJudge } from '../../src/retrieval/doubtJudge';
import { deriveSemanticModel, SemanticLookup } from '../../src/semantic';

function col(name: string, dataType: string, topValues?: string[]): CatalogColumn {
  return {
    name,
    position: 0,
    dataType,
    nullable: true,
    comment: null,
    profile: topValues
      ? { distinctEstimate: topValues.length, nullFraction: 0, topValues, min: null, max: null }
      : null,
  };
}

function table(name: string, columns: CatalogColumn[], extra: Partial<CatalogTable> = {}): CatalogTable {
  return {
    sourceId: 'test',
    schema: 'ops',
    name,
    kind: 'table',
    comment: null,
    rowEstimate: 100,
    columns: columns.map((c, i) => ({ ...c, position: i + 1 })),
    primaryKey: [columns[0].name],
    foreignKeys: [],
    fingerprint: name,
    ...extra,
  };
}

/** A made-up workshop schema: staff, clients, jobs billed to clients. */
function catalog(): SourceCatalog {
  return {
    sourceId: 'test',
    label: 'test',
    schemas: ['ops'],
    introspectedAt: new Date(0),
    tables: [
      table('staff', [col('staff_id', 'integer'), col('full_name', 'text'), col('hired_on', 'date')]),
      table('clients', [
        col('client_id', 'integer'),
        col('company', 'text'),
        col('city', 'text', ['Lyon', 'Graz']),
      ]),
      table(
        'jobs',
        [
          col('job_id', 'integer'),
          col('client_id', 'integer'),
          col('staff_id', 'integer'),
          col('billed_amount', 'numeric'),
          col('hours', 'numeric'),
          col('finished_on', 'date'),
        ],
        {
          foreignKeys: [
            {
              name: 'jobs_client_fk',
              columns: ['client_id'],
              referencedSchema: 'ops',
              referencedTable: 'clients',
              referencedColumns: ['client_id'],
            },
            {
              name: 'jobs_staff_fk',
              columns: ['staff_id'],
              referencedSchema: 'ops',
              referencedTable: 'staff',
              referencedColumns: ['staff_id'],
            },
          ],
        },
      ),
    ],
  };
}

describe('DoubtJudge', () => {
  const lookup = new SemanticLookup(deriveSemanticModel(catalog()));
  const judge = new DoubtJudge();

  it('finds the tables the model names through business words and typos of names', () => {
    expect(judge.modelTables('how many customers are in Lyon', lookup).map((c) => c.table)).toContain(
      'ops.clients',
    );
    expect(judge.modelTables('list the cleints', lookup).map((c) => c.table)).toContain('ops.clients');
  });

  it('names the thing a question asks about that nothing accounts for', () => {
    const missing = judge.missingThing({
      question: 'what are the salaries of our staff',
      unaccounted: ['salaries'],
      lookup,
    });
    expect(missing?.words).toEqual(['salaries']);
    expect(missing?.message).toBe("Sorry, I don't have data about salaries.");
  });

  it('does not decline for words the model knows, generic answer words or verbs', () => {
    expect(
      judge.missingThing({ question: "which clients haven't had a job", unaccounted: ['haven'], lookup }),
    ).toBeNull();
    for (const words of [['clients'], ['total', 'number'], ['sold'], ['data']]) {
      expect(
        judge.missingThing({ question: `how many ${words.join(' ')}`, unaccounted: words, lookup }),
      ).toBeNull();
    }
  });

  it('reads a WordNet compound noun as one concept: a column matching a part of it does not account for it', () => {
    const names = [['job'], ['client', 'id'], ['shelf', 'position'], ['floor', 'area', 'sq', 'ft']];
    const missing = judge.missingCompound({
      question: 'what is the shelf life of the parts each job used?',
      lookup,
      names,
    });
    expect(missing?.words).toEqual(['shelf life']);
    expect(missing?.message).toBe("Sorry, I don't have data about shelf life.");
    // a name whose head is the compound's head is a kind of it; both words, or a synonym, name it too
    for (const named of [
      ['tax', 'amount'],
      ['sales', 'tax', 'collected'],
      ['useful', 'life'],
    ]) {
      const question =
        named[0] === 'useful' ? 'what is the shelf life of a part' : 'how much sales tax did jobs carry';
      expect(judge.missingCompound({ question, lookup, names: [...names, named] })).toBeNull();
    }
    // datum compounds, adjective or verb phrases and capitalised names are left to other rules
    for (const question of [
      'what is the phone number of each client',
      'who was our best seller last year',
      'what is the total running time of the jobs',
      'how many jobs did Shelf Life Ltd book',
    ])
      expect(judge.missingCompound({ question, lookup, names })).toBeNull();
  });

  it('reads the last word of a do-support question as its verb, not as missing data', () => {
    for (const question of ['how many jobs did each client ship?', 'which jobs did the staff book in 2024']) {
      const word = question.includes('ship') ? 'ship' : 'book';
      expect(judge.missingThing({ question, unaccounted: [word], lookup })).toBeNull();
    }
    // the same noun named as a thing is still missing data
    expect(
      judge.missingThing({ question: 'which ship carried the jobs', unaccounted: ['ship'], lookup })?.words,
    ).toEqual(['ship']);
  });

  it('declines hours asked as a thing when no table of the answer holds a duration or a time of day', () => {
    const staff = [lookup.entity('ops.staff')];
    const jobs = [lookup.entity('ops.jobs')];
    expect(
      judge.missingDuration({ question: 'how many hours did the staff work last week?', entities: staff })
        ?.message,
    ).toBe("Sorry, I don't have data about hours.");
    expect(
      judge.missingDuration({ question: 'what are the opening hours of Lyon?', entities: staff })?.words,
    ).toEqual(['opening hours']);
    // a measure of hours answers it; a unit of a measure or a period asks for no new data
    expect(
      judge.missingDuration({ question: 'how many hours did the staff work?', entities: jobs }),
    ).toBeNull();
    expect(
      judge.missingDuration({ question: 'jobs finished in the last 24 hours', entities: staff }),
    ).toBeNull();
    expect(judge.missingDuration({ question: 'average job length in minutes', entities: staff })).toBeNull();
  });
});
