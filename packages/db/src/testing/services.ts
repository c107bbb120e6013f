import net from 'node:net';

export interface TestServices {
  databaseUrl: string;
  redisUrl: string;
  stop(): Promise<void>;
}

const LOCAL_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port), timeout: 1000 });
    // Closed in every case: an open probe socket would keep the test runner from exiting.
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true)).once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

async function dockerAvailable(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

/**
 * Real Postgres and Redis for tests: DATABASE_URL/REDIS_URL when set, else containers when a Docker
 * engine is reachable, else the local defaults on 127.0.0.1, else a clear error.
 */
export async function startTestServices(): Promise<TestServices> {
  const envDb = process.env.DATABASE_URL;
  const envRedis = process.env.REDIS_URL;
  if (envDb && envRedis) return { databaseUrl: envDb, redisUrl: envRedis, stop: async () => {} };

  if (await dockerAvailable()) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const { RedisContainer } = await import('@testcontainers/redis');
    const [pgc, redis] = await Promise.all([
      envDb ? null : new PostgreSqlContainer('postgres:16-alpine').start(),
      envRedis ? null : new RedisContainer('redis:7-alpine').start(),
    ]);
    return {
      databaseUrl: envDb ?? pgc!.getConnectionUri(),
      redisUrl: envRedis ?? redis!.getConnectionUrl(),
      stop: async () => {
        await Promise.all([pgc?.stop(), redis?.stop()]);
      },
    };
  }

  const databaseUrl = envDb ?? LOCAL_DATABASE_URL;
  const redisUrl = envRedis ?? LOCAL_REDIS_URL;
  const [dbOk, redisOk] = await Promise.all([reachable(databaseUrl), reachable(redisUrl)]);
  if (!dbOk || !redisOk) {
    throw new Error(
      [
        'Tests need a real PostgreSQL and Redis.',
        `PostgreSQL at ${databaseUrl}: ${dbOk ? 'ok' : 'not reachable'}; Redis at ${redisUrl}: ${redisOk ? 'ok' : 'not reachable'}.`,
        'Set DATABASE_URL and REDIS_URL, start a Docker engine (testcontainers), or run both locally',
        '(e.g. `docker compose -f docker/compose.yaml up -d postgres redis`).',
      ].join('\n'),
    );
  }
  return { databaseUrl, redisUrl, stop: async () => {} };
}
