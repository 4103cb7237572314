/**
 * What the e-Cabinet's notification tests share: the hub, its workers and the national sandbox
 * (the SMS gateway), an SMTP server in the test (smtp-server) that can be taken down, three
 * persons with their channels (a department's director by email and SMS, a commune's chairman and
 * the city's clerk by email), a draft, and helpers to send forms and read what was told.
 */
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { SMTPServer } from 'smtp-server';
import { Queues } from '../../src/jobs/queues.js';
import { CITY, COMMUNE, COMMUNE_B, SEND, sendInput } from './documents.js';
import { ok } from './hub.js';
import { REDIS_URL } from './infra.js';
import { startNationalRun, type NationalRun } from './national.js';

const DEPARTMENT = '000.00.03.H24'; // Sở Tư pháp
export const PREFS = `mutation($input: NotificationPreferencesInput!) { setNotificationPreferences(input: $input) { email phone channels } }`;
const SEND_FORM = `mutation($input: SendOpinionFormInput!) { sendOpinionForm(input: $input) { id deadline remindAt } }`;

export const RECIPIENTS = [
  { agencyCode: DEPARTMENT, name: 'Giám đốc Sở Tư pháp', subject: 'gd-tu-phap' },
  { agencyCode: COMMUNE, name: 'Chủ tịch UBND phường Hồng Bàng', subject: 'ct-hong-bang' },
];

interface Told {
  subject: string;
  channel: string;
  template: string;
  status: string;
  attempts: number;
  id: string;
}

export interface EcabinetRun {
  run: NationalRun;
  queues: Queues;
  auth: Record<'city' | 'director' | 'chairman' | 'deputy' | 'outsider', string>;
  documentId: string;
  /** every mail the SMTP server received */
  mails: Array<{ to: string[]; raw: string }>;
  /** the SMTP server turns every connection away (421, as a server down for maintenance does) */
  setSmtpDown(down: boolean): void;
  sendForm(deadlineInMs: number, who?: string, extra?: Record<string, unknown>): ReturnType<NationalRun['hub']['gql']>;
  /** the notifications recorded about a form, oldest first */
  notifications(formId: string): Promise<Told[]>;
  /** the mails of a notification (its id is their Message-ID) */
  mailsWith(id: string): Array<{ to: string[]; raw: string }>;
  close(): Promise<void>;
}

export async function startEcabinetRun(): Promise<EcabinetRun> {
  const mails: Array<{ to: string[]; raw: string }> = [];
  let smtpDown = false;
  const smtp = new SMTPServer({
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
  const run = await startNationalRun({
    env: {
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_FROM: 'UBND TP Hải Phòng <no-reply@haiphong.gov.vn>',
      OPINION_REMIND_BEFORE_MS: '3000',
      NOTIFY_BACKOFF_MS: '20',
      NOTIFY_ATTEMPTS: '10',
    },
  });
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queues = new Queues(connection, run.hub.config);
  const t = (agency: string, sub: string) => run.hub.token({ role: 'OFFICER', agency, sub });
  const auth = {
    city: await t(CITY, 'van-phong'),
    director: await t(DEPARTMENT, 'gd-tu-phap'),
    chairman: await t(COMMUNE, 'ct-hong-bang'),
    deputy: await t(COMMUNE, 'pct-hong-bang'),
    outsider: await t(COMMUNE_B, 'ct-ngo-quyen'),
  };
  const documentId = ok(
    await run.hub.gql(
      SEND,
      { input: sendInput({ recipientCodes: [DEPARTMENT], subject: 'Dự thảo Quy chế' }) },
      auth.city,
    ),
  ).sendDocument.id as string;
  // the director by email and SMS, the chairman by email, the city's clerk (who sends) by email
  const prefs = { email: 'gd@stp.haiphong.gov.vn', phone: '0912 345 678', channels: ['EMAIL', 'SMS'] };
  ok(await run.hub.gql(PREFS, { input: prefs }, auth.director));
  ok(await run.hub.gql(PREFS, { input: { email: 'ct@honbang.haiphong.gov.vn', channels: ['EMAIL'] } }, auth.chairman));
  ok(await run.hub.gql(PREFS, { input: { email: 'vp@haiphong.gov.vn', channels: ['EMAIL'] } }, auth.city));
  return {
    run,
    queues,
    auth,
    documentId,
    mails,
    setSmtpDown: (down) => void (smtpDown = down),
    sendForm: (deadlineInMs, who = auth.city, extra = {}) =>
      run.hub.gql(
        SEND_FORM,
        {
          input: {
            title: 'Dự thảo Quy chế làm việc của UBND thành phố',
            documentId,
            questions: ['Bố cục của dự thảo', 'Điều 5: chế độ họp'],
            deadline: new Date(Date.now() + deadlineInMs).toISOString(),
            recipients: RECIPIENTS,
            ...extra,
          },
        },
        who,
      ),
    notifications: async (formId) =>
      (
        await run.hub.sql(
          `SELECT subject, channel, template, status, attempts, id::text FROM notification WHERE dedupe_key LIKE $1 ORDER BY created_at, dedupe_key`,
          [`opinion:${formId}:%`],
        )
      ).rows as Told[],
    mailsWith: (id) => mails.filter((m) => m.raw.includes(`<${id}@lien-thong-hub>`)),
    async close() {
      await queues.close();
      connection.disconnect();
      await run.close();
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    },
  };
}
