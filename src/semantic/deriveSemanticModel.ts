import { type CatalogColumn, type CatalogTable, qualifiedName } from '../catalog';
import { classifyColumn, columnWords, type ColumnRole } from './columnRoles';
import { chooseDefaultTimeDimension } from './defaultTime';
import { booleanFlag, nullableFlag, statusFlag } from './flagDerivation';
import { identifierWords, plural, pluralPhrase, singularPhrase } from './language';
import { deriveMetrics } from './metricDerivation';
import { synonymsOf } from './synonyms';
import type {
  Aggregation,
  Dimension,
  Entity,
  Flag,
  Measure,
  SemanticModel,
  TimeDimension,
  YearColumn,
} from './types';
import { AMOUNT_HEAD_WORDS, DISPLAY_WORDS, TABLE_AFFIXES } from './vocabulary';

/** What {@link deriveSemanticModel} reads: one source's catalog tables with their profiles. */
export interface DeriveInput {
  sourceId: string;
  tables: readonly CatalogTable[];
}

/** Words of columns that must never be shown or matched (secrets). */
const SECRET_WORDS = new Set(['password', 'passwd', 'secret', 'salt', 'token', 'hash', 'otp']);
/** Irregular past participles that end a date column's name (`paid_at`, `sold_on`). */
const PARTICIPLES = new Set([
  'paid',
  'sold',
  'sent',
  'born',
  'made',
  'built',
  'held',
  'won',
  'lost',
  'begun',
  'done',
  'seen',
]);
/** Units of time: a measure in one is also a duration or length. */
const TIME_UNITS = new Set(['milliseconds', 'seconds', 'minutes', 'hours', 'days']);
/** Words that end a date column's name without meaning (`created_at` -> `created`). */
const DATE_SUFFIXES = new Set(['at', 'on', 'date', 'time', 'timestamp', 'ts', 'dt', 'datetime', 'when']);

/** The business name of a table: its words with affixes (`tbl_`, `dim_`) dropped, last word singular. */
export function entityName(tableName: string): { name: string; plural: string } {
  let words = identifierWords(tableName);
  while (words.length > 1 && TABLE_AFFIXES.has(words[0])) words = words.slice(1);
  while (words.length > 1 && TABLE_AFFIXES.has(words[words.length - 1])) words = words.slice(0, -1);
  const name = singularPhrase(words);
  return { name, plural: pluralPhrase(name) };
}

/** A column's business name: its words, abbreviations expanded, unit words dropped. */
export function columnName(column: CatalogColumn): string {
  return columnWords(column.name).words.join(' ');
}

interface DisplayCandidate {
  columns: string[];
  score: number;
  distinct: number;
}

/**
 * The column(s) a person wants to see instead of the key: `name`/`full name`/`display name`, else first
 * and last name, else `<entity> name`, a title, another name, a label, subject, user name, e-mail, and last
 * a description. Among equals, the one with more distinct values, then the first.
 */
export function chooseDisplayColumns(
  table: CatalogTable,
  entityWords: readonly string[],
  excluded: ReadonlySet<string>,
): string[] {
  const text = table.columns.filter((c) => !excluded.has(c.name) && /char|text|citext/i.test(c.dataType));
  const words = new Map(text.map((c) => [c.name, identifierWords(c.name)]));
  const find = (test: (w: string[]) => boolean) => text.find((c) => test(words.get(c.name) ?? []));
  const candidates: DisplayCandidate[] = [];
  const distinct = (c: CatalogColumn) => c.profile?.distinctEstimate ?? 0;
  const first = find(
    (w) => w.join(' ') === 'first name' || w.join(' ') === 'given name' || w.join(' ') === 'forename',
  );
  const last = find((w) => ['last name', 'family name', 'surname'].includes(w.join(' ')));
  if (first && last)
    candidates.push({ columns: [first.name, last.name], score: 95, distinct: distinct(last) });
  text.forEach((c, position) => {
    const w = words.get(c.name) ?? [];
    const head = w[w.length - 1];
    const phrase = w.join(' ');
    let score = 0;
    if (['name', 'full name', 'display name'].includes(phrase)) score = 100;
    else if (head === 'name' && w.some((x) => entityWords.includes(x))) score = 90;
    else if (head === 'name' && !['first name', 'last name', 'middle name', 'user name'].includes(phrase))
      score = 70;
    else if (head === 'title' && !w.includes('job')) score = 80;
    else {
      const rank = DISPLAY_WORDS.indexOf(head);
      if (rank > 1) score = 60 - rank * 5;
    }
    if (score > 0)
      candidates.push({ columns: [c.name], score: score - position / 1000, distinct: distinct(c) });
  });
  candidates.sort(
    (a, b) => Math.round(b.score) - Math.round(a.score) || b.distinct - a.distinct || b.score - a.score,
  );
  return candidates[0]?.columns ?? [];
}

function describe(comment: string | null): string | null {
  const trimmed = comment?.trim();
  return trimmed ? trimmed : null;
}

/**
 * "credits" for a summed `credit amount`: a two-word measure name whose head only says "amount of"
 * ({@link AMOUNT_HEAD_WORDS}) is also named by its first word, singular and plural.
 */
function qualifierSynonyms(label: string, aggregation: Aggregation): string[] {
  const words = label.split(' ');
  if (aggregation !== 'sum' || words.length !== 2 || !AMOUNT_HEAD_WORDS.has(words[1])) return [];
  const qualifier = words[0];
  if (AMOUNT_HEAD_WORDS.has(qualifier) || qualifier.length < 3 || /\d/.test(qualifier)) return [];
  return [qualifier, plural(qualifier)];
}

