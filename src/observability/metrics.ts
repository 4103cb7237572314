/**
 * Prometheus metrics (prom-client), one registry per process: the API's and each worker
 * process's, each with Node's process metrics. Series that count or time what happens in a process
 * (requests, operations, jobs, callbacks) are its own; series that read shared state (queue depth,
 * breakers, the outbox, the audit chain, the calendar) are read when scraped, by the API only, so
 * that a dashboard summing processes counts them once. README, "Operating the hub", lists them.
 */
import type { JobType } from 'bullmq';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Logger } from '../common/logger.js';
import type { Db } from '../db/client.js';
import { ALL_QUEUES } from '../jobs/job-catalog.js';
import { UPSTREAMS, type CircuitBreaker } from '../jobs/circuit-breaker.js';
import type { Queues } from '../jobs/queues.js';

/** Where the shared state is read when the API is scraped. */
export interface SharedState {
  queues: Queues;
  breaker: CircuitBreaker;
  prisma: Db;
  /** days until the confirmed calendar ends, and whether that is a warning (null: no confirmed year) */
  calendar: () => Promise<{ daysToHorizon: number | null; warning: boolean }>;
  log: Logger;
}

const JOB_STATES: JobType[] = [
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'waiting-children',
  'completed',
  'failed',
];
const BREAKER_VALUE: Record<string, number> = { CLOSED: 0, HALF_OPEN: 0.5, OPEN: 1 };
/** Operation names are the clients' own words: kept when they look like names, and at most this many. */
const MAX_OPERATION_NAMES = 200;

export type HubMetrics = ReturnType<typeof createMetrics>;

