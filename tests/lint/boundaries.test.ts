import path from 'node:path';
import { ESLint } from 'eslint';

/** Lints one file's text as if it stood at `file` (relative to the repository) and returns the boundary errors. */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: path.join(__dirname, '..', '..') });
  const [result] = await eslint.lintText(code, { filePath: file });
  return result.messages.filter((m) => m.ruleId === 'boundaries/dependencies').map((m) => m.message);
}

/** Lints `import * as target from '<target>'` at `file`: `expected` boundary errors, the first matching `message`. */
async function expectImport(file: string, target: string, expected: number, message?: RegExp): Promise<void> {
  const errors = await boundaryErrors(
    file,
    `import * as target from '${target}';\nexport const probe = target;\n`,
  );
  expect(errors).toHaveLength(expected);
  if (expected > 0 && message) expect(errors[0]).toMatch(message);
}

describe('layer boundaries (eslint-plugin-boundaries in npm run lint)', () => {
  jest.setTimeout(60_000);

  it('fails when a lower layer imports a higher one', async () => {
    const errors = await boundaryErrors(
      'src/text/probe.ts',
      "import { combine } from '../retrieval/scoring';\nexport const probe = combine;\n",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/"text" to elements of type "retrieval"/);
  });

  it('fails when the bench imports the command line', async () => {
    const errors = await boundaryErrors(
      'src/bench/probe.ts',
      "import { formatTable } from '../cli/formatTable';\nexport const probe = formatTable;\n",
    );
    expect(errors).toHaveLength(1);
  });

  it('passes imports downwards and within a layer', async () => {
    expect(
      await boundaryErrors(
        'src/retrieval/probe.ts',
        "import { stem } from '../text';\nimport { JoinNetwork } from '../joins';\nexport const probe = [stem, JoinNetwork];\n",
      ),
    ).toEqual([]);
  });

  describe('single-file layers (boundaries/files categories)', () => {
    const cases: Array<[string, string, string, number]> = [
      [
        'a folder may name the answer contract inside a higher folder',
        'src/sql/probe.ts',
        '../pipeline/types',
        0,
      ],
      ['but not the rest of that folder', 'src/sql/probe.ts', '../pipeline/tablebotPipeline', 1],
      [
        "the contract keeps its own low layer, not its folder's",
        'src/pipeline/types.ts',
        '../retrieval/scoring',
        1,
      ],
      ['every layer may use the shared root modules', 'src/text/probe.ts', '../config', 0],
      ['the shared root modules import no layer above them', 'src/config.ts', './text', 1],
      ['the parser wrapper is open to the semantic layer', 'src/semantic/probe.ts', '../sql/sqlParser', 0],
      ['the rest of sql is not', 'src/semantic/probe.ts', '../sql/builtin/queryPlan', 1],
      ['the wiring is above the pipeline', 'src/pipeline/probe.ts', '../app', 1],
      ['and below the bot', 'src/bot/probe.ts', '../app', 0],
    ];
    it.each(cases)('%s', (_name, file, target, expected) => expectImport(file, target, expected));
  });

  describe('barrels: another folder is imported through its index.ts', () => {
    const cases: Array<[string, string, string, number]> = [
      ['a deep import into another folder fails', 'src/retrieval/probe.ts', '../store/auditSpool', 1],
      ["the folder's barrel passes", 'src/retrieval/probe.ts', '../store', 0],
      ['a deep import from a root module fails too', 'src/app.ts', './store/auditSpool', 1],
      ['and from a subfolder', 'src/sql/builtin/probe.ts', '../../semantic/language', 1],
      ['inside a folder imports stay direct', 'src/sql/builtin/probe.ts', '../queryPlan', 0],
      ['a single-file layer is imported by path', 'src/retrieval/probe.ts', '../pipeline/types', 0],
      ['a lazily loaded entry is imported by path', 'src/app.ts', './store/metadataStore', 0],
      ['but not its neighbours', 'src/cli/probe.ts', '../server/serverState', 1],
    ];
    it.each(cases)('%s', (_name, file, target, expected) =>
      expectImport(file, target, expected, /through its barrel/),
    );
  });
});
