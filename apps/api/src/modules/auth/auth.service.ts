import { type Database, municipalities, scopedDatabase, type Tx, users } from '@werkstatt/db';
import argon2 from 'argon2';
import { eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { Config } from '../../config.js';
import { recordAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, forbidden, unauthorized, unprocessable } from '../../lib/errors.js';
import { toUserDto } from '../users/index.js';
import * as data from './auth.data.js';
import type { MeDto, TokenResponse } from './auth.schemas.js';
import type { LoginThrottle } from './login-throttle.js';
import type { PasswordThrottle } from './password-throttle.js';
import { revokeOpenAccountTokens, setPasswordHash } from './passwords.data.js';
import { hashSecret, randomSecret, type TokenService } from './tokens.js';

export interface AuthDeps {
  db: Database;
  tokens: TokenService;
  throttle: LoginThrottle;
  passwordThrottle: PasswordThrottle;
  config: Pick<Config, 'REFRESH_TOKEN_TTL_DAYS'>;
}

const invalidCredentials = () =>
  new AppError(401, 'invalid_credentials', 'Unauthorized', 'E-mail address or password is wrong.');
export const invalidRefresh = (detail = 'The refresh token is invalid, expired or revoked.') =>
  new AppError(401, 'invalid_refresh_token', 'Unauthorized', detail);

// Verifying against a real hash when the account does not exist keeps response times alike,
// so login timing does not reveal which e-mail addresses have accounts.
const dummyHash = argon2.hash('not-a-password', { type: argon2.argon2id });

export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });

/**
 * What an invited account holds until its user sets a password: no argon2 hash, so nothing verifies
 * against it.
 */
export const NO_PASSWORD = '!invited';

/** Checks a password against a stored hash; an account without a usable one costs the same work. */
async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  const usable = stored?.startsWith('$argon2') === true;
  const valid = await argon2.verify(usable ? stored! : await dummyHash, password);
  return usable && valid;
}

type UserRow = typeof users.$inferSelect;

