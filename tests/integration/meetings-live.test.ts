/**
 * A meeting reaches the agencies that take part: published, it becomes an invitation on each
 * participant agency's webhook (a `meeting.invited` call, ids only), and its changes (answers,
 * votes, results) reach their live subscriptions; an agency outside it cannot subscribe.
 */
import { createClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { liveTopic } from '../../src/jobs/live-feed.js';
import { CITY, COMMUNE, COMMUNE_B } from '../support/documents.js';
import { ok, startTestHub, type TestHub } from '../support/hub.js';
import { REDIS_URL } from '../support/infra.js';
import { until } from '../support/national.js';

const DEPARTMENT = '000.00.03.H24';
let hub: TestHub;
let redis: Redis;
let city: string;
let meetingId = '';
const closers: Array<() => unknown> = [];

beforeAll(async () => {
  hub = await startTestHub({ OUTBOUND_ALLOW: '127.0.0.1' });
  redis = new Redis(REDIS_URL);
  city = await hub.token({ role: 'OFFICER', agency: CITY });
  const department = await hub.token({ role: 'OFFICER', agency: DEPARTMENT });
  ok(await hub.gql('mutation { setWebhook(url: "http://127.0.0.1:9/hook") { url } }', {}, department));
  meetingId = ok(
    await hub.gql(
      `mutation($input: ConveneMeetingInput!) { conveneMeeting(input: $input) { id } }`,
      {
        input: {
          title: 'Họp giao ban tháng 12',
          kind: 'ONLINE',
          startsAt: '2026-12-15T01:30:00.000Z',
          chairName: 'Chủ tịch UBND thành phố',
          participants: [
            { agencyCode: DEPARTMENT, name: 'Giám đốc Sở Tư pháp', role: 'MEMBER', subject: 'gd-tu-phap' },
            { agencyCode: COMMUNE, role: 'INVITED' },
          ],
          items: [{ title: 'Tình hình giải quyết hồ sơ' }],
        },
      },
      city,
    ),
  ).conveneMeeting.id;
  ok(await hub.gql('mutation($id: ID!) { publishMeeting(id: $id) { id } }', { id: meetingId }, city));
});
afterAll(async () => {
  for (const c of closers) await c();
  redis?.disconnect();
  await hub?.close();
});

function subscribe(token: string, query: string, variables: Record<string, unknown>) {
  const client = createClient({
    url: `${hub.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: token },
    retryAttempts: 0,
  });
  closers.push(() => client.dispose());
  const it = client.iterate({ query, variables });
  return async (): Promise<{ data?: any; errors?: any[] }> => {
    try {
      return (await it.next()).value as { data?: any; errors?: any[] };
    } catch (errors) {
      return { errors: Array.isArray(errors) ? errors : [errors] };
    }
  };
}

describe('a published meeting', () => {
  it("is an invitation on each participant agency's webhook, ids only", async () => {
    const calls = await hub.sql(
      `SELECT a.code, c.event, c.payload FROM webhook_call c JOIN agency a ON a.id = c.agency_id WHERE c.event = 'meeting.invited'`,
    );
    // the department has a webhook; the commune has none (no call); the convener is not invited
    expect(calls.rows).toEqual([
      {
        code: DEPARTMENT,
        event: 'meeting.invited',
        payload: expect.objectContaining({ meetingId, conveningAgencyCode: CITY }),
      },
    ]);
    expect(JSON.stringify(calls.rows[0].payload)).not.toMatch(/Giám đốc|Họp giao ban/);
  });

  it('reaches its participants live, as it changes, and no one else', async () => {
    const ward = await hub.token({ role: 'OFFICER', agency: COMMUNE });
    const next = subscribe(
      ward,
      `subscription($id: ID!) { meetingChanged(id: $id) { id currentItem votes { question status } } }`,
      {
        id: meetingId,
      },
    );
    const first = next();
    const communeId = (await hub.sql('SELECT id FROM agency WHERE code = $1', [COMMUNE])).rows[0].id as string;
    await until(async () => {
      const [, n] = (await redis.pubsub('NUMSUB', liveTopic(hub.redisPrefix, communeId))) as [string, number];
      return Number(n) > 0;
    }, 'the subscription listening');
    ok(
      await hub.gql(
        `mutation($input: OpenVoteInput!) { openVote(input: $input) { id } }`,
        { input: { meetingId, question: 'Thống nhất lịch tiếp dân?' } },
        city,
      ),
    );
    expect((await first).data.meetingChanged).toEqual({
      id: meetingId,
      currentItem: null,
      votes: [{ question: 'Thống nhất lịch tiếp dân?', status: 'OPEN' }],
    });
    // the item under discussion, as the chair's office moves it
    const moved = next();
    ok(
      await hub.gql(
        'mutation($id: ID!) { setCurrentItem(meetingId: $id, position: 1) { id } }',
        { id: meetingId },
        city,
      ),
    );
    expect((await moved).data.meetingChanged.currentItem).toBe(1);
    const outsider = await hub.token({ role: 'OFFICER', agency: COMMUNE_B });
    const refused = await subscribe(outsider, `subscription($id: ID!) { meetingChanged(id: $id) { id } }`, {
      id: meetingId,
    })();
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('a new meeting', () => {
  it('reaches an invited agency’s subscription to all its meetings when it is published, not before', async () => {
    const ward = await hub.token({ role: 'OFFICER', agency: COMMUNE });
    const next = subscribe(ward, `subscription { meetingsChanged { id title status } }`, {});
    const first = next();
    const communeId = (await hub.sql('SELECT id FROM agency WHERE code = $1', [COMMUNE])).rows[0].id as string;
    await until(async () => {
      const [, n] = (await redis.pubsub('NUMSUB', liveTopic(hub.redisPrefix, communeId))) as [string, number];
      return Number(n) > 0;
    }, 'the subscription listening');
    const id = ok(
      await hub.gql(
        `mutation($input: ConveneMeetingInput!) { conveneMeeting(input: $input) { id } }`,
        {
          input: {
            title: 'Họp chuyên đề cấp xã',
            kind: 'ONLINE',
            startsAt: '2026-12-20T01:30:00.000Z',
            chairName: 'Phó Chủ tịch UBND thành phố',
            participants: [{ agencyCode: COMMUNE, role: 'INVITED' }],
            items: [{ title: 'Sắp xếp đơn vị hành chính' }],
          },
        },
        city,
      ),
    ).conveneMeeting.id;
    ok(await hub.gql('mutation($id: ID!) { publishMeeting(id: $id) { id } }', { id }, city));
    expect((await first).data.meetingsChanged).toEqual({ id, title: 'Họp chuyên đề cấp xã', status: 'PUBLISHED' });
  });
});