/** Derives one table's entity (without metrics). */
export function deriveEntity(table: CatalogTable, referenced: ReadonlySet<string> = new Set()): Entity {
  const { name, plural } = entityName(table.name);
  const foreignKeyColumns = new Set(table.foreignKeys.flatMap((fk) => fk.columns));
  const hasDate = table.columns.some((c) => /^(date|timestamp)/.test(c.dataType));
  const context = {
    primaryKey: table.primaryKey,
    foreignKeyColumns,
    transactional: hasDate && foreignKeyColumns.size > 0 && !referenced.has(qualifiedName(table)),
  };
  const measures: Measure[] = [];
  const timeDimensions: TimeDimension[] = [];
  const yearColumns: YearColumn[] = [];
  const dimensions: Dimension[] = [];
  const flags: Flag[] = [];
  const keyColumns: string[] = [];
  const hiddenColumns: string[] = [];
  for (const column of table.columns) {
    const words = identifierWords(column.name);
    if (words.some((w) => SECRET_WORDS.has(w))) {
      hiddenColumns.push(column.name);
      continue;
    }
    const role: ColumnRole = classifyColumn(column, context);
    const label = columnName(column);
    const description = describe(column.comment);
    const synonyms = synonymsOf(label, { identifier: column.name });
    switch (role.kind) {
      case 'key':
        keyColumns.push(column.name);
        break;
      case 'measure':
        measures.push({
          column: column.name,
          name: label,
          synonyms:
            role.unit !== undefined && TIME_UNITS.has(role.unit)
              ? [...new Set([...synonyms, 'duration', 'length', 'time'])].filter((x) => x !== label)
              : [...new Set([...synonyms, ...qualifierSynonyms(label, role.aggregation)])],
          description,
          aggregation: role.aggregation,
          reason: role.reason,
          ...(role.unit ? { unit: role.unit } : {}),
          ...(role.currency ? { currency: role.currency } : {}),
          money: role.money,
          origin: 'derived',
        });
        break;
      case 'time': {
        // `created_at` -> `created`, but `order_date` is not `order` (that names the table)
        const bareWords = words.filter((w, i) => i === 0 || !DATE_SUFFIXES.has(w));
        const last = bareWords[bareWords.length - 1];
        const bare = /ed$/.test(last) || PARTICIPLES.has(last) ? bareWords.join(' ') : label;
        timeDimensions.push({
          column: column.name,
          name: label,
          synonyms: [...new Set([...synonyms, ...(bare !== label ? [bare] : [])])],
          description,
          type: role.type,
          nullable: column.nullable,
          min: column.profile?.min ?? null,
          max: column.profile?.max ?? null,
          origin: 'derived',
        });
        const flag = nullableFlag(column);
        if (flag) flags.push(flag);
        break;
      }
      case 'year':
        yearColumns.push({ column: column.name, name: label, synonyms });
        dimensions.push(dimension(column, label, synonyms, description, true));
        break;
      case 'dimension': {
        dimensions.push(dimension(column, label, synonyms, description, false));
        const flag = statusFlag(column);
        if (flag) flags.push({ ...flag, synonyms });
        break;
      }
      case 'boolean': {
        const flag = booleanFlag(column);
        flags.push({ ...flag, synonyms: [...new Set([...synonyms, ...flag.synonyms])] });
        break;
      }
      case 'ignored':
        break;
      default: {
        const never: never = role;
        throw new TypeError(`deriveEntity: unknown column role ${JSON.stringify(never)}`);
      }
    }
  }
  const nameWords = name.split(' ');
  const displayColumns = chooseDisplayColumns(table, nameWords, new Set([...keyColumns, ...hiddenColumns]));
  return {
    table: qualifiedName(table),
    schema: table.schema,
    tableName: table.name,
    name,
    plural,
    synonyms: synonymsOf(name, { identifier: table.name, plurals: true, wordNet: true }).filter(
      (s) => s !== plural,
    ),
    description: describe(table.comment),
    primaryKey: [...table.primaryKey],
    displayColumns,
    defaultTimeDimension: chooseDefaultTimeDimension(timeDimensions, name),
    measures,
    timeDimensions,
    yearColumns,
    dimensions,
    flags,
    keyColumns,
    hiddenColumns,
    hidden: false,
    rowEstimate: table.rowEstimate,
  };
}

function dimension(
  column: CatalogColumn,
  name: string,
  synonyms: string[],
  description: string | null,
  isYear: boolean,
): Dimension {
  return {
    column: column.name,
    name,
    synonyms,
    description,
    dataType: column.dataType,
    values: [...(column.profile?.topValues ?? [])],
    distinctCount: column.profile?.distinctEstimate ?? null,
    isYear,
    origin: 'derived',
  };
}

/**
 * Derives the semantic model of one source from its catalog tables and their profiles: pure, no I/O.
 * Entities and their columns' roles follow general naming and type rules (README, "Semantic model");
 * metrics are derived where the structure makes them obvious.
 */
export function deriveSemanticModel(input: DeriveInput): SemanticModel {
  const tables = [...input.tables].sort((a, b) => qualifiedName(a).localeCompare(qualifiedName(b)));
  // tables other tables point at are things (products, orders as headers); the others are facts
  const referenced = new Set(
    tables.flatMap((t) =>
      t.foreignKeys
        .map((fk) => `${fk.referencedSchema}.${fk.referencedTable}`)
        .filter((target) => target !== qualifiedName(t)),
    ),
  );
  const entities = tables.map((t) => deriveEntity(t, referenced));
  const metrics = entities.flatMap((entity, i) => deriveMetrics(entity, tables[i]));
  return { sourceId: input.sourceId, indexVersion: 0, entities, metrics, verifiedQueries: [] };
}
