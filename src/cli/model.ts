import { mkdir, writeFile, access } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CatalogIntrospector, type SourceCatalog } from '../catalog';
import { DEMO_SOURCE_ID, loadConfig } from '../config';
import { seedDemoWarehouse } from '../demo';
import { errorMessage, TablebotError } from '../errors';
import { createLogger } from '../logging';
import {
  formatProblems,
  KnexSemanticModelStore,
  modelToText,
  modelToYaml,
  SemanticModelService,
} from '../semantic';
import { redactUrl, SourceRegistry } from '../sources';
import { KnexCatalogStore } from '../store/knexCatalogStore';
import { createMetadataKnex, migrateLatest } from '../store/metadataStore';

const USAGE = `usage: npm run model -- [--source <postgres-url | pglite:<dir> | demo>] [--schema <name>]... [--yaml | --json] [--write [--force]]

Prints the semantic model of a source: what tablebot derived from its catalog (tables as business
entities, measures with their aggregation, time dimensions and the default one, dimensions with values,
flags, metrics, synonyms) merged with the admin's model file, and every line of that file it cannot apply.
  --source   the source (default: DEFAULT_SOURCE); an indexed source is read from the catalog, any other
             is introspected live
  --schema   schemas to introspect live (default: all)
  --yaml     print the model as a model file (Snowflake Cortex Analyst semantic model YAML)
  --json     print the model as JSON
  --write    write the model file to edit to SEMANTIC_MODELS_DIR/<source>.yaml
  --force    with --write, overwrite an existing file (its content is kept: the file is the merged model)`;

/** Where {@link main} writes and what environment it reads (tests pass their own). */
export interface ModelCliOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/**
 * `npm run model` / `tablebot model`: prints the semantic model of a source, or writes the model file to
 * edit. @returns the process exit code (0 ok, 1 failure, 2 usage).
 */
export async function main(argv: string[], options: ModelCliOptions = {}): Promise<number> {
  const out = options.stdout ?? ((text: string) => process.stdout.write(text));
  const err = options.stderr ?? ((text: string) => process.stderr.write(text));
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        source: { type: 'string' },
        schema: { type: 'string', multiple: true, default: [] },
        yaml: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        write: { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    err(`${errorMessage(error)}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    out(`${USAGE}\n`);
    return 0;
  }
  const config = loadConfig({ LOG_LEVEL: 'warn', ...(options.env ?? process.env) }, options.cwd);
  const logger = createLogger({ level: config.logLevel, name: 'model' });
  const spec = values.source ?? config.defaultSource;
  const knex = await createMetadataKnex({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  const sources = new SourceRegistry({ dataDir: config.dataDir, logger });
  try {
    await migrateLatest(knex);
    const catalogStore = new KnexCatalogStore({ knex });
    const sourceId = sources.register(spec);
    let catalog: SourceCatalog | null = await catalogStore.loadSource(sourceId);
    if (catalog === null || values.schema.length > 0) {
      const source = await sources.get(sourceId);
      if (spec === DEMO_SOURCE_ID) await seedDemoWarehouse(source);
      err(
        `${redactUrl(spec)} is not indexed${catalog === null ? '' : ' with these schemas'}: introspecting it live\n`,
      );
      catalog = await new CatalogIntrospector().introspect(source, {
        schemas: values.schema.length > 0 ? values.schema : undefined,
      });
    }
    const service = await SemanticModelService.create({
      store: new KnexSemanticModelStore({ knex }),
      modelsDir: config.semanticModelsDir,
    });
    const built = await service.build(catalog);
    const problems = formatProblems(built.overridesPath, built.problems);
    if (values.write) {
      const file = service.overridesPath(sourceId);
      if ((await exists(file)) && !values.force) {
        err(`${file} exists; edit it, or pass --force to rewrite it from the merged model\n`);
        return 1;
      }
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, modelToYaml(built.model), 'utf8');
      err(`wrote ${file}: edit it, then run npm run reindex -- --source ${redactUrl(spec)} to apply it\n`);
    } else if (values.yaml) {
      out(modelToYaml(built.model));
    } else if (values.json) {
      out(
        `${JSON.stringify({ model: built.model, overridesPath: built.overridesPath, problems: built.problems }, null, 2)}\n`,
      );
    } else {
      out(modelToText(built.model));
      out(
        built.overridesPath === null
          ? `\nNo model file (${service.overridesPath(sourceId)}): npm run model -- --write writes one to edit.\n`
          : `\nModel file: ${built.overridesPath}${problems.length === 0 ? ' (every line applied)' : ''}\n`,
      );
    }
    for (const line of problems) err(`${line}\n`);
    return 0;
  } finally {
    await sources.closeAll();
    await knex.destroy();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      const code = error instanceof TablebotError ? ` [${error.code}]` : '';
      process.stderr.write(`model failed${code}: ${errorMessage(error)}\n`);
      process.exit(1);
    },
  );
}
