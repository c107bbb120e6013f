import { recordAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, notFound } from '../../lib/errors.js';
import { requireMunicipalityWrite } from '../../lib/municipality-access.js';
import { type LogoMediaType, logoMediaTypes, normaliseLogo } from './logo-fns.js';
import * as data from './strategy.data.js';
import { strategyReader } from './strategy-access.js';

export interface LogoDto {
  mediaType: 'image/png';
  width: number;
  height: number;
  sizeBytes: number;
}

/**
 * Stores the municipality's coat of arms or logo for the strategy PDF's cover. The upload is checked
 * and turned into a PNG before the transaction starts, so a refused file writes nothing.
 */
export async function putLogo(
  ctx: RequestContext,
  municipalityId: string,
  body: unknown,
  mediaType: string | undefined,
): Promise<LogoDto> {
  requireMunicipalityWrite(ctx.actor, municipalityId);
  if (!Buffer.isBuffer(body) || !logoMediaTypes.includes(mediaType as LogoMediaType)) {
    throw new AppError(
      415,
      'unsupported_media_type',
      'Unsupported Media Type',
      'Send the logo as image/png or image/svg+xml.',
    );
  }
  const logo = normaliseLogo(body, mediaType as LogoMediaType);
  const dto: LogoDto = {
    mediaType: 'image/png',
    width: logo.width,
    height: logo.height,
    sizeBytes: logo.png.length,
  };
  await ctx.db.transaction(async (tx) => {
    const strategy = await data.findStrategy(tx, municipalityId, { forUpdate: true });
    if (!strategy) throw notFound('Strategy');
    await data.setStrategyLogo(tx, strategy.id, logo.png);
    await recordAudit(tx, ctx, {
      action: 'strategy.logo_updated',
      entityType: 'strategy',
      entityId: strategy.id,
      municipalityId,
      after: { ...dto, uploadedAs: mediaType ?? null },
    });
  });
  return dto;
}

/** The stored logo as PNG; 404 when the strategy has none. Readable like the strategy itself. */
export async function getLogo(ctx: RequestContext, municipalityId: string): Promise<Buffer> {
  const reader = await strategyReader(ctx, municipalityId);
  const png = await reader.db.transaction((tx) => data.findStrategyLogo(tx, municipalityId));
  if (!png) throw notFound('Logo');
  return png;
}

export async function deleteLogo(ctx: RequestContext, municipalityId: string): Promise<void> {
  requireMunicipalityWrite(ctx.actor, municipalityId);
  await ctx.db.transaction(async (tx) => {
    const strategy = await data.findStrategy(tx, municipalityId, { forUpdate: true });
    if (!strategy) throw notFound('Strategy');
    if ((await data.findStrategyLogo(tx, municipalityId)) === null) throw notFound('Logo');
    await data.setStrategyLogo(tx, strategy.id, null);
    await recordAudit(tx, ctx, {
      action: 'strategy.logo_deleted',
      entityType: 'strategy',
      entityId: strategy.id,
      municipalityId,
    });
  });
}
