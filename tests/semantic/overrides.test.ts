import {
  applyOverrides,
  deriveSemanticModel,
  ModelExpressions,
  modelToYaml,
  parseOverrideFile,
  SemanticLookup,
  type SemanticModel,
} from '../../src/semantic';
import { smallCatalog } from './catalogFixture';

const catalog = smallCatalog();
let expressions: ModelExpressions;
let derived: SemanticModel;

beforeAll(async () => {
  expressions = await ModelExpressions.create();
  derived = deriveSemanticModel(catalog);
});

function apply(yaml: string) {
  const parsed = parseOverrideFile(yaml);
  const applied = applyOverrides(derived, parsed.overrides, { tables: catalog.tables, expressions });
  return {
    model: applied.model,
    problems: [...parsed.problems, ...applied.problems].sort((a, b) => a.line - b.line),
  };
}

const GOOD = `
name: test
tables:
  - name: employee
    description: Everyone on the payroll
    synonyms: [reps, associates]
    base_table:
      schema: hr
      table: staff
    default_time_dimension: left_at
    dimensions:
      - name: department
        expr: dept
        synonyms: [division, team]
        sample_values: [Legal]
    facts:
      - name: salary
        expr: salary
        default_aggregation: sum
        currency: usd
      - name: bonus_pct
        hidden: true
    filters:
      - name: current
        expr: left_at IS NULL
        synonyms: [still employed]
  - name: deal
    base_table: { schema: sales, table: deals }
    time_dimensions:
      - name: closing date
        expr: closed_on
    filters:
      - name: won deals
        expr: stage = 'won'
    metrics:
      - name: pipeline value
        expr: SUM(amount) FILTER (WHERE stage = 'open')
        synonyms: [open pipeline]
        description: Amount of open deals
      - name: win count
        expr: COUNT(*)
verified_queries:
  - name: deals_by_stage
    question: How many deals are in each stage?
    sql: SELECT stage, count(*) FROM sales.deals GROUP BY stage
    verified_by: admin
    verified_at: 2026-01-02
`;

