import type { ScaleTable } from './scaleCatalog';

/** What {@link scaleChangeSql} changes, by kind (`schema.table` names). */
export interface ScaleChanges {
  /** Statements to run on the source, in order. */
  sql: string[];
  commented: string[];
  widened: string[];
  filled: string[];
  dropped: string[];
  added: string[];
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const qualified = (t: { schema: string; name: string }) => `${ident(t.schema)}.${ident(t.name)}`;

/**
 * A deterministic change of `count` tables of a generated catalog, as an admin makes between two reindexes:
 * about a fifth each get a new comment, a new column, new rows, are dropped (with the foreign keys pointing
 * at them) or are added (a copy of an existing table's columns under a new name). Tables are taken evenly
 * across the catalog so every schema can be touched.
 */
export function scaleChangeSql(tables: readonly ScaleTable[], count: number): ScaleChanges {
  const n = Math.max(0, Math.min(count, Math.floor(tables.length / 2)));
  const step = Math.max(1, Math.floor(tables.length / Math.max(1, n)));
  const picked = Array.from(
    { length: n },
    (_, i) => tables[(i * step + Math.floor(step / 2)) % tables.length],
  );
  const changes: ScaleChanges = { sql: [], commented: [], widened: [], filled: [], dropped: [], added: [] };
  picked.forEach((table, i) => {
    const q = qualified(table);
    const name = `${table.schema}.${table.name}`;
    switch (i % 5) {
      case 0:
        changes.sql.push(`COMMENT ON TABLE ${q} IS 'revised: ${table.comment.replace(/'/g, "''")}'`);
        changes.commented.push(name);
        break;
      case 1:
        changes.sql.push(`ALTER TABLE ${q} ADD COLUMN review_note text`);
        changes.sql.push(`COMMENT ON COLUMN ${q}.review_note IS 'free-text note of the last review'`);
        changes.widened.push(name);
        break;
      case 2:
        changes.sql.push(
          `INSERT INTO ${q} (id) SELECT g FROM generate_series(1000, 1999) g ON CONFLICT DO NOTHING`,
        );
        changes.sql.push(`ANALYZE ${q}`);
        changes.filled.push(name);
        break;
      case 3:
        changes.sql.push(`DROP TABLE ${q} CASCADE`);
        changes.dropped.push(name);
        break;
      case 4: {
        const added = { schema: table.schema, name: `${table.name}_archive` };
        changes.sql.push(`CREATE TABLE ${qualified(added)} (LIKE ${q} INCLUDING ALL)`);
        changes.sql.push(
          `COMMENT ON TABLE ${qualified(added)} IS 'archived copy: ${table.comment.replace(/'/g, "''")}'`,
        );
        changes.added.push(`${added.schema}.${added.name}`);
        break;
      }
    }
  });
  return changes;
}
