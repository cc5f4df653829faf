import type { CatalogTable } from '../../src/catalog/types';
import type { Decision } from '../../src/retrieval/decisionPolicy';
import type { RetrievalState } from '../../src/retrieval/retrievalState';
import type { DecisionPolicy } from '../../src/retrieval/decisionPolicy';
import { RETRIEVAL_RELATIONS, WordRelations } from '../../src/text';
import { retrievalFor, table } from './support/smallCatalog';

/**
 * Retrieval and decisions on small in-memory catalogs, through the real offline embedder, HNSW index,
 * corpus, retriever and decision policy (no database).
 */

const school = (schema: string, extra: CatalogTable[] = []): CatalogTable[] => [
  table({
    schema,
    name: 'student',
    columns: [
      ['stuid', 'integer'],
      ['lname', 'text'],
      ['fname', 'text'],
      ['age', 'integer'],
      ['major', 'integer'],
      ['city_code', 'text', ['PHL', 'NYC', 'BAL']],
    ],
  }),
  ...extra,
];

const catalog: CatalogTable[] = [
  ...school('dorm_1', [
    table({
      schema: 'dorm_1',
      name: 'dorm',
      columns: [
        ['dormid', 'integer'],
        ['dorm_name', 'text', ['Anonymous Donor Hall', 'Smith Hall']],
        ['student_capacity', 'integer'],
        ['gender', 'text', ['X', 'F', 'M']],
      ],
    }),
    table({
      schema: 'dorm_1',
      name: 'lives_in',
      columns: [
        ['stuid', 'integer'],
        ['dormid', 'integer'],
        ['room_number', 'integer'],
      ],
      foreignKeys: [
        {
          columns: ['stuid'],
          referencedSchema: 'dorm_1',
          referencedTable: 'student',
          referencedColumns: ['stuid'],
        },
        {
          columns: ['dormid'],
          referencedSchema: 'dorm_1',
          referencedTable: 'dorm',
          referencedColumns: ['dormid'],
        },
      ],
    }),
  ]),
  ...school('allergy_1', [
    table({
      schema: 'allergy_1',
      name: 'has_allergy',
      columns: [
        ['stuid', 'integer'],
        ['allergy', 'text', ['Shellfish', 'Milk', 'Eggs']],
      ],
      foreignKeys: [
        {
          columns: ['stuid'],
          referencedSchema: 'allergy_1',
          referencedTable: 'student',
          referencedColumns: ['stuid'],
        },
      ],
    }),
  ]),
  table({
    schema: 'store',
    name: 'customers',
    columns: [
      ['customer_id', 'integer'],
      ['first_name', 'text'],
      ['last_name', 'text'],
      ['city', 'text', ['Boise', 'Portland', 'Seattle']],
    ],
  }),
  table({
    schema: 'store',
    name: 'invoices',
    columns: [
      ['invoice_id', 'integer'],
      ['customer_id', 'integer'],
      ['invoice_date', 'date'],
      ['total', 'numeric'],
    ],
    foreignKeys: [
      {
        columns: ['customer_id'],
        referencedSchema: 'store',
        referencedTable: 'customers',
        referencedColumns: ['customer_id'],
      },
    ],
  }),
];

let state: RetrievalState;
let policy: DecisionPolicy;

beforeAll(async () => {
  ({ state, policy } = await retrievalFor(catalog));
});

async function decide(question: string): Promise<{ decision: Decision; top: string[] }> {
  const retrieval = await state.retriever.retrieve({ question });
  const decision = policy.decide({ question, retrieval, planner: state.planner });
  return { decision, top: retrieval.candidates.map((c) => c.corpusTable.key) };
}

