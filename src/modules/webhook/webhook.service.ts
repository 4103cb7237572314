/**
 * Agencies' webhooks. A change that must be pushed is recorded as a `webhook_call` row in the
 * same transaction as the change; after commit it is enqueued (job id = call id), and the relay
 * job enqueues anything left PENDING, so nothing is lost when Redis is away.
 */
import { announce } from '../../core/live.js';
import { BadUserInputError, ServiceUnavailableError } from '../../common/errors.js';
import type { Db } from '../../db/client.js';
import type { HubContext } from '../../core/context.js';
import { OutboundPolicy, OutboundRefused } from '../../integrations/outbound.js';
import { webhookRepository } from './webhook.repository.js';
import { webhookSecret } from './webhook.signing.js';

type WebhookEvent =
  | 'delivery.created'
  | 'delivery.status'
  | 'document.revoked'
  | 'document.updated'
  | 'meeting.invited'
  | 'meeting.cancelled'
  | 'meeting.taskOverdue';

/** The change a live subscriber is told of, for each webhook event. */
const LIVE_CHANGE = {
  'delivery.created': 'CREATED',
  'delivery.status': 'STATUS',
  'document.revoked': 'REVOKED',
  'document.updated': 'UPDATED',
} as const;

export interface WebhookNotice {
  agencyId: string;
  event: WebhookEvent;
  /** ids and codes only; receivers fetch the rest over GraphQL */
  payload: Record<string, string | number | null>;
}

/** The URL as the hub will call it: https in production, no credentials, nothing internal (outbound.ts). */
async function checkUrl(url: string, ctx: HubContext): Promise<string> {
  const policy = new OutboundPolicy(ctx.config.outbound.allow);
  try {
    const u = policy.checkUrl(url, { httpsOnly: ctx.config.env === 'production' });
    await policy.checkResolves(u);
    return u.toString();
  } catch (err) {
    if (err instanceof OutboundRefused) throw new BadUserInputError(`A webhook URL: ${err.message}`, { field: 'url' });
    throw err;
  }
}

export const webhookService = {
  /** Register or replace an agency's webhook; returns the signing secret, shown once. */
  async register(ctx: HubContext, agencyId: string, url: string): Promise<{ url: string; secret: string }> {
    const key = ctx.config.webhooks.signingKey;
    if (!key) throw new ServiceUnavailableError('Webhooks are not configured on this hub (WEBHOOK_SIGNING_KEY)');
    const hook = await webhookRepository.upsert(ctx.db, agencyId, await checkUrl(url, ctx));
    return { url: hook.url, secret: webhookSecret(key, agencyId, hook.secretVersion) };
  },

  async remove(ctx: HubContext, agencyId: string): Promise<boolean> {
    return (await webhookRepository.remove(ctx.db, agencyId)).count > 0;
  },

  /** Record calls for the agencies that have a webhook, and enqueue them after commit; tell live subscribers. */
  async notify(ctx: HubContext, notices: WebhookNotice[]): Promise<void> {
    if (!notices.length) return;
    // subscribers (GraphQL subscriptions) hear the same changes, live
    for (const n of notices) {
      const change = LIVE_CHANGE[n.event as keyof typeof LIVE_CHANGE];
      if (change && typeof n.payload['deliveryId'] === 'string')
        announce(ctx, { kind: 'delivery', change, deliveryId: n.payload['deliveryId'] }, [n.agencyId]);
    }
    const hooks = await webhookRepository.findMany(ctx.db, [...new Set(notices.map((n) => n.agencyId))]);
    const withHook = new Set(hooks.map((h) => h.agencyId));
    const calls = await webhookRepository.createCalls(
      ctx.db,
      notices
        .filter((n) => withHook.has(n.agencyId))
        .map((n) => ({ agencyId: n.agencyId, event: n.event, payload: n.payload })),
    );
    const queues = ctx.queues;
    if (queues)
      for (const call of calls) ctx.afterCommit.push(() => queues.enqueue('webhook.deliver', { callId: call.id }));
  },

  list: (
    db: Db,
    filter: { agencyId?: string; status?: string },
    take: number,
    after?: { createdAt: Date; id: string },
  ) => webhookRepository.listCalls(db, filter, take, after),
};
