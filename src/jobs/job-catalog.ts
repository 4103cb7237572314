/**
 * The one typed job catalog: every queue, every job name, its payload type and the options it is
 * enqueued with (deterministic job id, attempts, backoff). Payloads carry ids, never personal
 * data or secrets. Producers (services) enqueue only through `enqueue` in `queues.ts`; the worker
 * registry refuses to boot unless every job here has exactly one handler.
 */
import type { JobsOptions } from 'bullmq';
import type { Config } from '../config/config.js';

export const QueueName = {
  /** housekeeping of the hub itself */
  Maintenance: 'maintenance',
  /** POSTs to agencies' webhooks */
  Webhooks: 'webhooks',
  /** the National Public Service Portal */
  Portal: 'portal',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

/** Payload of each job name. */
export interface JobPayloads {
  /** Re-verify the audit chain and log loudly if it is broken. `reason` says who asked. */
  'audit.verify': { reason: 'schedule' | 'manual' };
  /** Verify the audit chain from its latest checkpoint on and checkpoint the head outside PostgreSQL (never over a problem). */
  'audit.checkpoint': { reason: 'schedule' | 'manual' };
  /** POST one recorded webhook call (table webhook_call) to its agency's URL. */
  'webhook.deliver': { callId: string };
  /** Enqueue webhook calls still PENDING after `olderThanMs` (default 60 s): written while Redis was away, or never enqueued. */
  'webhook.relay': { olderThanMs?: number };
  /** Move outbox records to their queues (also done right after each commit). */
  'outbox.relay': Record<string, never>;
  /** Send a dossier's current state to the portal (DongBoHoSoMC); `version` is the change that asked. */
  'portal.syncDossier': { dossierId: string; version: number };
  /** Send one processing step to the portal (CapNhatTienDoHoSoMC). */
  'portal.progressStep': { stepId: string };
  /** Send a document to its recipients outside the city through the national document axis. */
  'axis.sendDocument': { documentId: string };
  /** Send a status change to a sender outside the city, as an edXML status packet. */
  'axis.sendStatus': { eventId: string };
  /** Fetch the packages the axis holds for the city, import each, acknowledge done or fail. */
  'axis.poll': { reason: 'schedule' | 'manual' };
  /** Start a payment's attempt on its route, the national platform or PayGov (a new reference per attempt). */
  'payment.start': { paymentId: string; attempt: number };
  /** Expire an attempt the payer did not complete in time (a success arriving later still wins). */
  'payment.expire': { paymentId: string; attempt: number };
  /** Compare a day's platform transactions with the hub's payments (yyyy-MM-dd; absent: yesterday, Vietnam time). */
  'payment.reconcile': { day?: string };
  /** Import the national procedure catalog (LayThuTuc): daily, and when an admin asks. */
  /** `codes`: only these procedures (MATTHC); otherwise every procedure LayDanhSachTTHC lists */
  'portal.importCatalog': { reason: 'schedule' | 'manual'; codes?: string[] };
}
export type JobName = keyof JobPayloads;

interface JobSpec<N extends JobName> {
  queue: QueueName;
  /** deterministic id so that a repeated enqueue of the same thing runs once; undefined = always new */
  jobId: (payload: JobPayloads[N]) => string | undefined;
  /** read by the worker when the job runs (its own configuration decides, not the producer's) */
  attempts: number | ((c: Config) => number);
  /** first retry delay in ms; doubled each attempt, with jitter; read by the worker too */
  backoffMs: number | ((c: Config) => number);
  /** where the doubling stops (default an hour) */
  backoffMaxMs?: (c: Config) => number;
  /**
   * One job per id at a time, always doing the latest work (a dossier's sync): the job is removed
   * once completed, and a new enqueue replaces one that failed for good.
   */
  coalesce?: boolean;
  /** written to the outbox: its row is done when the job completes (the effect is acknowledged) */
  outbox?: boolean;
}

export const JOBS: { [N in JobName]: JobSpec<N> } = {
  'audit.verify': { queue: QueueName.Maintenance, jobId: () => undefined, attempts: 3, backoffMs: 10_000 },
  'audit.checkpoint': { queue: QueueName.Maintenance, jobId: () => undefined, attempts: 1, backoffMs: 1000 },
  'webhook.deliver': {
    queue: QueueName.Webhooks,
    jobId: (p) => `webhook-call-${p.callId}`,
    attempts: (c) => c.webhooks.attempts,
    backoffMs: (c) => c.webhooks.backoffMs,
  },
  'webhook.relay': { queue: QueueName.Webhooks, jobId: () => undefined, attempts: 1, backoffMs: 1000 },
  'outbox.relay': { queue: QueueName.Maintenance, jobId: () => undefined, attempts: 1, backoffMs: 1000 },
  // one queued sync per dossier, whatever the number of changes: it sends the state as it is then
  'portal.syncDossier': {
    queue: QueueName.Portal,
    jobId: (p) => `portal-sync-${p.dossierId}`,
    attempts: (c) => c.portal.attempts,
    backoffMs: (c) => c.portal.backoffMs,
    backoffMaxMs: (c) => c.portal.backoffMaxMs,
    coalesce: true,
    outbox: true,
  },
  'axis.sendDocument': {
    queue: QueueName.Portal,
    jobId: (p) => `axis-send-${p.documentId}`,
    attempts: (c) => c.portal.attempts,
    backoffMs: (c) => c.portal.backoffMs,
    backoffMaxMs: (c) => c.portal.backoffMaxMs,
    outbox: true,
  },
  'axis.sendStatus': {
    queue: QueueName.Portal,
    jobId: (p) => `axis-status-${p.eventId}`,
    attempts: (c) => c.portal.attempts,
    backoffMs: (c) => c.portal.backoffMs,
    backoffMaxMs: (c) => c.portal.backoffMaxMs,
    outbox: true,
  },
  'payment.start': {
    queue: QueueName.Portal,
    jobId: (p) => `payment-start-${p.paymentId}-${p.attempt}`,
    attempts: (c) => c.portal.attempts,
    backoffMs: (c) => c.portal.backoffMs,
    backoffMaxMs: (c) => c.portal.backoffMaxMs,
    outbox: true,
  },
  'payment.expire': {
    queue: QueueName.Maintenance,
    jobId: (p) => `payment-expire-${p.paymentId}-${p.attempt}`,
    attempts: 5,
    backoffMs: 1000,
  },
  'payment.reconcile': {
    queue: QueueName.Portal,
    jobId: () => undefined,
    attempts: 3,
    backoffMs: (c) => c.portal.backoffMs,
  },
  'axis.poll': { queue: QueueName.Portal, jobId: () => undefined, attempts: 1, backoffMs: 1000 },
  'portal.importCatalog': {
    queue: QueueName.Portal,
    jobId: () => undefined,
    attempts: 3,
    backoffMs: (c) => c.portal.backoffMs,
  },
  'portal.progressStep': {
    queue: QueueName.Portal,
    jobId: (p) => `portal-step-${p.stepId}`,
    attempts: (c) => c.portal.attempts,
    backoffMs: (c) => c.portal.backoffMs,
    backoffMaxMs: (c) => c.portal.backoffMaxMs,
    outbox: true,
  },
};

/** Jobs are enqueued with this many attempts: the worker stops them at its own configured number. */
const ATTEMPTS_CEILING = 1000;

/** The retry policy of a job, as the worker's configuration says (PORTAL_ATTEMPTS, PORTAL_BACKOFF_MS, …). */
export function retryPolicy(name: string, config: Config): { attempts: number; backoffMs: number } {
  const spec = JOBS[name as JobName] as JobSpec<JobName> | undefined;
  const pick = (v: number | ((c: Config) => number)) => (typeof v === 'function' ? v(config) : v);
  return spec ? { attempts: pick(spec.attempts), backoffMs: pick(spec.backoffMs) } : { attempts: 1, backoffMs: 1000 };
}

/** The delay before retry number `attemptsMade` (1 = the first retry): doubled each time, with jitter, from the worker's policy. */
export function retryDelay(name: string, attemptsMade: number, config: Config): number {
  const spec = JOBS[name as JobName] as JobSpec<JobName> | undefined;
  const ceiling = spec?.backoffMaxMs?.(config) ?? 3_600_000;
  const base = retryPolicy(name, config).backoffMs * 2 ** Math.min(40, Math.max(0, attemptsMade - 1));
  return Math.round(Math.min(base, ceiling) * (0.5 + Math.random() * 0.5));
}

export const isJobName = (name: string): name is JobName => Object.prototype.hasOwnProperty.call(JOBS, name);
export const isCoalesced = (name: string) => !!(JOBS[name as JobName] as JobSpec<JobName> | undefined)?.coalesce;
export const isOutboxJob = (name: string) => !!(JOBS[name as JobName] as JobSpec<JobName> | undefined)?.outbox;
/** The outbox row's key: its job's deterministic id. */
export const jobKeyOf = <N extends JobName>(name: N, payload: JobPayloads[N]) =>
  (JOBS[name] as JobSpec<N>).jobId(payload) ?? null;

/** BullMQ options for one job of the catalog. */
export function jobOptions<N extends JobName>(name: N, payload: JobPayloads[N], _config: Config): JobsOptions {
  const spec = JOBS[name] as JobSpec<N>;
  const jobId = spec.jobId(payload);
  return {
    ...(jobId ? { jobId } : {}),
    // the worker's policy decides (retryPolicy, retryDelay): a producer's settings do not travel with the job
    attempts: ATTEMPTS_CEILING,
    backoff: { type: 'catalog' },
    removeOnComplete: spec.coalesce ? true : { age: 24 * 3600, count: 1000 },
    removeOnFail: { age: 30 * 24 * 3600 },
  };
}

export const ALL_QUEUES: QueueName[] = [...new Set(Object.values(JOBS).map((j) => j.queue))];
