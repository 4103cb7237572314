/**
 * The floor of the worker path (a benchmark's child process, not part of the hub): a bare BullMQ
 * worker on the portal queue doing exactly the HTTP calls the hub's sync job makes — TraCuuHoSo,
 * then DongBoHoSoMC with the item the job carries (the hub's own client and mapping, computed by
 * the benchmark beforehand) — and nothing else: no database, no outbox, no acknowledgement.
 * Configured by its environment as the hub's workers are; says `ready` on IPC once it listens.
 */
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { loadConfig } from '../../src/config/config.js';
import { createPortalClient } from '../../src/integrations/portal/portal.client.js';

const config = loadConfig(process.env);
const portal = createPortalClient({ ...config.portal, url: config.portal.url! });
const connection = new Redis(config.redisUrl!, { maxRetriesPerRequest: null });
const worker = new Worker(
  'portal',
  async (job) => {
    const { code, item } = job.data as { code: string; item: Record<string, unknown> };
    const updating = await portal.dossierExists(code);
    if ((await portal.syncDossier(item, updating)) === 'exists') await portal.syncDossier(item, true);
  },
  {
    connection,
    prefix: config.queuePrefix,
    concurrency: config.portal.concurrency,
    limiter: { max: config.portal.ratePerSecond, duration: 1000 },
  },
);
await worker.waitUntilReady();
process.send?.('ready');
process.once('SIGTERM', () => void worker.close().finally(() => process.exit(0)));
