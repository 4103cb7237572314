import { afterAll, beforeAll, expect, it } from 'vitest';
import { vietnamToday } from '../../src/common/time.js';
import { CITY, COMMUNE, MINISTRY, REPORT, SEND, sendInput } from '../support/documents.js';
import { codeOf, startTestHub, type TestHub, ok } from '../support/hub.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.close());

const STATS = `query($from: Date!, $to: Date!, $level: AgencyLevel) { documentStats(from: $from, to: $to, level: $level) {
  byLevel { level sent received byStatus { status count } } byAgency { agency { code } sent received byStatus { status count } } } }`;

it('counts documents sent and received per agency and per level, and deliveries by status', async () => {
  const commune = await hub.token({ role: 'OFFICER', agency: COMMUNE });
  const city = await hub.token({ role: 'OFFICER', agency: CITY });
  // the Vietnamese day before and after writing: the same one, unless midnight passed meanwhile
  const from = vietnamToday().toISOString().slice(0, 10);
  for (let i = 0; i < 2; i++)
    ok(await hub.gql(SEND, { input: sendInput({ recipientCodes: [CITY, MINISTRY] }) }, commune));
  const reply = ok(await hub.gql(SEND, { input: sendInput({ recipientCodes: [COMMUNE] }) }, city)).sendDocument;
  const first = ok(await hub.gql(`{ inbox(first: 1) { edges { node { id } } } }`, {}, city)).inbox.edges[0].node.id;
  ok(await hub.gql(REPORT, { input: { deliveryId: first, status: 'ARRIVED' } }, city));
  ok(await hub.gql(REPORT, { input: { deliveryId: reply.deliveries[0].id, status: 'ARRIVED' } }, commune));
  ok(await hub.gql(REPORT, { input: { deliveryId: reply.deliveries[0].id, status: 'ACCEPTED' } }, commune));

  const to = vietnamToday().toISOString().slice(0, 10);
  const leader = await hub.token({ role: 'LEADER' });
  const stats = ok(await hub.gql(STATS, { from, to }, leader)).documentStats;
  expect(stats.byAgency).toEqual([
    { agency: { code: MINISTRY }, sent: 0, received: 2, byStatus: [{ status: 'SENT', count: 2 }] },
    {
      agency: { code: CITY },
      sent: 1,
      received: 2,
      byStatus: [
        { status: 'ARRIVED', count: 1 },
        { status: 'SENT', count: 1 },
      ],
    },
    { agency: { code: COMMUNE }, sent: 2, received: 1, byStatus: [{ status: 'ACCEPTED', count: 1 }] },
  ]);
  expect(stats.byLevel).toEqual(
    expect.arrayContaining([
      { level: 'MINISTRY', sent: 0, received: 2, byStatus: [{ status: 'SENT', count: 2 }] },
      {
        level: 'PROVINCE',
        sent: 1,
        received: 2,
        byStatus: [
          { status: 'ARRIVED', count: 1 },
          { status: 'SENT', count: 1 },
        ],
      },
      { level: 'COMMUNE', sent: 2, received: 1, byStatus: [{ status: 'ACCEPTED', count: 1 }] },
    ]),
  );
  const communesOnly = ok(await hub.gql(STATS, { from, to, level: 'COMMUNE' }, leader)).documentStats;
  expect(communesOnly.byAgency.map((a: any) => a.agency.code)).toEqual([COMMUNE]);
  const lastYear = ok(await hub.gql(STATS, { from: '2025-01-01', to: '2025-12-31' }, leader)).documentStats;
  expect(lastYear).toMatchObject({ byLevel: [], byAgency: [] });
  expect(codeOf(await hub.gql(STATS, { from, to }, commune))).toBe('FORBIDDEN');
  expect(codeOf(await hub.gql(STATS, { from, to: '2020-01-01' }, leader))).toBe('BAD_USER_INPUT');
});
