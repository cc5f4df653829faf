// every command may load restify (the bench's conversations, `start`): silence its one known warning first
import '../server/knownDeprecations';
import { errorMessage } from '../errors';

/** A CLI command: parses its own arguments and resolves to the exit code. */
export type CliMain = (argv: string[]) => Promise<number>;

/**
 * Runs `main` with the process arguments when `mod` is the script node was started with
 * (`node dist/src/cli/ask.js …`), and exits with its code; does nothing when the module is imported
 * (by the `tablebot` dispatcher or a test).
 */
export function runAsScript(mod: NodeJS.Module, name: string, main: CliMain): void {
  if (require.main !== mod) return;
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${name}: ${errorMessage(error)}\n`);
      process.exit(1);
    },
  );
}
