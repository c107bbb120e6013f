import { v7 as uuidv7 } from 'uuid';
import { recordAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { conflict, notFound, unprocessable } from '../../lib/errors.js';
import { type Page, type PageQuery, toPage } from '../../lib/pagination.js';
import { iso } from '../../lib/schemas.js';
import { hashSecret } from '../auth/index.js';
import type { InvitationLinks } from './invitation-links.js';
import * as data from './invitations.data.js';
import type { CreatedInvitationDto, CreateInvitationInput, InvitationDto } from './invitations.schemas.js';
import { loadVisibleWorkshop } from './workshops.service.js';
import { requireRegistrationWriter, requireWorkshopReader } from './workshops-access.js';

export const toInvitationDto = (r: data.InvitationRow): InvitationDto => ({
  id: r.id,
  workshopId: r.workshopId,
  municipalityId: r.municipalityId,
  expiresAt: iso(r.expiresAt),
  maxUses: r.maxUses,
  useCount: r.useCount,
  revokedAt: iso(r.revokedAt),
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/**
 * Creates an invitation link for one participating municipality: its admins and editors (and
 * municipality:write keys) for their own municipality, the program office for any. The secret and
 * the full link are returned; the database stores the secret's SHA-256 hash only.
 */
export async function createInvitation(
  ctx: RequestContext,
  links: InvitationLinks,
  workshopId: string,
  input: CreateInvitationInput,
  now = new Date(),
): Promise<CreatedInvitationDto> {
  requireWorkshopReader(ctx.actor);
  return ctx.db.transaction(async (tx) => {
    const w = await loadVisibleWorkshop(ctx, tx, workshopId);
    requireRegistrationWriter(ctx.actor, w, input.municipalityId);
    if (!w.municipalityIds.includes(input.municipalityId)) {
      throw unprocessable(
        'municipality_not_participating',
        'The municipality does not take part in this workshop.',
        {
          errors: [{ path: 'body.municipalityId', message: 'not a participating municipality' }],
        },
      );
    }
    if (w.status === 'cancelled' || w.status === 'held') {
      throw conflict(`workshop_${w.status}`, 'The workshop no longer takes registrations.');
    }
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
    if (expiresAt && expiresAt <= now) {
      throw unprocessable('expires_in_past', 'The link would already have expired.', {
        errors: [{ path: 'body.expiresAt', message: 'must be in the future' }],
      });
    }
    // Time-ordered like every other id, so the list pages in creation order; the token is an HMAC of it.
    const id = uuidv7();
    const token = links.tokenOf(id);
    const row = await data.insertInvitation(tx, {
      id,
      workshopId,
      municipalityId: input.municipalityId,
      tokenHash: hashSecret(token),
      expiresAt,
      maxUses: input.maxUses ?? null,
      createdBy: ctx.actor.type === 'user' ? ctx.actor.id : null,
    });
    const dto = toInvitationDto(row);
    await recordAudit(tx, ctx, {
      action: 'invitation.created',
      entityType: 'invitation',
      entityId: row.id,
      municipalityId: row.municipalityId,
      after: dto,
    });
    return { ...dto, token, url: links.urlOf(token) };
  });
}

/**
 * The full link of an invitation, for its QR code. It opens registrations for the municipality, so
 * only those who may create such a link get it again: the office, or the municipality's admins and
 * editors (municipality:write keys). A revoked or expired link, or one whose secret was not derived
 * from the current LINK_SECRET (older links, a changed key), has no QR code: a new link does.
 */
export async function invitationLink(
  ctx: RequestContext,
  links: InvitationLinks,
  workshopId: string,
  invitationId: string,
  now = new Date(),
): Promise<string> {
  requireWorkshopReader(ctx.actor);
  return ctx.db.transaction(async (tx) => {
    const w = await loadVisibleWorkshop(ctx, tx, workshopId);
    const row = await data.findInvitationById(tx, invitationId);
    if (
      !row ||
      row.workshopId !== workshopId ||
      (ctx.actor.municipalityId && row.municipalityId !== ctx.actor.municipalityId)
    ) {
      throw notFound('Invitation');
    }
    requireRegistrationWriter(ctx.actor, w, row.municipalityId);
    if (row.revokedAt) throw conflict('invitation_revoked', 'The link was revoked.');
    if (row.expiresAt && row.expiresAt <= now) throw conflict('invitation_expired', 'The link has expired.');
    const token = links.tokenOf(row.id);
    if (hashSecret(token) !== row.tokenHash) {
      throw conflict(
        'invitation_link_unavailable',
        'This link cannot be shown again (it was made before links could be, or the link key changed). Create a new link.',
      );
    }
    return links.urlOf(token);
  });
}

/** The links of a workshop; a municipality sees its own only (RLS enforces it again). */
export async function listInvitations(
  ctx: RequestContext,
  workshopId: string,
  q: PageQuery,
): Promise<Page<InvitationDto>> {
  requireWorkshopReader(ctx.actor);
  return ctx.db.transaction(async (tx) => {
    await loadVisibleWorkshop(ctx, tx, workshopId);
    const rows = await data.listInvitations(tx, workshopId, ctx.actor.municipalityId ?? undefined, q);
    return toPage(rows, q, toInvitationDto);
  });
}

/** Revokes a link: from now on it answers 404; registrations made through it stay. */
export async function revokeInvitation(
  ctx: RequestContext,
  workshopId: string,
  invitationId: string,
): Promise<InvitationDto> {
  requireWorkshopReader(ctx.actor);
  return ctx.db.transaction(async (tx) => {
    const w = await loadVisibleWorkshop(ctx, tx, workshopId);
    const row = await data.findInvitation(tx, workshopId, invitationId);
    if (!row || (ctx.actor.municipalityId && row.municipalityId !== ctx.actor.municipalityId)) {
      throw notFound('Invitation');
    }
    requireRegistrationWriter(ctx.actor, w, row.municipalityId);
    if (row.revokedAt) return toInvitationDto(row);
    const after = toInvitationDto(await data.revokeInvitation(tx, row.id));
    await recordAudit(tx, ctx, {
      action: 'invitation.revoked',
      entityType: 'invitation',
      entityId: row.id,
      municipalityId: row.municipalityId,
      before: toInvitationDto(row),
      after,
    });
    return after;
  });
}
