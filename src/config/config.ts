/**
 * The one place that reads the environment. Every variable is listed in `.env.example`;
 * `loadConfig` validates them all at once and reports every bad one in a single error.
 */
import { hostIpv4, schema } from './env.js';
import {
  PAYMENT_MESSAGE_DEFAULTS,
  PAYMENT_PATHS,
  PORTAL_CHOICES,
  PORTAL_PROXY_PATHS,
  type PaymentMessageValues,
  type PaymentPaths,
  type PortalProxyPaths,
} from './national.js';
import type { z } from 'zod';
import { meetingsConfig, type MeetingsConfig } from './meetings.js';

type Env = z.output<typeof schema>;

export interface Config {
  env: Env['NODE_ENV'];
  /** NODE_ENV was set by the environment (not defaulted) */
  envExplicit: boolean;
  http: {
    port: number;
    host: string;
    bodyLimit: string;
    importBodyLimit: string;
    publicBodyLimit: string;
    /** Express's `trust proxy` value */
    trustProxy: boolean | number | string;
    /** refusals of strangers per address and minute before 429 */
    anonymousRefusalsPerMinute: number;
  };
  /** outbound calls agencies configure: hosts and networks allowed although internal */
  outbound: { allow: string[] };
  /** browser origins allowed to call the API (CORS): exact origins, `*`, or local ones in development */
  cors: { origins: string[]; localInDevelopment: boolean };
  /** how a dossier received outside office hours or on a day off is counted */
  receipt: { outsideHours: 'as-received' | 'next-working-day'; opensAtMin: number; closesAtMin: number };
  /** the audit chain's HMAC key and the checkpoints of its head */
  audit: {
    key: string;
    checkpointDir: string;
    checkpointMs: number;
    /** AUDIT_KEY was given (not the development key) */ keyGiven: boolean;
  };
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  queuePrefix: string;
  dataDir: string;
  logLevel: Env['LOG_LEVEL'];
  jwt: { secret?: string; publicKey?: string; issuer: string; audience: string; maxLifetimeS: number };
  graphql: {
    introspection: boolean;
    landingPage: boolean;
    maxDepth: number;
    maxCost: number;
    maxAliases: number;
    maxPageSize: number;
    maxTokens: number;
  };
  workers: {
    concurrency: number;
    auditVerifyCron: string;
    stalledIntervalMs: number;
    maxStalled: number;
    scheduleCheckMs: number;
    heartbeatMs: number;
    outboxRedeliverMs: number;
    dailyJobs: boolean;
  };
  attachments: { maxBytes: number; dir: string };
  /** /metrics: the scrape token (unset: closed, but open in development and test); the worker process's listener */
  metrics: { token?: string; open: boolean; workerPort: number };
  webhooks: { signingKey?: string; timeoutMs: number; attempts: number; backoffMs: number };
  /** meetings (e-Cabinet): mail, SMS, online rooms, reminders (meetings.ts) */
  meetings: MeetingsConfig;
  portal: {
    url?: string;
    username: string;
    password: string;
    unitCode: string;
    timeoutMs: number;
    attempts: number;
    backoffMs: number;
    /** the doubling of the retry delay stops here */
    backoffMaxMs: number;
    concurrency: number;
    ratePerSecond: number;
    /** direct adapter or provincial proxy (national-contracts.md, "two deployment shapes") */
    shape: 'direct' | 'proxy';
    paths: { auth: string; api: string; proxy: PortalProxyPaths };
    dstcode?: string;
    bearerToken?: string;
    sessionTtlMs: number;
    /** values of [open] fields (src/config/national.ts) */
    choices: {
      feeCode: string;
      feeCollection: string;
      submissionPlace: string;
      databaseLinks: string[];
      notPaidOnline: string;
    };
  };
  /** the hub's public base URL (result file links for the portal) */
  publicUrl?: string;
  breaker: { threshold: number; failureRate: number; windowMs: number; cooldownMs: number };
  payment: {
    url?: string;
    partnerCode: string;
    secretKey: string;
    attemptTtlMs: number;
    shape: 'direct' | 'proxy';
    paths: PaymentPaths;
    bearerToken?: string;
    /** the INIT message's fixed values */
    message: PaymentMessageValues;
    /** `Ip`: this server's IPv4 address as the platform sees it */
    clientIp?: string;
    serviceCodeSuffix: string;
  };
  /** the national document axis (VXP) */
  axis: { url?: string; systemId: string; secret: string; pollMs: number };
  /** edXML signatures: the hub's signing pair (files), trust anchors, verdicts refused on import */
  edxml: { signingKeyFile?: string; signingCertFile?: string; trustAnchorsFile?: string; refuse: string[] };
  /** PayGov: off (url undefined) in production unless PAYGOV_URL is set. */
  paygov: { url?: string; partnerCode: string; accessKey: string; secretKey: string };
}

