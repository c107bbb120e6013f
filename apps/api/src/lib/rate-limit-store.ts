import type {
  FastifyRateLimitOptions,
  FastifyRateLimitStore,
  FastifyRateLimitStoreCtor,
} from '@fastify/rate-limit';
import type { Redis } from 'ioredis';

/** How often the requests counted locally are added to Redis. */
export const FLUSH_MS = 100;
/** Limits below this are counted in Redis on every request: they are low because requests are few. */
export const LOCAL_FROM = 100;

// Adds n to a window's count and starts the window with the first request; the count and the
// window's milliseconds left. KEYS[1] the count, ARGV[1] the window in ms, ARGV[2] n.
const ADD = `
local current = redis.call('INCRBY', KEYS[1], ARGV[2])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {current, ttl}`;

interface Window {
  /** The count Redis last reported, with everything this instance had sent. */
  synced: number;
  /** Requests counted here and not yet sent. */
  pending: number;
  endsAt: number;
}

type Incr = FastifyRateLimitStore['incr'];
type Callback = Parameters<Incr>[1];
type CountingRedis = Redis & {
  rateLimitAdd(key: string, windowMs: number, n: number): Promise<[number, number]>;
};

/**
 * The limiter's count, shared by all instances in Redis without a Redis round trip on every request:
 * while a key's count stays below nine tenths of its limit, this instance counts locally and adds
 * what it counted to Redis every FLUSH_MS, learning the other instances' requests from the answer.
 * Near the limit, and for limits below LOCAL_FROM, every request is counted in Redis at once, with
 * anything still pending, so the request that crosses the limit is refused exactly as with a count
 * per request. Across instances the count can lag by what the others answered in the last FLUSH_MS,
 * which matters only if that is more than a tenth of the limit. Windows are fixed, started by a
 * key's first request and kept in Redis, so all instances share them.
 */
export class CountingStore {
  private readonly windows = new Map<string, Window>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: CountingRedis,
    private readonly prefix: string,
  ) {}

  /**
   * @fastify/rate-limit's store API. It passes the window and the key's limit too, which its types
   * leave out; the defaults only satisfy those types.
   */
  incr(key: string, callback: Callback, windowMs = 60_000, max = 0): void {
    const now = Date.now();
    let w = this.windows.get(key);
    if (!w || w.endsAt <= now) {
      w = { synced: 0, pending: 0, endsAt: now + windowMs };
      this.windows.set(key, w);
    }
    const counted = w.synced + w.pending + 1;
    if (max >= LOCAL_FROM && counted <= max - Math.ceil(max / 10)) {
      w.pending += 1;
      this.timer ??= setTimeout(() => this.flush(), FLUSH_MS).unref();
      callback(null, { current: counted, ttl: w.endsAt - now });
      return;
    }
    const n = w.pending + 1;
    w.pending = 0;
    this.send(key, w, n, windowMs).then(
      (counts) => callback(null, counts),
      (err: Error) => {
        // The limiter lets the request pass (skipOnError); its count waits for the next flush.
        this.retry(w, n);
        callback(err, { current: 0, ttl: 0 });
      },
    );
  }

  /** A route with a limit of its own counts under its own keys. */
  child(options: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
    // The route as @fastify/rate-limit's own Redis store names it.
    const { routeInfo } = options as unknown as { routeInfo: { method: string; url: string } };
    return new CountingStore(this.redis, `${this.prefix}${routeInfo.method}${routeInfo.url}-`);
  }

  /** Sends every pending count (one pipeline) and forgets the windows that ended. */
  flush(): Promise<void> {
    this.timer = undefined;
    const now = Date.now();
    const sends: Promise<unknown>[] = [];
    for (const [key, w] of this.windows) {
      if (w.pending > 0) {
        const n = w.pending;
        w.pending = 0;
        // A failed send keeps its count for the next flush: the window's count stays whole here.
        sends.push(this.send(key, w, n, Math.max(1, w.endsAt - now)).catch(() => this.retry(w, n)));
      } else if (w.endsAt <= now) {
        this.windows.delete(key);
      }
    }
    return Promise.all(sends).then(() => undefined);
  }

  private retry(w: Window, n: number): void {
    w.pending += n;
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS).unref();
  }

  /** Adds n to the key's count in Redis; the count there afterwards and its window's time left. */
  private async send(
    key: string,
    w: Window,
    n: number,
    windowMs: number,
  ): Promise<{ current: number; ttl: number }> {
    const [current, ttl] = await this.redis.rateLimitAdd(this.prefix + key, windowMs, n);
    const endsAt = Date.now() + ttl;
    // A window that ends clearly later is a new one in Redis: its count starts afresh. Within one
    // window, Redis's end is the shared one, and answers may arrive out of order.
    w.synced = endsAt > w.endsAt + 1000 ? current : Math.max(w.synced, current);
    w.endsAt = endsAt;
    return { current, ttl };
  }
}

/** The store class @fastify/rate-limit instantiates, bound to this Redis connection and key prefix. */
export function countingStore(redis: Redis, prefix: string): FastifyRateLimitStoreCtor {
  if (!('rateLimitAdd' in redis)) redis.defineCommand('rateLimitAdd', { numberOfKeys: 1, lua: ADD });
  const counting = redis as CountingRedis;
  return class extends CountingStore {
    constructor(_options: FastifyRateLimitOptions) {
      super(counting, prefix);
    }
  };
}
