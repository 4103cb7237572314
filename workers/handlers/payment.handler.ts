import { randomBytes } from 'node:crypto';
import { UnrecoverableError } from 'bullmq';
import { toPortalTimestamp } from '../../src/common/time.js';
import { PortalTransientError } from '../../src/integrations/portal/portal.client.js';
import { REQUEST_FIELDS, checksum } from '../../src/integrations/payment/platform.checksum.js';
import { paymentRepository } from '../../src/modules/payment/payment.repository.js';
import { defineHandler } from '../registry.js';

/** MaThamChieu: 20 characters, unique per attempt. */
const newReference = () => `LT${Date.now().toString(36).toUpperCase()}${randomBytes(6).toString('hex').toUpperCase()}`.slice(0, 20);

/**
 * Start an attempt on the national payment platform: a new reference, the checksum, the payment
 * URL kept on the payment. A retry of the same job reuses the attempt's reference.
 */
export const paymentStartHandler = defineHandler('payment.start', async ({ paymentId, attempt }, { prisma, config, log, queues }) => {
  const payment = await paymentRepository.findById(prisma, paymentId);
  if (!payment) return { skipped: 'unknown payment' };
  if (payment.status === 'PAID') return { skipped: 'already paid' };
  if (!config.payment.url) throw new UnrecoverableError('PAYMENT_URL is not configured');
  const row = (await paymentRepository.attempt(prisma, paymentId, attempt)) ?? (await paymentRepository.createAttempt(prisma, { paymentId, number: attempt, reference: newReference() }));
  const message: Record<string, unknown> = {
    LoaiBanTin: 'PAY',
    PhienBan: '1.0.0',
    MaDoiTac: config.payment.partnerCode,
    MaThamChieu: row.reference,
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
  let answer: Record<string, unknown>;
  try {
    const res = await fetch(`${config.payment.url.replace(/\/$/, '')}/payment/init`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message), signal: AbortSignal.timeout(config.portal.timeoutMs) });
    if (res.status >= 500) throw new PortalTransientError(`the payment platform answered HTTP ${res.status}`);
    answer = (await res.json()) as Record<string, unknown>;
  } catch (err) {
    throw err instanceof PortalTransientError ? err : new PortalTransientError(`the payment platform is unreachable (${(err as Error).message})`);
  }
  if (answer['MaLoi'] !== '00') {
    await paymentRepository.updateAttempt(prisma, row.id, { status: 'FAILED', failure: String(answer['MoTaLoi'] ?? answer['MaLoi']), completedAt: new Date() });
    await paymentRepository.update(prisma, paymentId, { status: 'FAILED' });
    throw new UnrecoverableError(`the payment platform refused (${String(answer['MaLoi'])}): ${String(answer['MoTaLoi'] ?? '')}`);
  }
  const url = String(answer['UrlThanhToan'] ?? '');
  await paymentRepository.updateAttempt(prisma, row.id, { paymentUrl: url });
  await paymentRepository.update(prisma, paymentId, { status: 'PENDING', paymentUrl: url });
  await queues.enqueue('payment.expire', { paymentId, attempt }, config.payment.attemptTtlMs);
  log.info({ paymentId, attempt }, 'payment started on the platform');
  return { reference: row.reference };
});

/** The payer did not pay in time: the attempt and the payment expire, unless the payment succeeded meanwhile. */
export const paymentExpireHandler = defineHandler('payment.expire', async ({ paymentId, attempt }, { prisma }) => {
  return prisma.$transaction(async (tx) => {
    const row = await paymentRepository.attempt(tx, paymentId, attempt);
    const locked = row && (await paymentRepository.lockByReference(tx, row.reference));
    if (!locked || locked.attempt.status !== 'STARTED' || locked.payment.status !== 'PENDING') return { skipped: locked?.attempt.status ?? 'unknown' };
    await paymentRepository.updateAttempt(tx, locked.attempt.id, { status: 'EXPIRED', completedAt: new Date() });
    await paymentRepository.update(tx, paymentId, { status: 'EXPIRED' });
    return { expired: locked.attempt.reference };
  });
});
