/**
 * The hub's own processes, as production runs them (`npm run start:api`, `npm run start:workers`),
 * for fault tests that kill them: each is configured only by its environment and tells the test
 * when it listens. Every process started is killed when the test's cleanups run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { freePort } from '../../src/embedded/free-port.js';
import { startEmbeddedRedis, type EmbeddedRedis } from '../../src/embedded/redis.js';
import { TEST_JWT_SECRET, TEST_WEBHOOK_KEY, type GqlResult, type TestHub } from './hub.js';

const WORKER = path.resolve('dist/workers/main.js');
const API = path.resolve('dist/src/cli/api.js');

export type Cleanups = Array<() => Promise<unknown>>;

/** What every process of one test hub shares: its database, Redis, prefix, keys and data directories. */
export function processEnv(hub: TestHub, redisUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env['TEST_PROCESS_LOG_LEVEL'] ?? 'fatal',
    DATABASE_URL: hub.databaseUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: hub.redisPrefix,
    JWT_SECRET: TEST_JWT_SECRET,
    WEBHOOK_SIGNING_KEY: TEST_WEBHOOK_KEY,
    DATA_DIR: hub.config.dataDir,
    BLOB_DIR: hub.config.attachments.dir,
    PUBLIC_URL: 'http://hub.test',
    DAILY_JOBS: 'false',
    ...extra,
  };
}

function spawnNode(script: string, env: Record<string, string>, cleanups: Cleanups): ChildProcess {
  const child = spawn(process.execPath, [script], {
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
  });
  return child;
}

/** The worker process; resolves once its queues listen. */
export function startWorkerProcess(env: Record<string, string>, cleanups: Cleanups): Promise<ChildProcess> {
  const child = spawnNode(WORKER, env, cleanups);
  return new Promise((resolve, reject) => {
    child.once('message', (m: { ready?: string }) =>
      m?.ready ? resolve(child) : reject(new Error(JSON.stringify(m))),
    );
    child.once('exit', (code) => reject(new Error(`the worker exited with ${code} while starting`)));
  });
}

export interface ApiProcess {
  child: ChildProcess;
  url: string;
  gql<T = any>(query: string, variables?: Record<string, unknown>, auth?: string | null): Promise<GqlResult<T>>;
}

/** The API process on a port of its own; resolves once it listens. */
export async function startApiProcess(env: Record<string, string>, cleanups: Cleanups): Promise<ApiProcess> {
  const child = spawnNode(API, { PORT: String(await freePort()), ...env }, cleanups);
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m: { ready?: string }) =>
      m?.ready ? resolve(m.ready) : reject(new Error(JSON.stringify(m))),
    );
    child.once('exit', (code) => reject(new Error(`the API exited with ${code} while starting`)));
  });
  return {
    child,
    url,
    async gql(query, variables, auth) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: any; errors?: any };
      return { status: res.status, headers: res.headers, data: body.data, errors: body.errors };
    },
  };
}

/** SIGKILL, and wait until it is gone. */
export async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await gone;
}

export interface OwnRedis {
  url: string;
  stop(): Promise<void>;
  /** start again on the same port: with its append-only file, or `empty` (as a failover to a replica that lagged) */
  start(opts?: { empty?: boolean }): Promise<void>;
}

/** A redis-server of the test's own (on a port of its own, data in a temporary directory) that it may stop, restart or wipe. */
export async function ownRedis(cleanups: Cleanups): Promise<OwnRedis> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lth-redis-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const port = await freePort();
  const log = pino({ level: 'silent' });
  let redis: EmbeddedRedis = await startEmbeddedRedis(dir, log, port);
  cleanups.push(() => redis.stop());
  return {
    url: redis.url,
    stop: () => redis.stop(),
    async start(opts = {}) {
      if (opts.empty) await rm(path.join(dir, 'redis'), { recursive: true, force: true });
      redis = await startEmbeddedRedis(dir, log, port);
    },
  };
}
