import { type Database, scopedDatabase } from '@werkstatt/db';
import type { Actor } from '../../lib/actor.js';
import { isCredentialRejected } from '../../lib/db-errors.js';
import { unauthorized } from '../../lib/errors.js';
import { findApiKeyByHash, findUserById, touchApiKey } from './auth.data.js';
import { hashSecret, type TokenService } from './tokens.js';

export const API_KEY_PREFIX = 'wst_';

const invalidToken = () => unauthorized('The access token is invalid or expired.');

/** An actor and until when its credentials were valid when they were read (for the cache). */
export interface Resolved {
  actor: Actor;
  validUntil: number;
}

/**
 * Turns a bearer token into an actor. Authentication look-ups run in platform scope because the
 * tenant is not known yet; they read exactly one row by a secret the caller holds.
 */
export async function resolveActor(
  deps: { db: Database; tokens: TokenService },
  bearer: string,
): Promise<Resolved> {
  const platform = scopedDatabase(deps.db, { kind: 'platform' });
  if (bearer.startsWith(API_KEY_PREFIX)) {
    return platform.transaction(async (tx) => {
      const key = await findApiKeyByHash(tx, hashSecret(bearer));
      if (
        !key ||
        key.revokedAt ||
        key.municipalityDeleted ||
        (key.expiresAt && key.expiresAt <= new Date())
      ) {
        throw unauthorized('The API key is invalid, revoked or expired.');
      }
      // last_used_at moves at most once a minute; the row just read tells whether it is due,
      // so most requests skip the write (and its round trip) entirely.
      if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > 60_000) await touchApiKey(tx, key.id);
      return {
        actor: {
          type: 'api_key',
          id: key.id,
          name: key.name,
          scopes: key.scopes,
          municipalityId: key.municipalityId,
          // Carried on the (cached) actor, so the rate limiter needs no query of its own.
          rateLimitPerMinute: key.rateLimitPerMinute,
        },
        validUntil: key.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY,
      };
    });
  }
  const claims = await deps.tokens.verifyAccessToken(bearer);
  if (!claims) throw invalidToken();
  // The token is good for the session, role and municipality it was issued with: the look-up runs
  // under the same principal check as every later transaction, so an ended session, a changed role
  // or a deleted municipality is refused here too (and stays refused, whichever instance asks).
  const asIssued = scopedDatabase(
    deps.db,
    { kind: 'platform' },
    { kind: 'user', id: claims.sub, role: claims.role, municipalityId: claims.mid, sessionId: claims.sid },
  );
  let user: Awaited<ReturnType<typeof findUserById>>;
  try {
    user = await asIssued.transaction((tx) => findUserById(tx, claims.sub), { oneStatement: true });
  } catch (err) {
    if (isCredentialRejected(err)) throw invalidToken();
    throw err;
  }
  if (!user) throw invalidToken();
  return {
    actor: {
      type: 'user',
      id: user.id,
      role: user.role,
      municipalityId: user.municipalityId,
      email: user.email,
      name: user.name,
      sessionId: claims.sid,
    },
    validUntil: claims.exp! * 1000,
  };
}
