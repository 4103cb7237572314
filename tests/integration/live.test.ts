/**
 * Live updates: GraphQL subscriptions over WebSocket (graphql-ws), fed through Redis. A change made
 * through another API process (a real one, as production runs it) or by a worker reaches the
 * subscribers of this one; each agency hears only its own; credentials are checked like over HTTP.
 */
import { createClient, type Client } from 'graphql-ws';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { liveTopic } from '../../src/jobs/live-feed.js';
import { COMMUNE, COMMUNE_B, CITY, sendInput } from '../support/documents.js';
import { MOVE, applicant, createProcedure } from '../support/dossiers.js';
import { ok, startTestHub, type TestHub } from '../support/hub.js';
import { REDIS_URL } from '../support/infra.js';
import { startNationalRun, until, type NationalRun } from '../support/national.js';
import { PAYER, platformCallback, postPlatformCallback, setCollectionAccounts } from '../support/payments.js';
import { ownRedis, processEnv, startApiProcess, type ApiProcess, type Cleanups } from '../support/processes.js';

let run: NationalRun;
let hub: TestHub;
let other: ApiProcess;
let redis: Redis;
const cleanups: Cleanups = [];
const tokens = {} as Record<'commune' | 'communeB' | 'city' | 'leader', string>;
const ids = {} as Record<string, string>;

beforeAll(async () => {
  // this hub's API and workers in this process, and a second API process on the same database and Redis
  run = await startNationalRun();
  hub = run.hub;
  other = await startApiProcess(processEnv(hub, REDIS_URL), cleanups);
  redis = new Redis(REDIS_URL);
  tokens.commune = await hub.token({ role: 'OFFICER', agency: COMMUNE });
  tokens.communeB = await hub.token({ role: 'OFFICER', agency: COMMUNE_B });
  tokens.city = await hub.token({ role: 'OFFICER', agency: CITY });
  tokens.leader = await hub.token({ role: 'LEADER' });
  await createProcedure(hub, await hub.token({ role: 'ADMIN' }));
  await setCollectionAccounts(hub, [COMMUNE]);
  for (const code of [COMMUNE, COMMUNE_B, CITY])
    ids[code] = ok(await hub.gql(`{ agency(code: "${code}") { id } }`, {}, tokens.leader)).agency.id;
});
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  redis?.disconnect();
  await run?.close();
});

