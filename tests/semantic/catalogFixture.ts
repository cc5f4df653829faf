import type { CatalogColumn, CatalogTable, SourceCatalog } from '../../src/catalog/types';

function col(name: string, dataType: string, extra: Partial<CatalogColumn> = {}): CatalogColumn {
  return { name, position: 0, dataType, nullable: true, comment: null, profile: null, ...extra };
}

function values(topValues: string[], distinct = topValues.length): CatalogColumn['profile'] {
  return { distinctEstimate: distinct, nullFraction: 0, topValues, min: null, max: null };
}

function table(
  schema: string,
  name: string,
  columns: CatalogColumn[],
  extra: Partial<CatalogTable> = {},
): CatalogTable {
  return {
    sourceId: 'test',
    schema,
    name,
    kind: 'table',
    comment: null,
    rowEstimate: 100,
    columns: columns.map((c, i) => ({ ...c, position: i + 1 })),
    primaryKey: [],
    foreignKeys: [],
    fingerprint: `${schema}.${name}`,
    ...extra,
  };
}

/** A small hand-written catalog (as the introspector returns it) for tests that need no database. */
export function smallCatalog(sourceId = 'test'): SourceCatalog {
  const tables = [
    table(
      'hr',
      'staff',
      [
        col('staff_id', 'integer', { nullable: false }),
        col('name', 'text', { profile: values(['Ann', 'Bo'], 40) }),
        col('dept', 'text', { profile: values(['Sales', 'Support', 'Finance']) }),
        col('hired_at', 'date', { nullable: false }),
        col('left_at', 'date'),
        col('salary', 'numeric(10,2)'),
        col('bonus_pct', 'numeric(5,2)'),
      ],
      { primaryKey: ['staff_id'] },
    ),
    table(
      'sales',
      'deals',
      [
        col('deal_id', 'integer', { nullable: false }),
        col('staff_id', 'integer'),
        col('stage', 'text', { profile: values(['won', 'lost', 'open']) }),
        col('closed_on', 'date'),
        col('created_on', 'date', { nullable: false }),
        col('amount', 'numeric(12,2)'),
        col('region_code', 'text', { profile: values(['EU', 'NA']) }),
        col('priority', 'integer'),
      ],
      {
        primaryKey: ['deal_id'],
        foreignKeys: [
          {
            name: 'deals_staff',
            columns: ['staff_id'],
            referencedSchema: 'hr',
            referencedTable: 'staff',
            referencedColumns: ['staff_id'],
          },
        ],
      },
    ),
  ];
  return {
    sourceId,
    label: sourceId,
    schemas: ['hr', 'sales'],
    tables: tables.map((t) => ({ ...t, sourceId })),
    introspectedAt: new Date('2026-01-01T00:00:00Z'),
  };
}