export interface LoadOptions {
  /**
   * NODE_ENV when the environment does not set it: `npm start` (the explicit development mode)
   * and the development tools pass `development`; every other start is production.
   */
  defaultEnv?: 'development';
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Parse and validate an environment (defaults to `process.env`); throws one ConfigError listing every bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env, opts: LoadOptions = {}): Config {
  // Empty strings count as unset, as in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const envExplicit = cleaned['NODE_ENV'] !== undefined;
  if (!envExplicit && opts.defaultEnv) cleaned['NODE_ENV'] = opts.defaultEnv;
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'} ${i.message}`));
  }
  const e = parsed.data;
  const dev = e.NODE_ENV !== 'production';
  return {
    env: e.NODE_ENV,
    envExplicit,
    http: {
      port: e.PORT,
      host: e.HOST,
      bodyLimit: e.BODY_LIMIT,
      importBodyLimit: e.IMPORT_BODY_LIMIT,
      publicBodyLimit: e.PUBLIC_BODY_LIMIT,
      anonymousRefusalsPerMinute: e.ANONYMOUS_REFUSALS_PER_MINUTE,
      trustProxy:
        e.TRUST_PROXY === 'false'
          ? false
          : e.TRUST_PROXY === 'true'
            ? true
            : /^\d+$/.test(e.TRUST_PROXY)
              ? Number(e.TRUST_PROXY)
              : e.TRUST_PROXY,
    },
    outbound: { allow: e.OUTBOUND_ALLOW?.split(',') ?? [] },
    cors: {
      // as a browser sends them: scheme and host in lower case, no default port
      origins: e.CORS_ORIGINS?.split(',').map((o) => (o === '*' ? o : new URL(o).origin)) ?? [],
      localInDevelopment: e.NODE_ENV === 'development' && e.CORS_ORIGINS === undefined,
    },
    receipt: {
      outsideHours: e.RECEIPT_OUTSIDE_HOURS,
      opensAtMin: Number(e.OFFICE_HOURS.slice(0, 2)) * 60 + Number(e.OFFICE_HOURS.slice(3, 5)),
      closesAtMin: Number(e.OFFICE_HOURS.slice(6, 8)) * 60 + Number(e.OFFICE_HOURS.slice(9, 11)),
    },
    audit: {
      key: e.AUDIT_KEY ?? (dev ? 'development-audit-key-not-for-production' : ''),
      checkpointDir: e.AUDIT_CHECKPOINT_DIR ?? `${e.DATA_DIR}/audit-checkpoints`,
      checkpointMs: e.AUDIT_CHECKPOINT_MS,
      keyGiven: e.AUDIT_KEY !== undefined,
    },
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.QUEUE_PREFIX,
    dataDir: e.DATA_DIR,
    logLevel: e.LOG_LEVEL,
    jwt: {
      secret: e.JWT_SECRET,
      publicKey: e.JWT_PUBLIC_KEY,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      maxLifetimeS: e.JWT_MAX_LIFETIME_S,
    },
    graphql: {
      introspection: e.GRAPHQL_INTROSPECTION ?? dev,
      landingPage: e.GRAPHQL_LANDING_PAGE ?? dev,
      maxDepth: e.GRAPHQL_MAX_DEPTH,
      maxCost: e.GRAPHQL_MAX_COST,
      maxAliases: e.GRAPHQL_MAX_ALIASES,
      maxPageSize: e.MAX_PAGE_SIZE,
      maxTokens: e.GRAPHQL_MAX_TOKENS,
    },
    workers: {
      concurrency: e.WORKER_CONCURRENCY,
      auditVerifyCron: e.AUDIT_VERIFY_CRON,
      stalledIntervalMs: e.WORKER_STALLED_INTERVAL_MS,
      maxStalled: e.WORKER_MAX_STALLED,
      scheduleCheckMs: e.SCHEDULE_CHECK_MS,
      heartbeatMs: e.WORKER_HEARTBEAT_MS,
      outboxRedeliverMs: e.OUTBOX_REDELIVER_MS,
      dailyJobs: e.DAILY_JOBS,
    },
    attachments: { maxBytes: e.ATTACHMENT_MAX_BYTES, dir: e.BLOB_DIR ?? `${e.DATA_DIR}/blobs` },
    metrics: {
      token: e.METRICS_TOKEN,
      open: !e.METRICS_TOKEN && e.NODE_ENV !== 'production',
      workerPort: e.WORKER_HTTP_PORT ?? (e.NODE_ENV === 'production' ? 9464 : 0),
    },
    portal: {
      url: e.PORTAL_URL,
      username: e.PORTAL_USERNAME,
      password: e.PORTAL_PASSWORD ?? (dev ? 'sandbox-password' : ''),
      unitCode: e.PORTAL_UNIT_CODE,
      timeoutMs: e.PORTAL_TIMEOUT_MS,
      attempts: e.PORTAL_ATTEMPTS,
      backoffMs: e.PORTAL_BACKOFF_MS,
      backoffMaxMs: e.PORTAL_BACKOFF_MAX_MS,
      concurrency: e.PORTAL_CONCURRENCY,
      ratePerSecond: e.PORTAL_RATE_PER_SECOND,
      shape: e.PORTAL_SHAPE,
      paths: { auth: e.PORTAL_AUTH_PATH, api: e.PORTAL_API_PATH, proxy: e.PORTAL_PROXY_PATHS ?? PORTAL_PROXY_PATHS },
      dstcode: e.PORTAL_DSTCODE,
      bearerToken: e.PORTAL_BEARER_TOKEN,
      sessionTtlMs: e.PORTAL_SESSION_TTL_MS,
      choices: {
        feeCode: e.PORTAL_FEE_CODE,
        feeCollection: e.PORTAL_FEE_COLLECTION,
        submissionPlace: e.PORTAL_SUBMISSION_PLACE,
        databaseLinks: e.PORTAL_DATABASE_LINKS?.split(',') ?? PORTAL_CHOICES.databaseLinks,
        notPaidOnline: e.PORTAL_NOT_PAID_ONLINE,
      },
    },
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ''),
    axis: {
      url: e.AXIS_URL ?? e.PORTAL_URL,
      systemId: e.AXIS_SYSTEM_ID,
      secret: e.AXIS_SECRET ?? (dev ? 'sandbox-axis-secret' : ''),
      pollMs: e.AXIS_POLL_MS,
    },
    edxml: {
      signingKeyFile: e.EDXML_SIGNING_KEY_FILE,
      signingCertFile: e.EDXML_SIGNING_CERT_FILE,
      trustAnchorsFile: e.EDXML_TRUST_ANCHORS_FILE,
      refuse: e.EDXML_REFUSE_SIGNATURES?.split(',') ?? [],
    },
    breaker: {
      threshold: e.BREAKER_THRESHOLD,
      failureRate: e.BREAKER_FAILURE_RATE,
      windowMs: e.BREAKER_WINDOW_MS,
      cooldownMs: e.BREAKER_COOLDOWN_MS,
    },
    payment: {
      url: e.PAYMENT_URL ?? e.PORTAL_URL,
      partnerCode: e.PAYMENT_PARTNER_CODE,
      secretKey: e.PAYMENT_SECRET_KEY ?? (dev ? 'sandbox-payment-secret-key' : ''),
      attemptTtlMs: e.PAYMENT_ATTEMPT_TTL_MS,
      shape: e.PAYMENT_SHAPE,
      paths: e.PAYMENT_PATHS ?? PAYMENT_PATHS,
      bearerToken: e.PAYMENT_BEARER_TOKEN,
      message: {
        ...PAYMENT_MESSAGE_DEFAULTS,
        messageType: e.PAYMENT_MESSAGE_TYPE,
        version: e.PAYMENT_VERSION,
        channel: e.PAYMENT_CHANNEL,
        device: e.PAYMENT_DEVICE,
        language: e.PAYMENT_LANGUAGE,
        bank: e.PAYMENT_BANK,
      },
      clientIp: e.PAYMENT_CLIENT_IP ?? hostIpv4(),
      serviceCodeSuffix: e.PAYMENT_SERVICE_CODE_SUFFIX,
    },
    paygov: dev
      ? {
          url: e.PAYGOV_URL ?? e.PAYMENT_URL ?? e.PORTAL_URL,
          partnerCode: e.PAYGOV_PARTNER_CODE,
          accessKey: e.PAYGOV_ACCESS_KEY ?? 'sandbox-paygov-access',
          secretKey: e.PAYGOV_SECRET_KEY ?? 'sandbox-paygov-secret-key',
        }
      : {
          url: e.PAYGOV_URL,
          partnerCode: e.PAYGOV_PARTNER_CODE,
          accessKey: e.PAYGOV_ACCESS_KEY ?? '',
          secretKey: e.PAYGOV_SECRET_KEY ?? '',
        },
    webhooks: {
      signingKey: e.WEBHOOK_SIGNING_KEY,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      attempts: e.WEBHOOK_ATTEMPTS,
      backoffMs: e.WEBHOOK_BACKOFF_MS,
    },
    meetings: meetingsConfig(e),
  };
}

/** The configuration of `npm start` and the development tools: development unless NODE_ENV says otherwise. */
export const loadToolConfig = (): Config => loadConfig(process.env, { defaultEnv: 'development' });

/** Names of the variables that the config reads, for `.env.example` checks. */
export const CONFIG_VARIABLES = Object.keys(schema.shape);

/** The environment a child process of the hub inherits (PATH and the like), with overrides. */
export function childEnvironment(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
