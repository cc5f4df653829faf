/** A value the demo generator writes into a table. Strings are quoted; Postgres casts them to the column type. */
export type SqlValue = string | number | boolean | null;

/** Rows for one table, in column order. */
export interface TableRows {
  /** Schema-qualified table name, e.g. `sales.online_orders`. */
  table: string;
  columns: readonly string[];
  rows: SqlValue[][];
}

/** Renders a value as a Postgres literal. Numbers must be finite. */
export function sqlLiteral(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`sqlLiteral: not a finite number: ${value}`);
    return String(value);
  }
  return `'${value.replace(/'/g, "''")}'`;
}

/** Cents as a `numeric(…,2)` value, e.g. 1999 → 19.99. */
export function money(cents: number): number {
  return Math.round(cents) / 100;
}

/** Multi-row INSERT statements for `data`, at most `batchSize` rows each. */
export function insertStatements(data: TableRows, batchSize = 1000): string[] {
  const statements: string[] = [];
  const head = `INSERT INTO ${data.table} (${data.columns.join(', ')}) VALUES\n`;
  for (let start = 0; start < data.rows.length; start += batchSize) {
    const chunk = data.rows.slice(start, start + batchSize);
    const values = chunk.map((row) => {
      if (row.length !== data.columns.length) {
        throw new RangeError(
          `insertStatements: ${data.table} row has ${row.length} values for ${data.columns.length} columns`,
        );
      }
      return `(${row.map(sqlLiteral).join(', ')})`;
    });
    statements.push(`${head}${values.join(',\n')};`);
  }
  return statements;
}
