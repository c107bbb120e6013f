import type { WerkstattClient } from '@werkstatt/api-client';
import { type Feed, feeds, type Mirror } from './mirror.js';

const paths = {
  measures: '/v1/public/measures',
  strategies: '/v1/public/strategies',
  workshops: '/v1/public/workshops',
} as const satisfies Record<Feed, string>;

export interface SyncResult {
  /** Items upserted and removed per feed in this run. */
  upserted: Record<Feed, number>;
  removed: Record<Feed, number>;
  requests: number;
}

/**
 * Reads every feed from its kept cursor to the end and applies each change: upsert the item, or
 * remove it on a tombstone. The cursor is kept only after the feed's last page, so a run that fails
 * halfway is simply repeated (applying a change twice is harmless).
 */
export async function syncFeeds(api: WerkstattClient, mirror: Mirror): Promise<SyncResult> {
  const result: SyncResult = {
    upserted: { measures: 0, strategies: 0, workshops: 0 },
    removed: { measures: 0, strategies: 0, workshops: 0 },
    requests: 0,
  };
  for (const feed of feeds) {
    const state = mirror.feeds[feed];
    let cursor = state.cursor ?? undefined;
    for (;;) {
      const { data, error } = await api.GET(paths[feed], { params: { query: { limit: 500, cursor } } });
      result.requests++;
      if (error) throw new Error(`${paths[feed]}: ${error.code}: ${error.detail ?? error.title}`);
      for (const change of data.data) {
        if (change.data === null) {
          delete state.items[change.id];
          result.removed[feed]++;
        } else {
          const m = change.municipality;
          state.items[change.id] = {
            municipality: m && { id: m.id, name: m.name, ars: m.ars },
            data: change.data as Record<string, unknown>,
          };
          result.upserted[feed]++;
        }
      }
      cursor = data.nextCursor ?? undefined;
      if (!data.nextCursor) {
        state.cursor = data.syncCursor;
        break;
      }
    }
  }
  return result;
}
