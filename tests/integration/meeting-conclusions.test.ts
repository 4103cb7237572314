/**
 * A meeting from invitation to conclusion, with the real server, PostgreSQL, Redis, the workers and
 * the national sandbox: the city invites a department (a member), a commune and a ministry (outside
 * the city: the giấy mời reaches it as edXML through the axis); members enter the online room with
 * their own token; comments on the draft; the conclusion goes as a document to every participant
 * with two tasks, one followed to completion, one warned overdue; the meetings' KPI equal a hand
 * count; a meeting cancelled tells its participants. Whatever is not the caller's is refused.
 */
import { jwtVerify } from 'jose';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vietnamToday } from '../../src/common/time.js';
import { Queues } from '../../src/jobs/queues.js';
import { CITY, COMMUNE, COMMUNE_B, MINISTRY, SEND, download, sendInput, upload } from '../support/documents.js';
import { codeOf, ok } from '../support/hub.js';
import { REDIS_URL } from '../support/infra.js';
import { startNationalRun, until, type NationalRun } from '../support/national.js';

const DEPARTMENT = '000.00.03.H24'; // Sở Tư pháp
const BUILDING = '000.00.05.H24'; // Sở Xây dựng, not invited
let run: NationalRun;
let queues: Queues;
let connection: Redis;
const auth = {} as Record<'city' | 'director' | 'commune' | 'outsider' | 'leader' | 'admin', string>;
let meetingId = '';
let documentId = '';
const draft = Buffer.from('Dự thảo Quy chế làm việc (bản 2)');
let draftSha = '';
const day = (offset: number) => new Date(vietnamToday().getTime() + offset * 86_400_000).toISOString().slice(0, 10);
const gql = (q: string, v: Record<string, unknown>, who: string) => run.hub.gql(q, v, who);

const CONVENE = `mutation($input: ConveneMeetingInput!) { conveneMeeting(input: $input) { id } }`;
const PUBLISH = `mutation($id: ID!, $invitation: MeetingDocumentInput) {
  publishMeeting(id: $id, invitation: $invitation) { status invitationDocument { id subject deliveries { recipient { code } } } } }`;
const MEETING = `query($id: ID!) { meeting(id: $id) { status concludedAt
  conclusionDocument { id subject deliveries { recipient { code } } }
  tasks { id position title dueDate progress status onTime ownerAgency { code } }
  items { position comments { authorName body documentId } } } }`;
const CONCLUDE = `mutation($input: IssueConclusionInput!) { issueConclusion(input: $input) { status } }`;
const PROGRESS = `mutation($input: TaskProgressInput!) { reportTaskProgress(input: $input) { progress status onTime } }`;
const ROOM = `query($id: ID!) { meeting(id: $id) { room { url room token expiresAt } } }`;

const doc = (key: string, subject: string, typeName: string) => ({
  idempotencyKey: key,
  codeNumber: key,
  codeNotation: 'TB-UBND',
  typeCode: 7,
  typeName,
  subject,
  promulgationDate: day(0),
  signerFullName: 'Nguyễn Văn A',
});
const convene = (overrides: Record<string, unknown> = {}) =>
  gql(
    CONVENE,
    {
      input: {
        title: 'Họp UBND thành phố: Quy chế làm việc',
        kind: 'HYBRID',
        startsAt: new Date(Date.now() + 86_400_000).toISOString(),
        place: 'Phòng họp số 1, 18 Hoàng Diệu',
        chairName: 'Chủ tịch UBND thành phố',
        participants: [
          { agencyCode: DEPARTMENT, name: 'Giám đốc Sở Tư pháp', role: 'MEMBER', subject: 'gd-tu-phap' },
          { agencyCode: COMMUNE, role: 'INVITED' },
          { agencyCode: MINISTRY, role: 'INVITED' },
        ],
        items: [{ title: 'Dự thảo Quy chế làm việc', presentingAgencyCode: DEPARTMENT, documentIds: [documentId] }],
        ...overrides,
      },
    },
    auth.city,
  );