/** A graphql-ws client of this hub's API (or `of`'s), with these connection credentials. */
function client(authorization: string | null, closed?: (code: number) => void, of: { url: string } = hub): Client {
  const c = createClient({
    url: `${of.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: authorization ? { authorization } : {},
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
    on: { closed: (e) => closed?.((e as { code: number }).code) },
  });
  cleanups.push(async () => c.dispose());
  return c;
}

/** A subscription's results, read one at a time. */
function subscribe(c: Client, query: string, variables: Record<string, unknown> = {}) {
  const it = c.iterate({ query, variables });
  return {
    // a refused subscription ends with graphql-ws's error message: its errors, thrown
    next: async (): Promise<{ data?: any; errors?: any[] }> => {
      try {
        return (await it.next()).value as { data?: any; errors?: any[] };
      } catch (errors) {
        return { errors: Array.isArray(errors) ? errors : [errors] };
      }
    },
    stop: () => it.return?.(),
  };
}

/** Until this hub's process listens on the channel (a subscription is live once Redis has its SUBSCRIBE). */
const listening = (agencyId: string | null, on: Redis = redis, prefix = hub.redisPrefix) =>
  until(
    async () => {
      const [, n] = (await on.pubsub('NUMSUB', liveTopic(prefix, agencyId)).catch(() => [0, 0])) as [string, number];
      return Number(n) > 0;
    },
    `a subscriber of ${agencyId ?? 'every agency'}`,
  );

const DELIVERIES = `subscription($agency: String) { deliveryChanged(agencyCode: $agency) {
  change delivery { id status recipient { code } document { subject sender { code } } } } }`;
const send = (to: string[], subject: string) =>
  other.gql(
    `mutation($input: SendDocumentInput!) { sendDocument(input: $input) { id deliveries { id } } }`,
    { input: sendInput({ recipientCodes: to, subject }) },
    tokens.commune,
  );

describe('deliveries', () => {
  it('reach the recipient when sent through another API process, and no other agency', async () => {
    const city = subscribe(client(tokens.city), DELIVERIES);
    const ward = subscribe(client(tokens.communeB), DELIVERIES);
    await listening(ids[CITY]!);
    await listening(ids[COMMUNE_B]!);
    ok(await send([CITY], 'Công văn cho thành phố'));
    const first = await city.next();
    expect(first.errors).toBeUndefined();
    expect(first.data.deliveryChanged).toMatchObject({
      change: 'CREATED',
      delivery: { status: 'SENT', recipient: { code: CITY }, document: { subject: 'Công văn cho thành phố' } },
    });
    // the ward hears its own document next, never the city's
    ok(await send([COMMUNE_B], 'Công văn cho phường'));
    expect((await ward.next()).data.deliveryChanged.delivery.document.subject).toBe('Công văn cho phường');
    city.stop();
    ward.stop();
  });

  it('tell the sender of a status its recipient reports, with the delivery as it is now', async () => {
    const sender = subscribe(client(tokens.commune), DELIVERIES);
    await listening(ids[COMMUNE]!);
    const doc = ok(await send([CITY], 'Báo cáo tháng')).sendDocument;
    ok(
      await other.gql(
        `mutation($input: DeliveryStatusInput!) { reportDeliveryStatus(input: $input) { event { id } } }`,
        { input: { deliveryId: doc.deliveries[0].id, status: 'ARRIVED' } },
        tokens.city,
      ),
    );
    const change = (await sender.next()).data.deliveryChanged;
    expect(change).toMatchObject({ change: 'STATUS', delivery: { id: doc.deliveries[0].id, status: 'ARRIVED' } });
    sender.stop();
  });

  it("lets a LEADER follow every agency, and refuses an officer naming another agency's", async () => {
    const leader = subscribe(client(tokens.leader), DELIVERIES);
    await listening(null);
    ok(await send([CITY], 'Cho lãnh đạo theo dõi'));
    expect((await leader.next()).data.deliveryChanged.delivery.document.subject).toBe('Cho lãnh đạo theo dõi');
    leader.stop();
    const refused = await subscribe(client(tokens.communeB), DELIVERIES, { agency: CITY }).next();
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('dossiers and payments', () => {
  it('follow a dossier through its statuses, and its payment to PAID (started by a worker)', async () => {
    const dossiers = subscribe(client(tokens.commune), `subscription { dossierChanged { code status statusName } }`);
    const payments = subscribe(client(tokens.commune), `subscription { paymentChanged { id status amount } }`);
    await listening(ids[COMMUNE]!);
    const submitted = ok(
      await other.gql(
        `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { code } }`,
        { input: { procedureCode: '1.001193', applicant, channel: 'ONLINE' } },
        tokens.commune,
      ),
    ).submitDossier;
    expect((await dossiers.next()).data.dossierChanged).toMatchObject({
      code: submitted.code,
      status: 'REGISTERED_ONLINE',
    });
    ok(await other.gql(MOVE, { code: submitted.code, input: { status: 'ACCEPTED' } }, tokens.commune));
    expect((await dossiers.next()).data.dossierChanged).toMatchObject({ code: submitted.code, status: 'ACCEPTED' });

    const p = ok(
      await hub.gql(
        `mutation($input: RequestPaymentInput!) { requestPayment(input: $input) { id } }`,
        { input: { kind: 'CHARGE', amount: 8000, payerName: 'Nguyễn Thị Dân', ...PAYER, dossierCode: submitted.code } },
        tokens.commune,
      ),
    ).requestPayment;
    // the worker started it on the platform: PENDING, payable
    expect((await payments.next()).data.paymentChanged).toMatchObject({ id: p.id, status: 'PENDING' });
    const reference = (await hub.sql('SELECT reference FROM payment_attempt WHERE payment_id = $1', [p.id])).rows[0]
      .reference;
    await postPlatformCallback(hub, platformCallback(hub, { MaThamChieu: reference, SoTien: '8000' }));
    expect((await payments.next()).data.paymentChanged).toMatchObject({ id: p.id, status: 'PAID' });
    dossiers.stop();
    payments.stop();
  });
});

describe('the socket', () => {
  it('is closed (4403) without valid credentials, and a forged token is no credential', async () => {
    for (const auth of [null, 'Bearer not-a-token', 'ApiKey lth_forged']) {
      const codes: number[] = [];
      client(auth, (code) => codes.push(code));
      await until(async () => codes.length > 0, 'the socket to close');
      expect(codes[0], String(auth)).toBe(4403);
    }
  });

  it('is closed (4401) when its token expires', async () => {
    const codes: number[] = [];
    const c = client(await hub.token({ role: 'OFFICER', agency: COMMUNE }, { expiresIn: '2s' }), (code) =>
      codes.push(code),
    );
    // subscribed, and ended with the socket
    const ended = subscribe(c, DELIVERIES).next();
    await until(async () => codes.length > 0, 'the socket to close');
    expect(codes[0]).toBe(4401);
    expect((await ended).errors).toBeDefined();
  });

  it('carries subscriptions only: queries and mutations go over HTTP, with their limits', async () => {
    const c = client(tokens.commune);
    const q = await subscribe(c, '{ me { role } }').next();
    expect(q.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    const deep = await subscribe(
      c,
      `subscription { deliveryChanged { delivery { document { deliveries { document { deliveries { document { deliveries { document { deliveries { id } } } } } } } } } } }`,
    ).next();
    expect(deep.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('a bad day', () => {
  it('keeps subscriptions through a Redis restarted empty: the API subscribes again and events flow', async () => {
    const own = await ownRedis(cleanups);
    const lone = await startTestHub({}, { redisUrl: own.url });
    cleanups.push(() => lone.close());
    const watcher = new Redis(own.url, { maxRetriesPerRequest: null });
    cleanups.push(async () => watcher.disconnect());
    const city = subscribe(client(tokens.city, undefined, lone), DELIVERIES);
    const cityId = ids[CITY]!;
    const first = city.next();
    await listening(cityId, watcher, lone.redisPrefix);
    await own.stop();
    await own.start({ empty: true });
    // the subscription's channel again, and the API's own connection back (its health says so)
    await listening(cityId, watcher, lone.redisPrefix);
    await until(async () => (await fetch(`${lone.url}/health/ready`)).status === 200, 'the API to see Redis again');
    const ward = await lone.token({ role: 'OFFICER', agency: COMMUNE });
    ok(
      await lone.gql(
        `mutation($input: SendDocumentInput!) { sendDocument(input: $input) { id } }`,
        { input: sendInput({ recipientCodes: [CITY], subject: 'Sau khi Redis khởi động lại' }) },
        ward,
      ),
    );
    expect((await first).data.deliveryChanged.delivery.document.subject).toBe('Sau khi Redis khởi động lại');
    city.stop();
  });
});
