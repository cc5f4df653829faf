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

/**
 * Files other folders import by path instead of through the folder's barrel (`index.ts`): the single-file
 * layers inside folders (imported by path from layers below their folder), and the entries loaded lazily or
 * for a side effect, whose barrel would otherwise load them (and their heavy libraries) with the rest of
 * the folder (ARCHITECTURE.md, "Barrels").
 */
const BY_PATH = [
  // single-file layers
  'src/pipeline/types.ts',
  'src/access/identity.ts',
  'src/sql/sqlParser.ts',
  // loaded only when needed: knex and the migrations; the Knex catalog store (one-shot ask without the store)
  'src/store/metadataStore.ts',
  'src/store/knexCatalogStore.ts',
  // the seq2seq SQL model, when configured
  'src/sql/seq2seqSqlGenerator.ts',
  // the bench suites, for `tablebot bench` only
  'src/bench/suites.ts',
  // botbuilder and restify, loaded by the bot process after its probe listens
  'src/bot/createBot.ts',
  'src/server/createServer.ts',
  'src/server/botAdapter.ts',
  // light entries of light paths: the JSON form of answers (the CLI's ask, before it knows whether a running
  // server answers), and the startup probe (the bot process opens its port before anything else loads)
  'src/pipeline/askJson.ts',
  'src/server/probeListener.ts',
  // a side effect the entry points run before anything else loads
  'src/server/knownDeprecations.ts',
];

/**
 * The barrel rule: an import from another folder names that folder's barrel (`src/<folder>/index.ts`) or
 * one of the files in `BY_PATH`. Imports inside a folder stay direct (a folder never imports its own barrel).
 */
const FOLDERS = ELEMENTS.map((e) => e.type);
const BARREL_POLICIES = [
  ...FOLDERS.map((type) => ({ type, from: { element: { types: type } } })),
  ...['shared', 'app', 'cli'].map((type) => ({ type, from: { file: { categories: type } } })),
].flatMap(({ type, from }) => {
  // only the folders the layers let it import: a forbidden import keeps the layer rule's message
  const targets = atOrBelow(type).filter((t) => t !== type && FOLDERS.includes(t));
  if (targets.length === 0) return [];
  return [
    {
      from,
      disallow: {
        to: {
          element: { types: { anyOf: targets }, fileInternalPath: '!index.ts' },
          file: { path: `!{${BY_PATH.join(',')}}` },
        },
      },
      message:
        'import another folder through its barrel (\'src/{{to.element.type}}/index.ts\'; ARCHITECTURE.md, "Barrels")',
    },
  ];
});

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
      'boundaries/dependencies': [
        'error',
        { default: 'disallow', policies: [...POLICIES, ...BARREL_POLICIES] },
      ],
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
