/** `npm run start:api`: the GraphQL API alone, configured only by the environment (production). */
import { createLogger } from '../common/logger.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { createPrisma } from '../db/client.js';
import { startApi } from '../http/app.js';
import { producerRedis } from '../jobs/redis.js';
import { onShutdown } from './shutdown.js';
import { auditService } from '../modules/audit/audit.service.js';

let config;
try {
  config = loadConfig();
  if (!config.databaseUrl || !config.redisUrl)
    throw new ConfigError(['DATABASE_URL and REDIS_URL are required by start:api']);
  if (!config.jwt.secret && !config.jwt.publicKey)
    throw new ConfigError(['JWT_SECRET or JWT_PUBLIC_KEY is required by start:api']);
} catch (e) {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(78);
}
const log = createLogger(config.logLevel, { process: 'api' });
const prisma = createPrisma(config.databaseUrl!);
const redis = producerRedis(config.redisUrl!);
redis.on('error', (err) => log.warn({ err: err.message }, 'Redis connection error'));
const api = await startApi({ config, prisma, redis, log });
log.info({ url: `${api.url}/graphql` }, 'API listening');
// Started by a supervisor that asked (a test, a process manager): tell it where.
process.send?.({ ready: api.url });
onShutdown(log, async () => {
  await api.close();
  // audit rows of the last mutations into the chain before the connections go
  await auditService.sealNow(prisma).catch((err: unknown) => log.warn({ err }, 'audit rows left to seal'));
  await prisma.$disconnect();
  await redis.quit().catch(() => redis.disconnect());
});
