export { type EnqueuedJob, enqueue } from './enqueue.js';
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
