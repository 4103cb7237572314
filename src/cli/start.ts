/**
 * `npm start`: the whole hub on embedded defaults. PostgreSQL from DATABASE_URL or an embedded
 * one, Redis from REDIS_URL or a private redis-server, migrations, the demo directory, the API
 * in this process and the workers in a child process. Ctrl-C stops everything.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../common/logger.js';
import { ConfigError, childEnvironment, loadToolConfig } from '../config/config.js';
import { createPrisma } from '../db/client.js';
import { applyMigrations } from '../db/migrate.js';
import { freePort } from '../embedded/free-port.js';
import { startEmbeddedPostgres } from '../embedded/postgres.js';
import { RedisBinaryMissing, startEmbeddedRedis } from '../embedded/redis.js';
import { producerRedis } from '../jobs/redis.js';
import { startApi } from '../http/app.js';
import { seedDemo } from '../modules/index.js';
import { SAMPLE_CATALOG, startSandbox } from '../sandbox/sandbox.server.js';
import { seedSandboxCatalog } from '../modules/procedure/procedure.seed.js';
import { seedSandboxCollectionAccounts } from '../modules/agency/agency.seed.js';
import { signToken } from '../modules/auth/jwt.js';
import { onShutdown } from './shutdown.js';

/** A URL to print: a password given in the environment is not (the embedded one is the default `postgres`). */
const masked = (url: string) => {
  const u = new URL(url);
  if (u.password && u.password !== 'postgres') u.password = '***';
  return u.toString();
};
/** A start that cannot go on, said in one sentence (exit code 78, as for bad configuration). */
class StartFailure extends Error {}
const fail = (sentence: string): never => {
  process.stderr.write(`${sentence}\n`);
  process.exit(78);
};

// `npm start` is the explicit development mode: the sandbox's and generated secrets are allowed
// here and nowhere else (any other start without NODE_ENV is production and names what is missing).
let config;
try {
  config = loadToolConfig();
} catch (e) {
  fail(e instanceof ConfigError ? e.message : String(e));
}
config = config!;
const log = createLogger(config.logLevel, { process: 'start' });
const dataDir = path.resolve(config.dataDir);
await mkdir(dataDir, { recursive: true });

// Development secrets kept under the data directory, so tokens and webhook secrets survive restarts.
const childEnv: Record<string, string | undefined> = { NODE_ENV: config.env };
async function devSecret(name: string): Promise<string> {
  const file = path.join(dataDir, name);
  if (!existsSync(file)) await writeFile(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return (await readFile(file, 'utf8')).trim();
}
if (!config.jwt.secret && !config.jwt.publicKey) {
  config.jwt.secret = await devSecret('dev-jwt-secret');
  childEnv['JWT_SECRET'] = config.jwt.secret;
}
if (!config.webhooks.signingKey) {
  config.webhooks.signingKey = await devSecret('dev-webhook-key');
  childEnv['WEBHOOK_SIGNING_KEY'] = config.webhooks.signingKey;
}

const stops: Array<() => Promise<void>> = [];
const stopAll = async () => {
  // each step once, even when a failure and a signal both ask
  for (const stop of stops.splice(0).reverse()) {
    try {
      await stop();
    } catch (err) {
      log.error({ err }, 'a shutdown step failed');
    }
  }
};
onShutdown(log, stopAll);
// Whatever started this process (npm, a shell) may die of a signal it does not pass on (npm does
// not pass SIGHUP; a shell between them passes nothing): an orphan stops as if told to.
const parent = process.ppid;
const orphaned = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(orphaned); // (once: a second signal would cut the stop short)
  process.kill(process.pid, 'SIGTERM');
}, 250).unref();

