/**
 * Conditional tests that say why they are skipped. A skipped test's title ends with `[skipped: <reason>]`,
 * and tests/support/skippedReporter.js lists every skipped test with that reason after the run.
 */

/** The title a skipped test or block gets: its own title and the reason. */
export function skippedTitle(title: string, reason: string): string {
  return `${title} [skipped: ${reason}]`;
}

/** `describe` when `condition` holds, else `describe.skip` with the reason in the title. */
export function describeWhen(condition: boolean, reason: string) {
  return (title: string, body: () => void): void => {
    if (condition) describe(title, body);
    else describe.skip(skippedTitle(title, reason), body);
  };
}

/** `it` when `condition` holds, else `it.skip` with the reason in the title. */
export function itWhen(condition: boolean, reason: string) {
  return (title: string, body: jest.ProvidesCallback, timeout?: number): void => {
    if (condition) it(title, body, timeout);
    else it.skip(skippedTitle(title, reason), body, timeout);
  };
}

/** The reason of tests that need the Postgres server (roles, timeouts, networks PGlite does not have). */
export const SERVER_ONLY =
  'needs TABLEBOT_TEST_DATABASE_URL (the Postgres server; CI sets it for its second run)';
