import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HELP, WELCOME } from '../../src/bot/messages';
import { DEMO_QUESTIONS } from '../../src/demo/demoQuestions';
import { DEFAULT_EXAMPLES } from '../../src/server/webChatPage';
import { DECISION_GAPS, REFERENCE_GAPS } from './support/demoGaps';

/**
 * Every example question the product shows a new user — the welcome message, the help text's first
 * example, the web chat page's chips and the README's `ask` commands on the embedded default — is a demo
 * question with a hand-written reference query (tests/pipeline/demoQuestions.test.ts checks the bot's rows
 * against it) and is not a known gap. An example the bot gets wrong is the first answer a user distrusts.
 */

const quoted = (text: string): string[] => [...text.matchAll(/"([^"]+)"/g)].map((m) => m[1]);

/** `tablebot ask "…"` / `npm run ask -- … "…"` lines of the README that ask the embedded default. */
function readmeExamples(): string[] {
  const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  return readme
    .split('\n')
    .filter((line) => /(tablebot ask|npm run ask --)\s/.test(line) && !/--(source|url|batch)\b/.test(line))
    .flatMap((line) => quoted(line.replace(/#.*$/, '')))
    .filter((q) => !q.startsWith('<'));
}

const SHOWN: ReadonlyArray<[where: string, question: string]> = [
  ...quoted((WELCOME.split('For example:')[1] ?? '').split('\n')[0]).map((q): [string, string] => [
    'welcome',
    q,
  ]),
  ...quoted(HELP.split('\n')[0])
    .slice(0, 1)
    .map((q): [string, string] => ['help', q]),
  ...DEFAULT_EXAMPLES.filter((q) => q !== 'help').map((q): [string, string] => ['start page', q]),
  ...readmeExamples().map((q): [string, string] => ['README', q]),
];

describe('examples shown to users', () => {
  it('finds the examples of every place', () => {
    const places = new Set(SHOWN.map(([where]) => where));
    expect([...places].sort()).toEqual(['README', 'help', 'start page', 'welcome']);
  });

  it.each(SHOWN)('%s: "%s" is a verified demo question the bot answers right', (_where, question) => {
    const demo = DEMO_QUESTIONS.find((q) => q.question === question);
    expect(demo).toBeDefined();
    expect(demo?.expected).toBe('answer');
    expect(demo?.referenceSql).toBeTruthy();
    const id = demo?.id ?? '';
    expect({ id, gap: DECISION_GAPS[id] ?? REFERENCE_GAPS[id] ?? null }).toEqual({ id, gap: null });
  });
});
