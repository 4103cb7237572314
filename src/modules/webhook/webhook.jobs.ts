/** Webhooks' jobs: deliver one recorded call; relay calls left PENDING. */
import { UnrecoverableError } from 'bullmq';
import { defineHandler, defineSchedule } from '../../core/job-context.js';
import { QueueName, retryPolicy, type JobSpecs } from '../../jobs/job-catalog.js';
import { OutboundPolicy, OutboundRefused } from '../../integrations/outbound.js';
import { agencyRepository } from '../agency/agency.repository.js';
import { webhookRepository } from './webhook.repository.js';
import { signWebhook, webhookSecret } from './webhook.signing.js';

declare module '../../jobs/job-catalog.js' {
  interface JobPayloads {
    /** POST one recorded webhook call (table webhook_call) to its agency's URL. */
    'webhook.deliver': { callId: string };
    /** Enqueue webhook calls still PENDING after `olderThanMs` (default 60 s): written while Redis was away, or never enqueued. */
    'webhook.relay': { olderThanMs?: number };
  }
}

export const webhookJobs: JobSpecs<'webhook.deliver' | 'webhook.relay'> = {
  'webhook.deliver': {
    queue: QueueName.Webhooks,
    jobId: (p) => `webhook-call-${p.callId}`,
    attempts: (c) => c.webhooks.attempts,
    backoffMs: (c) => c.webhooks.backoffMs,
    failed: async (db, p, reason) => {
      await webhookRepository.failPending(db, p.callId, reason);
    },
  },
  'webhook.relay': { queue: QueueName.Webhooks, jobId: () => undefined, attempts: 1, backoffMs: 1000 },
};

export const webhookSchedules = () => [
  defineSchedule({ id: 'webhook.relay.every-minute', job: 'webhook.relay', data: {}, repeat: { every: 60_000 } }),
];

/**
 * POST one recorded call to its agency's webhook, signed. Idempotent: a call already delivered
 * or failed is skipped. The last failed attempt marks the call FAILED (admins see it).
 */
export const webhookDeliverHandler = defineHandler(
  'webhook.deliver',
  async ({ callId }, { prisma, config, job, log }) => {
    const call = await webhookRepository.findCall(prisma, callId);
    if (!call || call.status !== 'PENDING') return { skipped: call?.status ?? 'missing' };
    const hook = await webhookRepository.find(prisma, call.agencyId);
    const signingKey = config.webhooks.signingKey;
    if (!hook || !signingKey) {
      await webhookRepository.markCall(prisma, call.id, {
        status: 'FAILED',
        lastError: hook ? 'WEBHOOK_SIGNING_KEY is not configured' : 'the agency removed its webhook',
      });
      throw new UnrecoverableError('no webhook to call');
    }
    const [agency] = await agencyRepository.findByIds(prisma, [call.agencyId]);
    const body = JSON.stringify({
      id: call.id,
      event: call.event,
      agencyCode: agency?.code,
      createdAt: call.createdAt.toISOString(),
      data: call.payload,
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const last = job.attemptsMade + 1 >= retryPolicy(job.name, config).attempts;
    let problem: string;
    let permanent: boolean;
    try {
      // checked again at each call, the address pinned: the name may resolve elsewhere by now
      const res = await new OutboundPolicy(config.outbound.allow).post(hook.url, {
        httpsOnly: config.env === 'production',
        timeoutMs: config.webhooks.timeoutMs,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'lien-thong-hub-webhook/1',
          'x-lth-event': call.event,
          'x-lth-delivery': call.id,
          'x-lth-signature': signWebhook(webhookSecret(signingKey, call.agencyId, hook.secretVersion), timestamp, body),
        },
        body,
      });
      if (res.status >= 200 && res.status < 300) {
        await webhookRepository.markCall(prisma, call.id, {
          status: 'DELIVERED',
          attempts: { increment: 1 },
          deliveredAt: new Date(),
          lastError: null,
        });
        log.info({ callId, agencyId: call.agencyId, status: res.status }, 'webhook delivered');
        return { status: res.status };
      }
      problem = `HTTP ${res.status}`;
      permanent = res.status === 410; // Gone: the receiver says never again
    } catch (err) {
      // words that say nothing about the network inside (outbound.ts)
      problem = err instanceof OutboundRefused ? err.message : 'the receiver could not be reached';
      permanent = err instanceof OutboundRefused && /does not call/.test(err.message);
    }
    await webhookRepository.markCall(prisma, call.id, {
      attempts: { increment: 1 },
      lastError: problem,
      ...(last || permanent ? { status: 'FAILED' } : {}),
    });
    log.warn({ callId, agencyId: call.agencyId, problem, final: last || permanent }, 'webhook call failed');
    if (permanent) throw new UnrecoverableError(problem);
    throw new Error(problem);
  },
);

/** Enqueue calls left PENDING for a while (Redis was away at commit, or the enqueue failed). */
export const webhookRelayHandler = defineHandler(
  'webhook.relay',
  async ({ olderThanMs = 60_000 }, { prisma, queues }) => {
    const pending = await webhookRepository.pendingOlderThan(prisma, new Date(Date.now() - olderThanMs), 1000);
    for (const { id } of pending) await queues.enqueue('webhook.deliver', { callId: id });
    return { enqueued: pending.length };
  },
);
