const { Client } = require('pg');
const q = require('./dist/src/catalog/introspectQueries.js');
(async () => {
  const c = new Client({ connectionString: process.argv[2] });
  await c.connect();
  const schemas = (await c.query(q.SCHEMAS_SQL)).rows.filter((s) => s.has_relations).map((s) => s.name);
  const r = await c.query('EXPLAIN (ANALYZE, BUFFERS) ' + q.FINGERPRINTS_SQL, [schemas]);
  console.log(r.rows.map((x) => x['QUERY PLAN']).join('\n'));
  await c.end();
})();
