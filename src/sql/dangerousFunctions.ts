/**
 * Functions the SQL guard refuses, whatever schema they are called through (`pg_sleep`, `pg_catalog.pg_sleep`,
 * `public.dblink`). Matching is case-insensitive on the function's own name (the last part of a qualified
 * name). Each rule says why, for the refusal message.
 */
export interface DangerousFunctionRule {
  pattern: RegExp;
  reason: string;
}

/** The deny list, data-driven: add a row to refuse another function family. */
export const DANGEROUS_FUNCTION_RULES: readonly DangerousFunctionRule[] = [
  { pattern: /^pg_sleep/, reason: 'it stalls the database' },
  { pattern: /^pg_read_/, reason: 'it reads server files' },
  { pattern: /^pg_ls_/, reason: 'it lists server directories' },
  { pattern: /^pg_stat_file$/, reason: 'it inspects server files' },
  { pattern: /^pg_file_|^pg_logdir_ls$/, reason: 'it writes or lists server files' },
  { pattern: /^lo_|^lo(read|write)$/, reason: 'it touches large objects or files' },
  { pattern: /^dblink/, reason: 'it connects to other databases' },
  { pattern: /^(set_config|pg_reload_conf|pg_rotate_logfile)/, reason: 'it changes server settings' },
  { pattern: /^(pg_terminate_backend|pg_cancel_backend)$/, reason: 'it interferes with other sessions' },
  { pattern: /^pg_(try_)?advisory/, reason: 'it takes locks' },
  { pattern: /^(nextval|setval|currval|lastval)$/, reason: 'it uses sequences' },
  {
    pattern: /^(txid_current|pg_current_xact_id|pg_export_snapshot)/,
    reason: 'it allocates transaction ids',
  },
  { pattern: /^(query|cursor|table|schema|database)_to_xml/, reason: 'it runs SQL given as text' },
  { pattern: /^ts_(stat|rewrite)$/, reason: 'it can run SQL given as text' },
  { pattern: /^(crosstab|connectby|pgr_|run_command_on_)/, reason: 'it runs SQL given as text' },
  {
    pattern: /^pg_(logical_|replication_|create_|drop_|copy_|switch_wal|switch_xlog|wal_replay_)/,
    reason: 'it administers replication or the WAL',
  },
  {
    pattern: /^pg_(backup_|start_backup|stop_backup|promote|import_system_collations|log_)/,
    reason: 'it administers the server',
  },
  { pattern: /^pg_stat_(reset|statements_reset|get_activity)/, reason: 'it administers statistics' },
  { pattern: /^pg_notify$/, reason: 'it sends notifications' },
  { pattern: /^pg_(prewarm|truncate_visibility_map)/, reason: 'it administers storage' },
  { pattern: /^http(_|$)/, reason: 'it makes network requests' },
];

/** Schemas whose functions are refused outright (extensions that reach outside the database). */
export const DENIED_FUNCTION_SCHEMAS: ReadonlySet<string> = new Set([
  'dblink',
  'aws_s3',
  'aws_lambda',
  'aws_commons',
  'net',
  'http',
  'extensions_http',
]);

/** Schemas that hold system catalogs; the guard refuses tables in them. */
export const SYSTEM_SCHEMA_PATTERN = /^(pg_catalog|information_schema|pg_toast.*|pg_temp.*)$/;

/**
 * Why a function call must be refused, or undefined when it may run.
 * @param nameParts the called name split on dots, e.g. `['pg_catalog', 'pg_sleep']`.
 */
export function dangerousFunctionReason(nameParts: readonly string[]): string | undefined {
  if (nameParts.length === 0) return undefined;
  const name = nameParts[nameParts.length - 1].toLowerCase();
  const schema = nameParts.length > 1 ? nameParts[nameParts.length - 2].toLowerCase() : undefined;
  if (schema && DENIED_FUNCTION_SCHEMAS.has(schema))
    return `functions of schema ${schema} reach outside the database`;
  return DANGEROUS_FUNCTION_RULES.find((rule) => rule.pattern.test(name))?.reason;
}
