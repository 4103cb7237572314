/** Notifications' jobs: send one recorded notification; relay those left PENDING. */
import { UnrecoverableError } from 'bullmq';
import { defineHandler, defineSchedule } from '../../core/job-context.js';
import { QueueName, type JobSpecs } from '../../jobs/job-catalog.js';
import { UpstreamRefusedError } from '../../integrations/http.js';
import { sendMail } from './mail.transport.js';
import { smsGateway } from './sms.gateway.js';
import { isTemplate, smsText, TEMPLATES, type Params } from './notification.templates.js';
import { sendNotifications } from './notification.service.js';
import { withoutAddresses } from './redact.js';

declare module '../../jobs/job-catalog.js' {
  interface JobPayloads {
    /** Send one recorded notification (table notification) on its channel. */
    'notification.send': { notificationId: string };
    /** Enqueue notifications still PENDING after `olderThanMs` (default 60 s). */
    'notification.relay': { olderThanMs?: number };
  }
}

export const notificationJobs: JobSpecs<'notification.send' | 'notification.relay'> = {
  'notification.send': {
    queue: QueueName.Webhooks,
    jobId: (p) => `notification-${p.notificationId}`,
    attempts: (c) => c.meetings.notify.attempts,
    backoffMs: (c) => c.meetings.notify.backoffMs,
    failed: async (db, p, reason) => {
      await db.notification.updateMany({
        where: { id: p.notificationId, status: 'PENDING' },
        data: { status: 'FAILED', lastError: reason.slice(0, 500) },
      });
    },
  },
  'notification.relay': { queue: QueueName.Webhooks, jobId: () => undefined, attempts: 1, backoffMs: 1000 },
};

export const notificationSchedules = () => [
  defineSchedule({
    id: 'notification.relay.every-minute',
    job: 'notification.relay',
    data: {},
    repeat: { every: 60_000 },
  }),
];

/**
 * Send one notification to the address the person gives now. Idempotent: one no longer PENDING is
 * skipped; the receiving side recognises a repeat (SMS RequestId, email Message-ID: the id).
 */
export const notificationSendHandler = defineHandler(
  'notification.send',
  async ({ notificationId }, { prisma, config, log }) => {
    const n = await prisma.notification.findUnique({ where: { id: notificationId } });
    if (!n || n.status !== 'PENDING') return { skipped: n?.status ?? 'missing' };
    const fail = async (why: string) => {
      await prisma.notification.update({ where: { id: n.id }, data: { status: 'FAILED', lastError: why } });
      throw new UnrecoverableError(why);
    };
    if (!isTemplate(n.template)) return fail(`no template ${n.template} in this version`);
    const contact = await prisma.personContact.findUnique({ where: { subject: n.subject } });
    const address = n.channel === 'EMAIL' ? contact?.email : contact?.phone;
    if (!address || !contact?.channels.includes(n.channel)) return fail('the person no longer takes this channel');
    const params = n.params as Params;
    let providerId: string;
    try {
      providerId =
        n.channel === 'EMAIL'
          ? await sendMail(config.meetings.mail, {
              id: n.id,
              to: address,
              subject: TEMPLATES[n.template].subject(params),
              text: TEMPLATES[n.template].text(params),
            })
          : await smsGateway(config.meetings.sms).send({
              phone: address,
              content: smsText(n.template, params),
              requestId: n.id,
            });
    } catch (err) {
      const why = withoutAddresses((err as Error).message);
      // never the address in the log: the notification's id says which
      log.warn({ notificationId: n.id, channel: n.channel, problem: why }, 'notification not sent');
      await prisma.notification.update({ where: { id: n.id }, data: { attempts: { increment: 1 }, lastError: why } });
      if (err instanceof UpstreamRefusedError) return fail(why);
      throw err;
    }
    await prisma.notification.update({
      where: { id: n.id },
      data: { status: 'SENT', sentAt: new Date(), providerId, attempts: { increment: 1 }, lastError: null },
    });
    log.info({ notificationId: n.id, channel: n.channel, template: n.template }, 'notification sent');
    return { sent: n.channel };
  },
);

/** Send what was recorded but not handed (Redis away at commit, or an enqueue failed). */
export const notificationRelayHandler = defineHandler(
  'notification.relay',
  async ({ olderThanMs = 60_000 }, { prisma, queues }) => {
    const pending = await prisma.notification.findMany({
      where: { status: 'PENDING', createdAt: { lt: new Date(Date.now() - olderThanMs) } },
      select: { id: true },
      orderBy: { createdAt: 'asc' },
      take: 1000,
    });
    await sendNotifications(
      queues,
      pending.map((p) => p.id),
    );
    return { enqueued: pending.length };
  },
);
