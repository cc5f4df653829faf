import type { AccessPolicy } from './access';
import type { Config } from './config';
import type { Embedder } from './embeddings';
import { errorMessage } from './errors';
import type { Logger } from './logging';
import { StoredQueryRunner, TablebotPipeline } from './pipeline';
import { DecisionPolicy, type RetrievalState } from './retrieval';
import type { SemanticLookup } from './semantic';
import type { SourceRegistry } from './sources';
import type { AuditLog } from './store';
import { BuiltinSqlGenerator, SqlExecutor, type SqlGenerator, SqlGuard } from './sql';
import type * as Seq2Seq from './sql/seq2seqSqlGenerator';

/** What {@link assembleAnswering} builds the pipeline over. */
export interface AnsweringParts {
  config: Config;
  logger: Logger;
  sources: SourceRegistry;
  defaultSourceIds: string[];
  /** The retrieval state in use (swapped in with each new index). */
  state: () => RetrievalState | null;
  /** The access file in force. */
  access: () => AccessPolicy;
  /** Where each question is recorded. */
  audit: Pick<AuditLog, 'record'>;
  /** The semantic model lookup of a source. */
  semanticLookup: (sourceId: string) => SemanticLookup | undefined;
  /** The SQL generators ({@link createGenerators}). */
  generators: SqlGenerator[];
}

/** The pipeline and the stored-query runner, sharing one guard and one executor. */
export interface Answering {
  pipeline: TablebotPipeline;
  /** Runs an answer's stored SQL again (next page, CSV download) through the same guard and executor rules. */
  storedQueries: StoredQueryRunner;
}

/** The SQL generators of the configuration: the seq2seq model when configured and present, then the built-in one. */
export async function createGenerators(parts: {
  config: Config;
  logger: Logger;
  embedder: Embedder;
  onPhase?: (phase: string) => void;
}): Promise<SqlGenerator[]> {
  const { config, logger, embedder } = parts;
  const generators: SqlGenerator[] = [];
  if (config.sqlGenerator !== 'builtin') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when configured (a heavy import)
    const { Seq2SeqSqlGenerator } = require('./sql/seq2seqSqlGenerator') as typeof Seq2Seq;
    const available =
      config.allowRemoteModels ||
      Seq2SeqSqlGenerator.modelFilesPresent({ model: config.sqlModel, modelsDir: config.modelsDir });
    if (available) {
      try {
        generators.push(
          await Seq2SeqSqlGenerator.create({
            model: config.sqlModel,
            modelsDir: config.modelsDir,
            allowRemoteModels: config.allowRemoteModels,
          }),
        );
        logger.info(
          { model: config.sqlModel },
          'SQL generator: seq2seq model loaded, with the built-in generator as fallback',
        );
      } catch (error) {
        logger.warn(
          { err: errorMessage(error) },
          'SQL generator: seq2seq model failed to load; using the built-in generator',
        );
      }
    } else {
      logger.info(
        `SQL generator: built-in (no model files for ${config.sqlModel} under ${config.modelsDir})`,
      );
    }
  }
  parts.onPhase?.('SQL generators');
  generators.push(await BuiltinSqlGenerator.create({ embedder }));
  return generators;
}

/**
 * The answering pipeline over opened parts (index state, sources, semantic models, audit): SQL generators,
 * guard and executor. The bot's composition ({@link openTablebot}) and the one-shot CLI's
 * ({@link openOneShotAnswering}) both build it here, so a question is answered the same way by either.
 */
export async function assembleAnswering(parts: AnsweringParts): Promise<Answering> {
  const { config, sources, defaultSourceIds, generators } = parts;
  const limits = {
    statementTimeoutMs: config.execution.statementTimeoutMs,
    maxRows: config.execution.maxRows,
    maxBytes: config.execution.maxResultBytes,
    role: config.execution.readOnlyRole,
  };
  // one parser-backed guard and one executor for every door to data (questions and stored queries)
  const guard = await SqlGuard.create();
  const executor = await SqlExecutor.create();
  const pipeline = new TablebotPipeline({
    state: parts.state,
    policy: new DecisionPolicy({
      thresholds: {
        decline: config.retrieval.declineThreshold,
        clarifyMargin: config.retrieval.clarifyMargin,
      },
    }),
    generators,
    guard,
    executor,
    sources,
    limits,
    defaultSourceIds,
    access: parts.access,
    audit: parts.audit,
    logger: parts.logger,
    semanticLookup: parts.semanticLookup,
  });
  const storedQueries = new StoredQueryRunner({ guard, executor, sources, limits });
  return { pipeline, storedQueries };
}
