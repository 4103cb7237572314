import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createPrisma, type PrismaClient } from '../../src/db/client.js';
import { QueueName } from '../../src/jobs/job-catalog.js';
import { Queues } from '../../src/jobs/queues.js';
import { auditService } from '../../src/modules/audit/audit.service.js';
import { HANDLERS } from '../../src/modules/index.js';
import { HandlerRegistry } from '../../workers/registry.js';
import { defineHandler } from '../../src/core/job-context.js';
import { startWorkers, type RunningWorkers } from '../../workers/worker-pool.js';
import { createDatabase } from '../support/hub.js';
import { REDIS_URL } from '../support/infra.js';

describe('the worker registry', () => {
  it('boots when every job of the catalog has exactly one handler', () => {
    expect(() => HandlerRegistry.check(HANDLERS)).not.toThrow();
  });

  it('refuses a missing handler and a duplicate, and says what to do', () => {
    expect(() => HandlerRegistry.check([])).toThrow(
      /"audit\.verify" has no handler: add defineHandler\('audit\.verify'/,
    );
    const twice = defineHandler('audit.verify', async () => undefined);
    expect(() => HandlerRegistry.check([...HANDLERS, twice])).toThrow(/"audit\.verify" has two handlers/);
  });
});

describe('the worker process', () => {
  const prefix = `lth_t_${randomBytes(4).toString('hex')}`;
  let db: Awaited<ReturnType<typeof createDatabase>>;
  let prisma: PrismaClient;
  let workers: RunningWorkers;
  let queues: Queues;
  let events: QueueEvents;
  let redis: Redis;
  let config: ReturnType<typeof loadConfig>;

  beforeAll(async () => {
    db = await createDatabase();
    prisma = createPrisma(db.url);
    config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      DATA_DIR: path.join(os.tmpdir(), `${prefix}-data`),
    });
    workers = await startWorkers({ config, prisma, log: pino({ level: 'silent' }) }, REDIS_URL);
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    await redis.ping(); // connected: enqueueing refuses a connection that is not ready
    queues = new Queues(redis, config);
    events = new QueueEvents(QueueName.Maintenance, {
      connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }),
      prefix,
    });
    await events.waitUntilReady();
    await prisma.$transaction((tx) =>
      auditService.append(tx, {
        caller: null,
        operation: 'fixture',
        targetIds: [],
        requestId: 'r1',
        outcome: 'SUCCESS',
      }),
    );
  });

  afterAll(async () => {
    await workers?.close();
    await events?.close();
    await queues?.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('schedules the daily audit verification in Vietnam time', async () => {
    const schedulers = await queues.get(QueueName.Maintenance).getJobSchedulers();
    expect(schedulers).toContainEqual(
      expect.objectContaining({ key: 'audit.verify.daily', tz: 'Asia/Ho_Chi_Minh', pattern: '0 2 * * *' }),
    );
  });

  it('verifies the audit chain as a job', async () => {
    const id = await queues.enqueue('audit.verify', { reason: 'manual' });
    const job = (await queues.get(QueueName.Maintenance).getJob(id!))!;
    const result = await job.waitUntilFinished(events, 20_000);
    expect(result).toMatchObject({ checkedRows: 1, headSeq: '1' });
  });

  it('fails at once, without retries, when the chain is broken', async () => {
    await prisma.$executeRawUnsafe('ALTER TABLE audit_log DISABLE TRIGGER USER');
    await prisma.$executeRawUnsafe("UPDATE audit_log SET operation = 'forged' WHERE seq = 1");
    const id = await queues.enqueue('audit.verify', { reason: 'manual' });
    const job = (await queues.get(QueueName.Maintenance).getJob(id!))!;
    await expect(job.waitUntilFinished(events, 20_000)).rejects.toThrow(/audit chain broken: row 1 was altered/);
    const failed = (await queues.get(QueueName.Maintenance).getJob(id!))!;
    expect(failed.attemptsMade).toBe(1);
  });
});
