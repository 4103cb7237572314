/**
 * The environment variables the hub reads, with their types, bounds and defaults (zod), and the
 * rules that tie them together in production. Only `loadConfig` (config.ts) uses this.
 */
import os from 'node:os';
import { z } from 'zod';
import {
  PAYMENT_CHOICES,
  PAYMENT_MESSAGE_DEFAULTS,
  PAYMENT_PATHS,
  PORTAL_CHOICES,
  PORTAL_DIRECT_PATHS,
  PORTAL_PROXY_PATHS,
} from './national.js';
import { requireProductionSecrets } from './production.js';
import { MEETING_ENV } from './meetings.js';
import { int, url } from './zod-fields.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A JSON object of paths overriding some of `defaults` (e.g. PORTAL_PROXY_PATHS='{"insert":"/x"}'). */
const pathsOver = <T extends Record<string, string>>(defaults: T) =>
  z
    .string()
    .transform((v, ctx) => {
      try {
        const o = JSON.parse(v) as Record<string, unknown>;
        const bad = Object.entries(o).filter(
          ([k, p]) => !(k in defaults) || typeof p !== 'string' || !p.startsWith('/'),
        );
        if (typeof o !== 'object' || o === null || Array.isArray(o) || bad.length) throw new Error();
        return { ...defaults, ...(o as Partial<T>) };
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: `must be a JSON object of paths starting with "/", keys among ${Object.keys(defaults).join(', ')}`,
        });
        return z.NEVER;
      }
    })
    .optional();
const path = z.string().regex(/^\/[^\s]*$/, 'must be a path starting with "/"');
const shape = z.enum(['direct', 'proxy']);
const code = z.string().min(1).max(100);

