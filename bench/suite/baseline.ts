// The baseline of every case: a bare Fastify route under the API's own path that calls the API's own
// data functions (the query builders and compiled reads of the built API, apps/api/dist) on a plain
// pool as the database owner: no auth, no RLS scope, no transaction, no representation cache, no
// response schema or DTO mapping; rows go out as they come. Same pool settings as the API (prepared
// statements, the same pool size). The API's throughput and p99 are reported as ratios of this.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createDatabase, createPool } from '@werkstatt/db';
import Fastify from 'fastify';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = (file: string) => import(pathToFileURL(path.resolve(here, '../../apps/api/dist', file)).href);

// biome-ignore lint/suspicious/noExplicitAny: modules of the built API, loaded at runtime.
type Module = any;
const pagination: Module = await dist('lib/pagination.js');
const feeds: Module = await dist('lib/change-feed.js');
const municipalitiesData: Module = await dist('modules/municipalities/municipalities.data.js');
const measuresData: Module = await dist('modules/strategy/measures.data.js');
const strategyData: Module = await dist('modules/strategy/strategy.data.js');
const roadmapData: Module = await dist('modules/strategy/roadmap.data.js');
const measureFeedData: Module = await dist('modules/strategy/public-feed.data.js');
const workshopsData: Module = await dist('modules/workshops/workshops.data.js');
const workshopFeedData: Module = await dist('modules/workshops/public-feed.data.js');

const pool = createPool({
  connectionString: process.env.DATABASE_URL!,
  max: Number(process.env.BENCH_POOL_MAX ?? 10),
  preparedStatements: true,
});
const db = createDatabase(pool);
const app = Fastify({ logger: false });

interface PageParams {
  limit?: string;
  cursor?: string;
  updatedSince?: string;
}
const pageQuery = (q: PageParams, max = 50) => ({
  limit: Number(q.limit ?? max),
  cursor: q.cursor,
  updatedSince: q.updatedSince,
});
const byId = (r: unknown) => r;

app.get<{ Querystring: PageParams }>('/v1/municipalities', async (request) => {
  const q = pageQuery(request.query);
  return pagination.toPage(await municipalitiesData.listMunicipalities(db, q, {}), q, byId);
});

app.get<{ Params: { id: string }; Querystring: PageParams }>(
  '/v1/municipalities/:id/measures',
  async (request) => {
    const q = pageQuery(request.query);
    return pagination.toPage(await measuresData.listMeasures(db, request.params.id, {}, q), q, byId);
  },
);

app.get<{ Params: { id: string } }>('/v1/municipalities/:id/roadmap', async (request) => {
  const strategy = await strategyData.findStrategy(db, request.params.id);
  if (!strategy) return { strategy: null };
  const chosen = await strategyData.listStrategyFields(db, strategy.id);
  const measures = await roadmapData.listRoadmapMeasures(db, request.params.id);
  return { strategy, chosen, measures };
});

app.get<{ Querystring: PageParams }>('/v1/workshops', async (request) => {
  const q = pageQuery(request.query);
  const rows = await workshopsData.listWorkshops(db, {}, q, 'startsAt');
  return pagination.toPage(rows, q, byId, (r: { startsAt: Date }) => r.startsAt);
});

app.get<{ Params: { id: string } }>('/v1/workshops/:id', async (request) =>
  workshopsData.findWorkshop(db, request.params.id),
);

const feedArgs = (q: PageParams) => {
  const limit = Number(q.limit ?? feeds.FEED_PAGE_MAX);
  const after = feeds.decodeFeedCursor(q.cursor);
  return { limit, after, values: feeds.feedValues(after, limit) };
};

app.get<{ Querystring: PageParams }>('/v1/public/measures', async (request, reply) => {
  const { limit, after, values } = feedArgs(request.query);
  const rows = await measureFeedData.readMeasureChanges(db, values);
  return reply.type('application/json').send(feeds.feedPageText(rows, limit, after));
});

app.get<{ Querystring: PageParams }>('/v1/public/strategies', async (request) => {
  const { limit, after, values } = feedArgs(request.query);
  const rows = await measureFeedData.readStrategyChanges(db, values);
  const live = rows.flatMap((r: { strategy: { id: string } | null }) => (r.strategy ? [r.strategy.id] : []));
  const fields = await measureFeedData.fieldsOfStrategies(db, live);
  return feeds.toFeedPage(rows, limit, after, (r: { strategy: { id: string } | null }) => ({
    ...r,
    fields: r.strategy ? (fields.get(r.strategy.id) ?? []) : [],
  }));
});

app.get<{ Querystring: PageParams }>('/v1/public/workshops', async (request) => {
  const { limit, after, values } = feedArgs(request.query);
  const rows = await workshopFeedData.readWorkshopChanges(db, values);
  const ids = [
    ...new Set(
      rows.flatMap(
        (r: { workshop: { municipalityIds: string[] } | null }) => r.workshop?.municipalityIds ?? [],
      ),
    ),
  ];
  const refs = await workshopFeedData.municipalityRefs(db, ids);
  return { ...feeds.toFeedPage(rows, limit, after, byId), refs };
});

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
process.on('SIGTERM', () => {
  void app.close().then(() => pool.end().then(() => process.exit(0)));
});
