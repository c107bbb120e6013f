// The baseline: a bare Fastify + pg route running the measures feed's own SQL (measureFeedQuery from
// the built API) with the same parameter values, as the owner: no auth, no RLS, no transaction, no
// schemas. The API's throughput is reported as a ratio of this.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import pg from 'pg';

const PAGE = 500;
const here = path.dirname(fileURLToPath(import.meta.url));
const feedModule = pathToFileURL(
  path.resolve(here, '../../apps/api/dist/modules/strategy/public-feed.data.js'),
).href;
const { measureFeedQuery } = (await import(feedModule)) as {
  measureFeedQuery: { sql: string; params: unknown[] };
};

// The params are literals ('measure', 'public') and named placeholders (afterPosition, afterId, limit).
const paramsOf = (values: Record<string, unknown>) =>
  measureFeedQuery.params.map((p) =>
    typeof p === 'object' && p !== null && 'name' in p ? values[(p as { name: string }).name] : p,
  );

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.BENCH_POOL_MAX ?? 10),
});
const app = Fastify({ logger: false });

app.get<{ Querystring: { position: string; id: string } }>('/measures', async (request) => {
  const { rows } = await pool.query(
    measureFeedQuery.sql,
    paramsOf({ afterPosition: request.query.position, afterId: request.query.id, limit: PAGE + 1 }),
  );
  const last = rows.length > PAGE ? rows[PAGE - 1] : undefined;
  return {
    data: rows.slice(0, PAGE),
    nextCursor: last
      ? Buffer.from(JSON.stringify([last.position, last.entity_id])).toString('base64url')
      : null,
  };
});

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
process.on('SIGTERM', () => {
  void app.close().then(() => pool.end().then(() => process.exit(0)));
});
