import type { AnswerPipeline, AskRequest, AskResult } from '../pipeline/types';

/** One call the wrapped pipeline answered. */
export interface RecordedCall {
  request: AskRequest;
  result: AskResult;
}

/** Options for {@link RecordingPipeline}. */
export interface RecordingPipelineOptions {
  pipeline: AnswerPipeline;
  /** Sources a request without its own `sourceIds` is restricted to (the bot's dialogs set none). */
  sourceIds?: string[];
  /** Row cap for requests without their own. */
  maxRows?: number;
}

/**
 * The real pipeline, recording every request and full result it answers, so the benchmark can score what
 * the bot's dialogs (or `askBatch`) asked and got — including what the `ask` JSON leaves out, such as the
 * tables and column of each clarification option. It changes nothing but the default source and row cap.
 */
export class RecordingPipeline implements AnswerPipeline {
  private readonly options: RecordingPipelineOptions;
  private calls: RecordedCall[] = [];

  constructor(options: RecordingPipelineOptions) {
    this.options = options;
  }

  async ask(request: AskRequest): Promise<AskResult> {
    const scoped: AskRequest = {
      ...request,
      sourceIds: request.sourceIds ?? this.options.sourceIds,
      maxRows: request.maxRows ?? this.options.maxRows,
    };
    const result = await this.options.pipeline.ask(scoped);
    this.calls.push({ request: scoped, result });
    return result;
  }

  /** The calls recorded since the last `take()`, oldest first; clears them. */
  take(): RecordedCall[] {
    const taken = this.calls;
    this.calls = [];
    return taken;
  }
}
