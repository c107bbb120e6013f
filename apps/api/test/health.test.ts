import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, FIXTURE_PASSWORD, type Harness } from './support/harness.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('health and docs', () => {
  it('/healthz is 200 without credentials', async () => {
    const res = await h.request({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('/readyz is 200 when Postgres and Redis answer', async () => {
    const res = await h.request({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', checks: { postgres: 'ok', redis: 'ok' } });
  });

  it('/openapi.json is an OpenAPI 3.1 document, public', async () => {
    const res = await h.request({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/programs', '/v1/auth/login', '/healthz']),
    );
    expect(doc.paths['/v1/programs'].get.operationId).toBe('listPrograms');
    expect(doc.components.schemas).toHaveProperty('Problem');
  });

  it('/docs serves the documentation UI, public', async () => {
    let res = await h.request({ method: 'GET', url: '/docs' });
    if (res.statusCode >= 300 && res.statusCode < 400) {
      res = await h.request({
        method: 'GET',
        url: new URL(res.headers.location as string, 'http://x').pathname,
      });
    }
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('swagger');
  });
});

/** A TCP port that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('with Redis down', () => {
  let down: Harness;

  beforeAll(async () => {
    down = await createHarness({
      REDIS_URL: `redis://127.0.0.1:${await closedPort()}`,
      RATE_LIMIT_PER_MINUTE: '2',
    });
  });
  afterAll(() => down.close());

  it('/readyz is 503 naming Redis, while /healthz stays 200', async () => {
    const res = await down.request({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'unavailable', checks: { postgres: 'ok', redis: 'failing' } });
    expect((await down.request({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('the API keeps serving: rate limiting steps aside instead of failing requests', async () => {
    const user = await down.user('moderator');
    for (let i = 0; i < 4; i++) {
      const res = await down.request({ method: 'GET', url: '/v1/programs', token: user.token });
      expect(res.statusCode).toBe(200);
    }
  });

  it('sign-in still works and is still throttled (in memory)', async () => {
    const user = await down.user('moderator');
    const login = (password: string) =>
      down.request({ method: 'POST', url: '/v1/auth/login', payload: { email: user.email, password } });
    expect((await login(FIXTURE_PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < down.config.LOGIN_MAX_FAILURES_PER_ACCOUNT; i++) {
      expect((await login('wrong')).statusCode).toBe(401);
    }
    expect((await login(FIXTURE_PASSWORD)).statusCode).toBe(429);
  });
});
