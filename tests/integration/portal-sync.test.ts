/**
 * Dossier changes reach the portal sandbox through the outbox, the queue and the worker: the
 * sandbox ends with the final state of each dossier, sessions are renewed, and a refusal fails
 * at once with the portal's message.
 */
import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma, type PrismaClient } from '../../src/db/client.js';
import { QueueName } from '../../src/jobs/job-catalog.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/sandbox.server.js';
import { startWorkers, type RunningWorkers } from '../../workers/worker-pool.js';
import { MOVE, SUBMIT, applicant, createProcedure } from '../support/dossiers.js';
import { startTestHub, type TestHub, ok } from '../support/hub.js';
import { REDIS_URL } from '../support/infra.js';

let sandbox: RunningSandbox;
let hub: TestHub;
let prisma: PrismaClient;
let workers: RunningWorkers;
let events: QueueEvents;
let ward: string;
const finished = new Map<string, 'completed' | 'failed'>();
const waiters = new Map<string, () => void>();
/** Resolves once the job has completed or failed for good, whether before or after this call. */
const settled = (jobId: string) => new Promise<void>((resolve) => (finished.has(jobId) ? resolve() : waiters.set(jobId, resolve)));
const sandboxGet = async (path: string) => (await fetch(`${sandbox.url}${path}`)).json() as Promise<any>;
const sandboxSet = (path: string, method: string, body?: unknown) =>
  fetch(`${sandbox.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

beforeAll(async () => {
  sandbox = await startSandbox(0, { seed: 7 });
  hub = await startTestHub({ PORTAL_URL: sandbox.url, PORTAL_BACKOFF_MS: '10', PORTAL_ATTEMPTS: '12', PORTAL_TIMEOUT_MS: '2000', BREAKER_THRESHOLD: '1000' });
  prisma = createPrisma(hub.databaseUrl);
  workers = await startWorkers({ config: hub.config, prisma, log: pino({ level: 'silent' }) }, REDIS_URL);
  events = new QueueEvents(QueueName.Portal, { connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }), prefix: hub.redisPrefix });
  await events.waitUntilReady();
  for (const kind of ['completed', 'failed'] as const) {
    events.on(kind, ({ jobId }: { jobId: string }) => {
      finished.set(jobId, kind);
      waiters.get(jobId)?.();
    });
  }
  await createProcedure(hub, await hub.token({ role: 'ADMIN' }));
  ward = await hub.token({ role: 'OFFICER', agency: '000.00.51.H24' });
});
afterAll(async () => {
  await workers?.close();
  await events?.close();
  await prisma?.$disconnect();
  await hub?.close();
  await sandbox?.close();
});

async function changeAndSettle(steps: number[], code?: string): Promise<any> {
  let d = ok(await hub.gql(SUBMIT, { input: { procedureCode: '1.001193', applicant, channel: 1, ...(code ? { code } : {}) } }, ward)).submitDossier;
  for (const [i, status] of steps.entries()) d = ok(await hub.gql(MOVE, { code: d.code, input: { status, note: `bước ${i + 1}` } }, ward)).moveDossier;
  const { id, version } = ok(await hub.gql(`query($c: String!) { dossier(code: $c) { id version } }`, { c: d.code }, ward)).dossier;
  await settled(`portal-sync-${id}-v${version}`);
  return { ...d, id, version };
}

const syncOf = async (code: string) => ok(await hub.gql(`query($c: String!) { dossier(code: $c) { version portalSync { state syncedVersion attempts lastError } } }`, { c: code }, ward)).dossier;

describe('portal sync', () => {
  it('brings the portal to the final state of a dossier that changed several times', async () => {
    const d = await changeAndSettle([4, 5, 4, 9, 10]);
    const portal = (await sandboxGet('/__sandbox/dossiers'))[d.code];
    expect(portal).toMatchObject({ MaHoSo: d.code, PhienBan: 6, TrangThaiHoSo: '10', MaTTHC: '1.001193', KenhThucHien: '1', DonViXuLy: '000.00.51.H24' });
    expect(portal.DanhSachHoSoBoSung).toHaveLength(1);
    expect(portal.DanhSachLePhi).toEqual([{ TenPhiLePhi: 'Lệ phí đăng ký', MucPhi: 8000, LoaiPhiLePhi: '2' }]);
    expect(await syncOf(d.code)).toMatchObject({ version: 6, portalSync: { state: 'SYNCED', syncedVersion: 6, lastError: null } });

    // each processing step reaches the portal once, as CapNhatTienDoHoSoMC
    const steps = ok(await hub.gql(`query($c: String!) { dossier(code: $c) { steps { id status } } }`, { c: d.code }, ward)).dossier.steps;
    for (const s of steps.slice(1)) await settled(`portal-step-${s.id}`);
    const portalSteps = (await sandboxGet('/__sandbox/steps')).filter((s: any) => s.MaHoSo === d.code);
    expect(portalSteps.map((s: any) => s.TrangThai).sort()).toEqual(['10', '4', '4', '5', '9']);
    expect(portalSteps[0]).toMatchObject({ MaHoSo: d.code, NgayKetThucTheoQuyDinh: expect.stringMatching(/^\d{14}$/), ThoiDiemXuLy: expect.stringMatching(/^\d{14}$/) });
  });

  it('renews an expired session without losing the change', async () => {
    await sandboxSet('/__sandbox/expire-sessions', 'POST');
    const d = await changeAndSettle([4]);
    expect((await sandboxGet('/__sandbox/dossiers'))[d.code].PhienBan).toBe(2);
  });

  it('keeps retrying while the portal fails half its calls, and converges', async () => {
    await sandboxSet('/__sandbox/faults', 'PUT', { DongBoHoSoMC: { failRate: 0.5 } });
    try {
      const dossiers = [];
      for (let i = 0; i < 5; i++) dossiers.push(await changeAndSettle([4, 9]));
      const portal = await sandboxGet('/__sandbox/dossiers');
      for (const d of dossiers) expect(portal[d.code]).toMatchObject({ PhienBan: 3, TrangThaiHoSo: '9' });
    } finally {
      await sandboxSet('/__sandbox/faults', 'PUT', {});
    }
  });

  it('fails at once when the portal refuses the data, keeping its message', async () => {
    await sandboxSet('/__sandbox/faults', 'PUT', { DongBoHoSoMC: { refuse: 'MaTTHC không thuộc danh mục của đơn vị' } });
    try {
      const d = ok(await hub.gql(SUBMIT, { input: { procedureCode: '1.001193', applicant, channel: 1 } }, ward)).submitDossier;
      const { id } = ok(await hub.gql(`query($c: String!) { dossier(code: $c) { id } }`, { c: d.code }, ward)).dossier;
      await settled(`portal-sync-${id}-v1`);
      expect(finished.get(`portal-sync-${id}-v1`)).toBe('failed');
      expect(await syncOf(d.code)).toMatchObject({ portalSync: { state: 'FAILED', attempts: 1, lastError: 'the portal refused (99): MaTTHC không thuộc danh mục của đơn vị' } });

      // an admin sees it, and retries it once the data is fixed on the portal's side
      const admin = await hub.token({ role: 'ADMIN' });
      const failed = ok(await hub.gql(`{ failedJobs(queue: "portal") { id failedReason attemptsMade data } }`, {}, admin)).failedJobs;
      expect(failed).toContainEqual({ id: `portal-sync-${id}-v1`, failedReason: 'the portal refused (99): MaTTHC không thuộc danh mục của đơn vị', attemptsMade: 1, data: { dossierId: id, version: 1 } });
      await sandboxSet('/__sandbox/faults', 'PUT', {});
      finished.delete(`portal-sync-${id}-v1`);
      ok(await hub.gql(`mutation($id: String!) { retryJob(queue: "portal", jobId: $id) }`, { id: `portal-sync-${id}-v1` }, admin));
      await settled(`portal-sync-${id}-v1`);
      expect(await syncOf(d.code)).toMatchObject({ portalSync: { state: 'SYNCED', syncedVersion: 1 } });
    } finally {
      await sandboxSet('/__sandbox/faults', 'PUT', {});
    }
  });

  it('lets an admin pause and resume a queue without losing a job, and shows the backlog and breakers', async () => {
    const admin = await hub.token({ role: 'ADMIN' });
    ok(await hub.gql(`mutation { pauseQueue(queue: "portal") }`, {}, admin));
    const d = ok(await hub.gql(SUBMIT, { input: { procedureCode: '1.001193', applicant, channel: 1 } }, ward)).submitDossier;
    const status = ok(await hub.gql(`{ queues { name isPaused counts { waiting } } outboxBacklog breakers { upstream state } }`, {}, admin));
    expect(status.queues.find((q: any) => q.name === 'portal')).toMatchObject({ isPaused: true });
    expect(status.queues.find((q: any) => q.name === 'portal').counts.waiting).toBeGreaterThanOrEqual(1);
    expect(status.outboxBacklog).toBe(0);
    expect(status.breakers).toEqual([{ upstream: 'portal', state: 'CLOSED' }]);
    expect(await syncOf(d.code)).toMatchObject({ portalSync: { state: 'PENDING', syncedVersion: 0 } });
    const { id } = ok(await hub.gql(`query($c: String!) { dossier(code: $c) { id } }`, { c: d.code }, ward)).dossier;
    ok(await hub.gql(`mutation { resumeQueue(queue: "portal") }`, {}, admin));
    await settled(`portal-sync-${id}-v1`);
    expect(await syncOf(d.code)).toMatchObject({ portalSync: { state: 'SYNCED', syncedVersion: 1 } });
  });

  it('imports the national procedure catalog on demand, skipping what it cannot read', async () => {
    const admin = await hub.token({ role: 'ADMIN' });
    await sandboxSet('/__sandbox/catalog', 'PUT', [
      {
        MaTTHC: '1.004444', TenTTHC: 'Cấp giấy phép xây dựng', MaLinhVuc: 'XD', TenLinhVuc: 'Xây dựng', ThoiHanGiaiQuyet: 15, MucDo: 3, HinhThuc: 'MOT_PHAN',
        CoQuanThucHien: ['000.00.05.H24', '000.00.99.H24'], PhiLePhi: [{ LoaiPhiLePhi: '1', MucPhi: 150000, MoTa: 'Phí thẩm định' }], HieuLucTu: '20250701',
      },
      { MaTTHC: 'xyz', TenTTHC: 'Không hợp lệ', ThoiHanGiaiQuyet: 3, HieuLucTu: '20250701' },
    ]);
    const jobId = ok(await hub.gql('mutation { importProcedureCatalog }', {}, admin)).importProcedureCatalog;
    await settled(jobId);
    expect(finished.get(jobId)).toBe('completed');
    const p = ok(await hub.gql('{ procedure(code: "1.004444") { name processingDays onlineLevel onlineType validFrom fees { kind amount } agencies { code } } }', {}, admin)).procedure;
    expect(p).toEqual({ name: 'Cấp giấy phép xây dựng', processingDays: 15, onlineLevel: 3, onlineType: 'PARTIAL', validFrom: '2025-07-01', fees: [{ kind: 'FEE', amount: 150000 }], agencies: [{ code: '000.00.05.H24' }] });
    expect(ok(await hub.gql('{ procedure(code: "xyz") { code } }', {}, admin)).procedure).toBeNull();
  });

  it('never puts personal data into job payloads', async () => {
    const d = await changeAndSettle([]);
    const redis = new Redis(REDIS_URL);
    const job = await redis.hgetall(`${hub.redisPrefix}:portal:portal-sync-${d.id}-v1`);
    redis.disconnect();
    expect(JSON.parse(job['data']!)).toEqual({ dossierId: d.id, version: 1 });
    expect(JSON.stringify(job)).not.toContain(applicant.idNumber);
    expect(JSON.stringify(job)).not.toContain(applicant.name);
  });
});
