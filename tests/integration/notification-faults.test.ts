/**
 * Notifications and opinion forms on a bad day, with real processes: an SMS whose answer was lost
 * goes out once; one the gateway refuses is recorded and shown; mail waits out an SMTP server
 * down; notifications and reminders Redis lost are found again from PostgreSQL. And the
 * statements a list of forms costs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueName } from '../../src/jobs/job-catalog.js';
import { COMMUNE } from '../support/documents.js';
import { ok } from '../support/hub.js';
import { until, type NationalRun } from '../support/national.js';
import { startEcabinetRun, type EcabinetRun } from '../support/ecabinet.js';

let e: EcabinetRun;
let run: NationalRun;
let auth: EcabinetRun['auth'];
const sendForm = (...a: Parameters<EcabinetRun['sendForm']>) => e.sendForm(...a);
const notifications = (formId: string) => e.notifications(formId);
const mailsWith = (id: string) => e.mailsWith(id);

beforeAll(async () => {
  e = await startEcabinetRun();
  ({ run, auth } = e);
});
afterAll(() => e?.close());

describe('on a bad day', () => {
  it('an SMS whose answer was lost is sent again and goes out once (the gateway knows its RequestId)', async () => {
    await run.sandboxSet('/__sandbox/faults', 'PUT', { 'sms.send': { loseAnswer: true } });
    const formId = ok(await sendForm(60_000)).sendOpinionForm.id;
    const sms = async () => (await notifications(formId)).find((n) => n.channel === 'SMS')!;
    await until(async () => {
      const id = (await sms())?.id;
      return run.sandbox.store.sms.some((m) => m['RequestId'] === id);
    }, 'the SMS accepted');
    await until(async () => (await sms()).attempts >= 1, 'the lost answer recorded');
    await run.sandboxSet('/__sandbox/faults', 'PUT', {});
    await until(async () => (await sms()).status === 'SENT', 'the SMS recorded as sent');
    const n = await sms();
    expect(n.attempts).toBeGreaterThanOrEqual(2);
    expect(run.sandbox.store.sms.filter((m) => m['RequestId'] === n.id)).toHaveLength(1);
  });

  it('an SMS the gateway refuses for good is recorded as failed, shown to its person and to operators', async () => {
    await run.sandboxSet('/__sandbox/faults', 'PUT', {
      'sms.send': { refuse: 'The phone number is blocked in the system' },
    });
    const formId = ok(await sendForm(60_000)).sendOpinionForm.id;
    const sms = async () => (await notifications(formId)).find((n) => n.channel === 'SMS')!;
    await until(async () => (await sms()).status === 'FAILED', 'the refusal recorded');
    await run.sandboxSet('/__sandbox/faults', 'PUT', {});
    expect((await sms()).attempts).toBe(1); // a refusal is not retried
    const mine = ok(
      await run.hub.gql('{ myNotifications(first: 50) { id status lastError } }', {}, auth.director),
    ).myNotifications;
    const failedId = (await sms()).id;
    expect(mine.find((n: any) => n.id === failedId)).toMatchObject({
      status: 'FAILED',
      lastError: expect.stringMatching(/99.*blocked/),
    });
    const admin = await run.hub.token({ role: 'ADMIN' });
    const warnings = ok(await run.hub.gql('{ operatorWarnings { kind } }', {}, admin)).operatorWarnings;
    expect(warnings.map((w: any) => w.kind)).toContain('NOTIFICATIONS_FAILED');
  });

  it('mail is retried while the SMTP server is down, and goes once it is back', async () => {
    e.setSmtpDown(true);
    const formId = ok(await sendForm(60_000)).sendOpinionForm.id;
    const email = async () => (await notifications(formId)).find((n) => n.subject === 'ct-hong-bang')!;
    await until(async () => (await email()).attempts >= 2, 'two attempts refused');
    expect((await email()).status).toBe('PENDING');
    e.setSmtpDown(false);
    await until(async () => (await email()).status === 'SENT', 'the mail sent once the server is back');
    expect(mailsWith((await email()).id)).toHaveLength(1);
  });

  it('notifications Redis lost are sent again from PostgreSQL by the relay', async () => {
    // recorded while Redis holds nothing of them: as after a restart that emptied it
    const rows = await run.hub.sql(
      `INSERT INTO notification (id, subject, agency_id, channel, template, params, dedupe_key)
       SELECT gen_random_uuid(), 'ct-hong-bang', id, 'EMAIL', 'OPINION_REMINDER', '{"title":"Thử","deadline":"-","name":"CT"}', 'relay-test:EMAIL'
       FROM agency WHERE code = $1 RETURNING id::text`,
      [COMMUNE],
    );
    const id = rows.rows[0].id as string;
    await e.queues.enqueue('notification.relay', { olderThanMs: 0 });
    await until(
      async () => (await run.hub.sql('SELECT status FROM notification WHERE id = $1', [id])).rows[0].status === 'SENT',
      'the relayed notification sent',
    );
    expect(mailsWith(id)).toHaveLength(1);
  });

  it('reminders and warnings Redis forgot are found again from PostgreSQL by the sweep', async () => {
    const formId = ok(await sendForm(2500)).sendOpinionForm.id;
    // Redis loses the form's delayed jobs (restarted empty, say)
    const maintenance = e.queues.get(QueueName.Maintenance);
    await maintenance.remove(`opinion-remind-${formId}`);
    await maintenance.remove(`opinion-overdue-${formId}`);
    await until(async () => !(await maintenance.getJob(`opinion-overdue-${formId}`)), 'the jobs gone');
    const deadline = Date.now() + 2600;
    await until(async () => Date.now() > deadline, 'the deadline passed');
    const overdue = async () => (await notifications(formId)).filter((n) => n.template === 'OPINION_OVERDUE');
    expect(await overdue()).toEqual([]);
    await run.settled((await e.queues.enqueue('meeting.sweep', {}))!);
    // both late: each by their channels (the director by email and SMS), and the sender once
    expect((await overdue()).map((n) => `${n.subject}:${n.channel}`).sort()).toEqual([
      'ct-hong-bang:EMAIL',
      'gd-tu-phap:EMAIL',
      'gd-tu-phap:SMS',
      'van-phong:EMAIL', // the sender: one warning naming both
    ]);
    // run again, and the form's own job after it: nobody is told twice
    await run.settled((await e.queues.enqueue('meeting.sweep', {}))!);
    await run.settled((await e.queues.enqueue('opinion.overdue', { formId }))!);
    expect(await overdue()).toHaveLength(4);
  });
});

describe('a list of opinion forms', () => {
  it('costs the same statements for 1 as for 3, with their persons, answers, agencies and drafts', async () => {
    const q = `query($first: Int!) { opinionForms(first: $first) { id agency { code } document { id } answered
      recipients { name onTime answers { choice } agency { code } } } }`;
    const count = async (first: number) => {
      await run.hub.resetStatements();
      expect(ok(await run.hub.gql(q, { first }, auth.city)).opinionForms).toHaveLength(first);
      return run.hub.statements.length;
    };
    expect(await count(3)).toBe(await count(1));
  });
});
