/**
 * Benchmarks and dev harnesses: the Spider, business, scale and load suites that drive the real bot and server.
 * The command line reaches the suites through `suites.ts` (loaded only for `tablebot bench`, so it is imported
 * by path, not from here); this barrel names what `calibrate` reuses: the Spider plan and reader and the gold
 * SQL analysis.
 */
export { DEFAULT_SPIDER_DIR, LEFT_OUT_DATABASES } from './benchPlan';
export { GoldSqlAnalyzer } from './goldTables';
export { readSpiderQuestions, readSpiderSchemas, type SpiderQuestionSet } from './spiderDataset';
