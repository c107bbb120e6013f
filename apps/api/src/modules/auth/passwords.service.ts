import { type AccountTokenPurpose, type Database, scopedDatabase, type Tx } from '@werkstatt/db';
import { enqueue } from '@werkstatt/jobs';
import type { Config } from '../../config.js';
import { recordLinkHolderAudit, recordPublicAudit } from '../../lib/audit.js';
import { unprocessable } from '../../lib/errors.js';
import * as data from './auth.data.js';
import { hashPassword } from './auth.service.js';
import type { PasswordThrottle } from './password-throttle.js';
import * as links from './passwords.data.js';
import { hashSecret } from './tokens.js';

/** The user a link is for: who, and whose municipality scopes the link and its mail job. */
export interface LinkRecipient {
  id: string;
  municipalityId: string | null;
}

/**
 * Writes the links that let a person set their password, each with its mail job, in the caller's
 * transaction: a new link voids the user's older ones, so a re-sent invitation leaves one working link.
 */
export interface AccountLinks {
  invite(tx: Tx, user: LinkRecipient): Promise<void>;
  reset(tx: Tx, user: LinkRecipient): Promise<void>;
}

const jobOf = { invitation: 'user.invitation', password_reset: 'user.passwordReset' } as const;

export function createAccountLinks(
  config: Pick<Config, 'ACCOUNT_INVITATION_TTL_HOURS' | 'PASSWORD_RESET_TTL_MINUTES'>,
): AccountLinks {
  const ttlMs = {
    invitation: config.ACCOUNT_INVITATION_TTL_HOURS * 3_600_000,
    password_reset: config.PASSWORD_RESET_TTL_MINUTES * 60_000,
  };
  const issue = async (tx: Tx, user: LinkRecipient, purpose: AccountTokenPurpose) => {
    await links.revokeOpenAccountTokens(tx, user.id);
    const { id } = await links.insertAccountToken(tx, {
      userId: user.id,
      municipalityId: user.municipalityId,
      purpose,
      expiresAt: new Date(Date.now() + ttlMs[purpose]),
    });
    // The job names the row only; the worker derives the link's secret and stores its hash.
    await enqueue(tx, {
      queue: 'mail',
      name: jobOf[purpose],
      payload: { tokenId: id, municipalityId: user.municipalityId },
    });
  };
  return {
    invite: (tx, user) => issue(tx, user, 'invitation'),
    reset: (tx, user) => issue(tx, user, 'password_reset'),
  };
}

export interface PasswordDeps {
  db: Database;
  throttle: PasswordThrottle;
  links: AccountLinks;
}

const invalidLink = () =>
  unprocessable(
    'invalid_password_link',
    'The link is invalid, has expired or was already used. Ask for a new one.',
  );

/** The public password flows: no session, the link's secret or the address is all the caller has. */
export function createPasswordService(deps: PasswordDeps) {
  // Like sign-in, these run before a tenant is known: platform scope, rows found by what the caller holds.
  const platform = scopedDatabase(deps.db, { kind: 'platform' });

  return {
    /**
     * "Passwort vergessen": mails a reset link when the address belongs to a live, enabled account, and
     * does nothing otherwise. The caller gets the same answer either way.
     */
    async requestReset(input: { email: string; ip: string; requestId: string }): Promise<void> {
      await deps.throttle.beforeResetRequest(input.ip, input.email);
      await platform.transaction(async (tx) => {
        const user = await data.findUserByEmail(tx, input.email);
        if (!user || user.disabled) return;
        await deps.links.reset(tx, user);
        await recordPublicAudit(
          tx,
          input.requestId,
          {
            action: 'user.password_reset_requested',
            entityType: 'user',
            entityId: user.id,
            municipalityId: user.municipalityId,
          },
          'Passwort vergessen',
        );
      });
    },

    /**
     * Sets the password with the secret of an invitation or reset link: once, before it expires.
     * Every session of the user ends. Returns the user's id (its cached sign-ins are forgotten).
     */
    async setWithToken(input: {
      token: string;
      password: string;
      ip: string;
      requestId: string;
    }): Promise<{ userId: string }> {
      await deps.throttle.beforeTokenUse(input.ip);
      // Hashing is deliberately slow, so it happens before the transaction opens.
      const passwordHash = await hashPassword(input.password);
      return platform.transaction(async (tx) => {
        const found = await links.findAccountTokenForUpdate(tx, hashSecret(input.token));
        const { token, user } = found ?? {};
        if (
          !found ||
          !token ||
          !user ||
          token.usedAt ||
          token.revokedAt ||
          token.expiresAt <= new Date() ||
          user.disabled ||
          user.deletedAt ||
          found.municipalityDeletedAt
        ) {
          throw invalidLink();
        }
        await links.markAccountTokenUsed(tx, token.id);
        await links.revokeOpenAccountTokens(tx, user.id);
        await links.setPasswordHash(tx, user.id, passwordHash);
        await data.revokeAllOfUser(tx, user.id);
        await recordLinkHolderAudit(tx, input.requestId, user.id, {
          action: token.purpose === 'invitation' ? 'user.password_set' : 'user.password_reset',
          entityType: 'user',
          entityId: user.id,
          municipalityId: user.municipalityId,
        });
        return { userId: user.id };
      });
    },
  };
}

export type PasswordService = ReturnType<typeof createPasswordService>;
