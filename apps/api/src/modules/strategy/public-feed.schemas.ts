import { feedItemSchema, feedPageSchema } from '../../lib/change-feed.js';
import { measure } from './measures.schemas.js';
import { strategy } from './strategy.schemas.js';

export const measureChange = feedItemSchema(
  'MeasureChange',
  'A change of a public measure in the feed: the measure as it is now, or a tombstone.',
  measure,
);
export const measureFeedPage = feedPageSchema('MeasureFeedPage', measureChange);

export const strategyChange = feedItemSchema(
  'StrategyChange',
  'A change of a public strategy in the feed (with its chosen fields and goals), or a tombstone.',
  strategy,
);
export const strategyFeedPage = feedPageSchema('StrategyFeedPage', strategyChange);
