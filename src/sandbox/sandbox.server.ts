/**
 * The national sandbox: strict doubles of the National Public Service Portal, its payment
 * platform, PayGov and the document axis, written from ../shared/contracts/national-contracts.md
 * (and domain.md where the contracts document is silent), never from the hub's code. Each checks
 * what it receives against the contract and refuses what the real system would refuse, in that
 * system's own error form; refusals are recorded as violations, and what the contract cannot
 * vouch for as flags. `npm start` runs it; the tests drive it.
 *
 *   portal, direct adapter      POST /mapi/login, POST /mapi/g {session, madonvi, service, ...}
 *   portal, provincial proxy    POST /lgsp/dvcqg/DongBoHoSoMC/Insert|Update, /CapNhatTienDoHoSoMC; GET /LayThuTuc, /LayDanhSachTTHC, /TraCuuHoSo
 *   payment platform            POST /payment/init, /payment/query, /payment/transactions, /lgsp/payment/init
 *   PayGov                      POST /paygov/init
 *   document axis (SDK level)   POST /vxp/getReceivedEdocList|getEdoc|updateStatus|sendEdoc
 *   payer's page                GET|POST /pay/:ref, /paygov/pay/:ref
 *   SMS brand-name gateway      POST /MainService.svc/json/SendMultipleMessage_V4_post_json/ (eSMS)
 *   test control                /__sandbox/received|violations|flags|dossiers|steps|sms|faults|catalog|axis|reset|expire-sessions|payment/*
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { axisRoutes, type AxisDoubleOptions } from './axis.double.js';
import { SMS_TEMPLATES, smsRoutes, type SmsDoubleOptions } from './sms.double.js';
import { CONTRACT_VALUES } from './contract/payment.contract.js';
import { createDouble, newSandboxStore, type Fault, type SandboxStore } from './double.js';
import { PAYMENT_PATHS, paymentRoutes, type PaymentDoubleOptions } from './payment.double.js';
import { PORTAL_PATHS, portalRoutes, type PortalDoubleOptions } from './portal.double.js';

export { newSandboxStore, type SandboxStore } from './double.js';
export { PORTAL_PATHS } from './portal.double.js';
export { PAYMENT_PATHS } from './payment.double.js';

/** The accounts and keys the sandbox knows; the hub's development defaults match them. */
export const SANDBOX_CREDENTIALS = { username: 'lien-thong-hub', password: 'sandbox-password', unit: '000.00.00.H24' };
export const SANDBOX_PAYMENT = { partnerCode: 'LTH-HAIPHONG', secretKey: 'sandbox-payment-secret-key' };
const SANDBOX_PAYGOV = {
  partnerCode: 'LTH-HAIPHONG',
  accessKey: 'sandbox-paygov-access',
  secretKey: 'sandbox-paygov-secret-key',
};
export const SANDBOX_AXIS = { systemId: 'vxp.saas.lth', secret: 'sandbox-axis-secret' };
export const SANDBOX_SMS = { apiKey: 'sandbox-sms-key', secretKey: 'sandbox-sms-secret', brandnames: ['UBND HP'] };

export interface SandboxOptions {
  /** deterministic failures: a seeded counter instead of Math.random */
  seed?: number;
  /** called for every call received (tests use it to act at a given point) */
  onReceive?: (r: import('./double.js').Received, count: number) => void;
  /** what the systems hold; pass the same store to a restarted sandbox to keep it */
  store?: SandboxStore;
  portal?: Partial<PortalDoubleOptions>;
  payment?: Partial<Omit<PaymentDoubleOptions, 'paygov'>> & { paygov?: Partial<PaymentDoubleOptions['paygov']> };
  axis?: Partial<AxisDoubleOptions>;
  sms?: Partial<SmsDoubleOptions>;
}

export interface RunningSandbox {
  url: string;
  store: SandboxStore;
  /** where the gateways call back: the hub's base URL */
  setHubUrl(url: string): void;
  close(): Promise<void>;
}