describe('model file overrides (Cortex Analyst format)', () => {
  it('applies synonyms, descriptions, the default time column, aggregations, hidden columns, filters, metrics and verified queries', () => {
    const { model, problems } = apply(GOOD);
    expect(problems).toEqual([]);
    const staff = model.entities.find((e) => e.table === 'hr.staff');
    expect(staff).toMatchObject({
      name: 'employee',
      plural: 'employees',
      description: 'Everyone on the payroll',
      defaultTimeDimension: { column: 'left_at', reason: 'set by the admin' },
    });
    expect(staff?.synonyms).toEqual(expect.arrayContaining(['reps', 'associates', 'staff']));
    expect(staff?.dimensions.find((d) => d.column === 'dept')).toMatchObject({
      name: 'department',
      values: ['Sales', 'Support', 'Finance', 'Legal'],
    });
    expect(staff?.measures.find((m) => m.column === 'salary')).toMatchObject({
      aggregation: 'sum',
      reason: 'set by the admin',
      currency: 'USD',
    });
    expect(staff?.hiddenColumns).toContain('bonus_pct');
    expect(staff?.measures.map((m) => m.column)).not.toContain('bonus_pct');
    const leftAt = staff?.flags.find((f) => f.column === 'left_at');
    expect(leftAt?.states.find((s) => s.predicate.op === 'is_null')).toMatchObject({ label: 'current' });
    const pipeline = model.metrics.find((m) => m.name === 'pipeline value');
    expect(pipeline).toMatchObject({
      table: 'sales.deals',
      aggregation: 'sum',
      expression: { kind: 'column', column: 'amount' },
      filters: [{ column: 'stage', op: 'eq', value: 'open' }],
      derived: false,
    });
    expect(model.metrics.find((m) => m.name === 'win count')).toMatchObject({
      aggregation: 'count',
      expression: { kind: 'rows' },
    });
    const deals = model.entities.find((e) => e.table === 'sales.deals');
    expect(deals?.timeDimensions.find((t) => t.column === 'closed_on')?.name).toBe('closing date');
    expect(
      deals?.flags.find((f) => f.column === 'stage')?.states.find((s) => s.predicate.value === 'won')?.label,
    ).toBe('won deals');
    expect(model.verifiedQueries).toEqual([
      {
        name: 'deals_by_stage',
        question: 'How many deals are in each stage?',
        sql: 'SELECT stage, count(*) FROM sales.deals GROUP BY stage',
        verifiedBy: 'admin',
        verifiedAt: '2026-01-02',
      },
    ]);
    const lookup = new SemanticLookup(model);
    expect(lookup.lookup('reps').map((e) => e.kind)).toEqual(['entity']);
    expect(lookup.lookup('open pipeline').map((e) => (e.kind === 'metric' ? e.metric.name : e.kind))).toEqual(
      ['pipeline value'],
    );
  });

  it('reports every line it cannot apply with its line number and applies the rest', () => {
    const yaml = [
      'name: test', //                                     1
      'colour: blue', //                                   2 unknown field
      'tables:', //                                        3
      '  - name: nowhere', //                              4 unknown table
      '    base_table: { schema: hr, table: missing }', // 5
      '  - name: employee', //                             6
      '    base_table: { schema: hr, table: staff }', //   7
      '    synonyms: [reps]', //                           8 applies
      '    default_time_dimension: salary', //             9 not a date
      '    dimensions:', //                                10
      '      - name: shoe size', //                        11 no such column
      '        expr: shoe_size', //                        12
      '      - name: upper dept', //                       13 expr not a column
      '        expr: upper(dept)', //                      14
      '    facts:', //                                     15
      '      - name: salary', //                           16
      '        default_aggregation: median', //            17 invalid aggregation
      '      - name: name', //                             18 text column as a fact
      '    filters:', //                                   19
      '      - name: rich', //                             20
      "        expr: salary > 100000 OR dept = 'x'", //      21 unsupported
      '    metrics:', //                                   22
      '      - name: payroll', //                          23
      '        expr: salary', //                           24 not an aggregate
      '      - name: total pay', //                        25 applies
      '        expr: SUM(salary)', //                      26
      'verified_queries:', //                              27
      '  - question: delete everyone', //                  28 not a select
      '    sql: DELETE FROM hr.staff', //                  29
    ].join('\n');
    const { model, problems } = apply(yaml);
    expect(problems.map((p) => p.line)).toEqual([2, 4, 9, 11, 13, 17, 18, 20, 23, 28]);
    expect(problems.find((p) => p.line === 9)?.message).toMatch(/salary is not a date or timestamp column/);
    expect(problems.find((p) => p.line === 17)?.message).toMatch(/default_aggregation/);
    expect(problems.find((p) => p.line === 20)?.message).toMatch(/OR is not supported/);
    const staff = model.entities.find((e) => e.table === 'hr.staff');
    expect(staff?.synonyms).toContain('reps');
    expect(staff?.defaultTimeDimension?.column).toBe('hired_at');
    expect(model.metrics.find((m) => m.name === 'total pay')).toBeDefined();
    expect(model.verifiedQueries).toEqual([]);
  });

  it('reports a YAML syntax error with its line and applies nothing', () => {
    const { model, problems } = apply('tables:\n  - name: x\n    synonyms: [a, b\n  - name: y\n');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0].line).toBeGreaterThanOrEqual(3);
    expect(problems[0].message).toMatch(/YAML syntax/);
    expect(model).toEqual(derived);
  });

  it('writes a skeleton that reads back into the same model without problems', () => {
    const yaml = modelToYaml(derived);
    expect(yaml).toMatch(/Snowflake Cortex Analyst/);
    expect(yaml).toMatch(/base_table:\n\s+schema: hr\n\s+table: staff/);
    expect(yaml).toMatch(/default_time_dimension: hired_at #/);
    const { model, problems } = apply(yaml);
    expect(problems).toEqual([]);
    expect(model).toEqual(derived);
  });
});
