/**
 * A job of the catalog failed for good — its attempts spent, refused, or taken from crashed workers
 * too often. Its outbox rows say so (admins see them in `failedOutbox`) and so does its entity: a
 * dossier's sync FAILED with the reason, a webhook call FAILED, a payment start FAILED (so that
 * `retryPayment` can start it again). Called by the worker when a job fails, and by the outbox
 * sweep when it finds a failed job whose failure no worker recorded (one died at that moment).
 */
import type { Db } from '../../db/client.js';
import { isOutboxJob, type JobName, type JobPayloads } from '../../jobs/job-catalog.js';
import { portalSyncRepository } from '../dossier/portal-sync.repository.js';
import { paymentRepository } from '../payment/payment.repository.js';
import { webhookRepository } from '../webhook/webhook.repository.js';
import { NOT_ON_PORTAL, outboxRepository } from './outbox.repository.js';

/** `before`: only rows written before then (a coalesced job's last attempt did not see later changes). */
export async function recordJobFailure<N extends JobName>(
  db: Db,
  name: N,
  payload: JobPayloads[N],
  jobKey: string | null,
  reason: string,
  before?: Date,
): Promise<void> {
  const p = payload as Record<string, unknown>;
  if (jobKey && name === 'portal.progressStep' && reason.includes(NOT_ON_PORTAL))
    await outboxRepository.markStepFailed(db, jobKey, String(p['stepId']), reason);
  else if (jobKey && isOutboxJob(name)) await outboxRepository.markFailed(db, jobKey, reason, before);
  switch (name) {
    case 'portal.syncDossier':
      await portalSyncRepository.markFailed(db, String(p['dossierId']), reason);
      break;
    case 'webhook.deliver':
      await webhookRepository.failPending(db, String(p['callId']), reason);
      break;
    case 'payment.start':
      await paymentRepository.startFailed(db, String(p['paymentId']), Number(p['attempt']), reason);
      break;
    default:
  }
}