describe('HybridRetriever', () => {
  it('scores candidates in [0, 1], best first', async () => {
    const r = await state.retriever.retrieve({ question: 'How many invoices does each customer have?' });
    expect(r.candidates.length).toBeGreaterThan(0);
    for (const c of r.candidates) {
      expect(c.score).toBeGreaterThanOrEqual(0);
      expect(c.score).toBeLessThanOrEqual(1);
      expect(c.strengths).toHaveLength(r.tokens.length);
    }
    const scores = r.candidates.map((c) => c.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('prefers the table of the database that explains the whole question (schema coverage)', async () => {
    const r = await state.retriever.retrieve({
      question: 'Which students living in Smith Hall are older than 20?',
    });
    const students = r.candidates.filter((c) => c.corpusTable.table.name === 'student');
    const dorm = students.find((c) => c.corpusTable.table.schema === 'dorm_1');
    const allergy = students.find((c) => c.corpusTable.table.schema === 'allergy_1');
    expect(dorm?.features.schemaCoverage).toBeGreaterThan(allergy?.features.schemaCoverage ?? 1);
    expect(r.candidates[0].corpusTable.table.schema).toBe('dorm_1');
  });

  it('ranks the tables a join answer needs right after the best one, bridge included', async () => {
    const r = await state.retriever.retrieve({ question: 'How many students live in each dorm?' });
    const top3 = r.candidates.slice(0, 3).map((c) => c.corpusTable.key);
    expect(new Set(top3)).toEqual(new Set(['dorm_1.dorm', 'dorm_1.lives_in', 'dorm_1.student']));
    const members = r.candidates.slice(1, 3);
    for (const m of members) {
      expect(m.joinsBest).toBeDefined();
      expect(m.score).toBe(r.candidates[0].score);
    }
    // Join partners are part of the same answer, never rival readings.
    const decision = policy.decide({
      question: 'How many students live in each dorm?',
      retrieval: r,
      planner: state.planner,
    });
    expect(decision.kind).toBe('answer');
  });

  it('matches a synonym of a table name through WordNet ("clients" -> customers)', async () => {
    const r = await state.retriever.retrieve({ question: 'How many clients are there?' });
    expect(r.candidates[0].corpusTable.key).toBe('store.customers');
    expect(r.candidates[0].matchedTokens.has('client')).toBe(true);
  });
});

describe('DecisionPolicy', () => {
  it('answers with the table set joined along foreign keys', async () => {
    const { decision } = await decide('List the cities of customers with an invoice above 100');
    expect(decision.kind).toBe('answer');
    if (decision.kind !== 'answer') return;
    expect([...decision.tableKeys].sort()).toEqual(['store.customers', 'store.invoices']);
    expect(decision.joins).toHaveLength(1);
  });

  it('declines a question nothing in the catalog explains', async () => {
    const { decision } = await decide("What's the weather in Paris tomorrow?");
    expect(decision.kind).toBe('decline');
  });

  it('does not ask which copy when two databases hold the same table (same columns, same data)', async () => {
    const { decision } = await decide('What is the average age of the students?');
    expect(decision.kind).toBe('answer');
    if (decision.kind !== 'answer') return;
    expect(['allergy_1.student', 'dorm_1.student']).toContain(decision.tableKeys[0]);
  });

  it('clarifies between same-named tables of two databases whose contents differ', async () => {
    const variant = (schema: string, cities: string[]) =>
      table({
        schema,
        name: 'student',
        columns: [
          ['stuid', 'integer'],
          ['lname', 'text'],
          ['age', 'integer'],
          ['city_code', 'text', cities],
        ],
      });
    const other = await retrievalFor([variant('east', ['PHL', 'NYC']), variant('west', ['SFO', 'LAX'])]);
    const question = 'What is the average age of the students?';
    const retrieval = await other.state.retriever.retrieve({ question });
    const decision = other.policy.decide({ question, retrieval, planner: other.state.planner });
    expect(decision.kind).toBe('clarify');
    if (decision.kind !== 'clarify') return;
    expect(decision.clarification.options.flatMap((o) => o.tables).sort()).toEqual([
      'east.student',
      'west.student',
    ]);
  });

  it('asks which date only when the model has no default time dimension for the table', async () => {
    const parcels = await retrievalFor([
      table({
        schema: 'logistics',
        name: 'parcels',
        columns: [
          ['parcel_id', 'integer'],
          ['weight_kg', 'numeric'],
          ['dispatched_on', 'date'],
          ['delivered_on', 'date'],
        ],
      }),
    ]);
    const question = 'How many parcels last month?';
    const retrieval = await parcels.state.retriever.retrieve({ question });
    const asked = parcels.policy.decide({ question, retrieval, planner: parcels.state.planner });
    expect(asked.kind).toBe('clarify');
    const answered = parcels.policy.decide({
      question,
      retrieval,
      planner: parcels.state.planner,
      defaultTimeColumn: (t) => (t === 'logistics.parcels' ? 'dispatched_on' : undefined),
    });
    expect(answered.kind).toBe('answer');
    if (answered.kind === 'answer')
      expect(answered.preferColumns).toEqual(['logistics.parcels.dispatched_on']);
  });

  it('does not clarify between tables that join (a foreign-key neighbour is part of the answer)', async () => {
    const { decision } = await decide('Which allergies does each student have?');
    expect(decision.kind).toBe('answer');
    if (decision.kind !== 'answer') return;
    expect(decision.tableKeys).toContain('allergy_1.has_allergy');
  });
});

describe('WordRelations', () => {
  const relations = new WordRelations(RETRIEVAL_RELATIONS);
  it('links synonyms, one-step relations, and nothing else', () => {
    expect(relations.strength('client', relations.synsets('customer'))).toBeCloseTo(0.85);
    expect(relations.strength('vocalist', relations.synsets('singer'))).toBeGreaterThanOrEqual(0.7);
    expect(relations.strength('weather', relations.synsets('customer'))).toBe(0);
    expect(relations.strength('zzzq', relations.synsets('customer'))).toBe(0);
  });
});
