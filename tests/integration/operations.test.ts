/**
 * What operators read over GraphQL: the worker processes alive (a killed one disappears), the
 * schedules with their next run, the jobs of a queue by state page by page, and the warnings.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../src/jobs/circuit-breaker.js';
import { Queues } from '../../src/jobs/queues.js';
import { ok, startTestHub, type TestHub } from '../support/hub.js';
import { REDIS_URL } from '../support/infra.js';
import { until } from '../support/national.js';
import { kill, processEnv, startWorkerProcess, type Cleanups } from '../support/processes.js';

let hub: TestHub;
let leader: string;
let redis: Redis;
const cleanups: Cleanups = [];

beforeAll(async () => {
  hub = await startTestHub();
  leader = await hub.token({ role: 'LEADER' });
  redis = new Redis(REDIS_URL);
});
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  redis?.disconnect();
  await hub?.close();
});

const read = async (query: string) => ok(await hub.gql(query, {}, leader));
const warnings = async () =>
  ((await read('{ operatorWarnings { kind message } }')).operatorWarnings as Array<{ kind: string }>).map(
    (w) => w.kind,
  );

describe('worker processes', () => {
  it('are listed while alive, with their version and schedules, and disappear when killed', async () => {
    expect(await warnings()).toContain('NO_WORKER');
    const child = await startWorkerProcess(
      processEnv(hub, REDIS_URL, { WORKER_HTTP_PORT: '0', WORKER_HEARTBEAT_MS: '200' }),
      cleanups,
    );
    const listed = (await read('{ workerProcesses { id pid version startedAt lastBeatAt concurrency } }'))
      .workerProcesses;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ pid: child.pid, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(listed[0].concurrency).toHaveProperty('portal');
    expect(await warnings()).not.toContain('NO_WORKER');
    // the schedules it asserted, each with its next run
    const schedules = (await read('{ schedules { id name queue everyMs nextRunAt } }')).schedules;
    expect(schedules).toContainEqual(
      expect.objectContaining({ id: 'audit.checkpoint.every', name: 'audit.checkpoint', queue: 'MAINTENANCE' }),
    );
    for (const s of schedules) expect(Date.parse(s.nextRunAt)).toBeGreaterThan(Date.now() - 60_000);

    await kill(child);
    await until(
      async () => (await read('{ workerProcesses { id } }')).workerProcesses.length === 0,
      'the killed worker gone from the list',
    );
    expect(await warnings()).toContain('NO_WORKER');
  });
});

describe('jobs by state', () => {
  it('pages through the waiting jobs of a paused queue, each once', async () => {
    const admin = await hub.token({ role: 'ADMIN' });
    ok(await hub.gql('mutation { pauseQueue(queue: MAINTENANCE) }', {}, admin));
    const queues = new Queues(redis, hub.config);
    for (let i = 0; i < 5; i++) await queues.enqueue('audit.verify', { reason: 'manual' });
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = (
        await read(
          `{ jobs(queue: MAINTENANCE, state: WAITING, first: 2${after ? `, after: "${after}"` : ''}) {
              totalCount pageInfo { hasNextPage endCursor } edges { node { id name state data createdAt } } } }`,
        )
      ).jobs;
      expect(page.totalCount).toBe(5);
      seen.push(...page.edges.map((e: any) => e.node.id));
      for (const e of page.edges) expect(e.node).toMatchObject({ name: 'audit.verify', state: 'WAITING' });
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(5);
    ok(await hub.gql('mutation { resumeQueue(queue: MAINTENANCE) }', {}, admin));
  });
});

describe('warnings', () => {
  it('name an open breaker', async () => {
    const breaker = new CircuitBreaker(redis, hub.redisPrefix, hub.config.breaker);
    for (let i = 0; i < hub.config.breaker.threshold; i++) await breaker.failure('paygov');
    const w = (await read('{ operatorWarnings { kind message } }')).operatorWarnings;
    expect(w).toContainEqual({ kind: 'BREAKER_OPEN', message: expect.stringContaining('paygov') });
  });
});
