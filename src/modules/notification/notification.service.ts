/**
 * Thông báo — notifications to people: one row per person, subject and channel they chose
 * (EMAIL, SMS), written in the transaction of what it tells, sent by the workers after commit,
 * retried, and recorded (sent, failed and why). The addresses stay in `person_contact`: a
 * notification's row and its job carry ids and the template's values, never an address. A
 * notification's key (what it is about) makes it once: recording it again is a no-op.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.js';
import type { HubContext } from '../../core/context.js';
import type { Queues } from '../../jobs/queues.js';
import type { Params, TemplateName } from './notification.templates.js';

export interface Notice {
  /** the person (their token's `sub`) */
  subject: string;
  agencyId: string;
  template: TemplateName;
  params: Params;
  /** what it is about, e.g. `opinion:<form>:<recipient>:reminder` */
  key: string;
}

export const CHANNELS = ['EMAIL', 'SMS'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Records the notices (one row per chosen channel; SKIPPED when the person chose none); returns the rows to send. */
export async function recordNotices(db: Db, notices: Notice[]): Promise<string[]> {
  if (!notices.length) return [];
  const contacts = await db.personContact.findMany({
    where: { subject: { in: [...new Set(notices.map((n) => n.subject))] } },
  });
  const rows = notices.flatMap((n) => {
    const c = contacts.find((x) => x.subject === n.subject);
    const base = { subject: n.subject, agencyId: n.agencyId, template: n.template, params: n.params };
    // a person is told as the agency they gave their addresses for: naming them under another
    // agency (a form or a meeting of a stranger's) reaches nobody
    if (c && c.agencyId !== n.agencyId)
      return [
        {
          ...base,
          id: randomUUID(),
          channel: 'NONE',
          dedupeKey: `${n.key}:NONE`,
          status: 'SKIPPED',
          lastError: 'the person is not of the agency they were named under',
        },
      ];
    const channels = (c?.channels ?? []).filter((ch) => (ch === 'EMAIL' ? c?.email : c?.phone));
    if (!channels.length)
      return [
        {
          ...base,
          id: randomUUID(),
          channel: 'NONE',
          dedupeKey: `${n.key}:NONE`,
          status: 'SKIPPED',
          lastError: 'the person chose no channel (setNotificationPreferences)',
        },
      ];
    return channels.map((channel) => ({ ...base, id: randomUUID(), channel, dedupeKey: `${n.key}:${channel}` }));
  });
  await db.notification.createMany({ data: rows, skipDuplicates: true });
  const pending = await db.notification.findMany({
    where: { dedupeKey: { in: rows.map((r) => r.dedupeKey) }, status: 'PENDING' },
    select: { id: true },
  });
  return pending.map((p) => p.id);
}

/** Hands recorded notifications to the workers; what Redis refuses the relay sends later. */
export async function sendNotifications(queues: Queues | undefined | null, ids: string[]): Promise<void> {
  if (!queues) return;
  for (const id of ids) await queues.enqueue('notification.send', { notificationId: id });
}

/** From a request: recorded in its transaction, handed to the workers once it commits. */
export async function notify(ctx: HubContext, notices: Notice[]): Promise<void> {
  const ids = await recordNotices(ctx.db, notices);
  if (ids.length && ctx.queues) ctx.afterCommit.push(() => sendNotifications(ctx.queues, ids));
}
