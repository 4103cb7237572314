/**
 * The hub's choices on the points ../shared/contracts/national-contracts.md leaves [open], in one
 * place. Each can be changed by the variable named beside it (see config.ts and .env.example)
 * once the city confirms the real value with the national system's operator; the default is the
 * value real clients send, where the sources agree on one.
 */

/** §8.1 portal paths. The direct adapter: a ministry adapter's `/mapi/login` and `/mapi/g` (S5-GPLX). */
export const PORTAL_DIRECT_PATHS = { auth: '/mapi/login', api: '/mapi/g' };

/** §2.1, §3, §5: the provincial proxy's URL per operation (PORTAL_PROXY_PATHS, JSON). The sources name none. */
export const PORTAL_PROXY_PATHS = {
  insert: '/lgsp/dvcqg/DongBoHoSoMC/Insert',
  update: '/lgsp/dvcqg/DongBoHoSoMC/Update',
  progress: '/lgsp/dvcqg/CapNhatTienDoHoSoMC',
  lookup: '/lgsp/dvcqg/TraCuuHoSo',
  procedure: '/lgsp/dvcqg/LayThuTuc',
  procedureList: '/lgsp/dvcqg/LayDanhSachTTHC',
};
export type PortalProxyPaths = typeof PORTAL_PROXY_PATHS;

export const PORTAL_CHOICES = {
  /** §1.4: OpenCPS keeps a session 10 minutes, then logs in again (PORTAL_SESSION_TTL_MS). */
  sessionTtlMs: 10 * 60_000,
  /** §4 [open]: TraCuuHoSo's list is `result` (OpenCPS) or `data` (ministry adapter): both are read. */
  lookupListKeys: ['result', 'data'],
  /** §2.7: "already exists" on an insert is one of these codes with "đã tồn tại" in the message. */
  duplicateCodes: ['0', '3', '-3'],
  /** §3: TD sends at most 10 steps per request. */
  maxStepsPerCall: 10,
  /** §2.4 MaPhiLePhi when the catalog gave no fee code: TD always sends "1" (PORTAL_FEE_CODE). */
  feeCode: '1',
  /** §2.4 HinhThucThu: TD always sends "1"; the code list is [open] (PORTAL_FEE_COLLECTION). */
  feeCollection: '1',
  /** §2.2 NoiNopHoSo: TD always sends "2"; its meaning is [open] (PORTAL_SUBMISSION_PLACE). */
  submissionPlace: '2',
  /** §2.2 DSKetNoiCSDL: TD sends [{MaCSDL:"7"}], a code list that is [open]; none claimed by default (PORTAL_DATABASE_LINKS). */
  databaseLinks: [] as string[],
  /** §2.6 [open]: DuocThanhToanTrucTuyen of a dossier not paid online. TD's default is "0" (PORTAL_NOT_PAID_ONLINE). */
  notPaidOnline: '0',
  /** §2.2 TrichYeuHoSo: non-empty, at most 1000 characters [inferred]; NguoiXuLy at most 50 (§3, TD). */
  summaryMax: 1000,
  officerNameMax: 50,
};

/** §6.1 the INIT message's fixed values: TD's (PAYMENT_MESSAGE_TYPE, PAYMENT_VERSION, ...). */
export const PAYMENT_MESSAGE_DEFAULTS = {
  messageType: 'INIT',
  version: '1.0.6',
  paymentType: 'PAY',
  channel: '1',
  device: '1',
  language: 'vi-VN',
  currency: 'VND',
  bank: 'PAYMENT',
};
export type PaymentMessageValues = typeof PAYMENT_MESSAGE_DEFAULTS;

/** §8.10 the platform's paths (PAYMENT_PATHS, JSON): none are in the sources. */
export const PAYMENT_PATHS = {
  init: '/payment/init',
  query: '/payment/query',
  transactions: '/payment/transactions',
  proxyInit: '/lgsp/payment/init',
};
export type PaymentPaths = typeof PAYMENT_PATHS;

export const PAYMENT_CHOICES = {
  /** §6.5 MaDVC: TD uses MaTTHC + ".01"; OpenCPS reads the portal's service configuration (PAYMENT_SERVICE_CODE_SUFFIX). */
  serviceCodeSuffix: '.01',
  /** §6.5 MaDichVu: 2 fee or charge of a dossier, 1 fine [inferred]; sent as a string (TD) rather than a number (OpenCPS). */
  serviceFee: '2',
  serviceFine: '1',
  /** §6.5 PhiLePhi.LoaiPhiLePhi: OpenCPS "1" phí / "2" lệ phí (TD sends "Phi"). */
  feeKind: { FEE: '1', CHARGE: '2' } as Record<string, string>,
  /** §6.5 NgayQD: yyyyMMdd as in the KeyPay variant [open]. */
  decisionDateFormat: 'yyyyMMdd' as const,
};

/** §7 [open] the axis's HTTP mapping of the SDK: POST {AXIS_URL}/vxp/<operation>, headers systemid and secret. */
export const AXIS_WIRE = { path: '/vxp', headers: { systemId: 'systemid', secret: 'secret' } };
