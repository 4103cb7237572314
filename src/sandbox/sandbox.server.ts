/**
 * The national sandbox: a real HTTP server speaking the National Public Service Portal's
 * integration contract (domain.md), for `npm start` and the tests. It keeps what it receives, in
 * order, and can be told per service to be slow, fail a share of calls, time out, refuse the
 * data, or expire sessions.
 *
 *   POST /portal/login            { username, password } -> { error_code, session }
 *   POST /portal/api              { session, madonvi, service, ... } -> { error_code, message, ... }
 *   GET  /__sandbox/received      what arrived, in order
 *   GET  /__sandbox/dossiers      the portal's current view of every dossier
 *   PUT  /__sandbox/faults        { "<service>|login": Fault }  (replace all faults)
 *   POST /__sandbox/expire-sessions
 *   POST /__sandbox/reset
 *   POST /payment/init, /payment/transactions   the national payment platform (MaXacThuc checked)
 *   POST /paygov/init                           PayGov through a provincial gateway (checksum checked)
 *   GET|POST /pay/:ref, /paygov/pay/:ref        the payer's page: pay or cancel, the hub is called back
 *   POST /__sandbox/payment/complete            { reference, success }: the same, for tests
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import express from 'express';
import { toPortalTimestamp } from '../common/time.js';
import { paygovCallbackChecksum, paygovChecksumMatches, paygovRequestChecksum, type PayGovKeys } from '../integrations/payment/paygov.checksum.js';
import { CALLBACK_FIELDS, LIST_FIELDS, REQUEST_FIELDS, checksum, checksumMatches } from '../integrations/payment/platform.checksum.js';

export interface Fault {
  /** added to every answer */
  latencyMs?: number;
  /** share of calls answered with HTTP 503 (0..1) */
  failRate?: number;
  /** never answer (the caller times out) */
  timeout?: boolean;
  /** answer error_code "99" with this message: the portal refuses the data */
  refuse?: string;
  /** deliver the same answer this many times (payment callbacks: the gateway calling back again) */
  repeat?: number;
}

export interface Received {
  at: string;
  service: string;
  body: Record<string, unknown>;
}

export interface SandboxOptions {
  username?: string;
  password?: string;
  /** session lifetime in ms (default 30 minutes) */
  sessionTtlMs?: number;
  /** deterministic failures: a seeded counter instead of Math.random */
  seed?: number;
  /** called for every API call received (tests use it to act at a given point) */
  onReceive?: (r: Received, count: number) => void;
  /** what the portal holds; pass the same store to a restarted sandbox to keep it */
  store?: SandboxStore;
  /** the payment platform's partner secret (default: the hub's default) */
  paymentSecretKey?: string;
  /** PayGov's access and secret keys (default: the hub's defaults) */
  paygovKeys?: PayGovKeys;
}

export interface AxisItem {
  id: string;
  package: string;
  /** inbox items: new until the hub acknowledges them done or fail */
  status: 'new' | 'done' | 'fail';
  reason?: string;
}

export interface SandboxStore {
  /** transactions started on the payment platform, by MaThamChieu */
  payments: Map<string, Record<string, unknown>>;
  /** orders started on PayGov, by orderId */
  paygov: Map<string, Record<string, unknown>>;
  /** the platform's own record of settled transactions (what reconciliation compares) */
  ledger: Array<{ MaThamChieu: string; MaGiaoDich: string; SoTien: string; TrangThai: string; Ngay: string }>;
  received: Received[];
  axis: { sent: AxisItem[]; inbox: AxisItem[]; statuses: AxisItem[] };
  dossiers: Map<string, Record<string, unknown> & { PhienBan?: number }>;
  steps: Array<Record<string, unknown>>;
}

export const newSandboxStore = (): SandboxStore => ({ payments: new Map(), paygov: new Map(), ledger: [], received: [], dossiers: new Map(), steps: [], axis: { sent: [], inbox: [], statuses: [] } });

export interface RunningSandbox {
  url: string;
  /** where the gateways call back: the hub's base URL (its /callbacks/... routes) */
  setHubUrl(url: string): void;
  close(): Promise<void>;
}