beforeAll(async () => {
  run = await startNationalRun({ env: { JITSI_URL: 'https://hop.haiphong.test/' } });
  connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  queues = new Queues(connection, run.hub.config);
  const t = (agency: string, sub: string) => run.hub.token({ role: 'OFFICER', agency, sub });
  auth.city = await t(CITY, 'van-phong');
  auth.director = await t(DEPARTMENT, 'gd-tu-phap');
  auth.commune = await t(COMMUNE, 'ct-hong-bang');
  auth.outsider = await t(COMMUNE_B, 'ct-ngo-quyen');
  auth.leader = await run.hub.token({ role: 'LEADER' });
  auth.admin = await run.hub.token({ role: 'ADMIN' });
  draftSha = (await upload(run.hub, auth.city, draft)).body.sha256;
  documentId = ok(
    await gql(
      SEND,
      { input: sendInput({ recipientCodes: [DEPARTMENT], attachments: [{ sha256: draftSha, name: 'du-thao.txt' }] }) },
      auth.city,
    ),
  ).sendDocument.id;
  // another document of the city's, under the key the invitation will use: it must not become the invitation
  ok(
    await gql(
      SEND,
      { input: sendInput({ recipientCodes: [DEPARTMENT], idempotencyKey: 'GM-12', subject: 'Văn bản khác' }) },
      auth.city,
    ),
  );
  meetingId = ok(await convene()).conveneMeeting.id;
});
afterAll(async () => {
  await queues?.close();
  connection?.disconnect();
  await run?.close();
});

describe('invitations', () => {
  it('reach an agency outside the city only as a document through the axis: publishing without one is refused', async () => {
    expect(codeOf(await gql(PUBLISH, { id: meetingId }, auth.city))).toBe('BAD_USER_INPUT');
    // the programme's file is the participants' once the meeting is published, not before, not others'
    expect((await download(run.hub, auth.commune, draftSha)).status).toBe(404);
    const m = ok(
      await gql(
        PUBLISH,
        { id: meetingId, invitation: doc('GM-12', 'Giấy mời họp UBND thành phố', 'Giấy mời') },
        auth.city,
      ),
    ).publishMeeting;
    expect(m.status).toBe('PUBLISHED');
    expect(m.invitationDocument.subject).toBe('Giấy mời họp UBND thành phố');
    expect(m.invitationDocument.deliveries.map((d: any) => d.recipient.code).sort()).toEqual(
      [DEPARTMENT, COMMUNE, MINISTRY].sort(),
    );
    await until(async () => run.sandbox.store.axis.sent.length > 0, 'the giấy mời on the axis');
    expect(run.sandbox.store.axis.sent[0]!.package).toContain('Giấy mời họp UBND thành phố');
    expect(run.sandbox.store.violations).toEqual([]);
    const file = await download(run.hub, auth.commune, draftSha);
    expect(file.status).toBe(200);
    expect(file.bytes.equals(draft)).toBe(true);
    expect((await download(run.hub, auth.outsider, draftSha)).status).toBe(404);
  });
});

