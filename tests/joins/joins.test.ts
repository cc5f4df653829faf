import type { CatalogTable } from '../../src/catalog/types';
import { declaredEdges, inferredEdges, joinEdges, JoinNetwork, type JoinEdge } from '../../src/joins';

function table(
  name: string,
  columns: [string, string][],
  primaryKey: string[],
  options: { schema?: string; fks?: [string, string, string][] } = {},
): CatalogTable {
  const schema = options.schema ?? 's';
  return {
    sourceId: 'src',
    schema,
    name,
    kind: 'table',
    comment: null,
    rowEstimate: 10,
    columns: columns.map(([n, dataType], i) => ({
      name: n,
      position: i + 1,
      dataType,
      nullable: false,
      comment: null,
      profile: null,
    })),
    primaryKey,
    foreignKeys: (options.fks ?? []).map(([column, refTable, refColumn]) => ({
      name: `${name}_${column}_fkey`,
      columns: [column],
      referencedSchema: schema,
      referencedTable: refTable,
      referencedColumns: [refColumn],
    })),
    fingerprint: name,
  };
}

const edge = (from: string, fromColumn: string, to: string, toColumn: string): JoinEdge => ({
  from: `s.${from}`,
  fromColumns: [fromColumn],
  to: `s.${to}`,
  toColumns: [toColumn],
});

describe('join keys: one rule for declared and inferred edges', () => {
  const student = table(
    'student',
    [
      ['stuid', 'integer'],
      ['name', 'text'],
    ],
    ['stuid'],
  );
  const hasAllergy = table(
    'has_allergy',
    [
      ['stuid', 'integer'],
      ['allergy', 'text'],
    ],
    [],
  );
  const customers = table(
    'customers',
    [
      ['id', 'integer'],
      ['name', 'text'],
    ],
    ['id'],
  );
  const orders = table(
    'orders',
    [
      ['id', 'integer'],
      ['customer_id', 'bigint'],
    ],
    ['id'],
  );
  const station = table(
    'station',
    [
      ['id', 'integer'],
      ['name', 'text'],
    ],
    ['id'],
  );
  const trip = table(
    'trip',
    [
      ['id', 'integer'],
      ['start_station_id', 'integer'],
      ['end_station_id', 'integer'],
    ],
    ['id'],
  );

  it('infers a column named after another table key', () => {
    expect(inferredEdges([student, hasAllergy], [])).toEqual([
      edge('has_allergy', 'stuid', 'student', 'stuid'),
    ]);
  });

  it('infers <table>_id for an id key, across integer widths', () => {
    expect(inferredEdges([customers, orders], [])).toEqual([
      edge('orders', 'customer_id', 'customers', 'id'),
    ]);
  });

  it('infers every column ending with the table and key words', () => {
    expect(inferredEdges([station, trip], [])).toEqual([
      edge('trip', 'start_station_id', 'station', 'id'),
      edge('trip', 'end_station_id', 'station', 'id'),
    ]);
  });

  it('never links two tables through their own id keys, nor text to a number, nor across schemas', () => {
    expect(inferredEdges([customers, station], [])).toEqual([]);
    const codes = table('codes', [['stuid', 'text']], []);
    expect(inferredEdges([student, codes], [])).toEqual([]);
    const other = table('has_allergy', [['stuid', 'integer']], [], { schema: 't' });
    expect(inferredEdges([student, other], [])).toEqual([]);
  });

  it('a declared key wins over inference; declared edges outside the tables are dropped', () => {
    const declared = table(
      'orders',
      [
        ['id', 'integer'],
        ['customer_id', 'integer'],
      ],
      ['id'],
      {
        fks: [
          ['customer_id', 'customers', 'id'],
          ['id', 'elsewhere', 'id'],
        ],
      },
    );
    expect(declaredEdges([customers, declared])).toEqual([edge('orders', 'customer_id', 'customers', 'id')]);
    expect(joinEdges([customers, declared])).toEqual([edge('orders', 'customer_id', 'customers', 'id')]);
  });
});

describe('JoinNetwork', () => {
  const edges = [
    edge('enroll', 'stuid', 'student', 'stuid'),
    edge('enroll', 'cid', 'course', 'cid'),
    edge('course', 'dept', 'department', 'dept'),
    edge('course', 'alt_dept', 'department', 'dept'),
  ];

  it('finds shortest paths within a hop limit, neighbours and components', () => {
    const net = new JoinNetwork(edges);
    expect(net.path({ from: ['s.student'], target: 's.department', maxHops: 3 })).toEqual([
      's.student',
      's.enroll',
      's.course',
      's.department',
    ]);
    expect(net.path({ from: ['s.student'], target: 's.department', maxHops: 2 })).toBeNull();
    expect(net.neighbours('s.enroll')).toEqual(['s.student', 's.course']);
    expect(net.distance('s.student', 's.course')).toBe(2);
    expect(net.distance('s.student', 's.nowhere')).toBe(Infinity);
    expect([...net.component('s.student')].sort()).toEqual([
      's.course',
      's.department',
      's.enroll',
      's.student',
    ]);
    expect(net.edgesWithin(['s.enroll', 's.course'])).toEqual([edges[1]]);
  });

  it('connects required tables through bridges, taking the best parallel edge', () => {
    const net = new JoinNetwork(edges, { edgeScore: (e) => (e.fromColumns[0] === 'alt_dept' ? 1 : 0) });
    const { steps, unreachable } = net.connect(['s.student', 's.department', 's.nowhere']);
    expect(steps.map((s) => s.table)).toEqual(['s.student', 's.enroll', 's.course', 's.department']);
    expect(steps[3].via?.pairs).toEqual([['dept', 'alt_dept']]);
    expect(steps[1].via?.pairs).toEqual([['stuid', 'stuid']]);
    expect(unreachable).toEqual(['s.nowhere']);
    expect(net.edgesBetween('s.course', 's.department')[0].fromColumns).toEqual(['alt_dept']);
  });
});
