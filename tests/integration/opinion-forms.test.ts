/**
 * Opinion forms (phiếu lấy ý kiến) and notifications, with the real server, PostgreSQL, Redis,
 * the workers, an SMTP server in this test (smtp-server) and the SMS gateway's sandbox: a form
 * asks a department's director and a commune's chairman; one answers at once, the other is
 * reminded before the deadline and warned after it (short delays: OPINION_REMIND_BEFORE_MS),
 * by the channels each chose. Forged answers are refused and change nothing.
 */
import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMUNE_B } from '../support/documents.js';
import { codeOf, ok } from '../support/hub.js';
import { until, type NationalRun } from '../support/national.js';
import { PREFS, RECIPIENTS as recipients, startEcabinetRun, type EcabinetRun } from '../support/ecabinet.js';

const ANSWER = `mutation($formId: ID!, $answers: [OpinionAnswerInput!]!) {
  answerOpinionForm(formId: $formId, answers: $answers) { id answeredAt onTime contentHash } }`;
const FORM = `query($id: ID!) { opinionForm(id: $id) { id title questions answered agency { code } document { id subject }
  recipients { name answeredAt onTime remindedAt warnedAt answers { choice comment } agency { code } } } }`;
let e: EcabinetRun;
let run: NationalRun;
let auth: EcabinetRun['auth'];
let documentId = '';
const sendForm = (...a: Parameters<EcabinetRun['sendForm']>) => e.sendForm(...a);
const notifications = (formId: string) => e.notifications(formId);
const mailsWith = (id: string) => e.mailsWith(id);

beforeAll(async () => {
  e = await startEcabinetRun();
  ({ run, auth, documentId } = e);
});
afterAll(() => e?.close());

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
    expect(codeOf(await sendForm(400 * 86_400_000))).toBe('BAD_USER_INPUT');
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
    expect(sms[0]!['Content']).toMatch(
      /^Uy ban nhan dan thanh pho Hai Phong de nghi Giam doc So Tu phap cho y kien ve: Du thao Quy che/,
    );
    expect(run.sandbox.store.violations.filter((v) => v.system === 'sms')).toEqual([]);
    const email = mailsWith(sent.find((n) => n.subject === 'ct-hong-bang')!.id);
    expect(email).toHaveLength(1);
    expect(email[0]!.to).toEqual(['ct@honbang.haiphong.gov.vn']);
    // the commune reads the draft through the form, though it never received the document
    const f = ok(await run.hub.gql(FORM, { id: formId }, auth.chairman)).opinionForm;
    expect(f.document).toEqual({ id: documentId, subject: 'Dự thảo Quy chế' });
    expect(codeOf(await run.hub.gql(FORM, { id: formId }, auth.outsider))).toBe('FORBIDDEN');
    // of the commune, but not asked: the form is not theirs to read
    expect(codeOf(await run.hub.gql(FORM, { id: formId }, auth.deputy))).toBe('FORBIDDEN');
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

describe('a stranger naming a person', () => {
  it('under an agency not theirs reaches nobody: the notification is recorded, not sent', async () => {
    // the other commune names the director as one of its own, to have the hub write to him
    const formId = ok(
      await sendForm(60_000, auth.outsider, {
        documentId: null,
        recipients: [{ agencyCode: COMMUNE_B, name: 'Giám đốc', subject: 'gd-tu-phap' }],
      }),
    ).sendOpinionForm.id;
    expect(await e.notifications(formId)).toEqual([
      expect.objectContaining({ subject: 'gd-tu-phap', channel: 'NONE', status: 'SKIPPED' }),
    ]);
  });
});

describe('a person who signs with their own key', () => {
  it('answers only with a signature over exactly the answer', async () => {
    const formId = ok(
      await sendForm(60_000, auth.city, {
        recipients: [{ agencyCode: COMMUNE_B, name: 'Chủ tịch UBND phường Ngô Quyền', subject: 'ct-ngo-quyen' }],
      }),
    ).sendOpinionForm.id;
    const key = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    ok(
      await run.hub.gql(
        'mutation($jwk: JSONObject!) { registerSigningKey(publicKeyJwk: $jwk) { thumbprint } }',
        { jwk: await exportJWK(key.publicKey) },
        auth.outsider,
      ),
    );
    const answers = [{ choice: 'AGREE' }, { choice: 'DISAGREE', comment: 'Chưa rõ' }];
    const signed = (content: unknown) =>
      new CompactSign(new TextEncoder().encode(JSON.stringify(content)))
        .setProtectedHeader({ alg: 'EdDSA' })
        .sign(key.privateKey);
    const SIGNED = `mutation($formId: ID!, $answers: [OpinionAnswerInput!]!, $signature: String) {
      answerOpinionForm(formId: $formId, answers: $answers, signature: $signature) { signed } }`;
    const answer = (signature?: string) => run.hub.gql(SIGNED, { formId, answers, signature }, auth.outsider);
    expect(codeOf(await answer())).toBe('BAD_USER_INPUT');
    expect(
      codeOf(
        await answer(
          await signed([
            formId,
            [
              ['AGREE', ''],
              ['AGREE', ''],
            ],
          ]),
        ),
      ),
    ).toBe('FORBIDDEN');
    expect(codeOf(await answer('not.a.jws'))).toBe('FORBIDDEN');
    const good = await signed([
      formId,
      [
        ['AGREE', ''],
        ['DISAGREE', 'Chưa rõ'],
      ],
    ]);
    expect(ok(await answer(good)).answerOpinionForm).toEqual({ signed: true });
  });
});
