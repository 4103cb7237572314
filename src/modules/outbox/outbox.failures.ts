/**
 * A job of the catalog failed for good — its attempts spent, refused, or taken from crashed workers
 * too often. Its outbox rows say so (admins see them in `failedOutbox`) and so does its entity: a
 * dossier's sync FAILED with the reason, a webhook call FAILED, a payment start FAILED (so that
 * `retryPayment` can start it again). Called by the worker when a job fails, and by the outbox
 * sweep when it finds a failed job whose failure no worker recorded (one died at that moment).
 */
import type { Db } from '../../db/client.js';
import { isJobName, jobSpec, type Announce, type JobName, type JobPayloads } from '../../jobs/job-catalog.js';
import { outboxRepository } from './outbox.repository.js';

/**
 * `before`: only rows written before then (a coalesced job's last attempt did not see later
 * changes). The entity's side is its job's own (`failed` in its module's `<name>.jobs.ts`);
 * `announce` publishes what it tells live subscribers, after `db`'s transaction commits.
 */
export async function recordJobFailure<N extends JobName>(
  db: Db,
  name: N,
  payload: JobPayloads[N],
  jobKey: string | null,
  reason: string,
  before?: Date,
  announce: Announce = () => undefined,
): Promise<void> {
  if (!isJobName(name)) return;
  const spec = jobSpec(name);
  const recorded = await spec.failed?.(db, payload, reason, announce);
  if (jobKey && spec.outbox && recorded !== 'rowRecorded')
    await outboxRepository.markFailed(db, jobKey, reason, before);
}