export function createAuthService(deps: AuthDeps) {
  // Authentication runs before a tenant is known: platform scope, one row by a secret the caller holds.
  const platform = scopedDatabase(deps.db, { kind: 'platform' });

  async function issueTokens(tx: Tx, user: UserRow, familyId: string): Promise<TokenResponse> {
    const refreshToken = randomSecret(32);
    await data.insertRefreshToken(tx, {
      userId: user.id,
      municipalityId: user.municipalityId,
      familyId,
      tokenHash: hashSecret(refreshToken),
      expiresAt: new Date(Date.now() + deps.config.REFRESH_TOKEN_TTL_DAYS * 86_400_000),
    });
    const access = await deps.tokens.signAccessToken({
      sub: user.id,
      role: user.role,
      mid: user.municipalityId,
      sid: familyId,
    });
    return {
      tokenType: 'Bearer',
      accessToken: access.token,
      expiresIn: access.expiresIn,
      refreshToken,
      user: toUserDto(user),
    };
  }

  return {
    async login(input: { email: string; password: string; ip: string }): Promise<TokenResponse> {
      // Counted before the password is checked: parallel guesses cost at most the limit's argon2 work.
      await deps.throttle.beforeAttempt(input.ip, input.email);
      const user = await platform.transaction((tx) => data.findUserByEmail(tx, input.email));
      const valid = await verifyPassword(user?.passwordHash, input.password);
      if (!user || !valid || user.disabled || user.deletedAt) throw invalidCredentials();
      await deps.throttle.onSuccess(input.ip, input.email);
      return platform.transaction(async (tx) => {
        await data.markLoggedIn(tx, user.id);
        return issueTokens(tx, user, uuidv7());
      });
    },

    /** Rotates a refresh token. A token used twice means it leaked: the whole family is revoked. */
    async refresh(refreshToken: string): Promise<TokenResponse> {
      const outcome = await platform.transaction(async (tx) => {
        const token = await data.findRefreshTokenForUpdate(tx, hashSecret(refreshToken));
        if (!token || token.revokedAt || token.expiresAt <= new Date()) return { error: invalidRefresh() };
        if (token.usedAt) {
          await data.revokeFamily(tx, token.familyId);
          return {
            error: invalidRefresh(
              'This refresh token was already used. All sessions from that sign-in were ended.',
            ),
          };
        }
        // A token issued by a refresh that raced the revocation of its family is not revoked itself.
        if (await data.isFamilyRevoked(tx, token.familyId)) {
          await data.revokeFamily(tx, token.familyId);
          return { error: invalidRefresh() };
        }
        const user = await data.findUserById(tx, token.userId);
        if (!user || user.disabled || user.deletedAt || user.municipalityDeleted) {
          await data.revokeFamily(tx, token.familyId);
          return { error: invalidRefresh('The account is disabled.') };
        }
        await data.markRefreshTokenUsed(tx, token.id);
        return { tokens: await issueTokens(tx, user, token.familyId) };
      });
      // Thrown after commit so the revocation of a reused family is kept.
      if ('error' in outcome) throw outcome.error;
      return outcome.tokens;
    },

    async logout(refreshToken: string): Promise<void> {
      await platform.transaction(async (tx) => {
        const token = await data.findRefreshTokenForUpdate(tx, hashSecret(refreshToken));
        if (token) await data.revokeFamily(tx, token.familyId);
      });
    },

    /**
     * Ends every session of the signed-in user ("sign out everywhere"): all refresh-token families are
     * revoked, so the session check refuses their access tokens from the next request on.
     */
    async logoutAll(ctx: RequestContext): Promise<string> {
      if (ctx.actor.type !== 'user') throw forbidden('API keys have no sessions.');
      const { id: userId, municipalityId } = ctx.actor;
      await ctx.db.transaction(async (tx) => {
        await data.revokeAllOfUser(tx, userId);
        await recordAudit(tx, ctx, {
          action: 'user.signed_out_everywhere',
          entityType: 'user',
          entityId: userId,
          municipalityId,
        });
      });
      return userId;
    },

    /**
     * Changes the signed-in user's own password, given the current one. Every session of the user ends,
     * this one too; the answer opens a new session, so the caller stays signed in.
     */
    async changeOwnPassword(
      ctx: RequestContext,
      input: { currentPassword: string; newPassword: string },
    ): Promise<TokenResponse> {
      if (ctx.actor.type !== 'user') throw forbidden('API keys have no password.');
      const userId = ctx.actor.id;
      await deps.passwordThrottle.beforeChange(userId);
      const current = await ctx.db.transaction((tx) => data.findUserById(tx, userId));
      if (!current) throw unauthorized();
      if (!(await verifyPassword(current.passwordHash, input.currentPassword))) {
        throw unprocessable('current_password_wrong', 'The current password is wrong. Nothing was changed.');
      }
      const passwordHash = await hashPassword(input.newPassword);
      return ctx.db.transaction(async (tx) => {
        const updated = await setPasswordHash(tx, userId, passwordHash);
        await data.revokeAllOfUser(tx, userId);
        await revokeOpenAccountTokens(tx, userId);
        // The hash never goes into the audit trail; this event records that the password changed.
        await recordAudit(tx, ctx, {
          action: 'user.password_changed',
          entityType: 'user',
          entityId: userId,
          municipalityId: current.municipalityId,
        });
        return issueTokens(tx, updated, uuidv7());
      });
    },

    async me(ctx: RequestContext): Promise<MeDto> {
      if (ctx.actor.type !== 'user') throw forbidden('API keys have no user profile.');
      const userId = ctx.actor.id;
      const row = await ctx.db.transaction(async (tx) => {
        const [r] = await tx
          .select({
            user: users,
            municipality: { id: municipalities.id, name: municipalities.name, slug: municipalities.slug },
          })
          .from(users)
          .leftJoin(municipalities, eq(municipalities.id, users.municipalityId))
          .where(eq(users.id, userId));
        return r;
      });
      if (!row) throw unauthorized();
      return { ...toUserDto(row.user), municipality: row.municipality };
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
