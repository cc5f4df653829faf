/**
 * The SQL guard's reviewed allow lists. Generated SQL may call only these functions, cast only to these
 * types and use only these operators, whatever schema or extension provides anything else — so an extension
 * the source's role can reach (xml2's `xpath_table`, pg_surgery's `heap_force_kill`, pageinspect's
 * `get_raw_page`, dblink, ...) is refused without anyone having to know it exists. Names are matched
 * case-insensitively, unqualified or qualified with `pg_catalog` only.
 *
 * Review rule for additions: a function belongs here when it is a pure computation on its arguments (no
 * catalog, file, session, network, lock or setting access, no SQL given as text) and its output size is
 * bounded by its input's (which is why `repeat`, `lpad` and `rpad` are absent).
 */

/** Whitespace-separated names as a list. */
function names(text: string): string[] {
  return text.split(/\s+/).filter((n) => n !== '');
}

const AGGREGATES = names(`
  count sum avg min max every bool_and bool_or bit_and bit_or string_agg array_agg stddev
  stddev_pop stddev_samp variance var_pop var_samp corr covar_pop covar_samp regr_avgx regr_avgy
  regr_count regr_intercept regr_r2 regr_slope regr_sxx regr_sxy regr_syy percentile_cont
  percentile_disc mode any_value
`);
const WINDOW = names(`
  row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value
  nth_value
`);
const MATH = names(`
  abs ceil ceiling floor round trunc sign sqrt cbrt power pow exp ln log log10 mod div pi degrees
  radians width_bucket gcd lcm scale sin cos tan asin acos atan atan2 random numeric float8 int4
  int8
`);
const STRING = names(`
  length char_length character_length octet_length bit_length lower upper initcap trim btrim ltrim
  rtrim substring substr left right replace concat concat_ws position strpos split_part reverse
  translate ascii chr starts_with md5 format regexp_replace regexp_match regexp_matches
  regexp_like regexp_count regexp_substr regexp_split_to_array string_to_array array_to_string
  array_length cardinality unnest to_char to_number to_date to_timestamp overlay normalize
  text similar_to_escape
`);
const DATE_TIME = names(`
  now date_trunc date_part extract age make_date make_time make_timestamp make_timestamptz
  make_interval date_bin justify_days justify_hours justify_interval isfinite timezone
  statement_timestamp transaction_timestamp clock_timestamp date generate_series overlaps
`);
const CONDITIONAL_AND_JSON = names(`
  coalesce nullif greatest least num_nonnulls num_nulls jsonb_extract_path_text
  json_extract_path_text jsonb_array_length json_array_length jsonb_typeof json_typeof to_json
  to_jsonb json_build_object jsonb_build_object json_agg jsonb_agg
`);

/** Functions generated SQL may call. */
export const ALLOWED_FUNCTIONS: ReadonlySet<string> = new Set(
  [...AGGREGATES, ...WINDOW, ...MATH, ...STRING, ...DATE_TIME, ...CONDITIONAL_AND_JSON].map((f) =>
    f.toLowerCase(),
  ),
);

/**
 * Types generated SQL may cast to (as the parser names them: `integer` is `pg_catalog.int4`). No `reg*` type
 * (they look names up in the catalogs), no `xml`, and never a table's row type (`null::schema.table`).
 */
export const ALLOWED_CAST_TYPES: ReadonlySet<string> = new Set([
  'int2',
  'int4',
  'int8',
  'smallint',
  'integer',
  'int',
  'bigint',
  'numeric',
  'decimal',
  'float4',
  'float8',
  'real',
  'double precision',
  'money',
  'bool',
  'boolean',
  'text',
  'varchar',
  'bpchar',
  'char',
  'character',
  'character varying',
  'name',
  'date',
  'time',
  'timetz',
  'timestamp',
  'timestamptz',
  'interval',
  'uuid',
  'json',
  'jsonb',
  'bit',
  'varbit',
]);

/** Operators generated SQL may use (unqualified or `OPERATOR(pg_catalog.x)`). */
export const ALLOWED_OPERATORS: ReadonlySet<string> = new Set([
  '=',
  '<>',
  '!=',
  '<',
  '>',
  '<=',
  '>=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
  '||',
  '|/',
  '||/',
  '@',
  '&',
  '|',
  '#',
  '~',
  '<<',
  '>>',
  '~~',
  '~~*',
  '!~~',
  '!~~*',
  '~*',
  '!~',
  '!~*',
  '->',
  '->>',
  '#>',
  '#>>',
  '@>',
  '<@',
  '?',
  '?|',
  '?&',
  '&&',
  // Names the parser gives BETWEEN forms.
  'between',
  'not between',
  'between symmetric',
  'not between symmetric',
]);

/** `SQLValueFunction` operations generated SQL may use: the clock, never the session's user or schema. */
export const ALLOWED_SQL_VALUE_FUNCTIONS: ReadonlySet<string> = new Set([
  'SVFOP_CURRENT_DATE',
  'SVFOP_CURRENT_TIME',
  'SVFOP_CURRENT_TIME_N',
  'SVFOP_CURRENT_TIMESTAMP',
  'SVFOP_CURRENT_TIMESTAMP_N',
  'SVFOP_LOCALTIME',
  'SVFOP_LOCALTIME_N',
  'SVFOP_LOCALTIMESTAMP',
  'SVFOP_LOCALTIMESTAMP_N',
]);

/**
 * Names refused in attribute position (`t.f` and `(x).f` call `f(t)` and `f(x)` when no column `f` exists),
 * where the guard cannot tell a column from a function: function families that reach catalogs, settings,
 * files, storage internals or other sessions.
 */
export const ATTRIBUTE_CALL_DENY =
  /^(pg_|lo_|lo(read|write|import|export)$|dblink|xpath|xml|heap_|get_raw_page|bt_|brin_|gin_|gist_|hash_(page|bitmap|metapage)|page_|tuple_data|current_setting|set_config|obj_description|col_description|shobj_description|has_\w+_privilege|(query|cursor|table|schema|database)_to_xml|txid_|nextval|setval|currval|lastval|http|crosstab|connectby|ts_stat|ts_rewrite)/i;

/** Schemas that hold system catalogs; the guard refuses tables in them. */
export const SYSTEM_SCHEMA_PATTERN = /^(pg_catalog|information_schema|pg_toast.*|pg_temp.*)$/;

/** The one schema a built-in may be qualified with. */
const BUILTIN_SCHEMA = 'pg_catalog';

/**
 * Why a name (split on dots) is refused by an allow list, or undefined when it may be used.
 * @param kind what the name is, for the message
 */
export function refusalFor(
  nameParts: readonly string[],
  allowed: ReadonlySet<string>,
  kind: 'function' | 'type' | 'operator',
): string | undefined {
  if (nameParts.length === 0) return `an unnamed ${kind} is not allowed`;
  const name = nameParts[nameParts.length - 1].toLowerCase();
  const qualifier = nameParts.slice(0, -1).map((p) => p.toLowerCase());
  const shown = nameParts.join('.');
  if (qualifier.length > 1 || (qualifier.length === 1 && qualifier[0] !== BUILTIN_SCHEMA)) {
    return `${kind} ${shown} is not allowed (only built-in ${kind}s of the reviewed list may be used)`;
  }
  if (!allowed.has(name)) return `${kind} ${shown} is not allowed (it is not on the reviewed list)`;
  return undefined;
}
