export { type Config, ConfigError, configFields, loadConfig } from './config.js';
export { type RenderDocumentDeps, type RenderPdf, renderDocument } from './documents/render-document.js';
export {
  toStrategyDocument,
  UnrenderableVersionError,
  type VersionForDocument,
} from './documents/strategy-document.js';
export { type Handler, type Handlers, type JobContext, type QueueHandlers, runJob } from './handlers.js';
export {
  createInProcessRunner,
  type FailedOutboxJob,
  type InProcessConfig,
  type InProcessRunner,
  type InProcessRunnerOptions,
} from './in-process.js';
export { createLogger, type Logger } from './logger.js';
export { type MailBlock, type MailContent, type RenderedMail, renderMail } from './mail/layout.js';
export {
  createMailer,
  createMemorySentMailLog,
  createRedisSentMailLog,
  type Delivery,
  type Mailer,
  type MailMessage,
  type SentMailLog,
} from './mail/mailer.js';
export { renderWelcomeMail, sendWelcomeMail } from './mail/welcome.js';
export {
  closeQueues,
  createProducerConnection,
  createQueues,
  type FailedJob,
  jobOptions,
  listFailedJobs,
  type QueueSet,
  retryFailedJob,
} from './queues.js';
export { createHandlers, type HandlerDeps } from './registry.js';
export { createOutboxRelay, type OutboxRelay, type RelayResult } from './relay.js';
export { startWorkerRuntime, type WorkerRuntime, type WorkerRuntimeOptions } from './runtime.js';
export { type QueueWorkers, startQueueWorkers } from './workers.js';
