/**
 * A real hub for one test file: its own database (cloned from the template), its own Redis key
 * prefix, the real HTTP server on a free port, and helpers to speak GraphQL to it.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import { Redis } from 'ioredis';
import { createLogger } from '../../src/common/logger.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import { createPrisma, type PrismaClient } from '../../src/db/client.js';
import { startApi, type RunningApi } from '../../src/http/app.js';
import { producerRedis } from '../../src/jobs/redis.js';
import { signToken, type HubClaims } from '../../src/modules/auth/jwt.js';
import { REDIS_URL, adminUrl, dbUrl, runId, templateOf } from './infra.js';
import { auditService } from '../../src/modules/audit/audit.service.js';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';
export const TEST_WEBHOOK_KEY = 'test-webhook-signing-key-0123456789-abcdefghij';

export interface GqlResult<T = any> {
  status: number;
  headers: Headers;
  data?: T;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }>;
}

export interface TestHub {
  url: string;
  config: Config;
  prisma: PrismaClient;
  dbName: string;
  databaseUrl: string;
  redisPrefix: string;
  /** every SQL statement the API ran since the last `resetStatements()` */
  statements: string[];
  /** forget the statements so far, once every audit row committed is sealed (the sealer runs after a mutation) */
  resetStatements(): Promise<void>;
  /** every log line the API wrote */
  logs: Array<Record<string, any>>;
  gql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    auth?: string | null,
    headers?: Record<string, string>,
  ): Promise<GqlResult<T>>;
  token(claims: Partial<HubClaims> & Pick<HubClaims, 'role'>, options?: { expiresIn?: string }): Promise<string>;
  /** a raw SQL client on this file's database (for fixtures and tamper tests) */
  sql(text: string, values?: unknown[]): Promise<pg.QueryResult>;
  close(): Promise<void>;
}

export async function createDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `lth_t_${runId()}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${templateOf(runId())}`);
  await admin.end();
  return {
    name,
    url: dbUrl(name),
    drop: async () => {
      const a = new pg.Client({ connectionString: adminUrl() });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export async function startTestHub(
  env: Record<string, string> = {},
  opts: { redisUrl?: string; databaseUrl?: string; pool?: number } = {},
): Promise<TestHub> {
  // another API on an existing test database (not dropped by this one), or a database of its own
  const db = opts.databaseUrl
    ? { name: new URL(opts.databaseUrl).pathname.slice(1), url: opts.databaseUrl, drop: async () => undefined }
    : await createDatabase();
  const redisPrefix = `lth_t_${randomBytes(4).toString('hex')}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: db.url,
    REDIS_URL: opts.redisUrl ?? REDIS_URL,
    QUEUE_PREFIX: redisPrefix,
    JWT_SECRET: TEST_JWT_SECRET,
    WEBHOOK_SIGNING_KEY: TEST_WEBHOOK_KEY,
    BLOB_DIR: path.join(os.tmpdir(), `${redisPrefix}-blobs`),
    // development signing pair and other data of this hub
    DATA_DIR: path.join(os.tmpdir(), `${redisPrefix}-data`),
    // where the portal would download result files (links are checked, not fetched, by the sandbox)
    PUBLIC_URL: 'http://hub.test',
    LOG_LEVEL: 'info',
    // no job at a fixed hour of the day: a run at 03:00 would import the catalog under a test
    DAILY_JOBS: 'false',
    ...env,
  });
  const statements: string[] = [];
  const prisma = createPrisma(db.url, { onQuery: (q) => statements.push(q), max: opts.pool ?? 10 });
  const logs: Array<Record<string, any>> = [];
  // the production logger (redaction, error scrubbing), written to memory
  const log = createLogger(
    'info',
    {},
    new Writable({
      write(chunk, _enc, cb) {
        for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
        cb();
      },
    }),
  );
  const redis = producerRedis(config.redisUrl!);
  redis.on('error', () => undefined);
  const api: RunningApi = await startApi({ config, prisma, redis, log });
  const sqlClient = new pg.Client({ connectionString: db.url });
  await sqlClient.connect();

  return {
    url: api.url,
    config,
    prisma,
    dbName: db.name,
    databaseUrl: db.url,
    redisPrefix,
    statements,
    resetStatements: async () => {
      await auditService.sealNow(prisma);
      statements.splice(0);
    },
    logs,
    async gql(query, variables, auth, headers = {}) {
      const res = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}), ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: any; errors?: any };
      return { status: res.status, headers: res.headers, data: body.data, errors: body.errors };
    },
    async token(claims, options = {}) {
      const jwt = await signToken(
        config.jwt,
        { sub: claims.sub ?? `test-${claims.role.toLowerCase()}`, role: claims.role, agency: claims.agency },
        options.expiresIn ?? '1h',
      );
      return `Bearer ${jwt}`;
    },
    // audit rows reach the chain (audit_log) just after their mutation commits: a statement that
    // reads or tampers with the chain first waits until everything committed is sealed
    sql: async (text, values) => {
      if (/audit_log/.test(text)) await auditService.sealNow(prisma);
      return sqlClient.query(text, values as unknown[]);
    },
    async close() {
      await api.close();
      await prisma.$disconnect();
      await sqlClient.end();
      redis.disconnect();
      if (!opts.redisUrl) {
        const cleaner = new Redis(config.redisUrl!);
        const keys = await cleaner.keys(`${redisPrefix}:*`);
        if (keys.length) await cleaner.del(...keys);
        cleaner.disconnect();
      }
      await db.drop();
      await rm(config.attachments.dir, { recursive: true, force: true });
      await rm(config.dataDir, { recursive: true, force: true });
    },
  };
}

/** The first error's code, for terse assertions. */
export const codeOf = (r: GqlResult) => r.errors?.[0]?.extensions?.['code'];

/** The data of an answer that must have no errors (the errors are shown when it has). */
export function ok(r: GqlResult): any {
  if (r.errors) throw new Error(`unexpected errors: ${JSON.stringify(r.errors)}`);
  return r.data;
}
