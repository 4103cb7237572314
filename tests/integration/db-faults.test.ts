/**
 * PostgreSQL dropping the API's connections (a failover, an administrator, a restart): reads are
 * tried again, anything else is answered SERVICE_UNAVAILABLE — never a masked 500 — and the API
 * serves normally once connections are back.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isTransientDbError } from '../../src/db/transient.js';
import { SUBMIT, applicant, createProcedure } from '../support/dossiers.js';
import { ok, startTestHub, type GqlResult, type TestHub } from '../support/hub.js';

let hub: TestHub;
let ward: string;

beforeAll(async () => {
  hub = await startTestHub();
  await createProcedure(hub, await hub.token({ role: 'ADMIN' }));
  ward = await hub.token({ role: 'OFFICER', agency: '000.00.51.H24' });
});
afterAll(async () => {
  await hub?.close();
});

/** Every connection to this hub's database but the test's own, terminated as an administrator would. */
const terminate = () =>
  hub.sql(
    'SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
  );

it('answers reads and writes while its connections are terminated: data or SERVICE_UNAVAILABLE, never INTERNAL_SERVER_ERROR', async () => {
  const answers: GqlResult[] = [];
  const READ = `{ dossiers(first: 5) { totalCount edges { node { code status } } } agencies(first: 3) { totalCount } }`;
  let submitted = 0;
  for (let round = 0; round < 20; round++) {
    const calls = [
      hub.gql(READ, {}, ward),
      hub.gql(SUBMIT, { input: { procedureCode: '1.001193', applicant, channel: 'IN_PERSON' } }, ward),
      hub.gql(READ, {}, ward),
    ];
    // terminate again and again while they run
    let running = true;
    const killer = (async () => {
      while (running) {
        await terminate();
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    answers.push(...(await Promise.all(calls)));
    running = false;
    await killer;
  }
  for (const a of answers) {
    expect(a.status, JSON.stringify(a.errors)).not.toBe(500);
    for (const e of a.errors ?? []) expect(e.extensions?.['code'], e.message).toBe('SERVICE_UNAVAILABLE');
    if (a.data?.submitDossier) submitted++;
  }
  // what was answered as done is done
  const { n } = (await hub.sql(`SELECT count(*)::int AS n FROM dossier`)).rows[0];
  expect(n).toBeGreaterThanOrEqual(submitted);
  // connections come back: the API serves as before (a connection terminated a moment ago may
  // still fail a call or two, answered SERVICE_UNAVAILABLE, as above)
  const retried = async (query: string, variables: Record<string, unknown> = {}) => {
    for (let i = 0; ; i++) {
      const r = await hub.gql(query, variables, ward);
      if (i === 5 || r.errors?.[0]?.extensions?.['code'] !== 'SERVICE_UNAVAILABLE') return r;
    }
  };
  expect(ok(await retried(READ)).agencies.totalCount).toBeGreaterThan(0);
  const write = await retried(SUBMIT, { input: { procedureCode: '1.001193', applicant, channel: 'IN_PERSON' } });
  expect(ok(write).submitDossier.code).toBeTruthy();
}, 120_000);

it('tells transient database errors from the others', () => {
  const adapterError = (code: string, message: string) =>
    Object.assign(new Error('db'), {
      code: 'P2010',
      meta: { driverAdapterError: { cause: { originalCode: code, message } } },
    });
  expect(isTransientDbError(adapterError('57P01', 'terminating connection due to administrator command'))).toBe(true);
  expect(isTransientDbError(adapterError('40001', 'could not serialize access due to concurrent update'))).toBe(true);
  expect(isTransientDbError(adapterError('08006', 'connection failure'))).toBe(true);
  expect(
    isTransientDbError(
      Object.assign(new Error('Timed out fetching a new connection from the connection pool'), { code: 'P2024' }),
    ),
  ).toBe(true);
  expect(isTransientDbError(new Error('Connection terminated unexpectedly'))).toBe(true);
  expect(isTransientDbError(adapterError('53300', 'sorry, too many clients already'))).toBe(true);
  expect(isTransientDbError(Object.assign(new Error('Too many database connections opened'), { code: 'P2037' }))).toBe(
    true,
  );
  // a broken rule of the data is the caller's, not a passing fault
  expect(isTransientDbError(adapterError('23505', 'duplicate key value violates unique constraint'))).toBe(false);
  expect(isTransientDbError(Object.assign(new Error('Unique constraint failed'), { code: 'P2002' }))).toBe(false);
  expect(isTransientDbError(new Error('something else'))).toBe(false);
});
