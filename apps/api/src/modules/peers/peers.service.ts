import { canReadPersonalData } from '../../lib/actor.js';
import type { RequestContext } from '../../lib/context.js';
import { notFound } from '../../lib/errors.js';
import { requireMunicipalityRead } from '../../lib/municipality-access.js';
import { requireCatalogRead } from '../../lib/permissions.js';
import { findMeasure } from '../strategy/index.js';
import * as data from './peers.data.js';
import type { FindPeersQuery, PeerMeasureDto } from './peers.schemas.js';

const toPeerDto = (r: data.PeerRow): PeerMeasureDto => ({
  id: r.id,
  title: r.title,
  description: r.description,
  actionFieldKey: r.actionFieldKey,
  actionFieldTitle: r.actionFieldTitle,
  status: r.status,
  progress: r.progress,
  startWindow: r.startWindow,
  startDate: r.startDate,
  endDate: r.endDate,
  fundingSource: r.fundingSource,
  grantProgram: r.grantProgram,
  matchedBy: [...(r.fieldMatch ? ['actionField' as const] : []), ...(r.textMatch ? ['text' as const] : [])],
  score: Math.round(r.score * 1e6) / 1e6,
  municipality: {
    id: r.municipalityId,
    name: r.municipalityName,
    contactName: r.contactName,
    contactEmail: r.contactEmail,
    contactPhone: r.contactPhone,
  },
});

/**
 * The peer finder reads other municipalities' measures, so its search never runs in the caller's
 * scope: it runs in the 'public' RLS scope, which exposes exactly the live measures of public
 * strategies (0005_peers_security.sql) whoever asks. Public strategies are published data, so any
 * reader of the public catalog may search them, public:read API keys included.
 */
const search = async (ctx: RequestContext, s: data.PeerSearch) => ({
  data: (await ctx.inScope({ kind: 'public' }).transaction((tx) => data.findPeerMeasures(tx, s))).map((r) =>
    withoutContact(ctx, toPeerDto(r)),
  ),
});

/** The contact person is personal data: API keys see it only with personal:read. */
const withoutContact = (ctx: RequestContext, dto: PeerMeasureDto): PeerMeasureDto =>
  canReadPersonalData(ctx.actor)
    ? dto
    : {
        ...dto,
        municipality: { ...dto.municipality, contactName: null, contactEmail: null, contactPhone: null },
      };

export async function findPeers(ctx: RequestContext, q: FindPeersQuery): Promise<{ data: PeerMeasureDto[] }> {
  requireCatalogRead(ctx.actor);
  return search(ctx, {
    actionFieldKey: q.actionField ?? null,
    query: q.q ?? null,
    similarTo: null,
    // A municipality's own measures are not peers, even when its strategy is public.
    excludeMunicipalityId: ctx.actor.municipalityId,
    limit: q.limit,
  });
}

export async function findPeersOfMeasure(
  ctx: RequestContext,
  municipalityId: string,
  measureId: string,
  limit: number,
): Promise<{ data: PeerMeasureDto[] }> {
  requireMunicipalityRead(ctx.actor, municipalityId);
  // The measure itself is read with the caller's rights, like any other of its reads.
  const source = await ctx.db.transaction(async (tx) => {
    const measure = await findMeasure(tx, municipalityId, measureId);
    if (!measure) return undefined;
    const key = await data.actionFieldKeyOf(tx, measure.actionFieldId);
    return { measure, key };
  });
  if (!source) throw notFound('Measure');
  return search(ctx, {
    actionFieldKey: source.key,
    query: null,
    similarTo: `${source.measure.title} ${source.measure.description}`,
    excludeMunicipalityId: municipalityId,
    limit,
  });
}
