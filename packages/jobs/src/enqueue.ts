import { outbox, type Tx, type Writes } from '@werkstatt/db';
import { type Job, parseJob, type QueueName } from './jobs.js';
import { currentJobOrigin } from './origin.js';

export interface EnqueuedJob {
  /** The outbox row id, which is also the BullMQ job id: stable across relays and retries. */
  id: string;
  queue: QueueName;
  name: Job['name'];
}

/**
 * The outbox row of a job, its payload validated, with its origin (the current request id and trace
 * context): for writing several jobs in one insert.
 */
export function outboxRow(job: Job) {
  const { queue, name, payload } = parseJob(job.queue, job.name, job.payload);
  return {
    queue,
    jobName: name,
    payload,
    municipalityId: payload.municipalityId,
    origin: currentJobOrigin(),
  };
}

/**
 * Writes the job to the outbox in the caller's transaction: it is committed with the change that
 * caused it or not at all. The relay hands it to BullMQ after commit, and no earlier than
 * `availableAt` when that is given (a retry's backoff).
 */
export async function enqueue(tx: Tx, job: Job, options: { availableAt?: Date } = {}): Promise<EnqueuedJob> {
  const row = outboxRow(job);
  const [inserted] = await tx
    .insert(outbox)
    .values({ ...row, ...options })
    .returning({ id: outbox.id });
  return { id: inserted!.id, queue: row.queue, name: row.jobName };
}

/** Like enqueue(), as one of several writes sent together (Writes). */
export function addJob(writes: Writes, job: Job): void {
  writes.add(writes.tx.insert(outbox).values(outboxRow(job)));
}
