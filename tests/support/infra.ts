/** Where the tests find PostgreSQL and Redis: DATABASE_URL / REDIS_URL, else the local servers. */
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { withDatabaseName } from '../../src/db/url.js';

const config = loadConfig({ ...process.env, NODE_ENV: 'test' });

export const SERVER_URL = config.databaseUrl ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
/** Where no Redis answers: port 1 (tcpmux) is privileged, so no test process can take it meanwhile. */
export const NO_REDIS = 'redis://127.0.0.1:1';
export const REDIS_URL = config.redisUrl ?? 'redis://127.0.0.1:6379';
/**
 * Each run of the suite has its own template database, `lth_tpl_<start, unix seconds>_<random>`,
 * and names its test databases `lth_t_<same start>_<random>`: two runs on one PostgreSQL (two
 * checkouts, a single file run during a full one, CI on a shared host) never touch each other's.
 */
export const newRunId = () => `${Math.floor(Date.now() / 1000)}_${randomBytes(3).toString('hex')}`;
export const templateOf = (runId: string) => `lth_tpl_${runId}`;
/** This run's id, handed by the global setup. */
export const runId = (): string => inject('lthRunId');
/** A run older than this left its databases behind (it crashed): they may go. */
export const STALE_RUN_SECONDS = 12 * 3600;

declare module 'vitest' {
  export interface ProvidedContext {
    lthRunId: string;
  }
}
export const adminUrl = () => withDatabaseName(SERVER_URL, 'postgres');
export const dbUrl = (name: string) => withDatabaseName(SERVER_URL, name);
