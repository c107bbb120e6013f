import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Config } from '../../config.js';

type OptInConfig = Pick<
  Config,
  'OPT_IN_RESEND_MINUTES' | 'OPT_IN_MAILS_PER_ADDRESS_PER_DAY' | 'OPT_IN_MAILS_PER_WORKSHOP_PER_DAY'
>;

/**
 * Whether a public registration may mail its confirmation link: at most once per resend interval
 * for an address and workshop, and within the daily caps per address and per workshop. Without it,
 * anyone holding an invitation link could post one address again and again and flood its mailbox.
 */
export interface OptInMails {
  /** Takes one mail if every limit allows it; false means: answer alike, send nothing. */
  take(workshopId: string, email: string, now: Date): Promise<boolean>;
}

const DAY_SECONDS = 86_400;

/**
 * Check and count in one step, so parallel requests on any API instance cannot all pass the check
 * before one of them counts. KEYS: resend gate, address counter, workshop counter. ARGV: resend
 * seconds, address cap, workshop cap, counter window in seconds.
 */
const TAKE_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
if tonumber(redis.call('GET', KEYS[2]) or '0') >= tonumber(ARGV[2]) then return 0 end
if tonumber(redis.call('GET', KEYS[3]) or '0') >= tonumber(ARGV[3]) then return 0 end
redis.call('SET', KEYS[1], '1', 'EX', ARGV[1])
if redis.call('INCR', KEYS[2]) == 1 then redis.call('EXPIRE', KEYS[2], ARGV[4]) end
if redis.call('INCR', KEYS[3]) == 1 then redis.call('EXPIRE', KEYS[3], ARGV[4]) end
return 1
`;

/** Redis keys name the address by a hash, so no e-mail address is kept there. */
const addressOf = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

export const optInKeys = (workshopId: string, email: string) => {
  const address = addressOf(email);
  return {
    resend: `opt-in:resend:${workshopId}:${address}`,
    address: `opt-in:address:${address}`,
    workshop: `opt-in:workshop:${workshopId}`,
  };
};

/** The same limits in this process's memory: dev mode without Redis, and while Redis is down. */
function memoryOptInMails(config: OptInConfig): OptInMails {
  const expiries = new Map<string, { count: number; until: number }>();
  const live = (key: string, at: number) => {
    const e = expiries.get(key);
    return e && e.until > at ? e : undefined;
  };
  const count = (key: string, at: number) => {
    const e = live(key, at);
    if (e) e.count++;
    else expiries.set(key, { count: 1, until: at + DAY_SECONDS * 1000 });
  };
  return {
    async take(workshopId, email, now) {
      const at = now.getTime();
      if (expiries.size > 10_000) {
        for (const [key, e] of expiries) if (e.until <= at) expiries.delete(key);
      }
      const keys = optInKeys(workshopId, email);
      if (live(keys.resend, at)) return false;
      if ((live(keys.address, at)?.count ?? 0) >= config.OPT_IN_MAILS_PER_ADDRESS_PER_DAY) return false;
      if ((live(keys.workshop, at)?.count ?? 0) >= config.OPT_IN_MAILS_PER_WORKSHOP_PER_DAY) return false;
      expiries.set(keys.resend, { count: 1, until: at + config.OPT_IN_RESEND_MINUTES * 60_000 });
      count(keys.address, at);
      count(keys.workshop, at);
      return true;
    },
  };
}

/** In Redis when there is one, so every API instance counts together; in memory otherwise. */
export function createOptInMails(config: OptInConfig, redis: Redis | null): OptInMails {
  const memory = memoryOptInMails(config);
  if (!redis) return memory;
  return {
    async take(workshopId, email, now) {
      const keys = optInKeys(workshopId, email);
      try {
        const taken = await redis.eval(
          TAKE_SCRIPT,
          3,
          keys.resend,
          keys.address,
          keys.workshop,
          config.OPT_IN_RESEND_MINUTES * 60,
          config.OPT_IN_MAILS_PER_ADDRESS_PER_DAY,
          config.OPT_IN_MAILS_PER_WORKSHOP_PER_DAY,
          DAY_SECONDS,
        );
        return taken === 1;
      } catch {
        // A Redis outage must not stop registrations: this instance counts alone until it is back.
        return memory.take(workshopId, email, now);
      }
    },
  };
}
