/** Where the tests find PostgreSQL and Redis: DATABASE_URL / REDIS_URL, else the local servers. */
import { loadConfig } from '../../src/config/config.js';
import { withDatabaseName } from '../../src/db/url.js';

const config = loadConfig({ ...process.env, NODE_ENV: 'test' });

export const SERVER_URL = config.databaseUrl ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = config.redisUrl ?? 'redis://127.0.0.1:6379';
export const TEMPLATE_DB = 'lth_test_template';
export const adminUrl = () => withDatabaseName(SERVER_URL, 'postgres');
export const dbUrl = (name: string) => withDatabaseName(SERVER_URL, name);
