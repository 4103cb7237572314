/**
 * Starting one payment attempt on a route: the national payment platform (MaXacThuc; directly or
 * behind a provincial proxy that wraps the answer in `message`, §6.3) or PayGov through the
 * provincial gateway. Each answers the payment URL or the gateway's refusal; a network failure or
 * HTTP 5xx is transient (the job retries with the same reference and message).
 */
import type { Config } from '../../config/config.js';
import { UpstreamTransientError, httpCall, jsonOf } from '../http.js';
import { paygovRequestChecksum } from './paygov.checksum.js';
import { LIST_FIELDS, QUERY_FIELDS, checksum } from './platform.checksum.js';
import { initMessage, type PaymentForGateway } from './platform.message.js';

export interface AttemptToStart {
  reference: string;
  requestCode: string;
  /** ThoiGianGD of the INIT, kept with the attempt */
  initTime: string;
  payment: PaymentForGateway;
}

export type StartAnswer = { url: string } | { refused: string };

const base = (url: string) => url.replace(/\/$/, '');

export async function startOnPlatform(config: Config, a: AttemptToStart): Promise<StartAnswer> {
  const { payment: cfg } = config;
  if (!cfg.clientIp)
    return { refused: 'PAYMENT_CLIENT_IP is not set and this machine has no IPv4 address to send as Ip' };
  const message = initMessage(config, a.payment, a.reference, a.initTime);
  const proxy = cfg.shape === 'proxy';
  const raw = jsonOf(
    'the payment platform',
    await httpCall('the payment platform', `${base(cfg.url!)}${proxy ? cfg.paths.proxyInit : cfg.paths.init}`, {
      body: message,
      headers: cfg.bearerToken ? { authorization: `Bearer ${cfg.bearerToken}` } : {},
      timeoutMs: config.portal.timeoutMs,
    }),
  );
  let answer = raw;
  if (proxy) {
    try {
      answer = JSON.parse(String(raw['message'] ?? '')) as Record<string, unknown>;
    } catch {
      return {
        refused: `(${String(raw['error_code'] ?? '?')}) ${String(raw['message'] ?? "the proxy answered without the platform's answer")}`,
      };
    }
  }
  if (answer['MaLoi'] !== '00')
    return { refused: `(${String(answer['MaLoi'])}) ${String(answer['MoTaLoi'] ?? '')}`.trim() };
  if (typeof answer['UrlThanhToan'] !== 'string' || !answer['UrlThanhToan'])
    throw new UpstreamTransientError('the payment platform accepted without a payment URL');
  return { url: answer['UrlThanhToan'] };
}

/** PayGov's answer shape is the sandbox's own ({ errorCode, message, payUrl }) [open]. */
export async function startOnPayGov(config: Config, a: AttemptToStart): Promise<StartAnswer> {
  const { paygov } = config;
  const message: Record<string, unknown> = {
    partnerCode: paygov.partnerCode,
    orderId: a.reference,
    amount: a.payment.amount.toString(),
    orderInfo: a.payment.dossier
      ? `THANH TOAN HO SO ${a.payment.dossier.code}`
      : `THANH TOAN ${a.payment.kind} ${a.payment.id}`.slice(0, 200),
    requestCode: a.requestCode,
  };
  message['checksum'] = paygovRequestChecksum(message, paygov);
  const answer = jsonOf(
    'PayGov',
    await httpCall('PayGov', `${base(paygov.url!)}/paygov/init`, { body: message, timeoutMs: config.portal.timeoutMs }),
  );
  if (answer['errorCode'] !== '00')
    return { refused: `(${String(answer['errorCode'])}) ${String(answer['message'] ?? '')}`.trim() };
  return { url: String(answer['payUrl'] ?? '') };
}

export interface PlatformTransaction {
  MaThamChieu: string;
  MaGiaoDich?: string;
  SoTien: string;
  TrangThai: string;
}

/**
 * The platform's transactions of a day (yyyy-MM-dd, Vietnam time), for reconciliation. Not in the
 * contracts document [open]: signed like the other messages, at PAYMENT_PATHS.transactions.
 */
export async function transactionList(
  config: Config,
  isoDay: string,
): Promise<{ list: PlatformTransaction[] } | { refused: string }> {
  const { payment: cfg } = config;
  const ask: Record<string, string> = { MaDoiTac: cfg.partnerCode, Ngay: isoDay.replaceAll('-', '') };
  ask['MaXacThuc'] = checksum(LIST_FIELDS, ask, cfg.secretKey);
  const answer = jsonOf(
    'the payment platform',
    await httpCall('the payment platform', `${base(cfg.url!)}${cfg.paths.transactions}`, {
      body: ask,
      headers: cfg.bearerToken ? { authorization: `Bearer ${cfg.bearerToken}` } : {},
      timeoutMs: config.portal.timeoutMs,
    }),
  );
  if (answer['MaLoi'] !== '00')
    return { refused: `(${String(answer['MaLoi'])}) ${String(answer['MoTaLoi'] ?? '')}`.trim() };
  if (!Array.isArray(answer['DanhSach']))
    throw new UpstreamTransientError('the payment platform answered without DanhSach');
  return { list: answer['DanhSach'] as PlatformTransaction[] };
}

/** What the platform says of one of our references (QUERY, §6.3): unknown, or its TrangThaiGD (1 paid, 3 pending, 4 failed). */
export type PlatformState = { known: false; answer: string } | { known: true; state: 'PAID' | 'PENDING' | 'FAILED' };

export async function queryOnPlatform(config: Config, reference: string, initTime: string): Promise<PlatformState> {
  const { payment: cfg } = config;
  const q: Record<string, string> = {
    LoaiBanTin: 'QUERY',
    PhienBan: cfg.message.version,
    MaDoiTac: cfg.partnerCode,
    MaThamChieu: reference,
    ThoiGianGD: initTime,
  };
  q['MaXacThuc'] = checksum(QUERY_FIELDS, q, cfg.secretKey);
  const answer = jsonOf(
    'the payment platform',
    await httpCall('the payment platform', `${base(cfg.url!)}${cfg.paths.query}`, {
      body: q,
      headers: cfg.bearerToken ? { authorization: `Bearer ${cfg.bearerToken}` } : {},
      timeoutMs: config.portal.timeoutMs,
    }),
  );
  if (answer['MaLoi'] !== '00')
    return { known: false, answer: `(${String(answer['MaLoi'])}) ${String(answer['MoTaLoi'] ?? '')}`.trim() };
  const state = String(answer['TrangThaiGD']);
  return { known: true, state: state === '1' ? 'PAID' : state === '4' ? 'FAILED' : 'PENDING' };
}