/** LayThuTuc's answer until a test replaces it (PUT /__sandbox/catalog). */
export const SAMPLE_CATALOG: Array<Record<string, unknown>> = [
  {
    MaTTHC: '1.001193',
    TenTTHC: 'Đăng ký khai sinh',
    MaLinhVuc: 'HT',
    TenLinhVuc: 'Hộ tịch',
    ThoiHanGiaiQuyet: 1,
    MucDo: 4,
    HinhThuc: 'TOAN_TRINH',
    CoQuanThucHien: ['000.00.51.H24', '000.00.52.H24'],
    PhiLePhi: [{ LoaiPhiLePhi: '2', MucPhi: 8000, MoTa: 'Lệ phí đăng ký khai sinh (đăng ký quá hạn)' }],
    HieuLucTu: '20200101',
  },
];

export const SANDBOX_CREDENTIALS = { username: 'lien-thong-hub', password: 'sandbox-password' };

export async function startSandbox(port = 0, opts: SandboxOptions = {}): Promise<RunningSandbox> {
  const creds = { username: opts.username ?? SANDBOX_CREDENTIALS.username, password: opts.password ?? SANDBOX_CREDENTIALS.password };
  const ttl = opts.sessionTtlMs ?? 30 * 60_000;
  let sessions = new Map<string, number>();
  const store = opts.store ?? newSandboxStore();
  let faults: Record<string, Fault> = {};
  let catalog: Array<Record<string, unknown>> = SAMPLE_CATALOG;
  let rolls = opts.seed ?? 1;
  const roll = () => {
    // a small deterministic generator: the same fault rate fails the same calls every run
    rolls = (rolls * 1103515245 + 12345) % 2147483648;
    return rolls / 2147483648;
  };
  const pending = new Set<http.ServerResponse>();
  let baseUrl = () => '';

  const app = express();
  app.use(express.json({ limit: '10mb' }));

  /** Apply the configured fault; true when the call was answered (or swallowed) by it. */
  async function faulted(service: string, res: express.Response): Promise<boolean> {
    const f = faults[service];
    if (!f) return false;
    if (f.latencyMs) await new Promise((r) => setTimeout(r, f.latencyMs));
    if (f.timeout) {
      pending.add(res);
      return true;
    }
    if (f.failRate && roll() < f.failRate) {
      res.status(503).json({ error_code: '503', message: 'sandbox: injected failure' });
      return true;
    }
    if (f.refuse) {
      res.json({ error_code: '99', message: f.refuse });
      return true;
    }
    return false;
  }

  app.post('/portal/login', async (req, res) => {
    if (await faulted('login', res)) return;
    const { username, password } = req.body ?? {};
    if (username !== creds.username || password !== creds.password) return void res.json({ error_code: '401', message: 'Sai tên đăng nhập hoặc mật khẩu' });
    const session = randomBytes(16).toString('hex');
    sessions.set(session, Date.now() + ttl);
    res.json({ error_code: '0', session, expires_in: Math.floor(ttl / 1000) });
  });

  app.post('/portal/api', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const service = String(body['service'] ?? '');
    const expires = sessions.get(String(body['session'] ?? ''));
    if (!expires || expires < Date.now()) return void res.json({ error_code: '401', message: 'Phiên làm việc hết hạn' });
    if (await faulted(service, res)) return;
    store.received.push({ at: new Date().toISOString(), service, body: { ...body, session: undefined } });
    opts.onReceive?.(store.received.at(-1)!, store.received.length);
    switch (service) {
      case 'DongBoHoSoMC': {
        const data = Array.isArray(body['data']) ? (body['data'] as Array<Record<string, unknown>>) : [];
        if (!data.length) return void res.json({ error_code: '98', message: 'data rỗng' });
        for (const d of data) {
          if (typeof d['MaHoSo'] !== 'string') return void res.json({ error_code: '97', message: 'thiếu MaHoSo' });
          const current = store.dossiers.get(d['MaHoSo']);
          // an older version arriving late changes nothing: repeated or reordered syncs converge
          if (!current || Number(d['PhienBan'] ?? 0) >= Number(current.PhienBan ?? 0)) store.dossiers.set(d['MaHoSo'], d);
        }
        return void res.json({ error_code: '0', message: 'Thành công' });
      }
      case 'CapNhatTienDoHoSoMC': {
        // the same step twice is kept once
        const { session: _s, madonvi: _m, service: _v, ...step } = body;
        const key = JSON.stringify(step);
        if (!body['MaHoSo'] || !body['ThoiDiemXuLy']) return void res.json({ error_code: '97', message: 'thiếu MaHoSo hoặc ThoiDiemXuLy' });
        if (!store.steps.some((s) => s['key'] === key)) store.steps.push({ key, ...body, session: undefined });
        return void res.json({ error_code: '0', message: 'Thành công' });
      }
      case 'TraCuuHoSo': {
        const d = store.dossiers.get(String(body['mahoso'] ?? ''));
        return void res.json(d ? { error_code: '0', data: d } : { error_code: '404', message: 'Không tìm thấy hồ sơ' });
      }
      case 'LayThuTuc':
        return void res.json({ error_code: '0', data: catalog });
      default:
        return void res.json({ error_code: '400', message: `service "${service}" không hỗ trợ` });
    }
  });

  // The national document axis: the same session as the portal.
  const axis = (name: string, handle: (body: Record<string, unknown>, res: express.Response) => void) =>
    app.post(`/axis/${name}`, async (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const expires = sessions.get(String(body['session'] ?? ''));
      if (!expires || expires < Date.now()) return void res.json({ error_code: '401', message: 'Phiên làm việc hết hạn' });
      if (await faulted(`axis.${name}`, res)) return;
      handle(body, res);
    });
  const newId = () => randomBytes(8).toString('hex');
  axis('send', (body, res) => {
    if (typeof body['package'] !== 'string') return void res.json({ error_code: '97', message: 'thiếu gói tin' });
    const item: AxisItem = { id: newId(), package: body['package'], status: 'done' };
    store.axis.sent.push(item);
    res.json({ error_code: '0', id: item.id });
  });
  axis('status', (body, res) => {
    if (typeof body['package'] !== 'string') return void res.json({ error_code: '97', message: 'thiếu gói tin' });
    store.axis.statuses.push({ id: newId(), package: body['package'], status: 'done' });
    res.json({ error_code: '0' });
  });
  axis('received', (_body, res) => void res.json({ error_code: '0', data: store.axis.inbox.filter((i) => i.status === 'new').map((i) => ({ id: i.id })) }));
  axis('get', (body, res) => {
    const item = store.axis.inbox.find((i) => i.id === body['id']);
    res.json(item ? { error_code: '0', package: item.package } : { error_code: '404', message: 'không có gói tin' });
  });
  axis('ack', (body, res) => {
    const item = store.axis.inbox.find((i) => i.id === body['id']);
    if (!item) return void res.json({ error_code: '404', message: 'không có gói tin' });
    item.status = body['status'] === 'fail' ? 'fail' : 'done';
    if (typeof body['reason'] === 'string') item.reason = body['reason'];
    res.json({ error_code: '0' });
  });
  app.get('/__sandbox/axis', (_req, res) => void res.json(store.axis));
  app.post('/__sandbox/axis/inbox', express.text({ type: () => true, limit: '20mb' }), (req, res) => {
    const item: AxisItem = { id: newId(), package: String(req.body ?? ''), status: 'new' };
    store.axis.inbox.push(item);
    res.json({ id: item.id });
  });

  // The national payment platform: start a transaction (MaXacThuc checked), answer a payment URL.
  app.post('/payment/init', async (req, res) => {
    if (await faulted('payment.init', res)) return;
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!checksumMatches(REQUEST_FIELDS, body, opts.paymentSecretKey ?? 'sandbox-payment-secret-key')) return void res.json({ MaLoi: '07', MoTaLoi: 'Sai mã xác thực' });
    const ref = String(body['MaThamChieu'] ?? '');
    if (!ref || ref.length > 20) return void res.json({ MaLoi: '08', MoTaLoi: 'MaThamChieu không hợp lệ' });
    if (store.payments.has(ref)) return void res.json({ MaLoi: '09', MoTaLoi: 'MaThamChieu đã tồn tại' });
    store.payments.set(ref, body);
    res.json({ MaLoi: '00', MoTaLoi: 'Thành công', UrlThanhToan: `${baseUrl()}/pay/${encodeURIComponent(ref)}` });
  });
  // the platform's transaction list for a day (yyyyMMdd, Vietnam time), for reconciliation
  app.post('/payment/transactions', async (req, res) => {
    if (await faulted('payment.transactions', res)) return;
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!checksumMatches(LIST_FIELDS, body, opts.paymentSecretKey ?? 'sandbox-payment-secret-key')) return void res.json({ MaLoi: '07', MoTaLoi: 'Sai mã xác thực' });
    const day = String(body['Ngay'] ?? '');
    res.json({ MaLoi: '00', DanhSach: store.ledger.filter((t) => t.Ngay === day) });
  });
  /** A test says what the platform settled (as if the payer paid, or the bank booked it). */
  app.post('/__sandbox/payment/settle', (req, res) => {
    const b = (req.body ?? {}) as Record<string, string>;
    store.ledger.push({ MaThamChieu: b['MaThamChieu']!, MaGiaoDich: b['MaGiaoDich'] ?? '', SoTien: String(b['SoTien']), TrangThai: b['TrangThai'] ?? '00', Ngay: b['Ngay']! });
    res.json({ ok: true });
  });
  app.get('/__sandbox/payment/ledger', (_req, res) => void res.json(store.ledger));
  app.get('/__sandbox/payments', (_req, res) => void res.json(Object.fromEntries(store.payments)));

  // PayGov through a provincial gateway: an order (checksum checked), answered with a payment URL.
  const paygovKeys = opts.paygovKeys ?? { accessKey: 'sandbox-paygov-access', secretKey: 'sandbox-paygov-secret-key' };
  app.post('/paygov/init', async (req, res) => {
    if (await faulted('paygov.init', res)) return;
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!paygovChecksumMatches(paygovRequestChecksum(body, paygovKeys), body)) return void res.json({ errorCode: '07', message: 'Sai checksum' });
    const orderId = String(body['orderId'] ?? '');
    if (!orderId || !/^[0-9]+$/.test(String(body['amount'] ?? ''))) return void res.json({ errorCode: '08', message: 'orderId hoặc amount không hợp lệ' });
    if (store.paygov.has(orderId)) return void res.json({ errorCode: '09', message: 'orderId đã tồn tại' });
    store.paygov.set(orderId, body);
    res.json({ errorCode: '00', message: 'Thành công', payUrl: `${baseUrl()}/paygov/pay/${encodeURIComponent(orderId)}` });
  });
  app.get('/__sandbox/paygov', (_req, res) => void res.json(Object.fromEntries(store.paygov)));

  // The payer's side: the payment page, and the gateway's signed callback to the hub (IPN). A
  // success is booked on the platform's ledger; the fault "payment.callback": { repeat: n }
  // delivers the same callback n times.
  let hubUrl: string | undefined;
  const paymentSecretKey = opts.paymentSecretKey ?? 'sandbox-payment-secret-key';
  async function deliver(reference: string, success: boolean): Promise<Array<Record<string, unknown>>> {
    if (!hubUrl) throw new Error('the sandbox does not know the hub (setHubUrl)');
    const now = new Date();
    const platform = store.payments.get(reference);
    const order = store.paygov.get(reference);
    let url: string;
    let body: Record<string, unknown>;
    if (platform) {
      body = { LoaiBanTin: 'PAY', MaLoi: success ? '00' : '24', MaDoiTac: platform['MaDoiTac'], MaThamChieu: reference, SoTien: platform['SoTien'], MaTienTe: 'VND', MaGiaoDich: `GD${newId()}`, MaNganHang: 'NCB', ThoiGianGD: toPortalTimestamp(now), ThongTinGiaoDich: platform['ThongTinGiaoDich'] };
      body['MaXacThuc'] = checksum(CALLBACK_FIELDS, body, paymentSecretKey);
      url = `${hubUrl}/callbacks/payment-platform`;
      if (success) store.ledger.push({ MaThamChieu: reference, MaGiaoDich: String(body['MaGiaoDich']), SoTien: String(body['SoTien']), TrangThai: '00', Ngay: toPortalTimestamp(now).slice(0, 8) });
    } else if (order) {
      body = { partnerCode: order['partnerCode'], orderId: reference, requestCode: order['requestCode'], amount: order['amount'], transactionNo: newId(), payDate: toPortalTimestamp(now), errorCode: success ? '00' : '24' };
      body['checksum'] = paygovCallbackChecksum(body, paygovKeys);
      url = `${hubUrl}/callbacks/paygov`;
    } else {
      throw new Error(`no payment ${reference} was started here`);
    }
    const answers: Array<Record<string, unknown>> = [];
    for (let i = 0; i < Math.max(1, faults['payment.callback']?.repeat ?? 1); i++) {
      const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      answers.push((await r.json()) as Record<string, unknown>);
    }
    return answers;
  }
  const page = (title: string, content: string) =>
    `<!doctype html><html lang="vi"><meta charset="utf-8"><title>${title}</title><body style="font-family:sans-serif;max-width:40em;margin:2em auto"><h1>${title}</h1>${content}<p><small>Sandbox — không phải cổng thanh toán thật</small></p></body></html>`;
  const escapeHtml = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  for (const prefix of ['/pay', '/paygov/pay']) {
    app.get(`${prefix}/:ref`, (req, res) => {
      const ref = req.params['ref'] ?? '';
      const started = store.payments.get(ref) ?? store.paygov.get(ref);
      if (!started) return void res.status(404).send(page('Không tìm thấy giao dịch', ''));
      const amount = Number(started['SoTien'] ?? started['amount']).toLocaleString('vi-VN');
      res.send(page('Thanh toán', `<p>Mã tham chiếu <b>${escapeHtml(ref)}</b>: <b>${escapeHtml(amount)} đ</b></p>
        <form method="post"><button name="outcome" value="success">Thanh toán</button> <button name="outcome" value="failure">Hủy giao dịch</button></form>`));
    });
    app.post(`${prefix}/:ref`, express.urlencoded({ extended: false }), async (req, res) => {
      try {
        const answers = await deliver(req.params['ref'] ?? '', req.body?.outcome === 'success');
        res.send(page('Kết quả', `<pre>${escapeHtml(JSON.stringify(answers, null, 2))}</pre>`));
      } catch (err) {
        res.status(400).send(page('Lỗi', escapeHtml((err as Error).message)));
      }
    });
  }
  /** A test pays (or fails) a started payment: the sandbox calls the hub back, signed. */
  app.post('/__sandbox/payment/complete', async (req, res) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    try {
      res.json({ answers: await deliver(String(b['reference'] ?? ''), b['success'] !== false) });
    } catch (err) {
      res.status(400).json({ error: (err as Error).message });
    }
  });

  app.get('/__sandbox/received', (_req, res) => void res.json(store.received));
  app.get('/__sandbox/dossiers', (_req, res) => void res.json(Object.fromEntries(store.dossiers)));
  app.get('/__sandbox/steps', (_req, res) => void res.json(store.steps));
  app.put('/__sandbox/faults', (req, res) => {
    faults = (req.body ?? {}) as Record<string, Fault>;
    for (const r of pending) r.destroy();
    pending.clear();
    res.json({ ok: true });
  });
  app.put('/__sandbox/catalog', (req, res) => {
    catalog = Array.isArray(req.body) ? req.body : [];
    res.json({ ok: true, count: catalog.length });
  });
  app.post('/__sandbox/expire-sessions', (_req, res) => {
    sessions = new Map();
    res.json({ ok: true });
  });
  app.post('/__sandbox/reset', (_req, res) => {
    sessions = new Map();
    store.received.length = 0;
    store.dossiers.clear();
    store.steps.length = 0;
    store.payments.clear();
    store.paygov.clear();
    store.ledger.length = 0;
    faults = {};
    res.json({ ok: true });
  });

  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: actual } = server.address() as AddressInfo;
  baseUrl = () => `http://127.0.0.1:${actual}`;
  return {
    url: `http://127.0.0.1:${actual}`,
    setHubUrl: (url: string) => void (hubUrl = url.replace(/\/$/, '')),
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of pending) r.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
