import { programOfficeRoles, type UserRole } from '@werkstatt/db';
import { enqueue } from '@werkstatt/jobs';
import type { Actor } from '../../lib/actor.js';
import { recordAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { isForeignKeyViolation, isUniqueViolation } from '../../lib/db-errors.js';
import { conflict, forbidden, notFound, unprocessable } from '../../lib/errors.js';
import { changeResource } from '../../lib/mutations.js';
import { type Page, type PageQuery, toPage } from '../../lib/pagination.js';
import {
  type AccountLinks,
  hashPassword,
  NO_PASSWORD,
  revokeAllOfUser,
  revokeOpenAccountTokens,
} from '../auth/index.js';
import * as data from './users.data.js';
import {
  type CreateUserInput,
  toUserAuditView,
  toUserDto,
  type UpdateUserInput,
  type UserDto,
  type UserFilters,
} from './users.dto.js';

/** Who may manage users: the program admin everyone, a municipality admin its own municipality. */
type Manager = { kind: 'program_admin' } | { kind: 'municipality_admin'; municipalityId: string };

function requireUserManager(actor: Actor): Manager {
  if (actor.type === 'user' && actor.role === 'program_admin') return { kind: 'program_admin' };
  if (actor.type === 'user' && actor.role === 'municipality_admin' && actor.municipalityId) {
    return { kind: 'municipality_admin', municipalityId: actor.municipalityId };
  }
  throw forbidden('Only program administrators and municipality administrators manage users.');
}

const tenantOf = (m: Manager) => (m.kind === 'municipality_admin' ? m.municipalityId : undefined);

const isProgramOfficeRole = (role: UserRole) => (programOfficeRoles as readonly UserRole[]).includes(role);

/** A municipality admin never grants a role above its own: the program office roles. */
function assertGrantable(m: Manager, role: UserRole | undefined): void {
  if (m.kind === 'municipality_admin' && role && isProgramOfficeRole(role)) {
    throw forbidden('Municipality administrators cannot grant program office roles.');
  }
}

function assertRoleFitsMunicipality(role: UserRole, municipalityId: string | null): void {
  if (isProgramOfficeRole(role) && municipalityId !== null) {
    throw unprocessable(
      'role_municipality_mismatch',
      `The role ${role} belongs to the program office and cannot have a municipality.`,
    );
  }
  if (!isProgramOfficeRole(role) && municipalityId === null) {
    throw unprocessable('role_municipality_mismatch', `The role ${role} needs a municipality.`);
  }
}

const cannotChangeOwnAccount = () =>
  conflict(
    'cannot_change_own_account',
    'You cannot disable, delete or demote your own account. Ask another administrator.',
  );

/** Maps constraint violations of a user write to problems. */
async function guardWrite<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err, 'users_email_key')) {
      throw conflict('email_taken', 'A user with this e-mail address already exists.');
    }
    // The municipality was deleted between our check and the insert.
    if (isForeignKeyViolation(err)) throw notFound('Municipality');
    throw err;
  }
}

export async function listUsers(ctx: RequestContext, q: PageQuery & UserFilters): Promise<Page<UserDto>> {
  const manager = requireUserManager(ctx.actor);
  const rows = await ctx.db.transaction((tx) =>
    data.listUsers(tx, { tenantId: tenantOf(manager), municipalityId: q.municipalityId, role: q.role }, q),
  );
  return toPage(rows, q, toUserDto);
}

export async function getUser(ctx: RequestContext, id: string): Promise<UserDto> {
  const manager = requireUserManager(ctx.actor);
  const row = await ctx.db.transaction((tx) => data.findUser(tx, id, { tenantId: tenantOf(manager) }));
  if (!row) throw notFound('User');
  return toUserDto(row);
}

export async function createUser(
  ctx: RequestContext,
  input: CreateUserInput,
  links: AccountLinks,
): Promise<UserDto> {
  const manager = requireUserManager(ctx.actor);
  assertGrantable(manager, input.role);
  const municipalityId = input.municipalityId ?? null;
  // Another municipality is reported as missing, so its existence is not confirmed.
  if (manager.kind === 'municipality_admin' && municipalityId && municipalityId !== manager.municipalityId) {
    throw notFound('Municipality');
  }
  assertRoleFitsMunicipality(input.role, municipalityId);
  // Hashing is deliberately slow, so it happens before the transaction opens.
  const passwordHash = input.password === undefined ? NO_PASSWORD : await hashPassword(input.password);
  return guardWrite(() =>
    ctx.db.transaction(async (tx) => {
      if (municipalityId && !(await data.municipalityExists(tx, municipalityId))) {
        throw notFound('Municipality');
      }
      const dto = toUserDto(
        await data.insertUser(tx, {
          email: input.email,
          name: input.name,
          role: input.role,
          municipalityId,
          passwordHash,
        }),
      );
      await recordAudit(tx, ctx, {
        action: 'user.created',
        entityType: 'user',
        entityId: dto.id,
        municipalityId: dto.municipalityId,
        after: toUserAuditView(dto),
      });
      // Committed with the user or not at all; the worker mails the link to set a password after commit.
      await links.invite(tx, dto);
      return dto;
    }),
  );
}

