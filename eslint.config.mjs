import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/, lowest first: a folder may import its own layer and the layers below it, never one
 * above (ARCHITECTURE.md). `shared` is the root modules every layer may use (config, errors, logging, polling).
 */
const LAYERS = [
  ['shared'],
  ['contracts', 'text', 'parser'],
  ['sources', 'vector'],
  ['catalog', 'demo'],
  ['embeddings', 'joins', 'store', 'access'],
  // the semantic model of each source: derived from the catalog, stored in the metadata store
  ['semantic'],
  ['sql', 'retrieval'],
  ['pipeline', 'indexing'],
  ['app'],
  ['bot'],
  // the server hosts the bot (its routes serve what the bot's answers link to)
  ['server'],
  // benchmarks drive the real bot and server (conversations, load)
  ['bench'],
  // the command line and the bot's entry point (src/index.ts): one top layer, so `tablebot start` runs it
  ['cli'],
];

const ELEMENTS = [
  { type: 'shared', pattern: 'src/{config,errors,logging,polling}.ts', mode: 'file' },
  // the answer contract (AskResult, clarifications): plain types every layer may name
  { type: 'contracts', pattern: 'src/pipeline/types.ts', mode: 'file' },
  { type: 'contracts', pattern: 'src/access/identity.ts', mode: 'file' },
  { type: 'app', pattern: 'src/app.ts', mode: 'file' },
  // the Postgres parser wrapper: used by the guard and by the semantic model's metric checks
  { type: 'parser', pattern: 'src/sql/sqlParser.ts', mode: 'file' },
  { type: 'cli', pattern: 'src/index.ts', mode: 'file' },
  ...LAYERS.flat()
    .filter((t) => !['shared', 'contracts', 'app', 'parser'].includes(t))
    .map((t) => ({ type: t, pattern: `src/${t}` })),
];

/** Layer `i` may import layers 0..i; within the top layers, peers stay apart (bench never imports cli). */
const POLICIES = LAYERS.flatMap((layer, i) =>
  layer.map((type) => ({
    from: { element: { type } },
    allow: { to: { element: { types: { anyOf: [type, ...LAYERS.slice(0, i).flat()] } } } },
  })),
);

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'data/**',
      'embeddings/**',
      'bench/results/**',
      'coverage/**',
      '*.js',
      '*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts', 'tests/lint/fixtures/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': ELEMENTS,
      'boundaries/include': ['src/**/*.ts', 'tests/lint/fixtures/**/*.ts'],
      'import/resolver': { node: { extensions: ['.ts', '.js'] } },
    },
    rules: {
      'boundaries/dependencies': ['error', { default: 'disallow', policies: POLICIES }],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
);
