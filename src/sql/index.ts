/**
 * SQL generation and execution: the built-in generator (`builtin/`), the guard (one read-only SELECT over catalog
 * tables), the executor (read-only transaction, time budget, row and byte caps) and the generator contract. The
 * seq2seq generator (`seq2seqSqlGenerator.ts`) is loaded only when configured and is imported by path; the parser
 * wrapper (`sqlParser.ts`) is a single-file layer that lower layers import by path.
 */
export { BuiltinSqlGenerator, type GeneratorAnalysis } from './builtin/builtinSqlGenerator';
export { SqlExecutor, type SqlExecutionResult } from './sqlExecutor';
export { SqlGuard } from './sqlGuard';
export { SqlParser } from './sqlParser';
export type { JoinEdge, SqlCandidate, SqlGenerator } from './types';
