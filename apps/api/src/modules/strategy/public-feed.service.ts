import { commitAfterNextQuery } from '@werkstatt/db';
import type { z } from 'zod';
import {
  decodeFeedCursor,
  type FeedPage,
  type FeedQuery,
  feedPageText,
  feedValues,
  requireFeedReader,
  toFeedItem,
  toFeedPage,
  toMunicipalityRef,
} from '../../lib/change-feed.js';
import type { RequestContext } from '../../lib/context.js';
import * as data from './public-feed.data.js';
import type { strategyChange } from './public-feed.schemas.js';
import { toStrategyDto } from './strategy.service.js';

type StrategyChange = z.infer<typeof strategyChange>;

/** Changes of public measures of every municipality, in commit order: the page's JSON text. */
export async function measureFeed(ctx: RequestContext, q: FeedQuery): Promise<string> {
  requireFeedReader(ctx.actor);
  const after = decodeFeedCursor(q.cursor);
  const rows = await ctx
    .inScope({ kind: 'public' })
    .transaction((tx) => data.readMeasureChanges(tx, feedValues(after, q.limit)), { oneStatement: true });
  return feedPageText(rows, q.limit, after);
}

/** Changes of public strategies of every municipality, with their chosen fields, in commit order. */
export async function strategyFeed(ctx: RequestContext, q: FeedQuery): Promise<FeedPage<StrategyChange>> {
  requireFeedReader(ctx.actor);
  const after = decodeFeedCursor(q.cursor);
  const { rows, fields } = await ctx.inScope({ kind: 'public' }).transaction(async (tx) => {
    const rows = await data.readStrategyChanges(tx, feedValues(after, q.limit));
    const live = rows.flatMap((r) => (r.strategy ? [r.strategy.id] : []));
    // The last read: COMMIT leaves with it.
    commitAfterNextQuery(tx);
    return { rows, fields: await data.fieldsOfStrategies(tx, live) };
  });
  return toFeedPage(rows, q.limit, after, (r) =>
    toFeedItem(
      r,
      toMunicipalityRef(r),
      r.strategy && toStrategyDto(r.strategy, fields.get(r.strategy.id) ?? []),
    ),
  );
}
