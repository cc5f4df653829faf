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

/** Layers made of single files rather than folders: classified as file categories (`boundaries/files`). */
const FILE_LAYERS = {
  shared: 'src/{config,errors,logging,polling}.ts',
  // the answer contract (AskResult, clarifications): plain types every layer may name
  contracts: 'src/{pipeline/types,access/identity}.ts',
  // the Postgres parser wrapper: used by the guard and by the semantic model's metric checks
  parser: 'src/sql/sqlParser.ts',
  // the composition roots: the bot's core, the one-shot CLI's, and the pipeline assembly they share
  app: 'src/{app,answeringCore,oneShotAnswering}.ts',
  cli: 'src/index.ts',
};

/** Every other layer is a folder of src/ (a `boundaries/elements` element). */
const ELEMENTS = LAYERS.flat()
  .filter((t) => !(t in FILE_LAYERS) || t === 'cli')
  .map((t) => ({ type: t, pattern: `src/${t}` }));

const FILES = Object.entries(FILE_LAYERS).map(([category, pattern]) => ({ category, pattern }));

/** The selectors naming the files of some layers: their folders and their single files. */
function layerSelector(types) {
  const folders = types.filter((t) => ELEMENTS.some((e) => e.type === t));
  const files = types.filter((t) => t in FILE_LAYERS);
  return [
    ...(folders.length > 0 ? [{ element: { types: { anyOf: folders } } }] : []),
    ...(files.length > 0 ? [{ file: { categories: { anyOf: files } } }] : []),
  ];
}

/** The layer index of each type, and the types at or below a layer. */
const LAYER_OF = Object.fromEntries(LAYERS.flatMap((layer, i) => layer.map((t) => [t, i])));
const atOrBelow = (type) => [type, ...LAYERS.slice(0, LAYER_OF[type]).flat()];

/**
 * Layer `i` may import layers 0..i; within the top layers, peers stay apart (bench never imports cli). The
 * last matching policy decides, so the file layers come last: a file layer inside a folder (the contract
 * types inside pipeline/) keeps its own, lower, permissions and not its folder's.
 */
const POLICIES = [
  ...LAYERS.flat()
    .filter((t) => ELEMENTS.some((e) => e.type === t))
    .map((type) => ({ from: { element: { type } }, allow: { to: layerSelector(atOrBelow(type)) } })),
  ...Object.keys(FILE_LAYERS).flatMap((type) => [
    { from: { file: { categories: type } }, disallow: { to: layerSelector(LAYERS.flat()) } },
    { from: { file: { categories: type } }, allow: { to: layerSelector(atOrBelow(type)) } },
  ]),
];

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
      'boundaries/files': FILES,
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
