import { z } from 'zod';
import type * as Yaml from 'yaml';
import { ConfigError, errorMessage } from '../errors';

const pattern = z.string().trim().min(1).max(500);

/** A table rule: `"schema.table"` with `*`/`?` wildcards (`"*"` is every table), or an object naming the source too. */
const tableRuleSchema = z.union([
  pattern.refine((v) => v === '*' || v.includes('.'), {
    message:
      'write a table rule as "schema.table" (wildcards allowed, e.g. "sales.*"), or "*" for every table',
  }),
  z.strictObject({
    source: pattern.optional(),
    schema: pattern.optional(),
    table: pattern.optional(),
  }),
]);

const groupSchema = z.strictObject({
  /** Who belongs: identity patterns such as `teams:<tenant>/*` or `api:reporting`. */
  members: z.array(pattern).default([]),
  /** Tables the group may see. */
  allow: z.array(tableRuleSchema).default([]),
  /** Tables the group may not see even when `allow` matches them. */
  deny: z.array(tableRuleSchema).default([]),
  /** Database role to `SET LOCAL ROLE` to before running the group's queries (Postgres sources). */
  role: z
    .string()
    .regex(/^[A-Za-z_][\w$]{0,62}$/, 'role must be a plain Postgres role name')
    .optional(),
  description: z.string().optional(),
});

/** The access file's shape (see README "Security" and `access.example.yaml`). */
export const accessFileSchema = z
  .strictObject({
    /** Group of users no group's `members` names. Absent: such users see no table at all. */
    defaultGroup: z.string().optional(),
    groups: z.record(
      z.string().regex(/^[\w.-]{1,64}$/, 'group names are letters, digits, . _ -'),
      groupSchema,
    ),
  })
  .superRefine((file, ctx) => {
    if (file.defaultGroup !== undefined && !(file.defaultGroup in file.groups)) {
      ctx.addIssue({
        code: 'custom',
        path: ['defaultGroup'],
        message: `names no group (groups: ${Object.keys(file.groups).join(', ') || 'none'})`,
      });
    }
  });

/** A parsed, validated access file. */
export type AccessFile = z.output<typeof accessFileSchema>;
/** One table rule of a group. */
export type TableRule = z.output<typeof tableRuleSchema>;

/**
 * Parses and validates an access file's YAML text.
 * @throws ConfigError naming the file and every problem.
 */
export function parseAccessFile(text: string, origin: string): AccessFile {
  let raw: unknown;
  try {
    // loaded when there is an access file to read
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose
    raw = (require('yaml') as typeof Yaml).parse(text);
  } catch (error) {
    throw new ConfigError(`parseAccessFile: ${origin} is not valid YAML: ${errorMessage(error)}`, {
      cause: error,
    });
  }
  const parsed = accessFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`)
      .join('; ');
    throw new ConfigError(`parseAccessFile: ${origin} is not a valid access file: ${problems}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}