export async function updateUser(ctx: RequestContext, id: string, input: UpdateUserInput): Promise<UserDto> {
  const manager = requireUserManager(ctx.actor);
  assertGrantable(manager, input.role);
  if (manager.kind === 'municipality_admin' && input.municipalityId !== undefined) {
    throw forbidden('Only program administrators move users between municipalities.');
  }
  const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
  return guardWrite(() =>
    changeResource(ctx, {
      what: 'User',
      entityType: 'user',
      action: 'user.updated',
      load: (tx) => data.findUser(tx, id, { tenantId: tenantOf(manager), forUpdate: true }),
      toDto: toUserDto,
      toAuditView: toUserAuditView,
      municipalityId: (row) => row.municipalityId,
      write: async (tx, row) => {
        const role = input.role ?? row.role;
        const municipalityId = input.municipalityId === undefined ? row.municipalityId : input.municipalityId;
        if (row.id === ctx.actor.id && (input.disabled === true || role !== row.role)) {
          throw cannotChangeOwnAccount();
        }
        assertRoleFitsMunicipality(role, municipalityId);
        if (
          municipalityId &&
          municipalityId !== row.municipalityId &&
          !(await data.municipalityExists(tx, municipalityId))
        ) {
          throw notFound('Municipality');
        }
        const updated = await data.updateUser(tx, row.id, {
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
          ...(passwordHash !== undefined ? { passwordHash } : {}),
          role,
          municipalityId,
        });
        // Open sessions must not outlive a change of who the user is or what they may do.
        const endsSessions =
          input.disabled === true ||
          role !== row.role ||
          municipalityId !== row.municipalityId ||
          passwordHash !== undefined;
        if (endsSessions) await revokeAllOfUser(tx, row.id);
        if (passwordHash !== undefined) {
          // A link mailed before must not replace the password just set.
          await revokeOpenAccountTokens(tx, row.id);
          // The hash never goes into the audit trail; this event records that the password changed.
          await recordAudit(tx, ctx, {
            action: 'user.password_changed',
            entityType: 'user',
            entityId: row.id,
            municipalityId: row.municipalityId,
          });
        }
        return updated;
      },
    }),
  );
}

/**
 * Mails the user a new invitation link to set their password; the links mailed before stop working.
 */
export async function resendInvitation(ctx: RequestContext, id: string, links: AccountLinks): Promise<void> {
  const manager = requireUserManager(ctx.actor);
  await ctx.db.transaction(async (tx) => {
    const row = await data.findUser(tx, id, { tenantId: tenantOf(manager), forUpdate: true });
    if (!row) throw notFound('User');
    if (row.disabled) {
      throw conflict('user_disabled', 'The user is disabled. Enable the account before inviting them again.');
    }
    await links.invite(tx, row);
    await recordAudit(tx, ctx, {
      action: 'user.invitation_sent',
      entityType: 'user',
      entityId: row.id,
      municipalityId: row.municipalityId,
    });
  });
}

export async function deleteUser(ctx: RequestContext, id: string): Promise<void> {
  const manager = requireUserManager(ctx.actor);
  await changeResource(ctx, {
    what: 'User',
    entityType: 'user',
    action: 'user.deleted',
    load: (tx) => data.findUser(tx, id, { tenantId: tenantOf(manager), forUpdate: true }),
    toDto: toUserDto,
    toAuditView: toUserAuditView,
    municipalityId: (row) => row.municipalityId,
    write: async (tx, row) => {
      if (row.id === ctx.actor.id) throw cannotChangeOwnAccount();
      const erased = await data.eraseUser(tx, row.id);
      // Copies outside these rows (mails the file transport wrote, stored Idempotency-Key responses
      // of any actor) are the worker's to remove, after commit.
      await enqueue(tx, {
        queue: 'mail',
        name: 'user.erased',
        payload: { userId: row.id, municipalityId: row.municipalityId },
      });
      return erased;
    },
  });
}
