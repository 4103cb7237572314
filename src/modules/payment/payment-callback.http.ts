/**
 * The payment callbacks (IPN): the national payment platform's and PayGov's. Nothing is accepted
 * on faith: the checksum and the partner are verified here, the reference, route and amount by
 * `applyPaymentCallback`; anything else is refused in the route's own format, nothing changes and
 * the reason is logged. Each callback runs as one audited unit of work under the SYSTEM actor.
 */
import { Router, json, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from '../../common/logger.js';
import type { Config } from '../../config/config.js';
import type { PrismaClient } from '../../db/client.js';
import { runAudited } from '../../core/unit-of-work.js';
import { appendRefusal } from '../../core/refusal-audit.js';
import { type AnonymousRefusals, addressBucket } from '../../http/graphql-gate.js';

/** Refused callbacks audited per minute, city-wide; beyond, they are counted (anonymousRefusals) and logged. */
const CALLBACK_REFUSALS_AUDITED_PER_MINUTE = 60;
import { paygovCallbackChecksum, paygovChecksumMatches } from '../../integrations/payment/paygov.checksum.js';
import { CALLBACK_FIELDS, checksumMatches } from '../../integrations/payment/platform.checksum.js';
import type { Queues } from '../../jobs/queues.js';
import type { BlobStore } from '../attachment/blob-store.js';
import { systemContext } from '../system/system-context.js';
import { Refused, applyPaymentCallback, type CallbackReport } from './payment-callback.service.js';

type Deps = {
  config: Config;
  prisma: PrismaClient;
  log: Logger;
  blobs: BlobStore;
  queues: Queues;
  refusals: AnonymousRefusals;
};

interface Route {
  /** the SYSTEM actor and the audited operation */
  actor: string;
  operation: string;
  /** the reference the message claims, for the log */
  reference(body: Record<string, unknown>): string;
  /** why the message is not to be read at all (bad signature, another partner), or its report */
  read(body: Record<string, unknown>): { refused: string } | { report: CallbackReport };
  /** the route's reply; `body` is the callback as received (the platform's reply echoes some of it) */
  answer(res: Response, ok: boolean, message: string, body: Record<string, unknown>): void;
}

function handler(deps: Deps, route: Route) {
  return async (req: Request, res: Response, next: NextFunction) => {
    // a callback's fields are strings or numbers; anything else (an object posing as a string) is dropped
    const raw =
      req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};
    const body = Object.fromEntries(
      Object.entries(raw).filter(([, v]) => typeof v === 'string' || typeof v === 'number'),
    );
    const requestId = String(res.locals['requestId']);
    const read = route.read(body);
    const reference = route.reference(body).slice(0, 40);
    const log = deps.log.child({ requestId, reference, callback: route.actor });
    if ('refused' in read) {
      // a forgery or a misdirected callback: audited (REFUSED, no actor), unless this address has
      // been refused so often this minute, or forgeries city-wide are so many, that it is only counted
      const ip = addressBucket(req.ip ?? 'unknown');
      if (
        !(await deps.refusals.overLimit(ip)) &&
        (await deps.refusals.auditBudget('callbacks', CALLBACK_REFUSALS_AUDITED_PER_MINUTE))
      ) {
        log.warn({ problem: read.refused }, 'payment callback refused');
        await appendRefusal(
          deps.prisma,
          {
            caller: null,
            operation: route.operation,
            targetIds: /^[\w.-]{1,40}$/.test(reference) ? [reference] : [],
            requestId,
            outcome: 'REFUSED',
            errorCode: 'FORBIDDEN',
          },
          log,
        );
      }
      await deps.refusals.count(ip);
      return void route.answer(res, false, read.refused, body);
    }
    const ctx = systemContext(deps, route.actor, requestId, req.ip ?? 'unknown');
    // the gateway's own identity: no rights until the payment it settles is found (payment-callback.service.ts)
    ctx.caller = { kind: 'gateway', id: route.actor, role: 'OFFICER', agencyId: null, agencyCode: null };
    try {
      const message = await runAudited(ctx, route.operation, () => applyPaymentCallback(ctx, read.report));
      log.info({ outcome: message }, 'payment callback applied');
      route.answer(res, true, message, body);
    } catch (err) {
      if (!(err instanceof Refused)) return next(err);
      log.warn({ problem: err.message }, 'payment callback refused');
      route.answer(res, false, err.message, body);
    }
  };
}

const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));

export function paymentCallbackRoutes(deps: Deps): Router {
  const router = Router();
  const { payment, paygov } = deps.config;

  // The national payment platform: MaXacThuc over CALLBACK_FIELDS; answers { MaLoi, MoTaLoi, MaDoiTac,
  // MaThamChieu, ThoiGianGD, MaXacThuc } with the callback's own values echoed, as real clients do (§6.3).
  router.post(
    '/payment-platform',
    json({ limit: '64kb' }),
    handler(deps, {
      actor: 'payment-platform',
      operation: 'paymentCallback',
      reference: (b) => text(b['MaThamChieu']),
      read(b) {
        if (!checksumMatches(CALLBACK_FIELDS, b, payment.secretKey)) return { refused: 'Sai mã xác thực' };
        if (b['MaDoiTac'] !== payment.partnerCode) return { refused: 'Sai mã đối tác' };
        return {
          report: {
            route: 'PLATFORM',
            reference: text(b['MaThamChieu']),
            amount: text(b['SoTien']),
            currency: text(b['MaTienTe']),
            success: b['MaLoi'] === '00',
            errorCode: text(b['MaLoi']),
            transactionId: text(b['MaGiaoDich']) || null,
          },
        };
      },
      answer: (res, ok, message, b) =>
        void res.json({
          MaLoi: ok ? '00' : '99',
          MoTaLoi: message,
          MaDoiTac: text(b['MaDoiTac']) || payment.partnerCode,
          MaThamChieu: text(b['MaThamChieu']),
          ThoiGianGD: text(b['ThoiGianGD']),
          MaXacThuc: text(b['MaXacThuc']),
        }),
    }),
  );

  // PayGov through the provincial gateway: checksum over the request's fields and the outcome;
  // amounts are whole đồng in VND only; answers { errorCode, message }.
  router.post(
    '/paygov',
    json({ limit: '64kb' }),
    handler(deps, {
      actor: 'paygov',
      operation: 'paygovCallback',
      reference: (b) => text(b['orderId']),
      read(b) {
        if (!paygov.url || !paygov.secretKey) return { refused: 'PayGov is not enabled on this hub' };
        if (!paygovChecksumMatches(paygovCallbackChecksum(b, paygov), b)) return { refused: 'Sai checksum' };
        if (b['partnerCode'] !== paygov.partnerCode) return { refused: 'Sai partnerCode' };
        return {
          report: {
            route: 'PAYGOV',
            reference: text(b['orderId']),
            amount: text(b['amount']),
            currency: 'VND',
            success: b['errorCode'] === '00',
            errorCode: text(b['errorCode']),
            transactionId: text(b['transactionNo']) || null,
            requestCode: text(b['requestCode']),
          },
        };
      },
      answer: (res, ok, message) => void res.json({ errorCode: ok ? '00' : '99', message }),
    }),
  );
  return router;
}
