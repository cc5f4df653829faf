import type * as Yaml from 'yaml';
import type { Document, LineCounter } from 'yaml';
import { z } from 'zod';
import { AGGREGATIONS, type OverrideProblem } from './types';

/**
 * The admin's semantic model file of one source, in Snowflake Cortex Analyst's semantic model YAML
 * (tables with `base_table`, `dimensions`, `time_dimensions`, `facts`/`measures`, `filters`, `metrics`,
 * `synonyms`, and `verified_queries`), plus a few tablebot extensions (`hidden`, `default_time_dimension`,
 * `display_columns`, `unit`, `currency`). Every field is documented in the README, "Semantic model".
 * Parsing never throws for content: every entry that cannot be read is reported with its line and skipped.
 */

const text = z.string().trim().min(1);
const synonyms = z.array(z.union([z.string(), z.number()]).transform(String)).default([]);
const optionalText = z.string().nullish();

const columnEntry = z.object({
  name: text,
  expr: z.string().trim().min(1).optional(),
  description: optionalText,
  synonyms,
  hidden: z.boolean().optional(),
});

const dimensionEntry = columnEntry.extend({
  sample_values: z.array(z.union([z.string(), z.number(), z.boolean()]).transform(String)).default([]),
});

const factEntry = columnEntry.extend({
  default_aggregation: z
    .string()
    .transform((s) => s.toLowerCase())
    .pipe(z.enum(AGGREGATIONS as [string, ...string[]]))
    .optional(),
  unit: z.string().optional(),
  currency: z.string().optional(),
});

const filterEntry = z.object({
  name: text,
  expr: text,
  description: optionalText,
  synonyms,
});

const metricEntry = z.object({
  name: text,
  expr: text,
  description: optionalText,
  synonyms,
  unit: z.string().optional(),
  currency: z.string().optional(),
});

const tableHeader = z.object({
  name: text,
  description: optionalText,
  synonyms,
  base_table: z.object({
    database: z.string().optional(),
    schema: text,
    table: text,
  }),
  hidden: z.boolean().optional(),
  default_time_dimension: z.string().trim().min(1).optional(),
  display_columns: z.array(text).optional(),
});

const verifiedQueryEntry = z.object({
  name: z.string().optional(),
  question: text,
  sql: text,
  verified_by: z.string().optional(),
  verified_at: z.union([z.string(), z.number(), z.date()]).transform(String).optional(),
});

/** Keys of each entry kind: read ones, and Cortex keys accepted but not used (so they are not reported). */
const KNOWN_KEYS: Readonly<Record<string, readonly string[]>> = {
  root: [
    'name',
    'description',
    'tables',
    'verified_queries',
    'relationships',
    'custom_instructions',
    'module_custom_instructions',
  ],
  table: [
    'name',
    'description',
    'synonyms',
    'base_table',
    'hidden',
    'default_time_dimension',
    'display_columns',
    'primary_key',
    'unique_keys',
    'dimensions',
    'time_dimensions',
    'facts',
    'measures',
    'filters',
    'metrics',
  ],
  column: [
    'name',
    'expr',
    'description',
    'synonyms',
    'hidden',
    'data_type',
    'unique',
    'is_enum',
    'sample_values',
    'cortex_search_service',
    'cortex_search_service_name',
    'access_modifier',
    'default_aggregation',
    'unit',
    'currency',
  ],
  filter: ['name', 'expr', 'description', 'synonyms'],
  metric: ['name', 'expr', 'description', 'synonyms', 'unit', 'currency', 'access_modifier'],
  verified_query: ['name', 'question', 'sql', 'verified_by', 'verified_at', 'use_as_onboarding_question'],
};

/** Something read from the file with the line it starts on. */
export type Located<T> = T & { line: number };

export type DimensionOverride = Located<z.infer<typeof dimensionEntry>>;
export type FactOverride = Located<z.infer<typeof factEntry>>;
export type FilterOverride = Located<z.infer<typeof filterEntry>>;
export type MetricOverride = Located<z.infer<typeof metricEntry>>;
export type VerifiedQueryOverride = Located<z.infer<typeof verifiedQueryEntry>>;

/** One `tables:` entry. */
export interface TableOverride extends Located<z.infer<typeof tableHeader>> {
  /** Lines of the optional table-level fields, for problems found when applying them. */
  fieldLines: Record<string, number>;
  dimensions: DimensionOverride[];
  timeDimensions: DimensionOverride[];
  facts: FactOverride[];
  filters: FilterOverride[];
  metrics: MetricOverride[];
}

/** The readable content of a model file. */
export interface ModelOverrides {
  name: string | null;
  description: string | null;
  tables: TableOverride[];
  verifiedQueries: VerifiedQueryOverride[];
}

/** What {@link parseOverrideFile} returns: what could be read, and every line that could not. */
export interface ParsedOverrideFile {
  overrides: ModelOverrides;
  problems: OverrideProblem[];
}

type Path = (string | number)[];

/** The YAML library, loaded when a model file is first read (not by every user of the semantic barrel). */
function yaml(): typeof Yaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose
  return require('yaml') as typeof Yaml;
}

