/**
 * Votes (biểu quyết) in a meeting: each member casts their own ballot, in the room or remotely,
 * once; a forged ballot (for someone else) or a replayed one is refused and changes nothing; the
 * tally is written when the vote closes, with the quorum (more than half of the members), and never
 * changes after; a secret vote shows no one's choice; each ballot's hash is sealed in the audit chain.
 */
import { createHash } from 'node:crypto';
import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CITY, COMMUNE } from '../support/documents.js';
import { codeOf, ok, startTestHub, type TestHub } from '../support/hub.js';

const DEPARTMENT = '000.00.03.H24';
let hub: TestHub;
let city: string;
let meetingId = '';
const member = {} as Record<'chair' | 'justice' | 'finance' | 'ward', string>;

beforeAll(async () => {
  hub = await startTestHub();
  city = await hub.token({ role: 'OFFICER', agency: CITY, sub: 'van-phong' });
  member.chair = await hub.token({ role: 'OFFICER', agency: CITY, sub: 'chu-tich' });
  member.justice = await hub.token({ role: 'OFFICER', agency: DEPARTMENT, sub: 'gd-tu-phap' });
  member.finance = await hub.token({ role: 'OFFICER', agency: '000.00.02.H24', sub: 'gd-tai-chinh' });
  member.ward = await hub.token({ role: 'OFFICER', agency: COMMUNE, sub: 'chu-tich-phuong' });
  meetingId = ok(
    await hub.gql(
      `mutation($input: ConveneMeetingInput!) { conveneMeeting(input: $input) { id } }`,
      {
        input: {
          title: 'Phiên họp thường kỳ tháng 12',
          kind: 'REGULAR',
          startsAt: '2026-12-10T01:30:00.000Z',
          place: 'Phòng họp số 1',
          chairName: 'Chủ tịch UBND thành phố',
          participants: [
            { agencyCode: CITY, name: 'Chủ tịch UBND thành phố', role: 'CHAIR', subject: 'chu-tich' },
            { agencyCode: DEPARTMENT, name: 'Giám đốc Sở Tư pháp', role: 'MEMBER', subject: 'gd-tu-phap' },
            { agencyCode: '000.00.02.H24', name: 'Giám đốc Sở Tài chính', role: 'MEMBER', subject: 'gd-tai-chinh' },
            { agencyCode: COMMUNE, name: 'Chủ tịch UBND phường', role: 'MEMBER', subject: 'chu-tich-phuong' },
            { agencyCode: COMMUNE, role: 'INVITED' },
          ],
          items: [{ title: 'Kế hoạch CCHC 2027' }],
        },
      },
      city,
    ),
  ).conveneMeeting.id;
  ok(await hub.gql('mutation($id: ID!) { publishMeeting(id: $id) { id } }', { id: meetingId }, city));
});
afterAll(() => hub?.close());

const open = async (secret = false) =>
  ok(
    await hub.gql(
      `mutation($input: OpenVoteInput!) { openVote(input: $input) { id status members } }`,
      { input: { meetingId, itemPosition: 1, question: 'Thông qua Kế hoạch CCHC 2027?', secret } },
      city,
    ),
  ).openVote;
const cast = (voteId: string, who: string, choice = 'APPROVE', opinion?: string) =>
  hub.gql(
    `mutation($input: BallotInput!) { castBallot(input: $input) { id contentHash } }`,
    { input: { voteId, choice, opinion } },
    who,
  );
const close = async (id: string) =>
  ok(
    await hub.gql(
      `mutation($id: ID!) { closeVote(id: $id) { status approve reject other quorumReached members } }`,
      { id },
      city,
    ),
  ).closeVote;
const ballots = async (voteId: string) =>
  (await hub.sql('SELECT count(*)::int AS n FROM ballot WHERE vote_id = $1', [voteId])).rows[0].n as number;

describe('a vote with its quorum', () => {
  it('counts one ballot per member, remote or not, and refuses forged and replayed ones', async () => {
    const v = await open();
    expect(v).toMatchObject({ status: 'OPEN', members: 4 });
    ok(await cast(v.id, member.chair));
    const remote = ok(await cast(v.id, member.ward, 'OTHER', 'Đề nghị bổ sung chỉ tiêu cấp xã')).castBallot;
    ok(await cast(v.id, member.justice, 'REJECT'));
    // replayed: a second ballot of the same member
    expect(codeOf(await cast(v.id, member.justice, 'APPROVE'))).toBe('CONFLICT');
    // forged: a ballot for someone this person is not (the city's clerk, not a member)
    expect(codeOf(await cast(v.id, city))).toBe('FORBIDDEN');
    // an "other opinion" without its words, and a system's key, are refused too
    expect(codeOf(await cast(v.id, member.finance, 'OTHER'))).toBe('BAD_USER_INPUT');
    expect(await ballots(v.id)).toBe(3);
    // an open vote shows who chose what
    const shown = ok(
      await hub.gql(
        `query($id: ID!) { meeting(id: $id) { votes { id ballots { choice member { name } } } } }`,
        { id: meetingId },
        member.justice,
      ),
    ).meeting.votes.find((x: any) => x.id === v.id).ballots;
    expect(shown.map((b: any) => `${b.member.name}:${b.choice}`).sort()).toEqual([
      'Chủ tịch UBND phường:OTHER',
      'Chủ tịch UBND thành phố:APPROVE',
      'Giám đốc Sở Tư pháp:REJECT',
    ]);
    const result = await close(v.id);
    expect(result).toEqual({ status: 'CLOSED', approve: 1, reject: 1, other: 1, quorumReached: true, members: 4 });
    // closed: no ballot, no second tally
    expect(codeOf(await cast(v.id, member.finance))).toBe('CONFLICT');
    expect(codeOf(await hub.gql('mutation($id: ID!) { closeVote(id: $id) { id } }', { id: v.id }, city))).toBe(
      'CONFLICT',
    );
    expect(await ballots(v.id)).toBe(3);
    // a nonce nobody sees is in the hash: it cannot be guessed from the three possible choices
    const row = (await hub.sql('SELECT nonce, content_hash FROM ballot WHERE id = $1', [remote.id])).rows[0];
    expect(row.nonce).toMatch(/^[0-9a-f]{64}$/);
    expect(row.content_hash).toBe(remote.contentHash);
    // the ballot's hash is sealed in the audit chain
    const audit = await hub.sql(`SELECT operation FROM audit_log WHERE $1 = ANY(target_ids)`, [
      `sha256:${remote.contentHash}`,
    ]);
    expect(audit.rows.map((r) => r.operation)).toEqual(['castBallot']);
  });
});