describe('during the meeting', () => {
  it('lets each person taking part into the online room with their own token, and nobody else', async () => {
    const room = ok(await gql(ROOM, { id: meetingId }, auth.director)).meeting.room;
    expect(room.url).toBe(`https://hop.haiphong.test/${room.room}`);
    expect(room.url).not.toContain(meetingId);
    const { payload } = await jwtVerify(room.token, new TextEncoder().encode(run.hub.config.meetings.rooms.secret), {
      audience: 'jitsi',
      issuer: 'lien-thong-hub',
      subject: 'hop.haiphong.test',
    });
    expect(payload).toMatchObject({
      room: room.room,
      moderator: false,
      context: { user: { id: 'gd-tu-phap', name: 'Giám đốc Sở Tư pháp' } },
    });
    expect(
      (
        await jwtVerify(
          ok(await gql(ROOM, { id: meetingId }, auth.city)).meeting.room.token,
          new TextEncoder().encode(run.hub.config.meetings.rooms.secret),
        )
      ).payload['moderator'],
    ).toBe(true);
    expect(codeOf(await gql(ROOM, { id: meetingId }, auth.outsider))).toBe('FORBIDDEN');
    // the department takes part through its named director: its clerk does not enter
    const clerk = await run.hub.token({ role: 'OFFICER', agency: DEPARTMENT, sub: 'van-thu-stp' });
    expect(codeOf(await gql(ROOM, { id: meetingId }, clerk))).toBe('FORBIDDEN');
    // the invited commune sends whom it chooses
    expect(ok(await gql(ROOM, { id: meetingId }, auth.commune)).meeting.room.room).toBe(room.room);
    expect(codeOf(await gql(ROOM, { id: meetingId }, auth.leader))).toBe('FORBIDDEN'); // sees it, does not take part
  });

  it('takes comments on the draft from those taking part', async () => {
    const COMMENT = `mutation($m: ID!, $p: Int!, $b: String!, $d: ID) { commentOnItem(meetingId: $m, itemPosition: $p, body: $b, documentId: $d) { authorName } }`;
    const v = { m: meetingId, p: 1, b: 'Đề nghị bổ sung Điều 7 về họp trực tuyến', d: documentId };
    expect(ok(await gql(COMMENT, v, auth.director)).commentOnItem.authorName).toBe('Giám đốc Sở Tư pháp');
    expect(codeOf(await gql(COMMENT, v, auth.outsider))).toBe('FORBIDDEN');
    expect(codeOf(await gql(COMMENT, { ...v, p: 9 }, auth.commune))).toBe('BAD_USER_INPUT');
    expect(codeOf(await gql(COMMENT, { ...v, d: meetingId }, auth.commune))).toBe('BAD_USER_INPUT');
    const items = ok(await gql(MEETING, { id: meetingId }, auth.commune)).meeting.items;
    expect(items[0].comments).toEqual([{ authorName: 'Giám đốc Sở Tư pháp', body: v.b, documentId }]);
  });
});

