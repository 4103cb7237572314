/**
 * The payment callbacks (IPN): the national payment platform's and PayGov's. Nothing is accepted
 * on faith: the checksum and the partner are verified here, the reference, route and amount by
 * `applyPaymentCallback`; anything else is refused in the route's own format, nothing changes and
 * the reason is logged. Each callback runs as one audited unit of work under its gateway's own
 * identity (src/core/system.ts), which gets the rights of the agency whose payment it settles.
 * What differs between gateways (fields, checksum, reply) is the gateway's (integrations/payment/gateway.ts).
 */
import { Router, json, type NextFunction, type Request, type Response } from 'express';
import { runAudited } from '../../core/unit-of-work.js';
import { appendRefusal } from '../../core/refusal-audit.js';
import { addressBucket } from '../../http/graphql-gate.js';
import { PAYMENT_GATEWAYS, type PaymentGateway } from '../../integrations/payment/gateway.js';
import type { RouteDeps } from '../module.js';
import { Refused, applyPaymentCallback } from './payment-callback.service.js';

/** Refused callbacks audited per minute, city-wide; beyond, they are counted (anonymousRefusals) and logged. */
const CALLBACK_REFUSALS_AUDITED_PER_MINUTE = 60;

function handler(deps: RouteDeps, gateway: PaymentGateway) {
  const { callback } = gateway;
  return async (req: Request, res: Response, next: NextFunction) => {
    // a callback's fields are strings or numbers; anything else (an object posing as a string) is dropped
    const raw =
      req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};
    const body = Object.fromEntries(
      Object.entries(raw).filter(([, v]) => typeof v === 'string' || typeof v === 'number'),
    );
    const answer = (ok: boolean, message: string) => void res.json(callback.reply(ok, message, body, deps.config));
    const requestId = String(res.locals['requestId']);
    const read = callback.read(body, deps.config);
    const reference = callback.reference(body).slice(0, 40);
    const log = deps.log.child({ requestId, reference, callback: gateway.upstream });
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
            operation: callback.operation,
            targetIds: /^[\w.-]{1,40}$/.test(reference) ? [reference] : [],
            requestId,
            outcome: 'REFUSED',
            errorCode: 'FORBIDDEN',
          },
          log,
        );
      }
      await deps.refusals.count(ip);
      deps.metrics.paymentCallbacks.inc({ gateway: gateway.upstream, result: 'refused' });
      return answer(false, read.refused);
    }
    // the gateway's own identity: no rights until the payment it settles is found (payment-callback.service.ts)
    const ctx = deps.system.gateway(gateway.upstream, { requestId, clientIp: req.ip ?? 'unknown' });
    try {
      const message = await runAudited(ctx, callback.operation, () => applyPaymentCallback(ctx, read.report));
      log.info({ outcome: message }, 'payment callback applied');
      deps.metrics.paymentCallbacks.inc({ gateway: gateway.upstream, result: 'applied' });
      answer(true, message);
    } catch (err) {
      deps.metrics.paymentCallbacks.inc({
        gateway: gateway.upstream,
        result: err instanceof Refused ? 'refused' : 'error',
      });
      if (!(err instanceof Refused)) return next(err);
      log.warn({ problem: err.message }, 'payment callback refused');
      answer(false, err.message);
    }
  };
}

/** One route per gateway under /callbacks (its path is the gateway's): /payment-platform, /paygov. */
export function paymentCallbackRoutes(deps: RouteDeps): Router {
  const router = Router();
  for (const gateway of PAYMENT_GATEWAYS)
    router.post(gateway.callback.path, json({ limit: '64kb' }), handler(deps, gateway));
  return router;
}