describe('a vote without its quorum, secret', () => {
  it('tallies what was cast, says the quorum was not reached, and shows no one’s choice', async () => {
    const v = await open(true);
    ok(await cast(v.id, member.finance, 'APPROVE'));
    ok(await cast(v.id, member.chair, 'APPROVE'));
    expect(await close(v.id)).toMatchObject({ approve: 2, reject: 0, other: 0, quorumReached: false });
    const seen = ok(
      await hub.gql(
        `query($id: ID!) { meeting(id: $id) { votes { secret ballotsCast ballots { choice } } } }`,
        { id: meetingId },
        member.ward,
      ),
    ).meeting.votes;
    expect(seen[1]).toEqual({ secret: true, ballotsCast: 2, ballots: [] });
    expect(seen[0].ballots).toHaveLength(3);
  });

  it('is opened and closed only by the convening agency', async () => {
    expect(
      codeOf(
        await hub.gql(
          `mutation($input: OpenVoteInput!) { openVote(input: $input) { id } }`,
          { input: { meetingId, question: 'x' } },
          member.justice,
        ),
      ),
    ).toBe('FORBIDDEN');
  });
});

describe('a member who signs with their own key', () => {
  const REGISTER = `mutation($jwk: JSONObject!) { registerSigningKey(publicKeyJwk: $jwk) { thumbprint } }`;
  const castSigned = (voteId: string, who: string, choice: string, signature?: string) =>
    hub.gql(
      `mutation($input: BallotInput!) { castBallot(input: $input) { id signature } }`,
      { input: { voteId, choice, signature } },
      who,
    );
  const sign = (key: CryptoKey, content: unknown[]) =>
    new CompactSign(new TextEncoder().encode(JSON.stringify(content))).setProtectedHeader({ alg: 'ES256' }).sign(key);

  it('casts only ballots signed with it: unsigned, forged or meant for another vote are refused', async () => {
    const mine = await generateKeyPair('ES256', { extractable: true });
    const someoneElse = await generateKeyPair('ES256');
    const jwk = await exportJWK(mine.publicKey);
    // a private key is refused, and so is a key of another kind
    expect(codeOf(await hub.gql(REGISTER, { jwk: await exportJWK(mine.privateKey) }, member.ward))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(await hub.gql(REGISTER, { jwk: { kty: 'oct', k: 'c2VjcmV0' } }, member.ward))).toBe('BAD_USER_INPUT');
    ok(await hub.gql(REGISTER, { jwk }, member.ward));
    // a session alone never replaces it (a stolen one would then sign): an administrator revokes it first
    const other = await exportJWK((await generateKeyPair('ES256')).publicKey);
    expect(codeOf(await hub.gql(REGISTER, { jwk: other }, member.ward))).toBe('CONFLICT');
    const REVOKE = `mutation { revokeSigningKey(subject: "chu-tich-phuong") { thumbprint } }`;
    expect(codeOf(await hub.gql(REVOKE, {}, member.ward))).toBe('FORBIDDEN');
    ok(await hub.gql(REVOKE, {}, await hub.token({ role: 'ADMIN' })));
    ok(await hub.gql(REGISTER, { jwk }, member.ward));
    const v = await open();
    const another = await open();
    expect(codeOf(await castSigned(v.id, member.ward, 'APPROVE'))).toBe('BAD_USER_INPUT');
    expect(
      codeOf(await castSigned(v.id, member.ward, 'APPROVE', await sign(someoneElse.privateKey, [v.id, 'APPROVE', '']))),
    ).toBe('FORBIDDEN');
    expect(
      codeOf(await castSigned(v.id, member.ward, 'APPROVE', await sign(mine.privateKey, [v.id, 'REJECT', '']))),
    ).toBe('FORBIDDEN');
    expect(
      codeOf(await castSigned(v.id, member.ward, 'APPROVE', await sign(mine.privateKey, [another.id, 'APPROVE', '']))),
    ).toBe('FORBIDDEN');
    expect(await ballots(v.id)).toBe(0);
    const signature = await sign(mine.privateKey, [v.id, 'APPROVE', '']);
    const b = ok(await castSigned(v.id, member.ward, 'APPROVE', signature)).castBallot;
    expect(b.signature).toBe(signature);
    // the signature's hash is sealed with the ballot
    const digest = createHash('sha256').update(signature).digest('hex');
    const audit = await hub.sql(`SELECT operation FROM audit_log WHERE $1 = ANY(target_ids)`, [`jws-sha256:${digest}`]);
    expect(audit.rows.map((r) => r.operation)).toEqual(['castBallot']);
    // a member without a key still votes bound to their session; one who gives a signature without a key is told
    expect(codeOf(await castSigned(v.id, member.justice, 'APPROVE', signature))).toBe('BAD_USER_INPUT');
    ok(await castSigned(v.id, member.justice, 'APPROVE'));
  });
});
