import type { Actor } from '../../lib/actor.js';
import type { Resolved } from './actor-resolver.js';

const TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;

/**
 * Resolved credentials by the SHA-256 of the bearer, for at most a minute (and never past a token's
 * expiry). A hit skips the look-up transaction and the JWT signature check; it does not skip the
 * validity check, which every transaction of the request repeats (Principal in @werkstatt/db). Entries
 * are forgotten when that check fails and when this instance changes the user or revokes the key.
 * The Map keeps insertion order, so the oldest entry goes first when it is full.
 */
export class CredentialCache {
  private readonly entries = new Map<string, { actor: Actor; expiresAt: number }>();
  private readonly resolving = new Map<string, Promise<Actor>>();

  /**
   * Resolves credentials that are not cached, once for all the requests that present the same bearer
   * while the look-up runs: a burst right after a start (or after an entry expired) costs one token
   * check and one look-up, not one per request. A success is cached; a failure is not, and every
   * request that shared the look-up gets its error.
   */
  resolve(key: string, lookUp: () => Promise<Resolved>): Promise<Actor> {
    let pending = this.resolving.get(key);
    if (!pending) {
      pending = lookUp()
        .then(({ actor, validUntil }) => {
          this.set(key, actor, validUntil);
          return actor;
        })
        .finally(() => this.resolving.delete(key));
      this.resolving.set(key, pending);
    }
    return pending;
  }

  get(key: string, now = Date.now()): Actor | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > now) return entry.actor;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, actor: Actor, validUntil: number, now = Date.now()): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { actor, expiresAt: Math.min(validUntil, now + TTL_MS) });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Drops every entry of a user or key (a rare write, so a scan is fine). */
  forget(principalId: string): void {
    for (const [key, entry] of this.entries) if (entry.actor.id === principalId) this.entries.delete(key);
  }
}
