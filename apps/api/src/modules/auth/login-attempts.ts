import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Sign-in attempts on one account, counted before the password is checked, so parallel guesses
 * cannot all pass a read-then-write check:
 * - per account and client: at most `perClient` attempts since the client's last success within
 *   the window, then 429 until the window ends. One client's failures never lock out another.
 * - per account, across clients: past `slowdownAfter` attempts within the window, a client that has
 *   already failed on the account (its attempt is not its first) gets one attempt per `slowdownMs`
 *   for the whole account; the others wait that long. A client without failures is never slowed.
 */
export interface AttemptLimits {
  perClient: number;
  slowdownAfter: number;
  slowdownMs: number;
  windowMs: number;
}

export interface LoginAttempts {
  /** Counts one attempt; 0 when it may go ahead, else the milliseconds to wait. */
  admit(email: string, client: string): Promise<number>;
  /** A successful sign-in: the client's attempts on the account start from zero again. */
  succeeded(email: string, client: string): Promise<void>;
}

/** The account in keys is a hash of the address: Redis need not hold who tries to sign in. */
const accountOf = (email: string) =>
  createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 32);

// One hash tag per account keeps the three keys in one Redis Cluster slot.
const keysOf = (email: string, client: string) => {
  const base = `login:{${accountOf(email)}}`;
  return { client: `${base}:client:${client}`, account: `${base}:all`, gate: `${base}:gate` };
};

// KEYS: client attempts, account attempts, account slow-down gate.
// ARGV: perClient, slowdownAfter, slowdownMs, windowMs. Returns 0 (go ahead) or ms to wait.
const ADMIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
if n > tonumber(ARGV[1]) then return math.max(1, redis.call('PTTL', KEYS[1])) end
if n > 1 and tonumber(redis.call('GET', KEYS[2]) or '0') >= tonumber(ARGV[2]) then
  if not redis.call('SET', KEYS[3], '1', 'PX', ARGV[3], 'NX') then
    redis.call('DECR', KEYS[1])
    return math.max(1, redis.call('PTTL', KEYS[3]))
  end
end
if redis.call('INCR', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[4]) end
return 0
`;

/** The same rules in one process (dev mode without Redis, and while Redis is down). */
export function memoryLoginAttempts(limits: AttemptLimits): LoginAttempts {
  const counters = new Map<string, { count: number; until: number }>();
  const gates = new Map<string, number>();
  const sweep = (now: number) => {
    if (counters.size + gates.size < 10_000) return;
    for (const [k, v] of counters) if (v.until <= now) counters.delete(k);
    for (const [k, until] of gates) if (until <= now) gates.delete(k);
  };
  const increment = (key: string, now: number) => {
    const current = counters.get(key);
    const entry = current && current.until > now ? current : { count: 0, until: now + limits.windowMs };
    entry.count += 1;
    counters.set(key, entry);
    return entry;
  };
  return {
    // Synchronous from the first read to the last write: nothing interleaves within one process.
    async admit(email, client) {
      const now = Date.now();
      sweep(now);
      const keys = keysOf(email, client);
      const mine = increment(keys.client, now);
      if (mine.count > limits.perClient) return Math.max(1, mine.until - now);
      const account = counters.get(keys.account);
      if (mine.count > 1 && account && account.until > now && account.count >= limits.slowdownAfter) {
        const gate = gates.get(keys.gate);
        if (gate !== undefined && gate > now) {
          mine.count -= 1;
          return Math.max(1, gate - now);
        }
        gates.set(keys.gate, now + limits.slowdownMs);
      }
      increment(keys.account, now);
      return 0;
    },
    async succeeded(email, client) {
      counters.delete(keysOf(email, client).client);
    },
  };
}

/** In Redis, one script per attempt, so every API instance counts together and nothing races. */
export function redisLoginAttempts(
  redis: Redis,
  limits: AttemptLimits,
  fallback: LoginAttempts,
): LoginAttempts {
  const args = [limits.perClient, limits.slowdownAfter, limits.slowdownMs, limits.windowMs];
  return {
    async admit(email, client) {
      const keys = keysOf(email, client);
      try {
        return Number(await redis.eval(ADMIT, 3, keys.client, keys.account, keys.gate, ...args));
      } catch {
        // A Redis outage must not open sign-in to unlimited guessing: count in this process meanwhile.
        return fallback.admit(email, client);
      }
    },
    async succeeded(email, client) {
      await fallback.succeeded(email, client);
      try {
        await redis.del(keysOf(email, client).client);
      } catch {
        // The count ends with its window anyway.
      }
    },
  };
}
