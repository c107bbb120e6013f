import type { DataScope } from '@werkstatt/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import stringify from 'safe-stable-stringify';
import type { RequestContext } from './context.js';
import { type EncodedJson, sendJson, serializeJson } from './http-cache.js';
import type { CacheLookup } from './metrics.js';
import { readsPublishedOnly, requireMunicipalityRead } from './municipality-access.js';

interface Representation {
  /** app_representation_tag when the response was built (migration 0017). */
  tag: string;
  json: Buffer;
  etag: string;
  size: number;
}

// Map and key overhead per entry, roughly, so that many small entries count too.
const ENTRY_OVERHEAD_BYTES = 200;

/** A full read in flight: the tag it read first (undefined if it failed before), and its response. */
interface Load {
  tag: Promise<string | undefined>;
  json: Promise<EncodedJson>;
}

/**
 * Responses of a few hot, expensive reads (a measures page, a roadmap), kept per API instance by
 * validated request and data scope, least recently used dropped first beyond `maxBytes`. An entry is served
 * only after Postgres confirms, in the same single statement that re-checks the caller's credentials,
 * that the municipality's tag is still the one it was built at; a write on any instance changes the
 * tag at commit. So a hit answers exactly what a fresh read would, for one round trip instead of
 * reading, decoding, serializing and hashing the rows.
 */
export class RepresentationCache {
  private readonly entries = new Map<string, Representation>();
  private readonly loads = new Map<string, Load>();
  private bytes = 0;

  constructor(
    readonly maxBytes: number,
    /** Told how each lookup ended (the metrics' hit and miss counts). */
    private readonly onLookup: (result: CacheLookup) => void = () => {},
  ) {}

  get enabled(): boolean {
    return this.maxBytes > 0;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  get(key: string): Representation | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      // Re-inserted: a Map iterates in insertion order, so its first key is the least recently used.
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, tag: string, json: Buffer, etag: string): void {
    this.delete(key);
    const size = json.length + key.length + ENTRY_OVERHEAD_BYTES;
    // One very large response (a roadmap of thousands of measures) must not flush everything else.
    if (size > this.maxBytes / 8) return;
    // A small Buffer is a slice of Node's shared 8 KB pool; kept, it would pin the whole slab and
    // make the size above a lie. Such a body gets memory of its own.
    let own = json;
    if (json.byteLength !== json.buffer.byteLength) {
      own = Buffer.allocUnsafeSlow(json.length);
      json.copy(own);
    }
    this.entries.set(key, { tag, json: own, etag, size });
    this.bytes += size;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= entry.size;
    }
  }

  /** How a lookup of sendRepresentation ended. */
  counted(result: CacheLookup): void {
    this.onLookup(result);
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  /** Whether a full read of key is in flight. */
  loading(key: string): boolean {
    return this.loads.has(key);
  }

  /**
   * The response of the full read of key in flight, if it read the given tag first: then its data is
   * at least as new as anything a read of the caller's own would see. Undefined otherwise, or when
   * that read fails (its error is its own caller's, e.g. a revoked key; this caller reads itself).
   */
  async join(key: string, tag: string): Promise<EncodedJson | undefined> {
    const load = this.loads.get(key);
    if (!load) return undefined;
    try {
      return (await load.tag) === tag ? await load.json : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Runs a full read of key that others may join, and stores its response under the tag it read
   * first. `read` reports that tag through `tagged` as soon as its first statement returns.
   */
  async load(
    key: string,
    read: (tagged: (tag: string) => void) => Promise<EncodedJson>,
  ): Promise<EncodedJson> {
    let first: string | undefined;
    let settleTag!: (tag: string | undefined) => void;
    const tag = new Promise<string | undefined>((resolve) => {
      settleTag = resolve;
    });
    const json = read((t) => {
      // With several transactions the first tag counts: the oldest, so never newer than the data.
      if (first !== undefined) return;
      first = t;
      settleTag(t);
    });
    const load: Load = { tag, json };
    this.loads.set(key, load);
    try {
      const encoded = await json;
      if (first !== undefined) this.set(key, first, encoded.json, encoded.etag);
      return encoded;
    } finally {
      settleTag(undefined); // no effect once the tag is known
      if (this.loads.get(key) === load) this.loads.delete(key);
    }
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.size;
  }
}

const scopeKey = (scope: DataScope) =>
  scope.kind === 'tenant' ? `tenant:${scope.municipalityId}` : scope.kind;

/**
 * The entry's key: scope, route, and the validated params and query in a canonical order, never the
 * raw URL. `?limit=50&status=done`, `?status=done&limit=50` and `?status=done` (limit's default) are
 * one entry, so a caller cannot fill the cache with spellings of one page.
 */
function representationKey(request: FastifyRequest, scope: DataScope): string {
  return `${scopeKey(scope)} ${request.routeOptions.url} ${stringify(request.params)} ${stringify(request.query)}`;
}

/**
 * Sends one municipality's representation: from the cache when its tag is current, else from a full
 * read. Access is checked before the cache is consulted, and the key holds the caller's data scope,
 * so an entry reaches only callers that would have been given the same rows. Requests that find a
 * full read of their key in flight at their own tag share it: after an edit, the readers of a page
 * wait for one read instead of each reading it. `load` must read only data whose changes bump the
 * tag: the municipality, its strategy, chosen fields, measures and steps, and the action-field
 * catalog.
 */
export async function sendRepresentation<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  cache: RepresentationCache,
  municipalityId: string,
  load: (ctx: RequestContext) => Promise<T>,
): Promise<FastifyReply> {
  const ctx = request.ctx();
  // Keys that read only what was published run in the 'public' scope, which the tag does not
  // describe (a strategy made private again must vanish at once, and the public scope may not read
  // the revisions, migration 0022): they always read in full.
  if (!cache.enabled || readsPublishedOnly(ctx.actor) || ctx.db.scope.kind === 'public') {
    return sendJson(request, reply, serializeJson(reply, await load(ctx)));
  }
  requireMunicipalityRead(ctx.actor, municipalityId);
  const key = representationKey(request, ctx.db.scope);
  if (cache.get(key) || cache.loading(key)) {
    // Also this caller's credential check: every request pays one statement before anything is sent.
    const tag = await ctx.db.representationTag(municipalityId);
    // Looked up after the tag: meanwhile another request may have stored or started a read.
    const stored = cache.get(key);
    if (stored?.tag === tag) {
      cache.counted('hit');
      return sendJson(request, reply, stored);
    }
    const shared = await cache.join(key, tag);
    if (shared) {
      cache.counted('joined');
      return sendJson(request, reply, shared);
    }
  }
  cache.counted('miss');
  const fresh = await cache.load(key, async (tagged) => {
    const tagging: RequestContext = {
      ...ctx,
      db: {
        ...ctx.db,
        transaction: async (fn, config) => {
          const result = await ctx.db.taggedTransaction(municipalityId, fn, config);
          tagged(result.tag);
          return result.result;
        },
      },
    };
    return serializeJson(reply, await load(tagging));
  });
  return sendJson(request, reply, fresh);
}
