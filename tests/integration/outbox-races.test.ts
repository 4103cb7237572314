/**
 * A step of a dossier not yet on the portal fails and waits for its dossier's sync; the sync's
 * success releases it. The two meet in the database at any moment: whichever commits first, the
 * step ends released, never failed for a dossier that is on the portal (a failed step is sent
 * again only by an admin). Each interleaving is forced with a transaction held open.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Prisma } from '../../src/db/client.js';
import { portalSyncRepository } from '../../src/modules/dossier/portal-sync.repository.js';
import { NOT_ON_PORTAL, outboxRepository } from '../../src/modules/outbox/outbox.repository.js';
import { MOVE, SUBMIT, applicant, createProcedure } from '../support/dossiers.js';
import { ok, startTestHub, type TestHub } from '../support/hub.js';
import { until } from '../support/national.js';

let hub: TestHub;
let ward: string;
let dossierId: string;
let stepId: string;
const key = () => `portal-step-${stepId}`;
const REASON = `the dossier ${NOT_ON_PORTAL} (job stalled more than allowable limit)`;

beforeAll(async () => {
  hub = await startTestHub();
  await createProcedure(hub, await hub.token({ role: 'ADMIN' }));
  ward = await hub.token({ role: 'OFFICER', agency: '000.00.51.H24' });
});
afterAll(() => hub?.close());

// a dossier whose sync failed for good, with one step waiting for it
beforeEach(async () => {
  const d = ok(
    await hub.gql(SUBMIT, { input: { procedureCode: '1.001193', applicant, channel: 'IN_PERSON' } }, ward),
  ).submitDossier;
  ok(await hub.gql(MOVE, { code: d.code, input: { status: 'IN_PROCESS', note: 'thụ lý' } }, ward));
  const [row] = (
    await hub.sql(
      `SELECT e.dossier_id, e.id FROM dossier_event e JOIN dossier d ON d.id = e.dossier_id
       JOIN outbox o ON o.job_key = 'portal-step-' || e.id WHERE d.code = $1`,
      [d.code],
    )
  ).rows;
  dossierId = row.dossier_id;
  stepId = row.id;
  await hub.sql(`UPDATE portal_sync SET state = 'FAILED', synced_version = 0 WHERE dossier_id = $1`, [dossierId]);
  await hub.sql(`UPDATE outbox SET enqueued_at = now() - interval '1 minute' WHERE job_key = $1`, [key()]);
});

const stepRow = async () =>
  (await hub.sql('SELECT failed_at, enqueued_at, done_at FROM outbox WHERE job_key = $1', [key()])).rows[0];
/** Until some session waits for a lock that `query` names (the statement is blocked where the test wants it). */
const waitingOn = (query: string) =>
  until(
    async () =>
      (
        await hub.sql(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE $1`,
          [`%${query}%`],
        )
      ).rows[0].n > 0,
    `a statement waiting on a lock (${query})`,
    10_000,
  );

/**
 * A transaction that does `work`, then stays open (its locks held) until `commit()`; resolves
 * `opened` once `work` is done.
 */
async function heldOpen(work: (tx: Prisma.TransactionClient) => Promise<unknown>) {
  let commit!: () => void;
  const held = new Promise<void>((r) => (commit = r));
  let opened!: () => void;
  const ready = new Promise<void>((r) => (opened = r));
  const done = hub.prisma.$transaction(
    async (tx) => {
      await work(tx);
      opened();
      await held;
    },
    { timeout: 30_000 },
  );
  await ready;
  return { commit: () => (commit(), done) };
}

it('a step failing while a relay holds its row, its dossier synced meanwhile, ends released', async () => {
  // a relay has the step's row (claimBatch locks what it hands)
  const relay = await heldOpen((tx) => tx.$queryRaw`SELECT id FROM outbox WHERE job_key = ${key()} FOR UPDATE`);
  // the worker records the step's failure: it waits for the relay's lock
  const failing = (async () => outboxRepository.markStepFailed(hub.prisma, key(), stepId, REASON))();
  await waitingOn('outbox');
  // meanwhile the dossier's sync succeeds, and releases the steps failed so far (none yet)
  await portalSyncRepository.recordSent(hub.prisma, dossierId, 1);
  expect(await outboxRepository.releaseFailedSteps(hub.prisma, dossierId)).toBe(0);
  await relay.commit();
  await failing;
  // the decision saw the dossier on the portal: the row goes to the relay again, not to the admins
  expect(await stepRow()).toMatchObject({ failed_at: null, enqueued_at: null, done_at: null });
});

it('a sync succeeding while a step decides it is not on the portal releases it after the decision', async () => {
  // the step's decision, held open before its commit: the dossier is not on the portal yet
  const failing = await heldOpen((tx) => outboxRepository.markStepFailed(tx, key(), stepId, REASON));
  // the sync's success waits for it, then releases the step it failed
  const synced = portalSyncRepository
    .recordSent(hub.prisma, dossierId, 1)
    .then(() => outboxRepository.releaseFailedSteps(hub.prisma, dossierId));
  await waitingOn('portal_sync');
  await failing.commit();
  expect(await synced).toBe(1);
  expect(await stepRow()).toMatchObject({ failed_at: null, enqueued_at: null, done_at: null });
});