/** The first non-internal IPv4 address of this machine: the default `Ip` of payment messages. */
export function hostIpv4(): string | undefined {
  for (const list of Object.values(os.networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return undefined;
}

export const schema = z
  .object({
    /**
     * `development` (what `npm start` sets) and `test` allow the sandbox's and generated development
     * secrets; anything else, unset included, is production: every secret must be given.
     */
    NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
    /** HTTP port of the GraphQL API (default 4000; 0 picks a free port). */
    PORT: int(0, 65535).default(4000),
    /** Interface the API listens on (default 127.0.0.1). */
    HOST: z.string().min(1).default('127.0.0.1'),
    /** PostgreSQL URL. Unset under `npm start`: an embedded PostgreSQL under DATA_DIR is used. */
    DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
    /** Redis URL. Unset under `npm start`: a private redis-server under DATA_DIR is spawned. */
    REDIS_URL: url(['redis:', 'rediss:']).optional(),
    /** Prefix of every BullMQ key in Redis (default `lth`). */
    QUEUE_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_:-]+$/, 'letters, digits, _ : - only')
      .default('lth'),
    /** Directory of embedded data (PostgreSQL, Redis, dev secrets). Default `./.data`. */
    DATA_DIR: z.string().min(1).default('./.data'),
    /** Log level: fatal, error, warn, info, debug, trace, silent (default info). */
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Shared secret for HS256 JWTs (at least 32 characters). Required in production unless JWT_PUBLIC_KEY is set. */
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    /** SPKI PEM public key for RS256/ES256 JWTs issued by the city's identity provider. */
    JWT_PUBLIC_KEY: z.string().includes('BEGIN PUBLIC KEY', { message: 'must be an SPKI PEM public key' }).optional(),
    /** Expected `iss` claim (default `lien-thong-hub`). */
    JWT_ISSUER: z.string().min(1).default('lien-thong-hub'),
    /** Expected `aud` claim (default `lien-thong-hub-api`). */
    JWT_AUDIENCE: z.string().min(1).default('lien-thong-hub-api'),
    /** Allow GraphQL introspection (default: on outside production). */
    GRAPHQL_INTROSPECTION: bool.optional(),
    /** Serve Apollo's landing page at /graphql (default: on outside production). */
    GRAPHQL_LANDING_PAGE: bool.optional(),
    /** Maximum selection depth of a query (default 10). */
    GRAPHQL_MAX_DEPTH: int(2, 50).default(10),
    /** Maximum cost of a query: the objects it can return, at most (src/graphql/cost.ts; default 50000). */
    GRAPHQL_MAX_COST: int(100, 10_000_000).default(50_000),
    /** Maximum aliases in one query (default 15). */
    GRAPHQL_MAX_ALIASES: int(1, 1000).default(15),
    /** Largest page a connection returns (default 100). */
    MAX_PAGE_SIZE: int(1, 1000).default(100),
    /** Largest accepted GraphQL request body, e.g. `1mb` (default 25mb: edXML packages carry their attachments). */
    BODY_LIMIT: z
      .string()
      .regex(/^\d+(b|kb|mb)$/i, 'like 512kb or 1mb')
      .default('1mb'),
    /** Largest body of a request whose only root field is `importEdxml` (its package carries the attachments; default 25mb). */
    IMPORT_BODY_LIMIT: z
      .string()
      .regex(/^\d+(b|kb|mb)$/i, 'like 512kb or 1mb')
      .default('25mb'),
    /** Largest GraphQL body without credentials (the public lookup; default 8kb). */
    PUBLIC_BODY_LIMIT: z
      .string()
      .regex(/^\d+(b|kb|mb)$/i, 'like 512kb or 1mb')
      .default('8kb'),
    /** Refused requests without valid credentials one client address may make per minute before it gets 429 unread (default 30). */
    ANONYMOUS_REFUSALS_PER_MINUTE: int(1, 1_000_000).default(30),
    /** Most tokens the GraphQL parser reads in one document before it refuses it (default 5000). */
    GRAPHQL_MAX_TOKENS: int(100, 1_000_000).default(5000),
    /**
     * Which proxies in front of the API to believe about the client's address (X-Forwarded-For):
     * `false` (default: none), a number of hops, or comma-separated addresses/CIDRs (Express's
     * `trust proxy`, e.g. `10.0.0.5` or `loopback,10.0.0.0/8`).
     */
    TRUST_PROXY: z
      .string()
      .regex(
        /^(false|true|\d{1,2}|[0-9A-Fa-f:./a-z]+(,[0-9A-Fa-f:./a-z]+)*)$/,
        'false, a hop count, or comma-separated addresses/CIDRs',
      )
      .default('false'),
    /**
     * Origins of browser applications allowed to call the API from another origin (CORS):
     * comma-separated exact origins (`https://app.example.vn`), or `*` for any. Default: none, and
     * in development (`npm start`) any `http://localhost:<port>` or `http://127.0.0.1:<port>`.
     */
    CORS_ORIGINS: z
      .string()
      .regex(
        /^(\*|https?:\/\/[^\s,/]+(,https?:\/\/[^\s,/]+)*)$/,
        '`*` or comma-separated origins (scheme://host[:port])',
      )
      .optional(),
    /**
     * Hosts and networks outbound calls that agencies configure (webhooks) may reach although they
     * are loopback, private, link-local or otherwise internal: comma-separated host names, addresses
     * or CIDRs (default none).
     */
    OUTBOUND_ALLOW: z
      .string()
      .regex(/^[^\s,]+(,[^\s,]+)*$/, 'comma-separated hosts, addresses or CIDRs')
      .optional(),
    /** Longest accepted JWT lifetime (exp minus iat, or exp minus now), in seconds (default 86400). */
    JWT_MAX_LIFETIME_S: int(60, 30 * 86_400).default(86_400),
    /** Key of the audit chain's HMAC (at least 32 characters; kept outside the database). Required outside development and tests. */
    AUDIT_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
    /** Where the signed checkpoints of the audit chain's head are kept, outside PostgreSQL (default DATA_DIR/audit-checkpoints). */
    AUDIT_CHECKPOINT_DIR: z.string().min(1).optional(),
    /** How often the workers checkpoint the audit chain's head, in ms (default 300000). */
    AUDIT_CHECKPOINT_MS: int(1000, 24 * 3_600_000).default(300_000),
    /** Largest attachment in bytes (default 20 MiB). */
    ATTACHMENT_MAX_BYTES: int(1, 1024 * 1024 * 1024).default(20 * 1024 * 1024),
    /** Where attachments are stored, content-addressed (default DATA_DIR/blobs). */
    BLOB_DIR: z.string().min(1).optional(),
    /**
     * Bearer token Prometheus presents to scrape /metrics (the API's and the worker process's).
     * Unset: /metrics answers 404, except in development and test, where it is open.
     */
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    /**
     * Port of the worker process's own HTTP listener (/metrics, /health/*): default 9464 in
     * production, a free one in development and test (`npm start` prints it); 0 picks a free one.
     */
    WORKER_HTTP_PORT: int(0, 65535).optional(),
    /** Key from which each agency's webhook signing secret is derived (at least 32 characters). Required in production. */
    WEBHOOK_SIGNING_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
    /** Timeout of one webhook POST in ms (default 5000). */
    WEBHOOK_TIMEOUT_MS: int(100, 120_000).default(5000),
    /** Attempts of one webhook call before it is marked failed (default 6). */
    WEBHOOK_ATTEMPTS: int(1, 50).default(6),
    /** First retry delay of a webhook call in ms, doubled each attempt with jitter (default 5000). */
    WEBHOOK_BACKOFF_MS: int(1, 3_600_000).default(5000),
    /** How soon a job held by a dead worker is taken over, in ms (BullMQ lock and stall check; default 30000). */
    WORKER_STALLED_INTERVAL_MS: int(500, 600_000).default(30_000),
    /** How many times a job may be taken over from a dead worker before it fails (default 10: crashes do not exhaust it). */
    WORKER_MAX_STALLED: int(1, 1000).default(10),
    /** How often each worker process says it is alive in Redis, in ms (default 5000; gone after 3 missed). */
    WORKER_HEARTBEAT_MS: int(100, 600_000).default(5000),
    /** How often each worker re-asserts the schedules (Redis may have lost them), in ms (default 60000). */
    SCHEDULE_CHECK_MS: int(500, 3_600_000).default(60_000),
    /** The daily jobs at fixed hours (catalog import 03:00, reconciliation 01:00, audit check): off in tests, whose assertions a run at those hours would meet. */
    DAILY_JOBS: bool.default(true),
    /** An outbox row enqueued this long ago and still not acknowledged is enqueued again, in ms (default 120000). */
    OUTBOX_REDELIVER_MS: int(500, 24 * 3_600_000).default(120_000),
    /** Worker concurrency per queue (default 4). */
    WORKER_CONCURRENCY: int(1, 100).default(4),
    /** The National Public Service Portal's base URL. Unset under `npm start`: the bundled sandbox. */
    PORTAL_URL: url(['http:', 'https:']).optional(),
    /** Portal account of the hub (default: the sandbox's). */
    PORTAL_USERNAME: z.string().min(1).default('lien-thong-hub'),
    /** The account's password (default outside production: the sandbox's; required in production with PORTAL_URL). */
    PORTAL_PASSWORD: z.string().min(1).optional(),
    /** madonvi: the unit code the hub sends for (default Hải Phòng, 000.00.00.H24). */
    PORTAL_UNIT_CODE: z.string().min(1).default('000.00.00.H24'),
    /** How the portal is reached: `direct` (the portal's adapter: login, then one endpoint) or `proxy` (a provincial LGSP with a URL per operation). Default direct. */
    PORTAL_SHAPE: shape.default('direct'),
    /** Direct shape: the login and the data call's paths under PORTAL_URL (default /mapi/login and /mapi/g) [open]. */
    PORTAL_AUTH_PATH: path.default(PORTAL_DIRECT_PATHS.auth),
    PORTAL_API_PATH: path.default(PORTAL_DIRECT_PATHS.api),
    /** Proxy shape: JSON object of paths under PORTAL_URL, keys insert, update, progress, lookup, procedure, procedureList [open]. */
    PORTAL_PROXY_PATHS: pathsOver(PORTAL_PROXY_PATHS),
    /** The `dstcode` header, sent only when set (§1.1). */
    PORTAL_DSTCODE: code.optional(),
    /** Bearer token of a provincial proxy (proxy shape). */
    PORTAL_BEARER_TOKEN: z.string().min(1).optional(),
    /** How long the hub keeps a portal session before logging in again, in ms (default 600000, as OpenCPS). */
    PORTAL_SESSION_TTL_MS: int(1000, 24 * 3600_000).default(PORTAL_CHOICES.sessionTtlMs),
    /** DanhSachLePhi MaPhiLePhi when the catalog gave no fee code (default "1", as TD) [open]. */
    PORTAL_FEE_CODE: code.default(PORTAL_CHOICES.feeCode),
    /** DanhSachLePhi HinhThucThu (default "1", as TD) [open]. */
    PORTAL_FEE_COLLECTION: code.default(PORTAL_CHOICES.feeCollection),
    /** NoiNopHoSo (default "2", as TD) [open]. */
    PORTAL_SUBMISSION_PLACE: code.default(PORTAL_CHOICES.submissionPlace),
    /** DuocThanhToanTrucTuyen of a dossier not paid online (default "0", as TD; "3" is TD's unpaid fee row) [open]. */
    PORTAL_NOT_PAID_ONLINE: z.enum(['0', '3']).default('0'),
    /** DSKetNoiCSDL: comma-separated MaCSDL codes of the national databases the hub is connected to (default none) [open]. */
    PORTAL_DATABASE_LINKS: z
      .string()
      .regex(/^[A-Za-z0-9]+(,[A-Za-z0-9]+)*$/, 'comma-separated codes')
      .optional(),
    /** The hub's public base URL, where the portal downloads result files (DuongDanTepTinKetQua). Required in production. */
    PUBLIC_URL: url(['http:', 'https:']).optional(),
    /** Timeout of one portal call in ms (default 10000). */
    PORTAL_TIMEOUT_MS: int(100, 120_000).default(10_000),
    /** Attempts of one portal sync before it is marked failed (default 10). */
    PORTAL_ATTEMPTS: int(1, 100).default(10),
    /** First retry delay of a portal sync in ms, doubled each attempt with jitter (default 2000). */
    PORTAL_BACKOFF_MS: int(1, 3_600_000).default(2000),
    /** The longest wait between two retries of a national call (the doubling stops there). */
    PORTAL_BACKOFF_MAX_MS: int(1, 24 * 3_600_000).default(300_000),
    /** The national payment platform's base URL (default: PORTAL_URL, the sandbox under npm start). */
    PAYMENT_URL: url(['http:', 'https:']).optional(),
    /** How long a payer has to pay one attempt before it expires, in ms (default 15 minutes). */
    PAYMENT_ATTEMPT_TTL_MS: int(1, 7 * 24 * 3600_000).default(15 * 60_000),
    /** MaDoiTac: the hub's partner code on the national payment platform (default: the sandbox's). */
    PAYMENT_PARTNER_CODE: z.string().min(1).default('LTH-HAIPHONG'),
    /** The partner's secret key for MaXacThuc checksums (default: the sandbox's; required in production). */
    PAYMENT_SECRET_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
    /** How the payment platform is reached: `direct` or `proxy` (behind a provincial LGSP, answers wrapped in `message`). Default direct. */
    PAYMENT_SHAPE: shape.default('direct'),
    /** JSON object of the platform's paths, keys init, query, transactions, proxyInit [open]. */
    PAYMENT_PATHS: pathsOver(PAYMENT_PATHS),
    /** Bearer token of the provincial proxy in front of the platform. */
    PAYMENT_BEARER_TOKEN: z.string().min(1).optional(),
    /** The INIT message's fixed values (defaults: what real clients send, §6.1). */
    PAYMENT_MESSAGE_TYPE: code.default(PAYMENT_MESSAGE_DEFAULTS.messageType),
    PAYMENT_VERSION: z
      .string()
      .regex(/^\d+\.\d+\.\d+$/, 'like 1.0.6')
      .default(PAYMENT_MESSAGE_DEFAULTS.version),
    PAYMENT_CHANNEL: code.default(PAYMENT_MESSAGE_DEFAULTS.channel),
    PAYMENT_DEVICE: code.default(PAYMENT_MESSAGE_DEFAULTS.device),
    PAYMENT_LANGUAGE: z.enum(['vi-VN', 'en-US']).default('vi-VN'),
    PAYMENT_BANK: code.default(PAYMENT_MESSAGE_DEFAULTS.bank),
    /** `Ip` of payment messages: this server's IPv4 address as the platform sees it (default: the machine's first non-internal IPv4). */
    PAYMENT_CLIENT_IP: z
      .string()
      .regex(/^\d{1,3}(\.\d{1,3}){3}$/, 'an IPv4 address')
      .optional(),
    /** MaDVC = MaTTHC + this suffix (default ".01", as TD) [open]. */
    PAYMENT_SERVICE_CODE_SUFFIX: z.string().max(20).default(PAYMENT_CHOICES.serviceCodeSuffix),
    /** PayGov's base URL, the provincial gateway (default outside production: PAYMENT_URL, the sandbox; unset in production: the route is off). */
    PAYGOV_URL: url(['http:', 'https:']).optional(),
    /** partnerCode: the hub's partner code on PayGov (default: the sandbox's). */
    PAYGOV_PARTNER_CODE: z.string().min(1).default('LTH-HAIPHONG'),
    /** accessKey and secretKey of PayGov's checksums (default outside production: the sandbox's; required in production with PAYGOV_URL). */
    PAYGOV_ACCESS_KEY: z.string().min(8, 'must be at least 8 characters').optional(),
    PAYGOV_SECRET_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
    /** The national document axis (VXP) base URL (default: PORTAL_URL). */
    AXIS_URL: url(['http:', 'https:']).optional(),
    /** The hub's system id and secret on the axis (defaults outside production: the sandbox's; the secret is required in production). */
    AXIS_SYSTEM_ID: code.default('vxp.saas.lth'),
    AXIS_SECRET: z.string().min(8, 'must be at least 8 characters').optional(),
    /** How often the workers ask the axis for packages sent to the city. */
    AXIS_POLL_MS: int(1000, 24 * 3_600_000).default(60_000),
    /** PEM files of the key and X.509 certificate that sign the edXML packages the hub sends. Outside production a development pair is generated under DATA_DIR. */
    EDXML_SIGNING_KEY_FILE: z.string().min(1).optional(),
    EDXML_SIGNING_CERT_FILE: z.string().min(1).optional(),
    /** PEM bundle of the CA certificates (the national CAs) a received package's signer must chain to. Unset: signatures are checked, the chain is not. */
    EDXML_TRUST_ANCHORS_FILE: z.string().min(1).optional(),
    /** Comma-separated signature verdicts refused on import: INVALID, ABSENT, UNSUPPORTED (default: none, every verdict is recorded). */
    EDXML_REFUSE_SIGNATURES: z
      .string()
      .regex(
        /^(INVALID|ABSENT|UNSUPPORTED)(,(INVALID|ABSENT|UNSUPPORTED))*$/,
        'comma-separated INVALID, ABSENT, UNSUPPORTED',
      )
      .optional(),
    /** Transient failures of an upstream within the window before its breaker may open (default 5). */
    BREAKER_THRESHOLD: int(1, 1000).default(5),
    /** Share of failed calls in the window that opens an upstream's breaker, once BREAKER_THRESHOLD failed (default 0.5). */
    BREAKER_FAILURE_RATE: z.coerce.number().gt(0).max(1).default(0.5),
    /** The breaker's sliding window in ms (default 60000). */
    BREAKER_WINDOW_MS: int(1000, 3_600_000).default(60_000),
    /** How long an open breaker stops calls before one probe, in ms (default 30000). */
    BREAKER_COOLDOWN_MS: int(10, 3_600_000).default(30_000),
    /** Portal calls at once per worker process, and per second across all (default 4 and 20). */
    PORTAL_CONCURRENCY: int(1, 100).default(4),
    PORTAL_RATE_PER_SECOND: int(1, 10_000).default(20),
    /**
     * A dossier received outside office hours or on a day off: `as-received` (default: counted from
     * the day received, as the portal's NgayTiepNhan says) or `next-working-day` (counted as received
     * at the opening of the next working day) — the city's choice.
     */
    RECEIPT_OUTSIDE_HOURS: z.enum(['as-received', 'next-working-day']).default('as-received'),
    /** Office hours in Vietnam time, `HH:mm-HH:mm` (default 07:30-17:00). */
    OFFICE_HOURS: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'like 07:30-17:00')
      .default('07:30-17:00'),
    /** Cron pattern of the audit-chain verification job (default daily 02:00 Vietnam time). */
    AUDIT_VERIFY_CRON: z.string().min(9).default('0 2 * * *'),
    ...MEETING_ENV,
  })
  .superRefine(requireProductionSecrets);