/** Reads a model file's text. Problems carry 1-based line numbers; nothing here throws for bad content. */
export function parseOverrideFile(source: string): ParsedOverrideFile {
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems: OverrideProblem[] = [];
  const empty: ModelOverrides = { name: null, description: null, tables: [], verifiedQueries: [] };
  for (const error of doc.errors) {
    const line = lineCounter.linePos(error.pos[0]).line;
    problems.push({ line, message: `YAML syntax: ${error.message.split('\n')[0]}` });
  }
  if (doc.errors.length > 0) return { overrides: empty, problems };
  const lineOf = (path: Path): number => lineAt(doc, lineCounter, path);
  const root: unknown = doc.toJS();
  if (root === null || root === undefined) return { overrides: empty, problems };
  if (typeof root !== 'object' || Array.isArray(root)) {
    return {
      overrides: empty,
      problems: [{ line: 1, message: 'the file must be a mapping with a `tables:` list' }],
    };
  }
  const data = root as Record<string, unknown>;
  unknownKeys(data, 'root', [], lineOf, problems);
  const read = <S extends z.ZodType>(
    schema: S,
    value: unknown,
    path: Path,
    kind: string,
  ): Located<z.infer<S>> | null => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const at = [...path, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
        problems.push({
          line: lineOf(at),
          message: `${kind} ${describePath(at)}: ${issue.message}; entry ignored`,
        });
      }
      return null;
    }
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      unknownKeys(value as Record<string, unknown>, kindKeys(kind), path, lineOf, problems);
    }
    return { ...(parsed.data as object), line: lineOf(path) } as Located<z.infer<S>>;
  };
  const entries = <S extends z.ZodType>(
    container: Record<string, unknown>,
    key: string,
    path: Path,
    schema: S,
    kind: string,
  ) => {
    const value = container[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      problems.push({ line: lineOf([...path, key]), message: `\`${key}\` must be a list; ignored` });
      return [];
    }
    return value.flatMap((item, i) => {
      const entry = read(schema, item, [...path, key, i], kind);
      return entry === null ? [] : [entry];
    });
  };

  const tables: TableOverride[] = [];
  const tableList = data.tables;
  if (tableList !== undefined && tableList !== null && !Array.isArray(tableList)) {
    problems.push({ line: lineOf(['tables']), message: '`tables` must be a list; ignored' });
  }
  (Array.isArray(tableList) ? tableList : []).forEach((item, i) => {
    const path: Path = ['tables', i];
    const header = read(tableHeader, item, path, 'table');
    if (header === null) return;
    const body = item as Record<string, unknown>;
    const fieldLines: Record<string, number> = {};
    for (const key of Object.keys(body)) fieldLines[key] = lineOf([...path, key]);
    tables.push({
      ...header,
      fieldLines,
      dimensions: entries(body, 'dimensions', path, dimensionEntry, 'dimension'),
      timeDimensions: entries(body, 'time_dimensions', path, dimensionEntry, 'time dimension'),
      facts: [
        ...entries(body, 'facts', path, factEntry, 'fact'),
        ...entries(body, 'measures', path, factEntry, 'measure'),
      ],
      filters: entries(body, 'filters', path, filterEntry, 'filter'),
      metrics: entries(body, 'metrics', path, metricEntry, 'metric'),
    });
  });
  const verifiedQueries = entries(data, 'verified_queries', [], verifiedQueryEntry, 'verified query');
  for (const key of ['relationships', 'custom_instructions', 'module_custom_instructions']) {
    if (data[key] !== undefined) {
      problems.push({
        line: lineOf([key]),
        message: `\`${key}\` is not used by tablebot (joins come from the catalog's foreign keys); ignored`,
      });
    }
  }
  return {
    overrides: {
      name: typeof data.name === 'string' ? data.name : null,
      description: typeof data.description === 'string' ? data.description : null,
      tables,
      verifiedQueries,
    },
    problems,
  };
}

function kindKeys(kind: string): string {
  if (kind === 'table') return 'table';
  if (kind === 'filter') return 'filter';
  if (kind === 'metric') return 'metric';
  if (kind === 'verified query') return 'verified_query';
  return 'column';
}

function unknownKeys(
  value: Record<string, unknown>,
  kind: string,
  path: Path,
  lineOf: (path: Path) => number,
  problems: OverrideProblem[],
): void {
  const known = KNOWN_KEYS[kind] ?? [];
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      problems.push({
        line: lineOf([...path, key]),
        message: `unknown field \`${key}\`${path.length > 0 ? ` in ${describePath(path)}` : ''}; ignored`,
      });
    }
  }
}

function describePath(path: Path): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p + 1}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
}

/** The 1-based line of the node at `path`, or of its nearest existing parent (a pair's key for a missing value). */
function lineAt(doc: Document, lineCounter: LineCounter, path: Path): number {
  for (let n = path.length; n >= 0; n--) {
    const sub = path.slice(0, n);
    const node = n === 0 ? doc.contents : doc.getIn(sub, true);
    if (node !== undefined && node !== null && typeof node === 'object' && 'range' in node) {
      const range = (node as { range?: [number, number, number] }).range;
      // a key's line is where its value starts unless the value is a block on the next lines
      const keyLine = n > 0 ? keyLineOf(doc, lineCounter, sub) : null;
      if (keyLine !== null && (yaml().isMap(node) || yaml().isSeq(node))) return keyLine;
      if (range) return lineCounter.linePos(range[0]).line;
    }
    if (n > 0) {
      const keyLine = keyLineOf(doc, lineCounter, sub);
      if (keyLine !== null) return keyLine;
    }
  }
  return 1;
}

/** The line of the key of the last step of `path` in its parent mapping, when it is a mapping key. */
function keyLineOf(doc: Document, lineCounter: LineCounter, path: Path): number | null {
  const key = path[path.length - 1];
  if (typeof key !== 'string') return null;
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (!yaml().isMap(parent)) return null;
  for (const pair of parent.items) {
    const k = pair.key as { value?: unknown; range?: [number, number, number] } | null;
    if (k !== null && k.value === key && k.range) return lineCounter.linePos(k.range[0]).line;
  }
  return null;
}
