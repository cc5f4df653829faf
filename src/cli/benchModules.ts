/**
 * What `tablebot bench` needs beyond argument parsing, loaded only after it checked that the optional
 * SQLite driver (better-sqlite3, imported by the gold runner and the Spider loader) is installed.
 */
export {
  DEFAULT_RESULTS_DIR,
  DEFAULT_SPIDER_DIR,
  loadBenchDatabases,
  planDatabases,
} from '../bench/benchPlan';
export { formatReport } from '../bench/report';
export { runBench } from '../bench/runBench';
