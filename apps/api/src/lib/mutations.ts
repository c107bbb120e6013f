import type { Tx } from '@werkstatt/db';
import { recordAudit } from './audit.js';
import type { RequestContext } from './context.js';
import { notFound } from './errors.js';
import { assertIfMatch } from './http-cache.js';

export interface ChangeSpec<Row extends { id: string }, Dto> {
  /** Loads the row locked FOR UPDATE; undefined when missing or not visible to the caller. */
  load: (tx: Tx) => Promise<Row | undefined>;
  toDto: (row: Row) => Dto;
  /** Human name for the 404 detail, e.g. "Program". */
  what: string;
  entityType: string;
  action: string;
  municipalityId: (row: Row) => string | null;
  /** Checks rules against the current row and writes; returns the row after the change. */
  write: (tx: Tx, row: Row) => Promise<Row>;
  /** What the audit trail keeps of the resource, when not the whole DTO (e.g. without personal data). */
  toAuditView?: (dto: Dto) => unknown;
  /** When true, a request without If-Match is refused with 428 instead of overwriting blindly. */
  requireIfMatch?: boolean;
}

/**
 * The one way an existing resource changes: lock, 404 if invisible, 428 if If-Match is required but
 * missing, 412 if it is stale, write, audit before/after — all in one short transaction.
 */
export function changeResource<Row extends { id: string }, Dto>(
  ctx: RequestContext,
  spec: ChangeSpec<Row, Dto>,
): Promise<Dto> {
  return ctx.db.transaction(async (tx) => {
    const row = await spec.load(tx);
    if (!row) throw notFound(spec.what);
    const before = spec.toDto(row);
    assertIfMatch(ctx.ifMatch, before, { required: spec.requireIfMatch ?? false });
    const after = spec.toDto(await spec.write(tx, row));
    const audited = spec.toAuditView ?? ((dto: Dto) => dto);
    await recordAudit(tx, ctx, {
      action: spec.action,
      entityType: spec.entityType,
      entityId: row.id,
      municipalityId: spec.municipalityId(row),
      before: audited(before),
      after: audited(after),
    });
    return after;
  });
}
