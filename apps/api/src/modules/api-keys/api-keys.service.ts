import { type Config, defaultApiKeyRateLimit } from '../../config.js';
import type { Actor } from '../../lib/actor.js';
import { recordAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { isForeignKeyViolation } from '../../lib/db-errors.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import { assertIfMatch } from '../../lib/http-cache.js';
import { type Page, type PageQuery, toPage } from '../../lib/pagination.js';
import { iso } from '../../lib/schemas.js';
import { API_KEY_PREFIX, hashSecret, randomSecret } from '../auth/index.js';
import * as data from './api-keys.data.js';
import type { ApiKeyDto, CreateApiKeyInput, CreatedApiKeyDto } from './api-keys.schemas.js';

/** Characters of the key kept in clear for display: "wst_" and 8 random characters. */
const DISPLAY_PREFIX_LENGTH = 12;

/** `defaultLimit`: requests per minute of a key without its own limit (defaultApiKeyRateLimit). */
export const toApiKeyDto = (r: data.ApiKeyRow, defaultLimit: number): ApiKeyDto => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  scopes: r.scopes,
  municipalityId: r.municipalityId,
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
  lastUsedAt: iso(r.lastUsedAt),
  expiresAt: iso(r.expiresAt),
  revokedAt: iso(r.revokedAt),
  rateLimitPerMinute: r.rateLimitPerMinute,
  effectiveRateLimitPerMinute: r.rateLimitPerMinute ?? defaultLimit,
});

/** Who may manage keys: the program admin every key, a municipality admin its municipality's keys. */
type Manager =
  | { kind: 'program_admin'; userId: string }
  | { kind: 'municipality_admin'; userId: string; municipalityId: string };

function requireKeyManager(actor: Actor): Manager {
  if (actor.type === 'user' && actor.role === 'program_admin')
    return { kind: 'program_admin', userId: actor.id };
  if (actor.type === 'user' && actor.role === 'municipality_admin' && actor.municipalityId) {
    return { kind: 'municipality_admin', userId: actor.id, municipalityId: actor.municipalityId };
  }
  throw forbidden('Only program administrators and municipality administrators manage API keys.');
}

const tenantOf = (m: Manager) => (m.kind === 'municipality_admin' ? m.municipalityId : undefined);

/** The municipality a new key is bound to, after the manager's limits. */
function keyMunicipality(m: Manager, requested: string | null | undefined): string | null {
  if (m.kind === 'program_admin') return requested ?? null;
  if (requested === undefined || requested === m.municipalityId) return m.municipalityId;
  if (requested === null) {
    throw forbidden('Municipality administrators can only create keys bound to their own municipality.');
  }
  // Another municipality is reported as missing, so its existence is not confirmed.
  throw notFound('Municipality');
}

/**
 * The limit a new key gets: lowering it is anyone's call who may create the key; more than the
 * default is capacity for the whole API, so only the program admin grants it.
 */
function keyRateLimit(m: Manager, requested: number | null | undefined, defaultLimit: number): number | null {
  if (requested == null) return null;
  if (requested > defaultLimit && m.kind !== 'program_admin') {
    throw new AppError(
      403,
      'rate_limit_above_default',
      'Forbidden',
      `Only program administrators may allow a key more than ${defaultLimit} requests per minute.`,
      { maxRateLimitPerMinute: defaultLimit },
    );
  }
  return requested;
}

type ToDto = (r: data.ApiKeyRow) => ApiKeyDto;

export type ApiKeyService = ReturnType<typeof createApiKeyService>;

/** The key operations, with the default limit of keys from the config (shown on every key). */
export function createApiKeyService(deps: {
  config: Pick<Config, 'API_KEY_RATE_LIMIT_PER_MINUTE' | 'RATE_LIMIT_PER_MINUTE'>;
}) {
  const defaultLimit = defaultApiKeyRateLimit(deps.config);
  const toDto = (r: data.ApiKeyRow) => toApiKeyDto(r, defaultLimit);
  return {
    listApiKeys: (ctx: RequestContext, q: PageQuery & { municipalityId?: string | undefined }) =>
      listApiKeys(ctx, q, toDto),
    getApiKey: (ctx: RequestContext, id: string) => getApiKey(ctx, id, toDto),
    createApiKey: (ctx: RequestContext, input: CreateApiKeyInput) =>
      createApiKey(ctx, input, { defaultLimit, toDto }),
    revokeApiKey: (ctx: RequestContext, id: string) => revokeApiKey(ctx, id, toDto),
  };
}

async function listApiKeys(
  ctx: RequestContext,
  q: PageQuery & { municipalityId?: string | undefined },
  toDto: ToDto,
): Promise<Page<ApiKeyDto>> {
  const manager = requireKeyManager(ctx.actor);
  const rows = await ctx.db.transaction((tx) =>
    data.listApiKeys(tx, { tenantId: tenantOf(manager), municipalityId: q.municipalityId }, q),
  );
  return toPage(rows, q, toDto);
}

async function getApiKey(ctx: RequestContext, id: string, toDto: ToDto): Promise<ApiKeyDto> {
  const manager = requireKeyManager(ctx.actor);
  const row = await ctx.db.transaction((tx) => data.findApiKey(tx, id, { tenantId: tenantOf(manager) }));
  if (!row) throw notFound('API key');
  return toDto(row);
}

async function createApiKey(
  ctx: RequestContext,
  input: CreateApiKeyInput,
  { defaultLimit, toDto }: { defaultLimit: number; toDto: ToDto },
): Promise<CreatedApiKeyDto> {
  const manager = requireKeyManager(ctx.actor);
  const municipalityId = keyMunicipality(manager, input.municipalityId);
  const rateLimitPerMinute = keyRateLimit(manager, input.rateLimitPerMinute, defaultLimit);
  const key = `${API_KEY_PREFIX}${randomSecret(32)}`;
  try {
    return await ctx.db.transaction(async (tx) => {
      if (municipalityId && !(await data.municipalityExists(tx, municipalityId))) {
        throw notFound('Municipality');
      }
      // Only the hash is stored; the key itself exists in this response and nowhere else.
      const dto = toDto(
        await data.insertApiKey(tx, {
          name: input.name,
          prefix: key.slice(0, DISPLAY_PREFIX_LENGTH),
          keyHash: hashSecret(key),
          scopes: input.scopes,
          municipalityId,
          createdBy: manager.userId,
          expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
          rateLimitPerMinute,
        }),
      );
      await recordAudit(tx, ctx, {
        action: 'api_key.created',
        entityType: 'api_key',
        entityId: dto.id,
        municipalityId,
        after: dto,
      });
      return { ...dto, key };
    });
  } catch (err) {
    // The municipality was deleted between our check and the insert.
    if (isForeignKeyViolation(err)) throw notFound('Municipality');
    throw err;
  }
}

/** Revokes a key at once; revoking a revoked key again changes nothing. */
async function revokeApiKey(ctx: RequestContext, id: string, toDto: ToDto): Promise<void> {
  const manager = requireKeyManager(ctx.actor);
  await ctx.db.transaction(async (tx) => {
    const row = await data.findApiKey(tx, id, { tenantId: tenantOf(manager), forUpdate: true });
    if (!row) throw notFound('API key');
    const before = toDto(row);
    assertIfMatch(ctx.ifMatch, before);
    if (row.revokedAt) return;
    const after = toDto(await data.revokeApiKey(tx, row.id));
    await recordAudit(tx, ctx, {
      action: 'api_key.revoked',
      entityType: 'api_key',
      entityId: row.id,
      municipalityId: row.municipalityId,
      before,
      after,
    });
  });
}
