/**
 * Opinion forms (phiếu lấy ý kiến) and notifications, with the real server, PostgreSQL, Redis,
 * the workers, an SMTP server in this test (smtp-server) and the SMS gateway's sandbox: a form
 * asks a department's director and a commune's chairman; one answers at once, the other is
 * reminded before the deadline and warned after it (short delays: OPINION_REMIND_BEFORE_MS),
 * by the channels each chose. Forged answers are refused and change nothing; an SMS whose answer
 * was lost goes out once; reminders Redis forgot are found again from PostgreSQL.
 */
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueName } from '../../src/jobs/job-catalog.js';
import { Queues } from '../../src/jobs/queues.js';
import { CITY, COMMUNE, COMMUNE_B, SEND, sendInput } from '../support/documents.js';
import { codeOf, ok } from '../support/hub.js';
import { REDIS_URL } from '../support/infra.js';
import { startNationalRun, until, type NationalRun } from '../support/national.js';

const DEPARTMENT = '000.00.03.H24'; // Sở Tư pháp
const mails: Array<{ to: string[]; raw: string }> = [];
/** the SMTP server turns every connection away (421, as a server down for maintenance does) */
let smtpDown = false;
let smtp: SMTPServer;
let run: NationalRun;
let queues: Queues;
let connection: Redis;
const auth = {} as Record<'city' | 'director' | 'chairman' | 'deputy' | 'outsider' | 'system', string>;
let documentId = '';

const SEND_FORM = `mutation($input: SendOpinionFormInput!) { sendOpinionForm(input: $input) { id deadline remindAt } }`;
const ANSWER = `mutation($formId: ID!, $answers: [OpinionAnswerInput!]!) {
  answerOpinionForm(formId: $formId, answers: $answers) { id answeredAt onTime contentHash } }`;
const FORM = `query($id: ID!) { opinionForm(id: $id) { id title questions answered agency { code } document { id subject }
  recipients { name answeredAt onTime remindedAt warnedAt answers { choice comment } agency { code } } } }`;
const PREFS = `mutation($input: NotificationPreferencesInput!) { setNotificationPreferences(input: $input) { email phone channels } }`;

const recipients = [
  { agencyCode: DEPARTMENT, name: 'Giám đốc Sở Tư pháp', subject: 'gd-tu-phap' },
  { agencyCode: COMMUNE, name: 'Chủ tịch UBND phường Hồng Bàng', subject: 'ct-hong-bang' },
];
const sendForm = (deadlineInMs: number, who = auth.city, extra: Record<string, unknown> = {}) =>
  run.hub.gql(
    SEND_FORM,
    {
      input: {
        title: 'Dự thảo Quy chế làm việc của UBND thành phố',
        documentId,
        questions: ['Bố cục của dự thảo', 'Điều 5: chế độ họp'],
        deadline: new Date(Date.now() + deadlineInMs).toISOString(),
        recipients,
        ...extra,
      },
    },
    who,
  );
const notifications = async (formId: string) =>
  (
    await run.hub.sql(
      `SELECT subject, channel, template, status, attempts, id::text FROM notification WHERE dedupe_key LIKE $1 ORDER BY created_at, dedupe_key`,
      [`opinion:${formId}:%`],
    )
  ).rows as Array<{ subject: string; channel: string; template: string; status: string; attempts: number; id: string }>;
