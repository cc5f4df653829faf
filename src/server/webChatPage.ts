import { existsSync } from 'node:fs';
import path from 'node:path';
import { TablebotError } from '../errors';

/** Example questions shown as chips on the web chat page (they fit the embedded demo warehouse). */
export const DEFAULT_EXAMPLES: readonly string[] = [
  'Which quarter in the past 5 years had the most sales for fashion products?',
  'List the users in Boise, ID sorted by display name',
  'How many support tickets were opened last month?',
  'help',
];

/** Options of {@link renderWebChatPage}. */
export interface WebChatPageOptions {
  /** Questions offered as clickable chips. */
  examples: readonly string[];
  /** Page title and heading. @default tablebot */
  title?: string;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
}

/**
 * The web chat page: a header, example questions as chips and the Web Chat widget. It holds no
 * connection details: `/static/app.js` fetches a token from `/api/directline/token` (so no secret can
 * end up in the HTML) and loads Web Chat from `/static/webchat.js`, served by tablebot itself.
 */
export function renderWebChatPage(options: WebChatPageOptions): string {
  const title = escapeHtml(options.title ?? 'tablebot');
  const chips = options.examples
    .map(
      (question) =>
        `      <button type="button" class="chip" data-question="${escapeHtml(question)}" disabled>${escapeHtml(question)}</button>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title}</title>
  <link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/static/app.css">
</head>
<body>
  <div class="app">
    <header class="header">
      <div class="brand">
        <img class="logo" src="/static/favicon.svg" alt="" width="32" height="32">
        <h1>${title}</h1>
      </div>
      <p class="tagline">Ask a question about your data in plain words. I find the right table and answer with read-only SQL.</p>
    </header>
    <section class="hint" aria-label="Example questions">
      <span class="hint-label">Try</span>
${chips}
    </section>
    <main id="webchat" class="webchat" aria-label="Chat with ${title}"></main>
    <p id="status" class="status" role="status" hidden></p>
  </div>
  <script src="/static/webchat.js"></script>
  <script src="/static/app.js"></script>
</body>
</html>
`;
}

/**
 * The folder of the page's own static files (`public/`), found from this module both when it runs from
 * `src/server` (ts-jest) and from `dist/src/server` (the build).
 * @throws TablebotError `STATIC_ASSET_MISSING` when neither location has `public/app.js`.
 */
export function resolvePublicDir(): string {
  const candidates = [
    path.resolve(__dirname, '..', '..', 'public'),
    path.resolve(__dirname, '..', '..', '..', 'public'),
  ];
  const found = candidates.find((dir) => existsSync(path.join(dir, 'app.js')));
  if (!found) {
    throw new TablebotError(
      'STATIC_ASSET_MISSING',
      `resolvePublicDir: public/app.js not found (looked in ${candidates.join(', ')})`,
    );
  }
  return found;
}

/** Path of the Web Chat browser bundle (`botframework-webchat/dist/webchat.js`) in node_modules. */
export function resolveWebChatBundle(): string {
  // The package's "exports" map hides dist/, so resolve its CommonJS entry (lib/index.js) and step over.
  return path.join(path.dirname(require.resolve('botframework-webchat')), '..', 'dist', 'webchat.js');
}