describe('the conclusion', () => {
  const tasks = [
    { title: 'Hoàn thiện dự thảo Quy chế', ownerAgencyCode: DEPARTMENT, dueDate: day(5) },
    { title: 'Rà soát quy chế phối hợp cấp xã', ownerAgencyCode: COMMUNE, dueDate: day(0) },
    // an agency that did not take part: it receives the conclusion with its task
    { title: 'Bố trí phòng họp trực tuyến', ownerAgencyCode: BUILDING, dueDate: day(5) },
  ];
  const conclude = (who: string, extra: Record<string, unknown> = {}) =>
    gql(
      CONCLUDE,
      {
        input: {
          meetingId,
          document: doc('TB-45', 'Thông báo kết luận của Chủ tịch UBND thành phố', 'Thông báo'),
          tasks,
          ...extra,
        },
      },
      who,
    );

  it('is the convener’s, with tasks for agencies that exist, due from today', async () => {
    expect(codeOf(await conclude(auth.director))).toBe('FORBIDDEN');
    expect(codeOf(await conclude(auth.city, { tasks: [{ ...tasks[0], dueDate: day(-1) }] }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await conclude(auth.city, { tasks: [{ ...tasks[0], ownerAgencyCode: '000.00.99.H99' }] }))).toBe(
      'BAD_USER_INPUT',
    );
    const vote = ok(
      await gql(
        `mutation($i: OpenVoteInput!) { openVote(input: $i) { id } }`,
        { i: { meetingId, question: 'Thông qua?' } },
        auth.city,
      ),
    ).openVote;
    expect(codeOf(await conclude(auth.city))).toBe('CONFLICT'); // a vote still open
    ok(await gql(`mutation($id: ID!) { closeVote(id: $id) { id } }`, { id: vote.id }, auth.city));
    const n = await run.hub.sql('SELECT count(*)::int AS n FROM meeting_task');
    expect(n.rows[0].n).toBe(0);
  });

  it('goes as a document to every participating agency, and its tasks to their owners', async () => {
    expect(ok(await conclude(auth.city)).issueConclusion.status).toBe('CONCLUDED');
    expect(codeOf(await conclude(auth.city))).toBe('CONFLICT');
    // the city, which sent it, sees every delivery; the department reads it through the meeting
    const m = ok(await gql(MEETING, { id: meetingId }, auth.city)).meeting;
    expect(ok(await gql(MEETING, { id: meetingId }, auth.director)).meeting.conclusionDocument.id).toBe(
      m.conclusionDocument.id,
    );
    expect(m.conclusionDocument.deliveries.map((d: any) => d.recipient.code).sort()).toEqual(
      [DEPARTMENT, COMMUNE, MINISTRY, BUILDING].sort(),
    );
    // each participant has it in its inbox
    for (const who of [auth.director, auth.commune]) {
      const inbox = ok(await gql('{ inbox(first: 20) { edges { node { document { id } } } } }', {}, who)).inbox;
      expect(inbox.edges.map((e: any) => e.node.document.id)).toContain(m.conclusionDocument.id);
    }
    expect(m.tasks.map((t: any) => [t.position, t.ownerAgency.code, t.status])).toEqual([
      [1, DEPARTMENT, 'OPEN'],
      [2, COMMUNE, 'OPEN'],
      [3, BUILDING, 'OPEN'],
    ]);
    const mine = ok(await gql('{ meetingTasks { title } }', {}, auth.commune)).meetingTasks;
    expect(mine).toEqual([{ title: 'Rà soát quy chế phối hợp cấp xã' }]);
  });

  it('is followed by its owner to completion; another agency cannot report it', async () => {
    const [task] = ok(await gql(MEETING, { id: meetingId }, auth.city)).meeting.tasks;
    const report = (progress: number, who: string) =>
      gql(PROGRESS, { input: { taskId: task.id, progress, note: 'Đã lấy ý kiến các sở' } }, who);
    expect(codeOf(await report(50, auth.commune))).toBe('FORBIDDEN');
    expect(ok(await report(50, auth.director)).reportTaskProgress).toEqual({
      progress: 50,
      status: 'OPEN',
      onTime: null,
    });
    expect(codeOf(await report(30, auth.director))).toBe('BAD_USER_INPUT');
    expect(ok(await report(100, auth.director)).reportTaskProgress).toEqual({
      progress: 100,
      status: 'DONE',
      onTime: true,
    });
    expect(codeOf(await report(100, auth.director))).toBe('CONFLICT');
  });

  it('warns once of a task past its due date, to its owner and the convener', async () => {
    const [, late] = ok(await gql(MEETING, { id: meetingId }, auth.city)).meeting.tasks;
    // the city and the commune listen (an address nobody answers: the calls are recorded all the same)
    await run.hub.sql(
      `INSERT INTO webhook (agency_id, url, updated_at) SELECT id, 'http://127.0.0.1:9/hook', now() FROM agency WHERE code IN ($1, $2)`,
      [CITY, COMMUNE],
    );
    // a day has passed (the task was due yesterday)
    await run.hub.sql(`UPDATE meeting_task SET due_date = $2::date WHERE id = $1`, [late.id, day(-1)]);
    for (let i = 0; i < 2; i++) await run.settled((await queues.enqueue('meeting.sweep', {}))!);
    const calls = await run.hub.sql(
      `SELECT a.code FROM webhook_call c JOIN agency a ON a.id = c.agency_id WHERE c.event = 'meeting.taskOverdue' ORDER BY a.code`,
    );
    expect(calls.rows.map((r) => r.code)).toEqual([CITY, COMMUNE].sort());
    const audit = await run.hub.sql(
      `SELECT actor_type FROM audit_log WHERE operation = 'task.overdue' AND $1 = ANY(target_ids)`,
      [late.id],
    );
    expect(audit.rows).toEqual([{ actor_type: 'SYSTEM' }]);
    // and the person who issued the conclusion, by the channels they chose (none here: recorded, not sent)
    const told = await run.hub.sql(`SELECT subject, status FROM notification WHERE dedupe_key LIKE $1`, [
      `task:${late.id}:overdue:%`,
    ]);
    expect(told.rows).toEqual([{ subject: 'van-phong', status: 'SKIPPED' }]);
    await run.hub.sql(`UPDATE meeting_task SET due_date = $2::date WHERE id = $1`, [late.id, day(0)]);
  });
});
