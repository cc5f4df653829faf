import { wordKey } from '../lexicon';
import type { ValueMention } from '../schemaLinker';
import type { SchemaColumn, SchemaTable } from '../schemaModel';
import type { ReadingState, ValueColumn } from './readingState';

/** Letters → `a`, digits → `9`: the shape of a code (`AB-1002` → `aa-9999`). */
export function valueShape(text: string): string {
  return text.replace(/[A-Za-z]/g, 'a').replace(/\d/g, '9');
}

/** Word keys of an identifier as written (`sku_code` → sku, code), before abbreviations are expanded. */
function spelling(name: string): string[] {
  return name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map(wordKey);
}

/** True when most of a column's profiled values have the literal's shape. */
function holdsShape(column: SchemaColumn, text: string): boolean {
  const values = column.values.slice(0, 20);
  if (values.length === 0) return false;
  const shape = valueShape(text);
  return values.filter((v) => valueShape(v) === shape).length * 2 >= values.length;
}

/**
 * A code-like literal ("AB-1002", "SKU AB-1002", "order code 7Q-55"): it contains a digit and a letter or a
 * dash. Its column is the one named by the words before the code inside the literal (`sku` for "SKU
 * AB-1002"), else a text column whose profiled values have the code's shape; never the name column merely
 * because the table is named. The literal's value is the code alone.
 */
export function codeColumn(s: ReadingState, v: ValueMention): ValueColumn | null {
  if (v.type !== 'string' || v.quoted) return null;
  const parts = v.text.split(/\s+/);
  const code = parts[parts.length - 1];
  if (!/\d/.test(code) || !/[A-Za-z-]/.test(code)) return null;
  const text = s.columnsInPlay().filter((c) => c.kind === 'text' || c.kind === 'other');
  const leading = parts.slice(0, -1).map((p) => wordKey(p.toLowerCase()));
  const named =
    leading.length > 0
      ? text.filter((c) => leading.every((k) => c.keys.includes(k) || spelling(c.name).includes(k)))
      : [];
  const shaped = text.find((c) => holdsShape(c, code));
  const column = named.find((c) => holdsShape(c, code)) ?? shaped ?? named[0];
  if (!column) return null;
  const stored = column.values.find((x) => x.toLowerCase() === code.toLowerCase());
  return { column, value: stored ?? code, consumed: [] };
}

/**
 * A capitalised word that names rows or a column rather than one of their values ("toy SKUs", "open POs",
 * "the SKU AB-1002"): with no profile match, an acronym with a plural s, or a word whose (singular) key is a
 * word of a table or column in play. It is a noun of the question, never a value to compare a column with;
 * `named` when a table or column in play explains it.
 */
export function nounLiteral(s: ReadingState, v: ValueMention): { named: boolean } | null {
  if (v.type !== 'string' || v.quoted || v.candidates.length > 0 || /\s/.test(v.text)) return null;
  if (!/^[A-Za-z]+$/.test(v.text)) return null;
  const lower = v.text.toLowerCase();
  const keys = new Set([wordKey(lower), ...(lower.endsWith('s') ? [wordKey(lower.slice(0, -1))] : [])]);
  const named = s
    .columnsInPlay()
    .some((c) => [...spelling(c.name), ...c.keys, ...c.table.keys].some((k) => keys.has(k)));
  return named || /^[A-Z]{2,}s$/.test(v.text) ? { named } : null;
}

/**
 * The one table in play whose name or one of whose columns a noun literal spells ("the most SKUs" over a
 * `sku` column of products): the rows the literal counts. Null when none or several do.
 */
export function nounLiteralTable(s: ReadingState, v: ValueMention): SchemaTable | null {
  if (!nounLiteral(s, v)) return null;
  const lower = v.text.toLowerCase();
  const keys = new Set([wordKey(lower), ...(lower.endsWith('s') ? [wordKey(lower.slice(0, -1))] : [])]);
  const tables = new Set(
    s
      .columnsInPlay()
      .filter((c) => [...spelling(c.name), ...c.table.keys].some((k) => keys.has(k)))
      .map((c) => c.table),
  );
  return tables.size === 1 ? [...tables][0] : null;
}
