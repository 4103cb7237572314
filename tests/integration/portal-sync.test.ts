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
import { MOVE, SUBMIT, applicant, createProcedure, STATUS_NAME } from '../support/dossiers.js';
import { codeOf, startTestHub, type TestHub, ok } from '../support/hub.js';
import { syncedTo, until } from '../support/national.js';
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
const settled = (jobId: string) =>
  new Promise<void>((resolve) => (finished.has(jobId) ? resolve() : waiters.set(jobId, resolve)));
const sandboxGet = async (path: string) => (await fetch(`${sandbox.url}${path}`)).json() as Promise<any>;
const sandboxSet = (path: string, method: string, body?: unknown) =>
  fetch(`${sandbox.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

beforeAll(async () => {
  sandbox = await startSandbox(0, { seed: 7 });
  hub = await startTestHub({
    PORTAL_URL: sandbox.url,
    PORTAL_BACKOFF_MS: '10',
    PORTAL_ATTEMPTS: '12',
    PORTAL_TIMEOUT_MS: '2000',
    BREAKER_THRESHOLD: '1000',
  });
  prisma = createPrisma(hub.databaseUrl);
  workers = await startWorkers({ config: hub.config, prisma, log: pino({ level: 'silent' }) }, REDIS_URL);
  events = new QueueEvents(QueueName.Portal, {
    connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }),
    prefix: hub.redisPrefix,
  });
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
  let d = ok(
    await hub.gql(
      SUBMIT,
      { input: { procedureCode: '1.001193', applicant, channel: 'IN_PERSON', ...(code ? { code } : {}) } },
      ward,
    ),
  ).submitDossier;
  for (const [i, status] of steps.entries())
    d = ok(
      await hub.gql(MOVE, { code: d.code, input: { status: STATUS_NAME[status], note: `bước ${i + 1}` } }, ward),
    ).moveDossier;
  const { id, version } = ok(
    await hub.gql(`query($c: String!) { dossier(code: $c) { id version } }`, { c: d.code }, ward),
  ).dossier;
  await syncedTo(hub, id, version);
  return { ...d, id, version };
}

const syncOf = async (code: string) =>
  ok(
    await hub.gql(
      `query($c: String!) { dossier(code: $c) { version portalSync { state syncedVersion attempts lastError } } }`,
      { c: code },
      ward,
    ),
  ).dossier;

describe('portal sync', () => {
  it("brings the portal to the final state of a dossier that changed several times, in the contract's shape", async () => {
    const d = await changeAndSettle([4, 5, 4, 9, 10]);
    const portal = (await sandboxGet('/__sandbox/dossiers'))[d.code];
    expect(portal).toMatchObject({
      MaHoSo: d.code,
      TrangThaiHoSo: '10',
      MaTTHC: '1.001193',
      TenTTHC: 'Đăng ký khai sinh',
      MaLinhVuc: 'HT',
      TenLinhVuc: 'Hộ tịch',
      KenhThucHien: '1',
      DonViXuLy: 'Ủy ban nhân dân phường Hồng Bàng',
      ChuHoSo: applicant.name,
      SoGiayToChuHoSo: applicant.idNumber,
      MaDoiTuong: '',
      HinhThuc: '0',
      DinhDanhCHS: [{ LoaiDinhDanh: '1', SoDinhDanh: applicant.idNumber }],
      DuocThanhToanTrucTuyen: '0',
      TaiLieuNop: [],
      NoiNopHoSo: '2',
      NgayTiepNhan: expect.stringMatching(/^\d{14}$/),
      NgayKetThucXuLy: expect.stringMatching(/^\d{14}$/),
      NgayTra: expect.stringMatching(/^\d{14}$/),
    });
    expect(portal).not.toHaveProperty('PhienBan');
    const [supplement] = portal.DanhSachHoSoBoSung;
    expect(portal.DanhSachHoSoBoSung).toHaveLength(1);
    expect(supplement).toMatchObject({
      HoSoBoSungId: 1,
      NoiDungBoSung: 'bước 2',
      TrangThaiBoSung: true,
      NgayHenTraTruoc: portal.NgayHenTra,
      NgayHenTraMoi: expect.stringMatching(/^\d{14}$/),
    });
    expect(supplement.NgayHenTraMoi >= supplement.NgayHenTraTruoc).toBe(true);
    expect(portal.DanhSachLePhi).toEqual([
      { TenPhiLePhi: 'Lệ phí đăng ký', MaPhiLePhi: '1', HinhThucThu: '1', Gia: '8000', LoaiPhiLePhi: '2' },
    ]);
    expect(await syncOf(d.code)).toMatchObject({
      version: 6,
      portalSync: { state: 'SYNCED', syncedVersion: 6, lastError: null },
    });

    // isUpdating as OpenCPS decides it: TraCuuHoSo first, "False" for the first send, "True" after
    const calls = (await sandboxGet('/__sandbox/received')).filter(
      (r: any) => r.body.mahoso === d.code || r.body.data?.[0]?.MaHoSo === d.code,
    );
    expect(calls[0]).toMatchObject({ service: 'TraCuuHoSo' });
    const syncs = calls.filter((c: any) => c.service === 'DongBoHoSoMC');
    expect(syncs[0].body.isUpdating).toBe('False');
    expect(syncs.slice(1).every((c: any) => c.body.isUpdating === 'True')).toBe(true);

    // each processing step reaches the portal once, as CapNhatTienDoHoSoMC's data[]
    const steps = ok(
      await hub.gql(`query($c: String!) { dossier(code: $c) { steps { id status } } }`, { c: d.code }, ward),
    ).dossier.steps;
    for (const s of steps.slice(1)) await settled(`portal-step-${s.id}`);
    const portalSteps = (await sandboxGet('/__sandbox/steps')).filter((s: any) => s.MaHoSo === d.code);
    expect(portalSteps.map((s: any) => s.TrangThai).sort()).toEqual(['10', '4', '4', '5', '9']);
    // steps may reach the portal in any order (they run concurrently): the first one by its content
    expect(portalSteps.find((s: any) => s.NoiDungXuLy === 'bước 1')).toMatchObject({
      MaHoSo: d.code,
      NguoiXuLy: 'Ủy ban nhân dân phường Hồng Bàng',
      NoiDungXuLy: 'bước 1',
      NgayKetThucTheoQuyDinh: expect.stringMatching(/^\d{14}$/),
      ThoiDiemXuLy: expect.stringMatching(/^\d{14}$/),
    });
  });

  it("sends a result with a link the portal can download it from, and the procedure's result code", async () => {
    const bytes = Buffer.from('%PDF-1.4 giấy khai sinh');
    const { sha256 } = (await (
      await fetch(`${hub.url}/attachments`, { method: 'POST', headers: { authorization: ward }, body: bytes })
    ).json()) as { sha256: string };
    const d = await changeAndSettle([4, 9]);
    ok(
      await hub.gql(
        `mutation($c: String!, $s: String!) { attachDossierResult(code: $c, sha256: $s, name: "Giấy khai sinh.pdf", contentType: "application/pdf") { sha256 } }`,
        { c: d.code, s: sha256 },
        ward,
      ),
    );
    const { id, version } = ok(
      await hub.gql(`query($c: String!) { dossier(code: $c) { id version } }`, { c: d.code }, ward),
    ).dossier;
    await syncedTo(hub, id, version);
    const [result] = (await sandboxGet('/__sandbox/dossiers'))[d.code].DanhSachGiayToKetQua;
    expect(result).toMatchObject({
      TenGiayTo: 'Giấy khai sinh.pdf',
      MaGiayToKetQua: '',
      DuongDanTepTinKetQua: expect.stringMatching(/^http:\/\/hub\.test\/files\/results\//),
    });
    // the link opens without an account; a changed link does not
    const path = new URL(result.DuongDanTepTinKetQua).pathname;
    const got = await fetch(`${hub.url}${path}`);
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer())).toEqual(bytes);
    expect((await fetch(`${hub.url}${path.slice(0, -2)}xx`)).status).toBe(404);
    expect((await fetch(`${hub.url}/files/results/${result.GiayToId}/`)).status).toBe(404);
  });

  it('renews an expired session without losing the change', async () => {
    await sandboxSet('/__sandbox/expire-sessions', 'POST');
    const d = await changeAndSettle([4]);
    expect((await sandboxGet('/__sandbox/dossiers'))[d.code]).toMatchObject({ TrangThaiHoSo: '4' });
    expect(await syncOf(d.code)).toMatchObject({ portalSync: { state: 'SYNCED', syncedVersion: 2 } });
  });

  it('keeps retrying while the portal fails half its calls, and converges', async () => {
    await sandboxSet('/__sandbox/faults', 'PUT', { DongBoHoSoMC: { failRate: 0.5 }, TraCuuHoSo: { failRate: 0.5 } });
    try {
      const dossiers = [];
      for (let i = 0; i < 5; i++) dossiers.push(await changeAndSettle([4, 9]));
      const portal = await sandboxGet('/__sandbox/dossiers');
      for (const d of dossiers) expect(portal[d.code]).toMatchObject({ TrangThaiHoSo: '9' });
    } finally {
      await sandboxSet('/__sandbox/faults', 'PUT', {});
    }
  });

  it('resends as an update when the portal already holds a dossier the hub never heard back about', async () => {
    // the answer to the first send was lost: the portal applied it, the hub did not hear
    await sandboxSet('/__sandbox/faults', 'PUT', { DongBoHoSoMC: { loseAnswer: true } });
    const d = ok(
      await hub.gql(SUBMIT, { input: { procedureCode: '1.001193', applicant, channel: 'IN_PERSON' } }, ward),
    ).submitDossier;
    await until(async () => !!(await sandboxGet('/__sandbox/dossiers'))[d.code]);
    await sandboxSet('/__sandbox/faults', 'PUT', {});
    const { id } = ok(await hub.gql(`query($c: String!) { dossier(code: $c) { id } }`, { c: d.code }, ward)).dossier;
    await syncedTo(hub, id, 1);
    const syncs = (await sandboxGet('/__sandbox/received')).filter(
      (r: any) => r.service === 'DongBoHoSoMC' && r.body.data?.[0]?.MaHoSo === d.code,
    );
    // the first send, then updates only: as many as were tried while the answers were still lost
    // (a retry may come before the fault is lifted on a busy machine), never a second insert
    const kinds = syncs.map((c: any) => c.body.isUpdating);
    expect(kinds[0]).toBe('False');
    expect(kinds.length).toBeGreaterThanOrEqual(2);
    expect(kinds.slice(1)).toEqual(kinds.slice(1).map(() => 'True'));
  });

  it('fails at once when the portal refuses the data, keeping its message', async () => {
    await sandboxSet('/__sandbox/faults', 'PUT', {
      DongBoHoSoMC: { refuse: 'MaTTHC không thuộc danh mục của đơn vị' },
    });
    try {
      const d = ok(
        await hub.gql(SUBMIT, { input: { procedureCode: '1.001193', applicant, channel: 'IN_PERSON' } }, ward),
      ).submitDossier;
      const { id } = ok(await hub.gql(`query($c: String!) { dossier(code: $c) { id } }`, { c: d.code }, ward)).dossier;
      await settled(`portal-sync-${id}`);
      expect(finished.get(`portal-sync-${id}`)).toBe('failed');
      expect(await syncOf(d.code)).toMatchObject({
        portalSync: {
          state: 'FAILED',
          attempts: 1,
          lastError: 'the portal refused (99): MaTTHC không thuộc danh mục của đơn vị',
        },
      });

      // an admin sees it, and retries it once the data is fixed on the portal's side
      const admin = await hub.token({ role: 'ADMIN' });
      const failed = ok(
        await hub.gql(`{ failedJobs(queue: PORTAL) { id failedReason attemptsMade data } }`, {}, admin),
      ).failedJobs;
      expect(failed).toContainEqual({
        id: `portal-sync-${id}`,
        failedReason: 'the portal refused (99): MaTTHC không thuộc danh mục của đơn vị',
        attemptsMade: 1,
        data: { dossierId: id, version: 1 },
      });
      await sandboxSet('/__sandbox/faults', 'PUT', {});
      finished.delete(`portal-sync-${id}`);
      ok(
        await hub.gql(
          `mutation($id: String!) { retryJob(queue: PORTAL, jobId: $id) }`,
          { id: `portal-sync-${id}` },
          admin,
        ),
      );
      await syncedTo(hub, id, 1);
      expect(await syncOf(d.code)).toMatchObject({ portalSync: { state: 'SYNCED', syncedVersion: 1 } });
    } finally {
      await sandboxSet('/__sandbox/faults', 'PUT', {});
    }
  });

  it('sends the steps of a dossier whose sync failed once a later change gets it to the portal, with no admin', async () => {
    await sandboxSet('/__sandbox/faults', 'PUT', {
      DongBoHoSoMC: { refuse: 'MaTTHC không thuộc danh mục của đơn vị' },
    });
    let code: string;
    let id: string;
    try {
      code = ok(await hub.gql(SUBMIT, { input: { procedureCode: '1.001193', applicant, channel: 'IN_PERSON' } }, ward))
        .submitDossier.code;
      ok(await hub.gql(MOVE, { code, input: { status: 'IN_PROCESS', note: 'trước khi sửa' } }, ward));
      id = ok(await hub.gql(`query($c: String!) { dossier(code: $c) { id } }`, { c: code }, ward)).dossier.id;
      // the step cannot go before its dossier: failed with it
      await until(
        async () =>
          (
            await hub.sql(
              `SELECT count(*)::int AS n FROM outbox WHERE job_name = 'portal.progressStep' AND failed_at IS NOT NULL AND last_error LIKE $1`,
              [`%${code}%`],
            )
          ).rows[0].n === 1,
        'the step failed with its dossier',
      );
    } finally {
      await sandboxSet('/__sandbox/faults', 'PUT', {});
    }
    // the data is fixed on the portal's side, and the officer goes on
    ok(await hub.gql(MOVE, { code, input: { status: 'SUPPLEMENT_REQUESTED', note: 'sau khi sửa' } }, ward));
    await syncedTo(hub, id, 3);
    await until(
      async () =>
        (
          await hub.sql(
            'SELECT count(*)::int AS n FROM dossier_event WHERE dossier_id = $1 AND portal_sent_at IS NULL',
            [id],
          )
        ).rows[0].n === 1,
      'both steps on the portal',
    ); // (the submission is no step)
    const notes = (await sandboxGet('/__sandbox/steps'))
      .filter((x: any) => x.MaHoSo === code)
      .map((x: any) => x.NoiDungXuLy)
      .sort();
    expect(notes).toEqual(['sau khi sửa', 'trước khi sửa']);
    await until(
      async () =>
        (
          await hub.sql(
            `SELECT count(*)::int AS n FROM outbox WHERE done_at IS NULL AND (payload->>'dossierId' = $1 OR job_name = 'portal.progressStep')`,
            [id],
          )
        ).rows[0].n === 0,
      'all acknowledged',
    );
  });

  it('does not let a row it cannot hand (a job of another version) stop the others', async () => {
    const admin = await hub.token({ role: 'ADMIN' });
    const d = await changeAndSettle([4]);
    // a row of another version, then one only the sweep can hand (written straight to the table)
    await hub.sql(
      `INSERT INTO outbox (job_name, payload, job_key) VALUES ('portal.fromTheFuture', '{"dossierId":"x"}', 'portal-future-x')`,
    );
    await hub.sql(`UPDATE portal_sync SET synced_version = 0, state = 'PENDING' WHERE dossier_id = $1`, [d.id]);
    await hub.sql(`INSERT INTO outbox (job_name, payload, job_key) VALUES ('portal.syncDossier', $1, $2)`, [
      JSON.stringify({ dossierId: d.id, version: d.version }),
      `portal-sync-${d.id}`,
    ]);
    await syncedTo(hub, d.id, d.version);
    // (the job can finish before the sweep that handed it commits: its mark of the unknown row follows)
    await until(
      async () =>
        (
          await hub.sql(
            `SELECT count(*)::int AS n FROM outbox WHERE job_name = 'portal.fromTheFuture' AND failed_at IS NOT NULL`,
          )
        ).rows[0].n === 1,
      'the unknown row marked failed',
    );
    expect(
      ok(await hub.gql('{ failedOutbox(first: 50) { jobName lastError } }', {}, admin)).failedOutbox,
    ).toContainEqual({
      jobName: 'portal.fromTheFuture',
      lastError: '"portal.fromTheFuture" is not a job this version knows (written by another version?)',
    });
    await hub.sql(`DELETE FROM outbox WHERE job_name = 'portal.fromTheFuture'`);
  });

  it('lets an admin pause and resume a queue without losing a job, and shows the backlog and breakers', async () => {
    const admin = await hub.token({ role: 'ADMIN' });
    // what earlier tests sent is acknowledged first: the backlog below is this test's alone
    await until(
      async () => ok(await hub.gql('{ outboxBacklog }', {}, admin)).outboxBacklog === 0,
      'the earlier backlog gone',
    );
    ok(await hub.gql(`mutation { pauseQueue(queue: PORTAL) }`, {}, admin));
    const d = ok(
      await hub.gql(SUBMIT, { input: { procedureCode: '1.001193', applicant, channel: 'IN_PERSON' } }, ward),
    ).submitDossier;
    // (handed by the API at once, or by the worker's sweep if it took the row first)
    const portalWaiting = async () =>
      ok(await hub.gql(`{ queues { name counts { waiting } } }`, {}, admin)).queues.find(
        (q: any) => q.name === 'PORTAL',
      ).counts.waiting;
    await until(async () => (await portalWaiting()) >= 1, 'the sync queued');
    const status = ok(
      await hub.gql(
        `{ queues { name isPaused counts { waiting } } outboxBacklog breakers { upstream state } }`,
        {},
        admin,
      ),
    );
    expect(status.queues.find((q: any) => q.name === 'PORTAL')).toMatchObject({ isPaused: true });
    expect(status.queues.find((q: any) => q.name === 'PORTAL').counts.waiting).toBeGreaterThanOrEqual(1);
    // handed to the queue, not yet acknowledged: still in the backlog
    expect(status.outboxBacklog).toBe(1);
    expect(status.breakers).toEqual([
      { upstream: 'portal', state: 'CLOSED' },
      { upstream: 'axis', state: 'CLOSED' },
      { upstream: 'payment-platform', state: 'CLOSED' },
      { upstream: 'paygov', state: 'CLOSED' },
    ]);
    expect(ok(await hub.gql('{ failedOutbox { jobName } }', {}, admin)).failedOutbox.every((f: any) => f.jobName)).toBe(
      true,
    );
    expect(await syncOf(d.code)).toMatchObject({ portalSync: { state: 'PENDING', syncedVersion: 0 } });
    const { id } = ok(await hub.gql(`query($c: String!) { dossier(code: $c) { id } }`, { c: d.code }, ward)).dossier;
    ok(await hub.gql(`mutation { resumeQueue(queue: PORTAL) }`, {}, admin));
    await syncedTo(hub, id, 1);
    expect(await syncOf(d.code)).toMatchObject({ portalSync: { state: 'SYNCED', syncedVersion: 1 } });
    await until(async () => ok(await hub.gql('{ outboxBacklog }', {}, admin)).outboxBacklog === 0);
  });

  it("imports the national procedure catalog on demand from LayThuTuc's real fields, skipping what it cannot read", async () => {
    const admin = await hub.token({ role: 'ADMIN' });
    const procedure = (code: string, extra: Record<string, unknown> = {}) => ({
      ID: `id-${code}`,
      MATTHC: code,
      TENTTHC: 'Cấp giấy phép xây dựng',
      MACOQUANCONGBO: '000.00.00.H24',
      LOAITTHC: '1',
      TRANGTHAI: 1,
      LINHVUCTHUCHIEN: [{ MALINHVUC: 'G05-XD02', TENLINHVUC: 'Quản lý hoạt động xây dựng' }],
      CACHTHUCTHUCHIEN: [
        { KENH: 1, THOIGIAN: [{ THOIGIANGIAIQUYET: 20, DONVITINH: 'Ngày làm việc', MOTA: '', PHILEPHI: [] }] },
        {
          KENH: '2',
          THOIGIAN: [
            {
              THOIGIANGIAIQUYET: '15',
              DONVITINH: 'Ngày làm việc',
              MOTA: '',
              PHILEPHI: [
                { MAPHILEPHI: 'P01', SOTIEN: '150000', DONVI: 'Đồng', MOTA: 'Phí thẩm định', TENTEP: '', URL: '' },
              ],
            },
          ],
        },
      ],
      KETQUATHUCHIEN: [{ MAKETQUA: 'KQ.004444', TENKETQUA: 'Giấy phép xây dựng', TENTEP: '', URL: '' }],
      CANCUPHAPLY: [{ SOVANBAN: '50/2014/QH13', NGAYHIEULUC: '01/01/2015' }],
      COQUANTHUCHIEN: [
        { MADONVI: '000.00.05.H24', TENDONVI: 'Sở Xây dựng' },
        { MADONVI: '000.00.99.H24', TENDONVI: 'không có' },
      ],
      ...extra,
    });
    await sandboxSet('/__sandbox/catalog', 'PUT', [
      procedure('1.004444'),
      // decomposed Vietnamese (NFD) from the portal is stored composed (NFC)
      procedure('1.004445', { TENTTHC: 'Cấp đổi giấy phép'.normalize('NFD'), TRANGTHAI: '0' }),
      procedure('1.004446', { LINHVUCTHUCHIEN: [] }),
      { MATTHC: 'xyz', TENTTHC: 'Không hợp lệ' },
    ]);
    const jobId = ok(await hub.gql('mutation { importProcedureCatalog }', {}, admin)).importProcedureCatalog;
    await settled(jobId);
    expect(finished.get(jobId)).toBe('completed');
    const q =
      '{ procedure(code: "1.004444") { name fieldCode fieldName processingDays onlineLevel onlineType validFrom validTo fees { kind amount description } agencies { code } } }';
    expect(ok(await hub.gql(q, {}, admin)).procedure).toEqual({
      name: 'Cấp giấy phép xây dựng',
      fieldCode: 'G05-XD02',
      fieldName: 'Quản lý hoạt động xây dựng',
      processingDays: 15,
      onlineLevel: 3,
      onlineType: 'PARTIAL',
      validFrom: '2015-01-01',
      validTo: null,
      fees: [{ kind: 'FEE', amount: 150000, description: 'Phí thẩm định' }],
      agencies: [{ code: '000.00.05.H24' }],
    });
    expect((await hub.sql(`SELECT result_code, portal_id FROM procedure WHERE code = '1.004444'`)).rows[0]).toEqual({
      result_code: 'KQ.004444',
      portal_id: 'id-1.004444',
    });
    expect(
      (
        await hub.sql(
          `SELECT f.code FROM procedure_fee f JOIN procedure p ON p.id = f.procedure_id WHERE p.code = '1.004444'`,
        )
      ).rows,
    ).toEqual([{ code: 'P01' }]);
    // no longer public: imported, ended; its name composed
    const ended = ok(await hub.gql('{ procedure(code: "1.004445") { name validTo } }', {}, admin)).procedure;
    expect(ended.name).toBe('Cấp đổi giấy phép'.normalize('NFC'));
    expect(ended.validTo).not.toBeNull();
    expect(ok(await hub.gql('{ procedure(code: "1.004446") { code } }', {}, admin)).procedure).toBeNull();
    expect(ok(await hub.gql('{ procedure(code: "xyz") { code } }', {}, admin)).procedure).toBeNull();

    // an answer without a list is a failure, not "0 imported"
    await sandboxSet('/__sandbox/faults', 'PUT', { LayDanhSachTTHC: { refuse: 'Hệ thống bận' } });
    try {
      const failing = ok(await hub.gql('mutation { importProcedureCatalog }', {}, admin)).importProcedureCatalog;
      await settled(failing);
      expect(finished.get(failing)).toBe('failed');
    } finally {
      await sandboxSet('/__sandbox/faults', 'PUT', {});
    }
    // a list in the shape the hub once invented (MaTTHC, data[]): a failure, not "0 imported"
    await sandboxSet('/__sandbox/catalog', 'PUT', [{ MaTTHC: '1.009999', TenTTHC: 'Kiểu cũ', ThoiHanGiaiQuyet: 3 }]);
    const old = ok(await hub.gql('mutation { importProcedureCatalog }', {}, admin)).importProcedureCatalog;
    await settled(old);
    expect(finished.get(old)).toBe('failed');
    const failed = ok(await hub.gql(`{ failedJobs(queue: PORTAL) { id failedReason } }`, {}, admin)).failedJobs.find(
      (j: any) => j.id === old,
    );
    expect(failed.failedReason).toMatch(/without MATTHC/);
    // every procedure unreadable: a failure too
    await sandboxSet('/__sandbox/catalog', 'PUT', [procedure('1.004447', { LINHVUCTHUCHIEN: [] })]);
    const unreadable = ok(await hub.gql('mutation { importProcedureCatalog }', {}, admin)).importProcedureCatalog;
    await settled(unreadable);
    expect(finished.get(unreadable)).toBe('failed');
    await sandboxSet('/__sandbox/catalog', 'PUT', [procedure('1.004444')]);
    // one procedure on demand
    const one = ok(
      await hub.gql('mutation { importProcedureCatalog(codes: ["1.004444"]) }', {}, admin),
    ).importProcedureCatalog;
    await settled(one);
    expect(finished.get(one)).toBe('completed');
    expect(codeOf(await hub.gql('mutation { importProcedureCatalog(codes: ["not a code"]) }', {}, admin))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('never puts personal data into job payloads', async () => {
    const admin = await hub.token({ role: 'ADMIN' });
    // held in the queue (a sync job is removed once done)
    ok(await hub.gql(`mutation { pauseQueue(queue: PORTAL) }`, {}, admin));
    const code = ok(
      await hub.gql(SUBMIT, { input: { procedureCode: '1.001193', applicant, channel: 'IN_PERSON' } }, ward),
    ).submitDossier.code;
    const d = {
      id: ok(await hub.gql(`query($c: String!) { dossier(code: $c) { id } }`, { c: code }, ward)).dossier.id as string,
    };
    const redis = new Redis(REDIS_URL);
    const key = `${hub.redisPrefix}:portal:portal-sync-${d.id}`;
    await until(async () => (await redis.exists(key)) === 1, 'the sync queued');
    const job = await redis.hgetall(key);
    redis.disconnect();
    ok(await hub.gql(`mutation { resumeQueue(queue: PORTAL) }`, {}, admin));
    await syncedTo(hub, d.id, 1);
    expect(JSON.parse(job['data']!)).toEqual({ dossierId: d.id, version: 1 });
    expect(JSON.stringify(job)).not.toContain(applicant.idNumber);
    expect(JSON.stringify(job)).not.toContain(applicant.name);
  });

  it("made every call in the contract's shape: the strict double refused nothing", async () => {
    expect(sandbox.store.violations).toEqual([]);
    // the one thing the double cannot vouch for: a result without a result code (the procedure here has none)
    expect(sandbox.store.flags.map((f) => f.path)).toEqual(['/data/0/DanhSachGiayToKetQua/0/MaGiayToKetQua']);
  });
});