export function createMetrics(processName: 'api' | 'workers', shared?: SharedState) {
  const registry = new Registry();
  registry.setDefaultLabels({ process: processName });
  collectDefaultMetrics({ register: registry, prefix: 'lth_' });
  const registers = [registry];
  const seen = new Set<string>();

  const metrics = {
    registry,
    httpRequests: new Counter({
      name: 'lth_http_requests_total',
      help: 'HTTP requests answered, by route, method and status',
      labelNames: ['route', 'method', 'status'] as const,
      registers,
    }),
    httpDuration: new Histogram({
      name: 'lth_http_request_duration_seconds',
      help: 'HTTP request durations, by route and method',
      labelNames: ['route', 'method'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    graphqlOperations: new Counter({
      name: 'lth_graphql_operations_total',
      help: 'GraphQL operations, by operation name, type and outcome (OK or the error code)',
      labelNames: ['operation', 'type', 'outcome'] as const,
      registers,
    }),
    graphqlDuration: new Histogram({
      name: 'lth_graphql_operation_duration_seconds',
      help: 'GraphQL operation durations, by operation name and type',
      labelNames: ['operation', 'type'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    jobDuration: new Histogram({
      name: 'lth_job_duration_seconds',
      help: 'Job attempts, from start to end, by job name and outcome (completed, retried, failed)',
      labelNames: ['job', 'outcome'] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers,
    }),
    jobAttempts: new Counter({
      name: 'lth_job_attempts_total',
      help: 'Job attempts, by job name and outcome (completed, retried, failed: failed for good)',
      labelNames: ['job', 'outcome'] as const,
      registers,
    }),
    paymentCallbacks: new Counter({
      name: 'lth_payment_callbacks_total',
      help: "Payment gateways' callbacks, by gateway and result (applied, refused, error)",
      labelNames: ['gateway', 'result'] as const,
      registers,
    }),
    // labelled by the check that set them: absent until this process verified the chain once
    auditChainOk: new Gauge({
      name: 'lth_audit_chain_ok',
      help: "The audit chain's last verification by this worker process, by check: 1 whole, 0 broken",
      labelNames: ['check'] as const,
      registers,
    }),
    auditChainVerifiedAt: new Gauge({
      name: 'lth_audit_chain_verified_timestamp_seconds',
      help: 'When this worker process last verified the audit chain whole, by check (unix seconds)',
      labelNames: ['check'] as const,
      registers,
    }),
    /** the operation label of an operation name: a name, or `anonymous`, or `other` past the budget */
    operationLabel(name: string | null | undefined): string {
      if (!name || !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) return 'anonymous';
      if (seen.has(name)) return name;
      if (seen.size >= MAX_OPERATION_NAMES) return 'other';
      seen.add(name);
      return name;
    },
  };
  if (shared) sharedGauges(registers, shared);
  return metrics;
}

/** How long a scrape waits for one source of the shared state. */
const READ_TIMEOUT_MS = 2000;

/**
 * Gauges of the shared state, read at each scrape. A source that does not answer within
 * READ_TIMEOUT_MS leaves its series out of this scrape, and is not asked again while its last read
 * still runs: a slow database or Redis never piles reads up, nor holds a scrape.
 */
function sharedGauges(registers: Registry[], s: SharedState) {
  const running = new Set<string>();
  const quietly = async (what: string, read: () => Promise<void>) => {
    if (running.has(what)) return;
    running.add(what);
    const work = read()
      .catch((err: unknown) => s.log.debug({ err, what }, 'a metric could not be read'))
      .finally(() => running.delete(what));
    await Promise.race([work, new Promise((resolve) => setTimeout(resolve, READ_TIMEOUT_MS).unref())]);
  };
  new Gauge({
    name: 'lth_queue_jobs',
    help: 'Jobs in each queue, by state',
    labelNames: ['queue', 'state'] as const,
    registers,
    async collect() {
      this.reset();
      await quietly('queues', async () => {
        for (const queue of ALL_QUEUES) {
          const counts = await s.queues.get(queue).getJobCounts(...JOB_STATES);
          for (const state of JOB_STATES) this.set({ queue, state }, counts[state] ?? 0);
        }
      });
    },
  });
  new Gauge({
    name: 'lth_breaker_state',
    help: 'Circuit breaker of each upstream: 0 closed, 0.5 half-open, 1 open',
    labelNames: ['upstream'] as const,
    registers,
    async collect() {
      this.reset();
      await quietly('breakers', async () => {
        for (const upstream of UPSTREAMS)
          this.set({ upstream }, BREAKER_VALUE[(await s.breaker.status(upstream)).state] ?? 0);
      });
    },
  });
  const backlog = new Gauge({
    name: 'lth_outbox_backlog',
    help: 'Outbox rows not yet acknowledged (pending) or failed for good, by job name',
    labelNames: ['job', 'state'] as const,
    registers,
  });
  new Gauge({
    name: 'lth_outbox_oldest_age_seconds',
    help: 'Age of the oldest outbox row not yet acknowledged, by job name',
    labelNames: ['job'] as const,
    registers,
    async collect() {
      this.reset();
      backlog.reset();
      await quietly('outbox', async () => {
        const rows = await s.prisma.$queryRaw<Array<{ job: string; state: string; n: number; age: number }>>`
          SELECT job_name AS job, CASE WHEN failed_at IS NULL THEN 'pending' ELSE 'failed' END AS state,
                 count(*)::int AS n, extract(epoch FROM now() - min(created_at))::float8 AS age
          FROM outbox WHERE done_at IS NULL GROUP BY 1, 2`;
        for (const r of rows) {
          backlog.set({ job: r.job, state: r.state }, r.n);
          if (r.state === 'pending') this.set({ job: r.job }, r.age);
        }
      });
    },
  });
  new Gauge({
    name: 'lth_audit_unsealed_rows',
    help: 'Audit rows written but not yet sealed into the hash chain',
    registers,
    async collect() {
      this.reset();
      await quietly('audit-unsealed', async () => {
        const [r] = await s.prisma.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n FROM audit_pending`;
        this.set(r?.n ?? 0);
      });
    },
  });
  new Gauge({
    name: 'lth_audit_head_age_seconds',
    help: "Age of the audit chain's newest sealed row",
    registers,
    async collect() {
      this.reset();
      await quietly('audit-head', async () => {
        const [r] = await s.prisma.$queryRaw<Array<{ age: number | null }>>`
          SELECT extract(epoch FROM now() - max(at))::float8 AS age FROM audit_log`;
        if (r?.age != null) this.set(r.age);
      });
    },
  });
  new Gauge({
    name: 'lth_calendar_horizon_days',
    help: 'Days until the confirmed working calendar ends (due dates after it are provisional)',
    registers,
    async collect() {
      this.reset();
      await quietly('calendar-days', async () => {
        const c = await s.calendar();
        if (c.daysToHorizon !== null) this.set(c.daysToHorizon);
      });
    },
  });
  new Gauge({
    name: 'lth_calendar_warning',
    help: 'Whether the calendar warns (1): the confirmed horizon is within 60 days, or the current year is not confirmed',
    registers,
    async collect() {
      this.reset();
      await quietly('calendar-warning', async () => this.set((await s.calendar()).warning ? 1 : 0));
    },
  });
}