/** LayThuTuc's procedures (§5 shape) until a test replaces them (PUT /__sandbox/catalog). */
export const SAMPLE_CATALOG: Array<Record<string, unknown>> = [
  {
    ID: '12001',
    MATTHC: '1.001193',
    TENTTHC: 'Đăng ký khai sinh',
    MACOQUANCONGBO: '000.00.00.G03',
    LOAITTHC: '1',
    TRANGTHAI: 1,
    YEUCAU: '',
    LINHVUCTHUCHIEN: [{ MALINHVUC: 'G09-TP05', TENLINHVUC: 'Hộ tịch' }],
    CAPTHUCHIEN: [{ CAPTHUCHIEN: '4', TENCAP: 'Cấp Xã' }],
    CACHTHUCTHUCHIEN: [
      {
        KENH: 1,
        THOIGIAN: [
          {
            THOIGIANGIAIQUYET: 1,
            DONVITINH: 'Ngày làm việc',
            MOTA: '',
            PHILEPHI: [
              {
                MAPHILEPHI: 'LP-KS',
                SOTIEN: 8000,
                DONVI: 'Đồng',
                MOTA: 'Lệ phí đăng ký khai sinh (đăng ký quá hạn)',
                TENTEP: '',
                URL: '',
              },
            ],
          },
        ],
      },
      {
        KENH: 2,
        THOIGIAN: [
          {
            THOIGIANGIAIQUYET: 1,
            DONVITINH: 'Ngày làm việc',
            MOTA: '',
            PHILEPHI: [
              {
                MAPHILEPHI: 'LP-KS',
                SOTIEN: 8000,
                DONVI: 'Đồng',
                MOTA: 'Lệ phí đăng ký khai sinh (đăng ký quá hạn)',
                TENTEP: '',
                URL: '',
              },
            ],
          },
        ],
      },
    ],
    TRINHTUTHUCHIEN: [],
    DOITUONGTHUCHIEN: [{ MADOITUONG: '1', TENDOITUONG: 'Công dân Việt Nam' }],
    THANHPHANHOSO: [],
    KETQUATHUCHIEN: [{ MAKETQUA: 'KQ.001193', TENKETQUA: 'Giấy khai sinh', TENTEP: '', URL: '' }],
    CANCUPHAPLY: [],
    COQUANTHUCHIEN: [
      { MADONVI: '000.00.51.H24', TENDONVI: 'UBND phường Hồng Bàng' },
      { MADONVI: '000.00.52.H24', TENDONVI: 'UBND phường Ngô Quyền' },
    ],
    COQUANCOTHAMQUYEN: [],
    COQUANDUOCUYQUYEN: [],
    COQUANPHOIHOP: [],
    TTHCLIENQUAN: [],
    TTHCLIENTHONG: [],
  },
];

export async function startSandbox(port = 0, opts: SandboxOptions = {}): Promise<RunningSandbox> {
  const store = opts.store ?? newSandboxStore();
  const d = createDouble(store, opts.seed ?? 1, opts.onReceive);
  let catalog = SAMPLE_CATALOG;
  const portal: PortalDoubleOptions = {
    accounts: [SANDBOX_CREDENTIALS],
    sessionTtlMs: 30 * 60_000,
    errorCodes: 'mixed',
    lookupListKey: 'result',
    requireNewerFields: true,
    paths: PORTAL_PATHS,
    ...opts.portal,
  };
  const payment: PaymentDoubleOptions = {
    ...SANDBOX_PAYMENT,
    expect: CONTRACT_VALUES,
    callbackMessageType: 'CONFIRM',
    paths: PAYMENT_PATHS,
    ...opts.payment,
    paygov: { ...SANDBOX_PAYGOV, ...opts.payment?.paygov },
  };

  const app = express();
  app.use(portalRoutes(d, portal, () => catalog));
  app.use(paymentRoutes(d, payment));
  app.use(axisRoutes(d, { ...SANDBOX_AXIS, ...opts.axis }));
  app.use(smsRoutes(d, { ...SANDBOX_SMS, templates: SMS_TEMPLATES, ...opts.sms }));

  app.get('/__sandbox/received', (_req, res) => void res.json(store.received));
  app.get('/__sandbox/violations', (_req, res) => void res.json(store.violations));
  app.get('/__sandbox/flags', (_req, res) => void res.json(store.flags));
  app.get('/__sandbox/dossiers', (_req, res) => void res.json(Object.fromEntries(store.dossiers)));
  app.get('/__sandbox/steps', (_req, res) => void res.json(store.steps));
  app.get('/__sandbox/sms', (_req, res) => void res.json(store.sms));
  app.put('/__sandbox/faults', express.json(), (req, res) => {
    d.faults = (req.body ?? {}) as Record<string, Fault>;
    for (const r of d.pending) r.destroy();
    d.pending.clear();
    res.json({ ok: true });
  });
  app.put('/__sandbox/catalog', express.json({ limit: '10mb' }), (req, res) => {
    catalog = Array.isArray(req.body) ? req.body : [];
    res.json({ ok: true, count: catalog.length });
  });
  app.post('/__sandbox/reset', (_req, res) => {
    Object.assign(store, { ...newSandboxStore() });
    d.faults = {};
    catalog = SAMPLE_CATALOG;
    res.json({ ok: true });
  });

  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: actual } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${actual}`;
  d.setBase(url);
  return {
    url,
    store,
    setHubUrl: (u: string) => d.setHub(u),
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of d.pending) r.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