const mailsWith = (id: string) => mails.filter((m) => m.raw.includes(`<${id}@lien-thong-hub>`));

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(_session, callback) {
      if (!smtpDown) return callback();
      const err = new Error('Service not available, closing transmission channel') as Error & { responseCode: number };
      err.responseCode = 421;
      callback(err);
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        mails.push({ to: (session.envelope.rcptTo || []).map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  run = await startNationalRun({
    env: {
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_FROM: 'UBND TP Hải Phòng <no-reply@haiphong.gov.vn>',
      OPINION_REMIND_BEFORE_MS: '3000',
      NOTIFY_BACKOFF_MS: '20',
      NOTIFY_ATTEMPTS: '10',
    },
  });
  connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  queues = new Queues(connection, run.hub.config);
  const t = (agency: string, sub: string) => run.hub.token({ role: 'OFFICER', agency, sub });
  auth.city = await t(CITY, 'van-phong');
  auth.director = await t(DEPARTMENT, 'gd-tu-phap');
  auth.chairman = await t(COMMUNE, 'ct-hong-bang');
  auth.deputy = await t(COMMUNE, 'pct-hong-bang');
  auth.outsider = await t(COMMUNE_B, 'ct-ngo-quyen');
  documentId = ok(
    await run.hub.gql(
      SEND,
      { input: sendInput({ recipientCodes: [DEPARTMENT], subject: 'Dự thảo Quy chế' }) },
      auth.city,
    ),
  ).sendDocument.id;
  // the director by email and SMS, the chairman by email, the city's clerk (who sends) by email
  ok(
    await run.hub.gql(
      PREFS,
      { input: { email: 'gd@stp.haiphong.gov.vn', phone: '0912 345 678', channels: ['EMAIL', 'SMS'] } },
      auth.director,
    ),
  );
  ok(await run.hub.gql(PREFS, { input: { email: 'ct@honbang.haiphong.gov.vn', channels: ['EMAIL'] } }, auth.chairman));
  ok(await run.hub.gql(PREFS, { input: { email: 'vp@haiphong.gov.vn', channels: ['EMAIL'] } }, auth.city));
});
afterAll(async () => {
  await queues?.close();
  connection?.disconnect();
  await run?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

describe('notification preferences', () => {
  it('are a person’s own, with addresses that are addresses', async () => {
    for (const input of [
      { email: 'not-an-address', channels: ['EMAIL'] },
      { phone: '0123', channels: ['SMS'] },
      { channels: ['SMS'] },
    ])
      expect(codeOf(await run.hub.gql(PREFS, { input }, auth.deputy))).toBe('BAD_USER_INPUT');
    const key = await run.hub.token({ role: 'ADMIN' }); // a person of no agency
    expect(codeOf(await run.hub.gql(PREFS, { input: { channels: [] } }, key))).toBe('FORBIDDEN');
    expect(
      ok(await run.hub.gql('{ myNotificationPreferences { email phone channels } }', {}, auth.director))
        .myNotificationPreferences,
    ).toEqual({ email: 'gd@stp.haiphong.gov.vn', phone: '0912345678', channels: ['EMAIL', 'SMS'] });
    expect(
      ok(await run.hub.gql('{ myNotificationPreferences { email } }', {}, auth.deputy)).myNotificationPreferences,
    ).toBeNull();
    // the audit row names the person, never an address
    const audit = await run.hub.sql(
      `SELECT target_ids::text AS t FROM audit_log WHERE operation = 'setNotificationPreferences'`,
    );
    expect(audit.rows.map((r) => r.t).join()).not.toMatch(/@|0912/);
  });
});

describe('an opinion form', () => {
  let formId = '';

  it('is refused when it asks nobody, asks twice, or names a draft the agency never had', async () => {
    const before = (await run.hub.sql('SELECT count(*)::int AS n FROM opinion_form')).rows[0].n;
    for (const extra of [{ recipients: [] }, { recipients: [recipients[0], recipients[0]] }, { questions: [] }])
      expect(codeOf(await sendForm(60_000, auth.city, extra))).toBe('BAD_USER_INPUT');
    expect(codeOf(await sendForm(-1000))).toBe('BAD_USER_INPUT');
    expect(codeOf(await sendForm(60_000, auth.outsider))).toBe('BAD_USER_INPUT'); // the draft is not theirs
    expect((await run.hub.sql('SELECT count(*)::int AS n FROM opinion_form')).rows[0].n).toBe(before);
  });

  it('asks each person by the channels they chose; the draft is theirs to read through the form', async () => {
    formId = ok(await sendForm(10_000)).sendOpinionForm.id;
    await until(async () => (await notifications(formId)).every((n) => n.status === 'SENT'), 'the requests sent');
    const sent = await notifications(formId);
    expect(sent.map((n) => `${n.subject}:${n.channel}:${n.template}`).sort()).toEqual([
      'ct-hong-bang:EMAIL:OPINION_REQUESTED',
      'gd-tu-phap:EMAIL:OPINION_REQUESTED',
      'gd-tu-phap:SMS:OPINION_REQUESTED',
    ]);
    const sms = run.sandbox.store.sms.filter((m) => sent.some((n) => n.id === m['RequestId']));
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({ Phone: '84912345678', Brandname: 'UBND HP' });
    expect(sms[0]!['Content']).toMatch(/^De nghi Giam doc So Tu phap cho y kien ve: Du thao Quy che/);
    expect(run.sandbox.store.violations.filter((v) => v.system === 'sms')).toEqual([]);
    const email = mailsWith(sent.find((n) => n.subject === 'ct-hong-bang')!.id);
    expect(email).toHaveLength(1);
    expect(email[0]!.to).toEqual(['ct@honbang.haiphong.gov.vn']);
    // the commune reads the draft through the form, though it never received the document
    const f = ok(await run.hub.gql(FORM, { id: formId }, auth.chairman)).opinionForm;
    expect(f.document).toEqual({ id: documentId, subject: 'Dự thảo Quy chế' });
    expect(codeOf(await run.hub.gql(FORM, { id: formId }, auth.outsider))).toBe('FORBIDDEN');
    const listed = async (who: string) =>
      ok(await run.hub.gql('{ opinionForms { id } }', {}, who)).opinionForms.map((f: any) => f.id);
    expect(await listed(auth.chairman)).toContain(formId);
    expect(await listed(auth.city)).toContain(formId);
    expect(await listed(auth.deputy)).not.toContain(formId); // of the same commune, not asked
    expect(await listed(auth.outsider)).not.toContain(formId);
    // no address in any log line
    expect(JSON.stringify(run.hub.logs)).not.toMatch(/honbang\.haiphong|0912345678|84912345678/);
  });

  it('takes one signed answer from each person for themselves; forgeries change nothing', async () => {
    const answers = [{ choice: 'AGREE' }, { choice: 'OTHER', comment: 'Họp thường kỳ vào thứ Năm tuần đầu tháng' }];
    expect(codeOf(await run.hub.gql(ANSWER, { formId, answers }, auth.outsider))).toBe('FORBIDDEN');
    expect(codeOf(await run.hub.gql(ANSWER, { formId, answers }, auth.deputy))).toBe('FORBIDDEN'); // same agency, not asked
    expect(codeOf(await run.hub.gql(ANSWER, { formId, answers }, auth.city))).toBe('FORBIDDEN');
    expect(codeOf(await run.hub.gql(ANSWER, { formId, answers: answers.slice(0, 1) }, auth.director))).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      codeOf(await run.hub.gql(ANSWER, { formId, answers: [answers[0], { choice: 'OTHER' }] }, auth.director)),
    ).toBe('BAD_USER_INPUT');
    expect(
      (await run.hub.sql('SELECT count(*)::int AS n FROM opinion_recipient WHERE answered_at IS NOT NULL')).rows[0].n,
    ).toBe(0);
    const a = ok(await run.hub.gql(ANSWER, { formId, answers }, auth.director)).answerOpinionForm;
    expect(a.onTime).toBe(true);
    expect(codeOf(await run.hub.gql(ANSWER, { formId, answers }, auth.director))).toBe('CONFLICT'); // replayed
    const audit = await run.hub.sql(
      `SELECT target_ids FROM audit_log WHERE operation = 'answerOpinionForm' AND outcome = 'SUCCESS'`,
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0].target_ids).toContain(`sha256:${a.contentHash}`);
    // the answers are the asking agency's and the person's to read, not another recipient's
    const read = async (who: string) =>
      ok(await run.hub.gql(FORM, { id: formId }, who)).opinionForm.recipients.find((r: any) =>
        r.name.startsWith('Giám đốc'),
      );
    expect((await read(auth.city)).answers).toEqual([
      { choice: 'AGREE', comment: null },
      { choice: 'OTHER', comment: answers[1]!.comment },
    ]);
    expect((await read(auth.director)).answers).toHaveLength(2);
    expect((await read(auth.chairman)).answers).toBeNull();
  });

  it('reminds before the deadline and warns after it whoever has not answered, once, by their channels', async () => {
    await until(
      async () =>
        (await notifications(formId)).filter((n) => n.template === 'OPINION_OVERDUE' && n.status === 'SENT').length ===
        2,
      'the overdue warnings sent',
      30_000,
    );
    const all = await notifications(formId);
    const of = (template: string) =>
      all
        .filter((n) => n.template === template)
        .map((n) => `${n.subject}:${n.channel}`)
        .sort();
    expect(of('OPINION_REMINDER')).toEqual(['ct-hong-bang:EMAIL']); // the director had answered
    expect(of('OPINION_OVERDUE')).toEqual(['ct-hong-bang:EMAIL', 'van-phong:EMAIL']); // the person late, and the sender
    const f = ok(await run.hub.gql(FORM, { id: formId }, auth.city)).opinionForm;
    expect(f.answered).toBe(1);
    const late = f.recipients.find((r: any) => r.name.startsWith('Chủ tịch'));
    expect(late).toMatchObject({ answeredAt: null, onTime: null });
    expect(Date.parse(late.remindedAt)).toBeLessThan(Date.parse(late.warnedAt));
    // a late answer is taken, and counted late
    const a = ok(
      await run.hub.gql(ANSWER, { formId, answers: [{ choice: 'AGREE' }, { choice: 'DISAGREE' }] }, auth.chairman),
    );
    expect(a.answerOpinionForm.onTime).toBe(false);
    expect(mailsWith(all.find((n) => n.template === 'OPINION_REMINDER')!.id)).toHaveLength(1);
  });
});

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

  it('mail is retried while the SMTP server is down, and goes once it is back', async () => {
    smtpDown = true;
    const formId = ok(await sendForm(60_000)).sendOpinionForm.id;
    const email = async () => (await notifications(formId)).find((n) => n.subject === 'ct-hong-bang')!;
    await until(async () => (await email()).attempts >= 2, 'two attempts refused');
    expect((await email()).status).toBe('PENDING');
    smtpDown = false;
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
    await queues.enqueue('notification.relay', { olderThanMs: 0 });
    await until(
      async () => (await run.hub.sql('SELECT status FROM notification WHERE id = $1', [id])).rows[0].status === 'SENT',
      'the relayed notification sent',
    );
    expect(mailsWith(id)).toHaveLength(1);
  });

  it('reminders and warnings Redis forgot are found again from PostgreSQL by the sweep', async () => {
    const formId = ok(await sendForm(2500)).sendOpinionForm.id;
    // Redis loses the form's delayed jobs (restarted empty, say)
    const maintenance = queues.get(QueueName.Maintenance);
    await maintenance.remove(`opinion-remind-${formId}`);
    await maintenance.remove(`opinion-overdue-${formId}`);
    await until(async () => !(await maintenance.getJob(`opinion-overdue-${formId}`)), 'the jobs gone');
    const deadline = Date.now() + 2600;
    await until(async () => Date.now() > deadline, 'the deadline passed');
    const overdue = async () => (await notifications(formId)).filter((n) => n.template === 'OPINION_OVERDUE');
    expect(await overdue()).toEqual([]);
    await run.settled((await queues.enqueue('meeting.sweep', {}))!);
    // both late: each by their channels (the director by email and SMS), and the sender for each
    expect((await overdue()).map((n) => `${n.subject}:${n.channel}`).sort()).toEqual([
      'ct-hong-bang:EMAIL',
      'gd-tu-phap:EMAIL',
      'gd-tu-phap:SMS',
      'van-phong:EMAIL',
      'van-phong:EMAIL',
    ]);
    // run again, and the form's own job after it: nobody is told twice
    await run.settled((await queues.enqueue('meeting.sweep', {}))!);
    await run.settled((await queues.enqueue('opinion.overdue', { formId }))!);
    expect(await overdue()).toHaveLength(5);
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
