/**
 * Meetings (e-Cabinet), first slice: the city convenes a meeting with a department (a named member)
 * and a commune (invited); its documents are read by the participants only, once published; a
 * delegate answers; the convener sees the roll; everything else is refused and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CITY, COMMUNE, COMMUNE_B, SEND, sendInput } from '../support/documents.js';
import { codeOf, ok, startTestHub, type TestHub } from '../support/hub.js';

const DEPARTMENT = '000.00.03.H24'; // Sở Tư pháp
let hub: TestHub;
const auth = {} as Record<'city' | 'department' | 'commune' | 'outsider' | 'leader', string>;
let meetingId = '';
let documentId = '';

const MEETING = `query($id: ID!) { meeting(id: $id) { id title status conveningAgency { code }
  participants { id name role answer absenceReason delegateName agency { code } }
  items { position title presentingAgency { code } documents { id subject } } } }`;
const CONVENE = `mutation($input: ConveneMeetingInput!) { conveneMeeting(input: $input) { id status } }`;
const ANSWER = `mutation($input: InvitationAnswerInput!) { answerInvitation(input: $input) { id answer delegateName } }`;

beforeAll(async () => {
  hub = await startTestHub();
  auth.city = await hub.token({ role: 'OFFICER', agency: CITY, sub: 'van-phong' });
  auth.department = await hub.token({ role: 'OFFICER', agency: DEPARTMENT, sub: 'gd-tu-phap' });
  auth.commune = await hub.token({ role: 'OFFICER', agency: COMMUNE });
  auth.outsider = await hub.token({ role: 'OFFICER', agency: COMMUNE_B });
  auth.leader = await hub.token({ role: 'LEADER' });
  // a document the city sent its department: the commune never received it
  documentId = ok(
    await hub.gql(
      SEND,
      { input: sendInput({ recipientCodes: [DEPARTMENT], subject: 'Dự thảo kế hoạch CCHC 2027' }) },
      auth.city,
    ),
  ).sendDocument.id;
});
afterAll(() => hub?.close());

const convene = (overrides: Record<string, unknown> = {}, who = auth.city) =>
  hub.gql(
    CONVENE,
    {
      input: {
        title: 'Họp UBND thành phố tháng 12',
        kind: 'HYBRID',
        startsAt: '2026-12-10T01:30:00.000Z',
        place: 'Phòng họp số 1, 18 Hoàng Diệu',
        chairName: 'Chủ tịch UBND thành phố',
        participants: [
          { agencyCode: DEPARTMENT, name: 'Giám đốc Sở Tư pháp', role: 'MEMBER', subject: 'gd-tu-phap' },
          { agencyCode: COMMUNE, role: 'INVITED' },
        ],
        items: [
          { title: 'Kế hoạch cải cách hành chính 2027', presentingAgencyCode: DEPARTMENT, documentIds: [documentId] },
        ],
        ...overrides,
      },
    },
    who,
  );
const count = async () => (await hub.sql('SELECT count(*)::int AS n FROM meeting')).rows[0].n as number;

describe('a meeting convened by the city', () => {
  it('is a draft only the city sees, then published to its participants', async () => {
    const m = ok(await convene()).conveneMeeting;
    meetingId = m.id;
    expect(m.status).toBe('DRAFT');
    expect(ok(await hub.gql(MEETING, { id: meetingId }, auth.city)).meeting.participants).toHaveLength(2);
    expect(codeOf(await hub.gql(MEETING, { id: meetingId }, auth.department))).toBe('FORBIDDEN');
    expect(
      codeOf(
        await hub.gql('mutation($id: ID!) { publishMeeting(id: $id) { id } }', { id: meetingId }, auth.department),
      ),
    ).toBe('FORBIDDEN');
    expect(
      ok(await hub.gql('mutation($id: ID!) { publishMeeting(id: $id) { status } }', { id: meetingId }, auth.city))
        .publishMeeting.status,
    ).toBe('PUBLISHED');
    expect(
      codeOf(await hub.gql('mutation($id: ID!) { publishMeeting(id: $id) { id } }', { id: meetingId }, auth.city)),
    ).toBe('CONFLICT');
  });

  it('puts its documents before its participants only: the commune reads a document it never received', async () => {
    for (const who of [auth.department, auth.commune, auth.leader]) {
      const m = ok(await hub.gql(MEETING, { id: meetingId }, who)).meeting;
      expect(m.items[0]).toMatchObject({ position: 1, presentingAgency: { code: DEPARTMENT } });
      expect(m.items[0].documents).toEqual([{ id: documentId, subject: 'Dự thảo kế hoạch CCHC 2027' }]);
    }
    expect(
      codeOf(await hub.gql(`query($id: ID!) { document(id: $id) { id } }`, { id: documentId }, auth.commune)),
    ).toBe('FORBIDDEN');
    expect(codeOf(await hub.gql(MEETING, { id: meetingId }, auth.outsider))).toBe('FORBIDDEN');
    expect(codeOf(await hub.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: meetingId }, auth.outsider))).toBe(
      'FORBIDDEN',
    );
    expect(
      ok(await hub.gql(`query($id: ID!) { node(id: $id) { __typename } }`, { id: meetingId }, auth.commune)).node,
    ).toEqual({ __typename: 'Meeting' });
    expect(ok(await hub.gql('{ meetings(first: 10) { totalCount } }', {}, auth.outsider)).meetings.totalCount).toBe(0);
    expect(ok(await hub.gql('{ meetings(first: 10) { totalCount } }', {}, auth.commune)).meetings.totalCount).toBe(1);
  });

  it('takes answers from each participant for itself, a delegate named, and shows the convener the roll', async () => {
    const roll = ok(await hub.gql(MEETING, { id: meetingId }, auth.city)).meeting.participants;
    const member = roll.find((p: any) => p.agency.code === DEPARTMENT);
    const invited = roll.find((p: any) => p.agency.code === COMMUNE);
    expect(
      codeOf(await hub.gql(ANSWER, { input: { participantId: member.id, answer: 'ATTEND' } }, auth.outsider)),
    ).toBe('FORBIDDEN');
    expect(
      codeOf(await hub.gql(ANSWER, { input: { participantId: member.id, answer: 'DELEGATE' } }, auth.department)),
    ).toBe('BAD_USER_INPUT');
    // the member answers for themselves: a clerk of the same department does not
    const clerk = await hub.token({ role: 'OFFICER', agency: DEPARTMENT, sub: 'van-thu-stp' });
    expect(codeOf(await hub.gql(ANSWER, { input: { participantId: member.id, answer: 'ATTEND' } }, clerk))).toBe(
      'FORBIDDEN',
    );
    ok(
      await hub.gql(
        ANSWER,
        { input: { participantId: member.id, answer: 'DELEGATE', delegateName: 'Phó Giám đốc Sở Tư pháp' } },
        auth.department,
      ),
    );
    expect(
      codeOf(await hub.gql(ANSWER, { input: { participantId: invited.id, answer: 'ABSENT' } }, auth.commune)),
    ).toBe('BAD_USER_INPUT');
    ok(
      await hub.gql(
        ANSWER,
        { input: { participantId: invited.id, answer: 'ABSENT', absenceReason: 'Trùng lịch tiếp dân' } },
        auth.commune,
      ),
    );
    const after = ok(await hub.gql(MEETING, { id: meetingId }, auth.city)).meeting.participants;
    expect(after).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          agency: { code: DEPARTMENT },
          answer: 'DELEGATE',
          delegateName: 'Phó Giám đốc Sở Tư pháp',
        }),
        expect.objectContaining({ agency: { code: COMMUNE }, answer: 'ABSENT', absenceReason: 'Trùng lịch tiếp dân' }),
      ]),
    );
    const audit = await hub.sql(`SELECT operation FROM audit_log WHERE $1 = ANY(target_ids) ORDER BY seq`, [meetingId]);
    expect(audit.rows.map((r) => r.operation)).toEqual(
      expect.arrayContaining(['conveneMeeting', 'publishMeeting', 'answerInvitation']),
    );
  });

  it("refuses what is not the convener's to put, and changes nothing", async () => {
    const before = await count();
    // a document the city neither sent nor received
    const theirs = ok(await hub.gql(SEND, { input: sendInput({ recipientCodes: [COMMUNE_B] }) }, auth.commune))
      .sendDocument.id;
    expect(codeOf(await convene({ items: [{ title: 'x', documentIds: [theirs] }] }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await convene({ participants: [{ agencyCode: '000.00.99.H99', role: 'INVITED' }] }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(await convene({ participants: [{ agencyCode: DEPARTMENT, role: 'MEMBER' }] }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(await convene({ kind: 'REGULAR', place: null }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await convene({}, auth.leader))).toBe('FORBIDDEN');
    // a member without the identity they vote with, or named twice
    expect(
      codeOf(await convene({ participants: [{ agencyCode: DEPARTMENT, name: 'Giám đốc', role: 'MEMBER' }] })),
    ).toBe('BAD_USER_INPUT');
    const twice = { agencyCode: DEPARTMENT, name: 'Giám đốc', role: 'MEMBER', subject: 'gd-tu-phap' };
    expect(codeOf(await convene({ participants: [twice, { ...twice, name: 'Phó Giám đốc' }] }))).toBe('BAD_USER_INPUT');
    // an ADMIN of the city convenes with the city's documents only, not another agency's
    const admin = await hub.token({ role: 'ADMIN', agency: CITY });
    expect(codeOf(await convene({ items: [{ title: 'x', documentIds: [theirs] }] }, admin))).toBe('BAD_USER_INPUT');
    expect(await count()).toBe(before);
  });
});

describe('a draft', () => {
  const UPDATE = `mutation($id: ID!, $input: ConveneMeetingInput!) { updateMeeting(id: $id, input: $input) { id title status } }`;
  const input = {
    title: 'Họp chuyên đề chuyển đổi số',
    kind: 'ONLINE',
    startsAt: '2026-12-12T02:00:00.000Z',
    chairName: 'Phó Chủ tịch UBND thành phố',
    participants: [{ agencyCode: COMMUNE_B, role: 'INVITED' }],
    items: [{ title: 'Kết quả chuyển đổi số năm 2026', paperDocuments: true }],
  };

  it('is edited as a whole by its convener until published, then fixed; nobody else edits it', async () => {
    const id = ok(await convene()).conveneMeeting.id;
    expect(codeOf(await hub.gql(UPDATE, { id, input }, auth.department))).toBe('FORBIDDEN');
    expect(codeOf(await hub.gql(UPDATE, { id, input: { ...input, participants: [] } }, auth.city))).toBe(
      'BAD_USER_INPUT',
    );
    expect(ok(await hub.gql(UPDATE, { id, input }, auth.city)).updateMeeting).toMatchObject({
      title: 'Họp chuyên đề chuyển đổi số',
      status: 'DRAFT',
    });
    const m = ok(await hub.gql(MEETING, { id }, auth.city)).meeting;
    expect(m.participants.map((p: any) => p.agency.code)).toEqual([COMMUNE_B]);
    expect(m.items.map((i: any) => i.title)).toEqual(['Kết quả chuyển đổi số năm 2026']);
    ok(await hub.gql('mutation($id: ID!) { publishMeeting(id: $id) { id } }', { id }, auth.city));
    expect(codeOf(await hub.gql(UPDATE, { id, input }, auth.city))).toBe('CONFLICT');
    // the commune it no longer invites never saw it; the one it invites does now
    expect(codeOf(await hub.gql(MEETING, { id }, auth.commune))).toBe('FORBIDDEN');
    expect(ok(await hub.gql(MEETING, { id }, auth.outsider)).meeting.title).toBe('Họp chuyên đề chuyển đổi số');
  });

  it('cancelled before it was published, stays the convener’s: its invitees never see it', async () => {
    const id = ok(await convene()).conveneMeeting.id;
    ok(await hub.gql('mutation($id: ID!) { cancelMeeting(id: $id, reason: "Hoãn") { id } }', { id }, auth.city));
    expect(codeOf(await hub.gql(MEETING, { id }, auth.department))).toBe('FORBIDDEN');
    const listed = ok(await hub.gql('{ meetings(first: 50) { edges { node { id } } } }', {}, auth.commune)).meetings;
    expect(listed.edges.map((e: any) => e.node.id)).not.toContain(id);
  });
});
