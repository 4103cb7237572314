/**
 * The meetings' KPI against a hand count, per level (paperless meetings, opinions answered on
 * time, conclusion tasks finished on time) beside targets set as data; cancelling a meeting; and
 * the statements a page of meetings costs, whatever its size.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vietnamToday } from '../../src/common/time.js';
import { CITY, COMMUNE, COMMUNE_B, SEND, sendInput } from '../support/documents.js';
import { codeOf, ok, startTestHub, type TestHub } from '../support/hub.js';
import { until } from '../support/national.js';

const DEPARTMENT = '000.00.03.H24'; // Sở Tư pháp (province level)
let hub: TestHub;
const auth = {} as Record<'city' | 'director' | 'commune' | 'communeB' | 'admin', string>;
const ids = {} as Record<'m1' | 'm2' | 'm3' | 'm4', string>;
const day = (offset: number) => new Date(vietnamToday().getTime() + offset * 86_400_000).toISOString().slice(0, 10);
const gql = (q: string, v: Record<string, unknown>, who: string) => hub.gql(q, v, who);

const member = { agencyCode: DEPARTMENT, name: 'Giám đốc Sở Tư pháp', role: 'MEMBER', subject: 'gd-tu-phap' };
async function meeting(who: string, paper: boolean, publish = true): Promise<string> {
  const id = ok(
    await gql(
      `mutation($input: ConveneMeetingInput!) { conveneMeeting(input: $input) { id } }`,
      {
        input: {
          title: 'Giao ban',
          kind: 'REGULAR',
          startsAt: new Date(Date.now() + 86_400_000).toISOString(),
          place: 'Hội trường',
          chairName: 'Chủ tịch',
          participants: [member, { agencyCode: COMMUNE_B, role: 'INVITED' }],
          items: [{ title: 'Tình hình tháng 11', paperDocuments: paper }],
        },
      },
      who,
    ),
  ).conveneMeeting.id;
  if (publish) ok(await gql('mutation($id: ID!) { publishMeeting(id: $id) { id } }', { id }, who));
  return id;
}

beforeAll(async () => {
  hub = await startTestHub();
  const t = (agency: string, sub: string) => hub.token({ role: 'OFFICER', agency, sub });
  auth.city = await t(CITY, 'van-phong');
  auth.director = await t(DEPARTMENT, 'gd-tu-phap');
  auth.commune = await t(COMMUNE, 'ct-hong-bang');
  auth.communeB = await t(COMMUNE_B, 'ct-ngo-quyen');
  auth.admin = await hub.token({ role: 'ADMIN' });
  ids.m1 = await meeting(auth.city, false);
  ids.m2 = await meeting(auth.city, true);
  ids.m3 = await meeting(auth.commune, false);
  ids.m4 = await meeting(auth.city, false);
  await meeting(auth.city, false, false); // a draft: not held
});
afterAll(() => hub?.close());

describe('cancelling a meeting', () => {
  const CANCEL = `mutation($id: ID!, $reason: String!) { cancelMeeting(id: $id, reason: $reason) { status cancelReason } }`;
  it('is the convener’s, with a reason; its members are told; it is not held', async () => {
    expect(codeOf(await gql(CANCEL, { id: ids.m4, reason: 'Trùng lịch' }, auth.director))).toBe('FORBIDDEN');
    expect(codeOf(await gql(CANCEL, { id: ids.m4, reason: ' ' }, auth.city))).toBe('BAD_USER_INPUT');
    expect(ok(await gql(CANCEL, { id: ids.m4, reason: 'Trùng lịch họp HĐND' }, auth.city)).cancelMeeting).toEqual({
      status: 'CANCELLED',
      cancelReason: 'Trùng lịch họp HĐND',
    });
    expect(codeOf(await gql(CANCEL, { id: ids.m4, reason: 'Lần nữa' }, auth.city))).toBe('CONFLICT');
    // the member had chosen no channel: the notification is recorded, not sent
    const n = await hub.sql(`SELECT subject, status FROM notification WHERE template = 'MEETING_CANCELLED'`);
    expect(n.rows).toEqual([{ subject: 'gd-tu-phap', status: 'SKIPPED' }]);
  });
});

describe('the KPI report’s meetings', () => {
  const REPORT = `query($from: Date!, $to: Date!, $code: String) { kpiReport(from: $from, to: $to, agencyCode: $code) { rows { level
    meetings { meetingsHeld paperless paperlessRate { value target met } opinionsAsked opinionsOnTime opinionOnTimeRate { value }
      tasksDue tasksOnTime taskOnTimeRate { value } } } } }`;

  beforeAll(async () => {
    // tasks: the department's finished on time; two of the commune's, one open, one finished late
    ok(
      await gql(
        `mutation($input: IssueConclusionInput!) { issueConclusion(input: $input) { id } }`,
        {
          input: {
            meetingId: ids.m1,
            document: {
              idempotencyKey: 'TB-1',
              codeNumber: '1',
              typeCode: 7,
              typeName: 'Thông báo',
              subject: 'Kết luận giao ban',
              promulgationDate: day(0),
            },
            tasks: [
              { title: 'T1', ownerAgencyCode: DEPARTMENT, dueDate: day(2) },
              { title: 'T2', ownerAgencyCode: COMMUNE_B, dueDate: day(0) },
              { title: 'T3', ownerAgencyCode: COMMUNE_B, dueDate: day(0) },
            ],
          },
        },
        auth.city,
      ),
    );
    const tasks = (await hub.sql('SELECT id, title FROM meeting_task ORDER BY position')).rows;
    const done = (title: string, who: string) =>
      gql(
        `mutation($input: TaskProgressInput!) { reportTaskProgress(input: $input) { status } }`,
        { input: { taskId: tasks.find((t) => t.title === title).id, progress: 100 } },
        who,
      );
    ok(await done('T1', auth.director));
    ok(await done('T3', auth.communeB));
    await hub.sql(`UPDATE meeting_task SET done_at = now() + interval '2 days' WHERE title = 'T3'`);
    // opinions: the director answers on time, the commune's chairman never, the other's late
    const docId = ok(await gql(SEND, { input: sendInput({ recipientCodes: [DEPARTMENT] }) }, auth.city)).sendDocument
      .id;
    const deadline = new Date(Date.now() + 1500);
    const form = ok(
      await gql(
        `mutation($input: SendOpinionFormInput!) { sendOpinionForm(input: $input) { id } }`,
        {
          input: {
            title: 'Dự thảo',
            documentId: docId,
            questions: ['Đồng ý?'],
            deadline: deadline.toISOString(),
            recipients: [
              { agencyCode: DEPARTMENT, name: 'GĐ', subject: 'gd-tu-phap' },
              { agencyCode: COMMUNE, name: 'CT', subject: 'ct-hong-bang' },
              { agencyCode: COMMUNE_B, name: 'CT B', subject: 'ct-ngo-quyen' },
            ],
          },
        },
        auth.city,
      ),
    ).sendOpinionForm;
    const answer = (who: string) =>
      gql(
        `mutation($f: ID!, $a: [OpinionAnswerInput!]!) { answerOpinionForm(formId: $f, answers: $a) { onTime } }`,
        { f: form.id, a: [{ choice: 'AGREE' }] },
        who,
      );
    expect(ok(await answer(auth.director)).answerOpinionForm.onTime).toBe(true);
    await until(async () => Date.now() > deadline.getTime(), 'the deadline passed');
    expect(ok(await answer(auth.communeB)).answerOpinionForm.onTime).toBe(false);
    ok(
      await gql(
        `mutation { setKpiTarget(indicator: MEETING_PAPERLESS_RATE, level: PROVINCE, periodStart: "${day(-30)}", value: 80, source: "Kế hoạch chuyển đổi số (thử)") { value } }`,
        {},
        auth.admin,
      ),
    );
  });

  it('equal a hand count, per level and in total, beside their targets', async () => {
    const rows = ok(await gql(REPORT, { from: day(-1), to: day(10) }, auth.admin)).kpiReport.rows;
    const of = (level: string | null) => rows.find((r: any) => r.level === level).meetings;
    // PROVINCE: meetings m1, m2 (m2 hands out paper); the director's answer; T1
    expect(of('PROVINCE')).toEqual({
      meetingsHeld: 2,
      paperless: 1,
      paperlessRate: { value: 50, target: 80, met: false },
      opinionsAsked: 1,
      opinionsOnTime: 1,
      opinionOnTimeRate: { value: 100 },
      tasksDue: 1,
      tasksOnTime: 1,
      taskOnTimeRate: { value: 100 },
    });
    // COMMUNE: m3; two persons asked, neither on time; T2 open, T3 late
    expect(of('COMMUNE')).toEqual({
      meetingsHeld: 1,
      paperless: 1,
      paperlessRate: { value: 100, target: null, met: null },
      opinionsAsked: 2,
      opinionsOnTime: 0,
      opinionOnTimeRate: { value: 0 },
      tasksDue: 2,
      tasksOnTime: 0,
      taskOnTimeRate: { value: 0 },
    });
    expect(of(null)).toMatchObject({
      meetingsHeld: 3,
      paperless: 2,
      paperlessRate: { value: 66.67 },
      opinionsAsked: 3,
      opinionsOnTime: 1,
      opinionOnTimeRate: { value: 33.33 },
      tasksDue: 3,
      tasksOnTime: 1,
      taskOnTimeRate: { value: 33.33 },
    });
    expect(of('MINISTRY')).toMatchObject({ meetingsHeld: 0, paperlessRate: { value: null } });
    // one agency's subtree: the other commune's tasks and its chairman's late answer
    const b = ok(await gql(REPORT, { from: day(-1), to: day(10), code: COMMUNE_B }, auth.admin)).kpiReport.rows;
    expect(b.find((r: any) => r.level === null).meetings).toMatchObject({
      meetingsHeld: 0,
      opinionsAsked: 1,
      opinionsOnTime: 0,
      tasksDue: 2,
    });
    // a period that holds none of it
    const empty = ok(await gql(REPORT, { from: day(-40), to: day(-35) }, auth.admin)).kpiReport.rows;
    expect(empty.find((r: any) => r.level === null).meetings).toMatchObject({ meetingsHeld: 0, tasksDue: 0 });
  });
});

describe('a page of meetings', () => {
  it('costs the same statements for 1 as for 3, with roll, programme, documents, comments, votes and tasks', async () => {
    const q = `query($first: Int!) { meetings(first: $first) { edges { node { id title conveningAgency { code }
      participants { name agency { code } } items { title presentingAgency { code } documents { id } comments { body } }
      votes { id } tasks { title ownerAgency { code } } conclusionDocument { id } } } } }`;
    const count = async (first: number) => {
      await hub.resetStatements();
      expect(ok(await gql(q, { first }, auth.city)).meetings.edges).toHaveLength(first);
      return hub.statements.length;
    };
    expect(await count(3)).toBe(await count(1));
  });
});
