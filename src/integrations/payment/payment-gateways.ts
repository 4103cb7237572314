/**
 * Starting one payment attempt on a route: the national payment platform (MaXacThuc) or PayGov
 * through the provincial gateway. Each answers the payment URL or the gateway's refusal; a
 * network failure or HTTP 5xx is transient (the job retries with the same reference). Only ids
 * and amounts leave the hub: the payer's name stays here.
 */
import type { Config } from '../../config/config.js';
import { toPortalTimestamp } from '../../common/time.js';
import { PortalTransientError } from '../portal/portal.client.js';
import { paygovRequestChecksum } from './paygov.checksum.js';
import { REQUEST_FIELDS, checksum } from './platform.checksum.js';

export interface AttemptToStart {
  reference: string;
  requestCode: string;
  payment: { id: string; kind: string; amount: bigint; lines: Array<{ kind: string; amount: bigint; description: string }> };
}

export type StartAnswer = { url: string } | { refused: string };

async function post(url: string, body: unknown, timeoutMs: number, what: string): Promise<Record<string, unknown>> {
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
    if (res.status >= 500) throw new PortalTransientError(`${what} answered HTTP ${res.status}`);
    return (await res.json()) as Record<string, unknown>;
  } catch (err) {
    throw err instanceof PortalTransientError ? err : new PortalTransientError(`${what} is unreachable (${(err as Error).message})`);
  }
}

const base = (url: string) => url.replace(/\/$/, '');

export async function startOnPlatform(config: Config, a: AttemptToStart): Promise<StartAnswer> {
  const { payment } = a;
  const message: Record<string, unknown> = {
    LoaiBanTin: 'PAY',
    PhienBan: '1.0.0',
    MaDoiTac: config.payment.partnerCode,
    MaThamChieu: a.reference,
    SoTien: payment.amount.toString(),
    LoaiHinhThanhToan: 'PAY',
    MaKenhThanhToan: '1',
    MaThietBi: '1',
    NgonNgu: 'vi',
    MaTienTe: 'VND',
    MaNganHang: '',
    ThongTinGiaoDich: `Thanh toan ${payment.kind} ${payment.id}`.slice(0, 200),
    ThoiGianGD: toPortalTimestamp(new Date()),
    Ip: '127.0.0.1',
    // receipt data: ids and amounts only
    ThongTinBienLai: { MaDichVu: payment.kind === 'FINE' ? '1' : '2', PhiLePhi: payment.lines.map((l) => ({ LoaiPhiLePhi: l.kind === 'FEE' ? '1' : '2', SoTien: l.amount.toString(), TenPhiLePhi: l.description })) },
  };
  message['MaXacThuc'] = checksum(REQUEST_FIELDS, message, config.payment.secretKey);
  const answer = await post(`${base(config.payment.url!)}/payment/init`, message, config.portal.timeoutMs, 'the payment platform');
  if (answer['MaLoi'] !== '00') return { refused: `(${String(answer['MaLoi'])}) ${String(answer['MoTaLoi'] ?? '')}`.trim() };
  return { url: String(answer['UrlThanhToan'] ?? '') };
}

/** PayGov's answer shape is the sandbox's own ({ errorCode, message, payUrl }) [open]. */
export async function startOnPayGov(config: Config, a: AttemptToStart): Promise<StartAnswer> {
  const { paygov } = config;
  const message: Record<string, unknown> = {
    partnerCode: paygov.partnerCode,
    orderId: a.reference,
    amount: a.payment.amount.toString(),
    orderInfo: `Thanh toan ${a.payment.kind} ${a.payment.id}`.slice(0, 200),
    requestCode: a.requestCode,
  };
  message['checksum'] = paygovRequestChecksum(message, paygov);
  const answer = await post(`${base(paygov.url!)}/paygov/init`, message, config.portal.timeoutMs, 'PayGov');
  if (answer['errorCode'] !== '00') return { refused: `(${String(answer['errorCode'])}) ${String(answer['message'] ?? '')}`.trim() };
  return { url: String(answer['payUrl'] ?? '') };
}
