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
});
