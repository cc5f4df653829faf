import path from 'node:path';
import { ESLint } from 'eslint';

/** Lints one file's text as if it stood at `file` (relative to the repository) and returns the boundary errors. */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: path.join(__dirname, '..', '..') });
  const [result] = await eslint.lintText(code, { filePath: file });
  return result.messages.filter((m) => m.ruleId === 'boundaries/dependencies').map((m) => m.message);
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
    it.each(cases)('%s', async (_name, file, target, expected) => {
      const errors = await boundaryErrors(
        file,
        `import * as target from '${target}';\nexport const probe = target;\n`,
      );
      expect(errors).toHaveLength(expected);
    });
  });
});
