// The baseline: a bare Fastify + pg route reading the same 50-row page, without auth, RLS,
// transactions or schemas. The API's throughput is reported as a ratio of this.
import Fastify from 'fastify';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const app = Fastify({ logger: false });

app.get<{ Querystring: { municipalityId: string; after: string } }>('/measures', async (request) => {
  const { rows } = await pool.query(
    `select * from measures where municipality_id = $1 and deleted_at is null and id > $2 order by id limit 51`,
    [request.query.municipalityId, request.query.after],
  );
  return { data: rows.slice(0, 50), nextCursor: rows.length > 50 ? rows[49].id : null };
});

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
process.on('SIGTERM', () => {
  void app.close().then(() => pool.end().then(() => process.exit(0)));
});
