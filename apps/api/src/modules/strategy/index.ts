// The public surface of strategy: what peers and reports use.
export { findMeasure, overdueSql } from './measures.data.js';
export { measureStatus, startWindow } from './measures.schemas.js';
export { emptyCounts, type StatusCounts } from './roadmap-fns.js';
export { isoDate } from './strategy.schemas.js';
