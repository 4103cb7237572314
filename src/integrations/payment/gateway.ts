/**
 * A payment gateway: a route payments are paid by (PaymentRoute), what starting an attempt on it
 * means, what it can say about one of our references, and its callback — how one is read (checksum,
 * partner, fields) and answered. Everything that differs between the national payment platform and
 * PayGov is here, keyed by route; the payment module asks `paymentGateway(route)` and nothing else.
 * Each gateway is its own upstream, behind its own circuit breaker (`upstream`).
 */
import type { Config } from '../../config/config.js';
import type { PaymentRoute } from '../../generated/prisma/enums.js';
import { paygovCallbackChecksum, paygovChecksumMatches } from './paygov.checksum.js';
import {
  queryOnPlatform,
  startOnPayGov,
  startOnPlatform,
  type AttemptToStart,
  type PlatformState,
  type StartAnswer,
} from './gateway-calls.js';
import { CALLBACK_FIELDS, checksumMatches } from './platform.checksum.js';

/** A verified callback, whichever gateway sent it. */
export interface CallbackReport {
  route: PaymentRoute;
  reference: string;
  /** as sent: compared with the payment's amount as a string of whole đồng */
  amount: string;
  currency: string;
  success: boolean;
  /** the gateway's error code, kept on a failed attempt */
  errorCode: string;
  transactionId: string | null;
  /** PayGov echoes the requestCode of the attempt */
  requestCode?: string;
}

type Body = Record<string, unknown>;

export interface PaymentGateway {
  route: PaymentRoute;
  /** its circuit breaker, and the actor its callbacks run as */
  upstream: 'payment-platform' | 'paygov';
  /** as errors name it */
  label: string;
  /** the field its error codes come in (a failed attempt keeps "MaLoi 24") */
  errorField: string;
  /** why this hub does not offer the route (asked when a payment is requested), or null */
  offered(config: Config): string | null;
  /** why attempts cannot start on it (its URL is not configured), or null */
  unconfigured(config: Config): string | null;
  start(config: Config, attempt: AttemptToStart): Promise<StartAnswer>;
  /**
   * What it holds for one of our references, after a start whose answer was lost. The platform is
   * asked (QUERY, §6.3); PayGov has no query: its "đã tồn tại" for our own orderId is the answer.
   */
  query(config: Config, reference: string, initTime: string): Promise<PlatformState>;
  /** whether a refusal of a retried start means "maybe already started" (the gateway can be asked) */
  asksAfterRetry: boolean;
  callback: {
    /** under /callbacks */
    path: string;
    /** the audited operation */
    operation: string;
    /** the reference the message claims, for the log */
    reference(body: Body): string;
    /** why the message is not to be read at all (bad signature, another partner), or its report */
    read(body: Body, config: Config): { refused: string } | { report: CallbackReport };
    /** the gateway's reply; `body` is the callback as received (the platform's reply echoes some of it) */
    reply(ok: boolean, message: string, body: Body, config: Config): Body;
  };
}

const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));

/** The national payment platform (MaXacThuc over CALLBACK_FIELDS), directly or behind a provincial proxy. */
const platform: PaymentGateway = {
  route: 'PLATFORM',
  upstream: 'payment-platform',
  label: 'payment platform',
  errorField: 'MaLoi',
  offered: () => null,
  unconfigured: (config) => (config.payment.url ? null : 'PAYMENT_URL is not configured'),
  start: startOnPlatform,
  query: queryOnPlatform,
  asksAfterRetry: true,
  callback: {
    path: '/payment-platform',
    operation: 'paymentCallback',
    reference: (b) => text(b['MaThamChieu']),
    read(b, { payment }) {
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
    // { MaLoi, MoTaLoi, MaDoiTac, MaThamChieu, ThoiGianGD, MaXacThuc } with the callback's own values echoed, as real clients do (§6.3)
    reply: (ok, message, b, { payment }) => ({
      MaLoi: ok ? '00' : '99',
      MoTaLoi: message,
      MaDoiTac: text(b['MaDoiTac']) || payment.partnerCode,
      MaThamChieu: text(b['MaThamChieu']),
      ThoiGianGD: text(b['ThoiGianGD']),
      MaXacThuc: text(b['MaXacThuc']),
    }),
  },
};

/** PayGov through the provincial gateway: checksum over the request's fields and the outcome; whole đồng in VND only. */
const paygov: PaymentGateway = {
  route: 'PAYGOV',
  upstream: 'paygov',
  label: 'PayGov gateway',
  errorField: 'errorCode',
  offered: (config) =>
    config.paygov.url ? null : 'PayGov is not enabled on this hub: use the national platform (route PLATFORM)',
  unconfigured: (config) => (config.paygov.url ? null : 'PAYGOV_URL is not configured'),
  start: startOnPayGov,
  // no query: a duplicate's refusal says it holds the order, as a pending one
  query: async () => ({ known: true, state: 'PENDING' }),
  asksAfterRetry: false,
  callback: {
    path: '/paygov',
    operation: 'paygovCallback',
    reference: (b) => text(b['orderId']),
    read(b, { paygov: cfg }) {
      if (!cfg.url || !cfg.secretKey) return { refused: 'PayGov is not enabled on this hub' };
      if (!paygovChecksumMatches(paygovCallbackChecksum(b, cfg), b)) return { refused: 'Sai checksum' };
      if (b['partnerCode'] !== cfg.partnerCode) return { refused: 'Sai partnerCode' };
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
    reply: (ok, message) => ({ errorCode: ok ? '00' : '99', message }),
  },
};

const GATEWAYS: Record<PaymentRoute, PaymentGateway> = { PLATFORM: platform, PAYGOV: paygov };

/** Every gateway, for the callback routes. */
export const PAYMENT_GATEWAYS: readonly PaymentGateway[] = Object.values(GATEWAYS);

export const paymentGateway = (route: PaymentRoute): PaymentGateway => GATEWAYS[route];
