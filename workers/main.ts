/** The worker process (`npm run start:workers`): configured only by the environment. */
import { createLogger } from '../src/common/logger.js';
import { ConfigError, loadConfig } from '../src/config/config.js';
import { createPrisma } from '../src/db/client.js';
import { onShutdown } from '../src/cli/shutdown.js';
import { startWorkers } from './worker-pool.js';
import { startWorkerHttp } from './http.js';
import { createMetrics } from '../src/observability/metrics.js';
import { auditService } from '../src/modules/audit/audit.service.js';

let config;
try {
  config = loadConfig();
  if (!config.databaseUrl || !config.redisUrl)
    throw new ConfigError(['DATABASE_URL and REDIS_URL are required by the worker process']);
} catch (e) {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(78);
}
const log = createLogger(config.logLevel, { process: 'workers' });
const prisma = createPrisma(config.databaseUrl!, { max: config.workers.concurrency + 2 });
// `npm start` starts this process while it migrates the database: loaded, it waits to be told to
// go. Its channel to `npm start` stays open: when it closes, that process is gone (however it went),
// and the workers stop.
if (process.argv.includes('--start-on-go')) {
  let started = false;
  process.once('disconnect', () => (started ? process.kill(process.pid, 'SIGTERM') : process.exit(1)));
  await new Promise<void>((resolve) => process.on('message', (m) => m === 'go' && resolve()));
  started = true;
  process.channel?.unref(); // (the channel alone does not keep this process alive)
}
const metrics = createMetrics('workers');
// its own listener for operators (/metrics, /health/*) first: a port already taken stops this
// process before it takes any job (one port per worker process on a host: WORKER_HTTP_PORT)
const running: { workers?: Awaited<ReturnType<typeof startWorkers>> } = {};
const listener = await startWorkerHttp(config, metrics, async () =>
  running.workers ? running.workers.health() : { workers: 'starting' },
).catch((err: Error) => {
  process.stderr.write(`the worker's listener could not start on port ${config.metrics.workerPort}: ${err.message}\n`);
  process.exit(78);
});
log.info({ url: listener.url }, 'worker metrics and health listening');
running.workers = await startWorkers({ config, prisma, log, metrics }, config.redisUrl!);
// Started by `npm start` (or a test): tell the parent the queues are listening, and where its listener is.
process.send?.({ ready: listener.url });
onShutdown(log, async () => {
  await listener.close();
  await running.workers?.close();
  // audit rows of the last mutations into the chain before the connections go
  await auditService.sealNow(prisma).catch((err: unknown) => log.warn({ err }, 'audit rows left to seal'));
  await prisma.$disconnect();
});
