/**
 * Live updates under attack and on a bad day: the socket's budgets hold against messages sent all
 * at once, a socket gone mid-check keeps nothing, bad credentials count toward the address's
 * refusals as over HTTP, a database away is "try again later" (not "unauthorized"), a dossier of
 * another agency cannot be followed, and a subscription sent over HTTP is refused, not a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { COMMUNE, COMMUNE_B } from '../support/documents.js';
import { applicant, createProcedure } from '../support/dossiers.js';
import { codeOf, ok, startTestHub, type TestHub } from '../support/hub.js';
import { adminUrl } from '../support/infra.js';
import { until } from '../support/national.js';
import pg from 'pg';

let hub: TestHub;
let ward: string;
let wardB: string;
const open: WebSocket[] = [];

beforeAll(async () => {
  hub = await startTestHub({ ANONYMOUS_REFUSALS_PER_MINUTE: '3' });
  ward = await hub.token({ role: 'OFFICER', agency: COMMUNE, sub: 'ward' });
  wardB = await hub.token({ role: 'OFFICER', agency: COMMUNE_B, sub: 'ward-b' });
  await createProcedure(hub, await hub.token({ role: 'ADMIN' }));
});
afterAll(async () => {
  for (const s of open) s.terminate();
  await hub?.close();
});

/** A raw graphql-ws socket: its messages as they come, and how it closed. */
function socket(authorization: string | null) {
  const ws = new WebSocket(`${hub.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  open.push(ws);
  const messages: any[] = [];
  let closed: { code: number; reason: string } | null = null;
  ws.on('message', (m) => messages.push(JSON.parse(String(m))));
  ws.on('close', (code, reason) => (closed = { code, reason: String(reason) }));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return {
    ws,
    messages,
    closed: () => closed,
    async init() {
      await opened;
      ws.send(JSON.stringify({ type: 'connection_init', payload: authorization ? { authorization } : {} }));
    },
    async ready() {
      await this.init();
      await until(async () => messages.some((m) => m.type === 'connection_ack') || closed !== null, 'the ack');
      expect(closed).toBeNull();
    },
    subscribe: (id: string, query: string) => ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query } })),
  };
}

const DELIVERIES = 'subscription { deliveryChanged { change } }';

describe('budgets', () => {
  it('holds 20 subscriptions per socket against 30 sent at once', async () => {
    const s = socket(ward);
    await s.ready();
    for (let i = 0; i < 30; i++) s.subscribe(`s${i}`, DELIVERIES);
    await until(async () => s.messages.filter((m) => m.type === 'error').length >= 10, 'the refusals');
    const refused = s.messages.filter((m) => m.type === 'error');
    expect(refused).toHaveLength(10);
    expect(refused[0].payload[0].message).toMatch(/At most 20 subscriptions per connection/);
    s.ws.close();
  });

  it('gives back what a socket gone during its checks held: the caller still connects afterwards', async () => {
    const agent = await hub.token({ role: 'OFFICER', agency: COMMUNE, sub: 'many-sockets' });
    for (let i = 0; i < 15; i++) {
      const s = socket(agent);
      await s.init();
      s.ws.terminate();
    }
    const held: Array<ReturnType<typeof socket>> = [];
    for (let i = 0; i < 10; i++) {
      const s = socket(agent);
      await s.ready();
      held.push(s);
    }
    // the eleventh is one too many for one caller
    const extra = socket(agent);
    await extra.init();
    await until(async () => extra.closed() !== null, 'the eleventh socket refused');
    expect(extra.closed()!.code).toBe(4429);
    for (const s of held) s.ws.close();
  });
});

describe('credentials', () => {
  it('says "try again later" (1013) when the database is away, not that the credentials are bad', async () => {
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    // an API key is checked in the database every time
    const key = `ApiKey ${
      ok(
        await hub.gql(
          `mutation($input: IssueApiKeyInput!) { issueApiKey(input: $input) { secret } }`,
          { input: { agencyCode: COMMUNE, name: 'database away' } },
          await hub.token({ role: 'ADMIN' }),
        ),
      ).issueApiKey.secret
    }`;
    try {
      await admin.query(`ALTER DATABASE ${hub.dbName} ALLOW_CONNECTIONS false`);
      // the hub's connections go (the test's own SQL client stays)
      const mine = (await hub.sql('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND pid <> $2`,
        [hub.dbName, mine],
      );
      const s = socket(key);
      await s.init();
      await until(async () => s.closed() !== null, 'the socket closed');
      expect(s.closed()!.code).toBe(1013);
    } finally {
      await admin.query(`ALTER DATABASE ${hub.dbName} ALLOW_CONNECTIONS true`);
      await admin.end();
    }
  });
});

describe('what may be followed', () => {
  it("refuses to follow another agency's dossier, or one that does not exist", async () => {
    const code = ok(
      await hub.gql(
        `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { code } }`,
        { input: { procedureCode: '1.001193', applicant, channel: 'ONLINE' } },
        ward,
      ),
    ).submitDossier.code as string;
    const s = socket(wardB);
    await s.ready();
    s.subscribe('theirs', `subscription { dossierChanged(code: "${code}") { code } }`);
    s.subscribe('none', `subscription { dossierChanged(code: "000.00.52.H24-000000-9999") { code } }`);
    await until(async () => s.messages.filter((m) => m.type === 'next').length >= 2, 'both answers');
    const answer = (id: string) => s.messages.find((m) => m.id === id && m.type === 'next').payload;
    expect(answer('theirs').errors[0].extensions.code).toBe('FORBIDDEN');
    expect(answer('none').errors[0].extensions.code).toBe('BAD_USER_INPUT');
    s.ws.close();
  });

  it('refuses a subscription sent over HTTP (it needs the socket), with a stable code', async () => {
    const r = await hub.gql(DELIVERIES, {}, ward);
    expect(r.status).toBe(400);
    expect(codeOf(r)).toBe('BAD_REQUEST');
  });
});

// last: it leaves this address over its refusal limit for the minute
describe('refusals', () => {
  it("counts bad credentials toward the address's refusals, as over HTTP", async () => {
    const key = ok(
      await hub.gql(
        `mutation($input: IssueApiKeyInput!) { issueApiKey(input: $input) { secret } }`,
        { input: { agencyCode: COMMUNE, name: 'live limits' } },
        await hub.token({ role: 'ADMIN' }),
      ),
    ).issueApiKey.secret as string;
    for (let i = 0; i < 3; i++) {
      const s = socket('ApiKey lth_forged_key_0000000000');
      await s.init();
      await until(async () => s.closed() !== null, 'a refusal');
      expect(s.closed()!.code).toBe(4403);
    }
    // over the limit: even a valid key is turned away from this address for the minute
    const s = socket(`ApiKey ${key}`);
    await s.init();
    await until(async () => s.closed() !== null, 'the address turned away');
    expect(s.closed()!.code).toBe(4403);
  });
});
