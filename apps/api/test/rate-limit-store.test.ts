import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CountingStore, countingStore, FLUSH_MS } from '../src/lib/rate-limit-store.js';

// Two stores on one Redis stand for two API instances.
let redis: Redis;
let prefix: string;
const WINDOW = 60_000;

beforeAll(() => {
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  prefix = `test-ratelimit-${randomUUID()}:`;
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

const instance = () => {
  const Store = countingStore(redis, prefix);
  return new Store({}) as CountingStore;
};

/** One request's count as the limiter sees it. */
const count = (store: CountingStore, key: string, max: number) =>
  new Promise<{ current: number; ttl: number }>((resolve, reject) =>
    store.incr(key, (err, res) => (err ? reject(err) : resolve(res!)), WINDOW, max),
  );

const inRedis = async (key: string) => Number((await redis.get(prefix + key)) ?? 0);

describe('the rate limit count (CountingStore)', () => {
  it('far below the limit counts locally and adds the count to Redis within FLUSH_MS, window and all', async () => {
    const store = instance();
    const key = `far-${randomUUID()}`;
    const currents = [];
    for (let i = 0; i < 50; i++) currents.push((await count(store, key, 1000)).current);
    expect(currents).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await inRedis(key)).toBe(0);

    await new Promise((resolve) => setTimeout(resolve, FLUSH_MS * 3));
    expect(await inRedis(key)).toBe(50);
    const ttl = await redis.pttl(prefix + key);
    expect(ttl).toBeGreaterThan(WINDOW - 5000);
    expect(ttl).toBeLessThanOrEqual(WINDOW);
  });

  it('near the limit two instances count every request in Redis, so the request over the limit is the exact one', async () => {
    const [a, b] = [instance(), instance()];
    const key = `near-${randomUUID()}`;
    const max = 200;
    // Nine tenths, 180, are counted locally; each flush tells an instance the other's count.
    for (let i = 0; i < 90; i++) await count(a, key, max);
    await a.flush();
    for (let i = 0; i < 90; i++) await count(b, key, max);
    await b.flush();
    expect((await count(a, key, max)).current).toBe(91);
    await a.flush();
    expect(await inRedis(key)).toBe(181);

    // Both now know more than 180: every answer comes from Redis, in the order of the requests.
    const seen = [];
    for (let i = 0; i < 21; i++) seen.push((await count(i % 2 === 0 ? a : b, key, max)).current);
    expect(seen).toEqual(Array.from({ length: 21 }, (_, i) => 182 + i));
    expect(seen.filter((c) => c > max)).toEqual([201, 202]);
    expect(await inRedis(key)).toBe(202);
  });

  it('limits below 100 are counted in Redis on every request, across instances', async () => {
    const [a, b] = [instance(), instance()];
    const key = `low-${randomUUID()}`;
    const seen = [];
    for (const on of [a, b, a, b]) seen.push((await count(on, key, 3)).current);
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('learns the other instance’s count from each flush, and starts a new window when Redis has one', async () => {
    const [a, b] = [instance(), instance()];
    const key = `learn-${randomUUID()}`;
    for (let i = 0; i < 40; i++) await count(b, key, 1000);
    await b.flush();
    await count(a, key, 1000);
    await a.flush();
    // A's next request counts B's 40 too.
    expect((await count(a, key, 1000)).current).toBe(42);

    await redis.del(prefix + key);
    await redis.set(prefix + key, '5', 'PX', WINDOW * 2);
    await a.flush();
    // A's pending request went into the later window, which now holds 6.
    expect(await inRedis(key)).toBe(6);
    expect((await count(a, key, 1000)).current).toBe(7);
  });

  it('keeps what it could not send and sends it with the next flush', async () => {
    let fail = true;
    const sent: number[] = [];
    const flaky = {
      rateLimitAdd: async (_key: string, windowMs: number, n: number) => {
        if (fail) throw new Error('Redis is down');
        sent.push(n);
        return [sent.reduce((s, x) => s + x, 0), windowMs] as [number, number];
      },
    };
    const store = new CountingStore(flaky as never, prefix);
    for (let i = 0; i < 10; i++) await count(store, 'flaky', 1000);
    await store.flush();
    expect(sent).toEqual([]);
    fail = false;
    await count(store, 'flaky', 1000);
    await store.flush();
    expect(sent).toEqual([11]);
  });
});
