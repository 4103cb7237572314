/**
 * The national payment platform's callback (IPN). Nothing is accepted on faith: the checksum,
 * the partner, the reference and the amount must all match, or the answer is MaLoi 99 and nothing
 * changes (the reason is logged). A success is applied once however often it is repeated; a
 * failure arriving after a success is refused as a replay. The change runs as one audited unit of
 * work under the SYSTEM actor, and a dossier waiting on payment (status 6) goes back to processing.
 */
import { Router, json, type Response } from 'express';
import { BadUserInputError } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { Config } from '../../config/config.js';
import type { PrismaClient } from '../../db/client.js';
import { runAudited } from '../../graphql/unit-of-work.js';
import { CALLBACK_FIELDS, checksumMatches } from '../../integrations/payment/platform.checksum.js';
import type { Queues } from '../../jobs/queues.js';
import type { BlobStore } from '../attachment/blob-store.js';
import { dossierRepository } from '../dossier/dossier.repository.js';
import { dossierService } from '../dossier/dossier.service.js';
import { systemContext } from '../system/system-context.js';
import { paymentRepository } from './payment.repository.js';

/** A callback the hub will not apply: audited as REFUSED, answered MaLoi 99. */
class Refused extends BadUserInputError {}

export function paymentCallbackRoutes(deps: { config: Config; prisma: PrismaClient; log: Logger; blobs: BlobStore; queues: Queues }): Router {
  const router = Router();
  const answer = (res: Response, ok: boolean, message: string) => res.json({ MaLoi: ok ? '00' : '99', MoTaLoi: message });

  router.post('/payment-platform', json({ limit: '64kb' }), async (req, res, next) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const reference = String(body['MaThamChieu'] ?? '').slice(0, 40);
    const requestId = String(res.locals['requestId']);
    const log = deps.log.child({ requestId, reference, callback: 'payment-platform' });
    if (!checksumMatches(CALLBACK_FIELDS, body, deps.config.payment.secretKey)) {
      log.warn('payment callback refused: the checksum does not match');
      return void answer(res, false, 'Sai mã xác thực');
    }
    if (body['MaDoiTac'] !== deps.config.payment.partnerCode) {
      log.warn('payment callback refused: another partner code');
      return void answer(res, false, 'Sai mã đối tác');
    }
    const ctx = systemContext(deps, 'payment-platform', requestId, req.ip ?? 'unknown');
    try {
      const message = await runAudited(ctx, 'paymentCallback', async () => {
        const found = await paymentRepository.lockByReference(ctx.db, reference);
        if (!found) throw new Refused('unknown reference');
        const { attempt, payment } = found;
        ctx.auditTargets.push(payment.id, reference);
        if (String(body['SoTien']) !== payment.amount.toString() || body['MaTienTe'] !== 'VND') throw new Refused('the amount or currency differs from the payment');
        if (body['MaLoi'] !== '00') {
          if (attempt.status === 'SUCCEEDED' || payment.status === 'PAID') throw new Refused('a failure after the payment succeeded (replay)');
          await paymentRepository.updateAttempt(ctx.db, attempt.id, { status: 'FAILED', failure: `MaLoi ${String(body['MaLoi'])}`, completedAt: new Date() });
          await paymentRepository.update(ctx.db, payment.id, { status: 'FAILED' });
          return 'Đã ghi nhận giao dịch không thành công';
        }
        if (attempt.status === 'SUCCEEDED') return 'Đã ghi nhận trước đó'; // the platform calling again
        // a success racing the attempt's expiry wins: the money was taken (EXPIRED or FAILED attempts included)
        await paymentRepository.updateAttempt(ctx.db, attempt.id, { status: 'SUCCEEDED', transactionId: String(body['MaGiaoDich'] ?? '') || null, completedAt: new Date() });
        if (payment.status !== 'PAID') {
          await paymentRepository.update(ctx.db, payment.id, { status: 'PAID', paidAt: new Date() });
          if (payment.dossierId) {
            const [dossier] = await dossierRepository.findByIds(ctx.db, [payment.dossierId]);
            if (dossier?.status === 6) await dossierService.step(ctx, dossier.code, { status: 4, note: 'Đã thanh toán trực tuyến' });
          }
        }
        return 'Thành công';
      });
      log.info({ outcome: message }, 'payment callback applied');
      answer(res, true, message);
    } catch (err) {
      if (!(err instanceof Refused)) return next(err);
      log.warn({ problem: err.message }, 'payment callback refused');
      answer(res, false, err.message);
    }
  });
  return router;
}