try {
  // PostgreSQL and Redis start side by side (each a process of its own); when one fails, the other
  // is stopped too once it is up
  const [pgStart, redisStart] = await Promise.allSettled([
    config.databaseUrl ??
      startEmbeddedPostgres(dataDir, log).then(
        (db) => (stops.push(db.stop), db.url),
        (err) => {
          log.error({ err }, 'embedded PostgreSQL failed');
          throw new StartFailure(
            `Could not start the embedded PostgreSQL under ${dataDir}/postgres (${err?.message ?? err}); set DATABASE_URL to use an existing server.`,
          );
        },
      ),
    config.redisUrl ??
      startEmbeddedRedis(dataDir, log).then(
        (redis) => (stops.push(redis.stop), redis.url),
        (err) => {
          throw new StartFailure(
            err instanceof RedisBinaryMissing
              ? 'Redis is needed: install redis-server (Debian/Ubuntu: apt-get install redis-server) or set REDIS_URL.'
              : `Could not start redis-server under ${dataDir}/redis (${err.message}); set REDIS_URL to use an existing server.`,
          );
        },
      ),
  ]);
  if (redisStart.status === 'rejected') throw redisStart.reason;
  if (pgStart.status === 'rejected') throw pgStart.reason;
  const [databaseUrl, redisUrl] = [pgStart.value, redisStart.value];
  childEnv['DATABASE_URL'] = databaseUrl;
  childEnv['REDIS_URL'] = redisUrl;
  let sandboxRunning: { setHubUrl(url: string): void } | undefined;
  if (!config.portal.url) {
    // the national systems are replaced by the bundled sandbox unless PORTAL_URL is set
    const sandbox = await startSandbox(0, {
      portal: {
        accounts: [
          { username: config.portal.username, password: config.portal.password, unit: config.portal.unitCode },
        ],
      },
      payment: { partnerCode: config.payment.partnerCode, secretKey: config.payment.secretKey, paygov: config.paygov },
      axis: { systemId: config.axis.systemId, secret: config.axis.secret },
    });
    stops.push(sandbox.close);
    sandboxRunning = sandbox;
    config.portal.url = sandbox.url;
    // the payment routes default to the portal's URL (config.ts); they follow it to the sandbox
    config.payment.url ??= sandbox.url;
    config.paygov.url ??= sandbox.url;
    config.axis.url ??= sandbox.url;
    childEnv['PORTAL_URL'] = sandbox.url;
    log.info({ url: sandbox.url }, 'national sandbox started');
  }

  // The workers (a second process: loading it is the slower half of a start) load while the
  // database is migrated and seeded, and start when told to. The API's address is decided before
  // it listens: they link result files under it.
  if (config.http.port === 0) config.http.port = await freePort();
  const host = config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host;
  if (!config.publicUrl) childEnv['PUBLIC_URL'] = `http://${host}:${config.http.port}`;
  const workerMain = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../workers/main.js');
  const worker: ChildProcess = spawn(process.execPath, [workerMain, '--start-on-go'], {
    env: childEnvironment(childEnv),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    detached: true,
  });
  let workerStopping = false;
  stops.push(
    () =>
      new Promise<void>((resolve) => {
        workerStopping = true;
        if (worker.exitCode !== null || worker.signalCode !== null) return resolve();
        worker.once('exit', () => resolve());
        worker.kill('SIGTERM');
      }),
  );
  // The worker says when its queues are listening; only then is the hub fully up.
  const workerReady = new Promise<string>((resolve, reject) => {
    worker.once('message', (m: { ready?: string }) =>
      m?.ready ? resolve(m.ready) : reject(new Error(`unexpected message from the worker: ${JSON.stringify(m)}`)),
    );
    worker.once('exit', (code) => reject(new Error(`the worker process exited with code ${code} while starting`)));
  });
  workerReady.catch(() => undefined); // (awaited below; the API failing first must not leave it unhandled)
  worker.on('error', (err) => log.warn({ err }, 'the worker process could not be told')); // (it left already)

  const applied = await applyMigrations(databaseUrl);
  log.info({ applied }, applied.length ? 'migrations applied' : 'database schema is up to date');
  const prisma = createPrisma(databaseUrl);
  stops.push(() => prisma.$disconnect());
  const { agencies } = await seedDemo(prisma);
  log.info({ agencies }, 'demo directory, targets and holidays seeded');
  if (sandboxRunning) {
    // the sandbox's world: collection accounts, and its portal's catalog (procedures with fees)
    await seedSandboxCollectionAccounts(prisma);
    await seedSandboxCatalog(prisma, SAMPLE_CATALOG);
  }
  if (worker.connected) worker.send('go');

  const redis = producerRedis(redisUrl);
  stops.push(async () => void (await redis.quit().catch(() => redis.disconnect())));
  const api = await startApi({
    config: { ...config, databaseUrl, redisUrl },
    prisma,
    redis,
    log: createLogger(config.logLevel, { process: 'api' }),
  });
  stops.push(api.close);
  sandboxRunning?.setHubUrl(api.url); // the sandbox's payment pages call the hub back
  const workerUrl = await workerReady;
  // the channel stays (the workers stop when it closes: this process gone however it went) but
  // does not keep this process alive
  (worker.channel as { unref?: () => void } | undefined)?.unref?.();
  worker.once('exit', (code, signal) => {
    if (workerStopping) return;
    log.error({ code, signal }, 'the worker process exited: stopping the hub');
    void stopAll().then(() => process.exit(1));
  });

  const token = await signToken(config.jwt, { sub: 'dev-admin', role: 'ADMIN', agency: '000.00.00.H24' }, '12h');
  process.stdout.write(
    [
      '',
      `Liên Thông Hub is running: ${api.url}/graphql`,
      `Health: ${api.url}/health/ready`,
      `National sandbox: ${config.portal.url}/__sandbox/dossiers`,
      `Database: ${masked(databaseUrl)}`,
      `Redis: ${masked(redisUrl)}`,
      `Metrics: ${api.url}/metrics (API), ${workerUrl}/metrics (workers)`,
      '',
      'Development admin token (valid 12 hours):',
      token,
      '',
      'First query:',
      `curl -s ${api.url}/graphql -H 'content-type: application/json' -H "authorization: Bearer ${token}" \\`,
      `  -d '{"query":"{ agencies(first: 5) { totalCount edges { node { code name level } } } }"}'`,
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
} catch (err) {
  // what started before the failure stops (the other of PostgreSQL and Redis may be up)
  if (!(err instanceof StartFailure)) log.fatal({ err }, 'the hub could not start');
  await stopAll();
  if (err instanceof StartFailure) fail(err.message);
  process.exit(1);
}
