export {
  createDocumentChangePublisher,
  DOCUMENT_CHANGED,
  documentChannel,
  type PublishDocumentChange,
  publishNothing,
  type RedisPublisher,
} from './document-events.js';
export { addJob, type EnqueuedJob, enqueue, outboxRow } from './enqueue.js';
export {
  InvalidJobError,
  isQueueName,
  type Job,
  type JobName,
  type JobPayload,
  jobSchemas,
  parseJob,
  type QueueName,
  queueNames,
} from './jobs.js';
export {
  currentJobOrigin,
  fromQueueData,
  type JobOrigin,
  originContext,
  toQueueData,
  withRequestId,
} from './origin.js';
export { type OutboxBacklog, readOutboxBacklog, registerOutboxGauges } from './outbox-metrics.js';
export { type PoolMetrics, registerPoolMetrics } from './pool-metrics.js';
