import { outbox, type Tx } from '@werkstatt/db';
import { type Job, parseJob, type QueueName } from './jobs.js';
import { currentJobOrigin } from './origin.js';

export interface EnqueuedJob {
  /** The outbox row id, which is also the BullMQ job id: stable across relays and retries. */
  id: string;
  queue: QueueName;
  name: Job['name'];
}

/**
 * Writes the job to the outbox in the caller's transaction: it is committed with the change that
 * caused it or not at all, with its origin (the current request id and trace context). The relay
 * hands it to BullMQ after commit.
 */
export async function enqueue(tx: Tx, job: Job): Promise<EnqueuedJob> {
  const { queue, name, payload } = parseJob(job.queue, job.name, job.payload);
  const [row] = await tx
    .insert(outbox)
    .values({
      queue,
      jobName: name,
      payload,
      municipalityId: payload.municipalityId,
      origin: currentJobOrigin(),
    })
    .returning({ id: outbox.id });
  return { id: row!.id, queue, name };
}
