/**
 * Vận hành — what operators read of the machinery (ADMIN, LEADER): the jobs of a queue by state,
 * the schedules with their next run, the worker processes alive (their heartbeats), and the
 * warnings worth acting on. The queue console (/admin/queues) and the metrics show the same.
 */
import { Arg, Ctx, Int, Resolver } from 'type-graphql';
import type { Job } from 'bullmq';
import { checkPageSize, decodeCursor, lazyCount, toPage } from '../../common/cursor.js';
import { BadUserInputError } from '../../common/errors.js';
import type { HubContext } from '../../core/context.js';
import { HubQuery } from '../../graphql/guard.js';
import { ALL_QUEUES } from '../../jobs/job-catalog.js';
import { UPSTREAMS } from '../../jobs/circuit-breaker.js';
import { calendarService } from '../calendar/calendar.service.js';
import { queueNamed, queuesOf, redisCall } from './queue-access.js';
import { HubQueue } from './queue-admin.type.js';
import {
  JobScheduleType,
  JobState,
  OperatorWarningType,
  QueueJobConnection,
  WorkerProcessType,
  type QueueJobType,
} from './operations.type.js';

const READERS = ['ADMIN', 'LEADER'] as ('ADMIN' | 'LEADER')[];

function toJob(job: Job, queue: string, state: string): QueueJobType {
  return {
    id: job.id ?? '',
    name: job.name,
    queue,
    state,
    data: (job.data ?? {}) as Record<string, unknown>,
    attemptsMade: job.attemptsMade,
    createdAt: new Date(job.timestamp),
    processedAt: job.processedOn ? new Date(job.processedOn) : null,
    finishedAt: job.finishedOn ? new Date(job.finishedOn) : null,
    runAt: state === 'delayed' ? new Date(job.timestamp + (job.opts.delay ?? 0)) : null,
    failedReason: job.failedReason || null,
  };
}

@Resolver()
export class OperationsResolver {
  @HubQuery(() => QueueJobConnection, {
    roles: READERS,
    description:
      'Việc theo trạng thái — the jobs of a queue in one state, newest first (the cursor is a position: jobs that move meanwhile may shift the pages)',
  })
  async jobs(
    @Arg('queue', () => HubQueue, { description: 'Hàng đợi — the queue' }) queue: string,
    @Arg('state', () => JobState, { description: 'Trạng thái — the state' }) state: string,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Số mục — page size, 1 to MAX_PAGE_SIZE' })
    first: number,
    @Arg('after', () => String, { nullable: true, description: 'Sau con trỏ — the endCursor of the previous page' })
    after: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<QueueJobConnection> {
    checkPageSize(first, ctx.config.graphql.maxPageSize);
    const start = after ? Number(decodeCursor(after, 1)[0]) + 1 : 0;
    if (!Number.isInteger(start) || start < 0)
      throw new BadUserInputError('"after" is not a cursor returned by this list', { field: 'after' });
    const q = queuesOf(ctx).get(queueNamed(queue));
    const found = await redisCall(() => q.getJobs([state as never], start, start + first, false));
    const rows = found.filter(Boolean).map((job, i) => ({ ...toJob(job, queue, state), position: start + i }));
    const total = lazyCount(() => redisCall(() => q.getJobCountByTypes(state as never)));
    return toPage(rows, first, total, (r) => [r.position]) as unknown as QueueJobConnection;
  }

  @HubQuery(() => [JobScheduleType], {
    roles: READERS,
    description: 'Lịch chạy — the repeated jobs of every queue, with their next run',
  })
  schedules(@Ctx() ctx: HubContext): Promise<JobScheduleType[]> {
    const queues = queuesOf(ctx);
    return redisCall(async () =>
      (
        await Promise.all(
          ALL_QUEUES.map(async (queue) =>
            (await queues.get(queue).getJobSchedulers(0, -1, true)).map((s) => ({
              id: s.id ?? s.key,
              name: s.name,
              queue,
              pattern: s.pattern ?? null,
              everyMs: s.every ?? null,
              nextRunAt: s.next ? new Date(s.next) : null,
            })),
          ),
        )
      ).flat(),
    );
  }

  @HubQuery(() => [WorkerProcessType], {
    roles: READERS,
    description:
      'Tiến trình xử lý — the worker processes alive now, with their last heartbeat (one that stops is gone within three beats)',
  })
  async workerProcesses(@Ctx() ctx: HubContext): Promise<WorkerProcessType[]> {
    const beats = await redisCall(() => queuesOf(ctx).liveWorkers());
    return beats.map((b) => ({ ...b, startedAt: new Date(b.startedAt), lastBeatAt: new Date(b.lastBeat) }));
  }

  @HubQuery(() => [OperatorWarningType], {
    roles: READERS,
    description: 'Cảnh báo vận hành — what operators should act on now (the metrics carry the same)',
  })
  async operatorWarnings(@Ctx() ctx: HubContext): Promise<OperatorWarningType[]> {
    const warnings: OperatorWarningType[] = [];
    const queues = queuesOf(ctx);
    if (!(await redisCall(() => queues.liveWorkers())).length)
      warnings.push({
        kind: 'NO_WORKER',
        message: 'No worker process is alive: changes wait in the outbox and nothing reaches the national systems',
      });
    for (const upstream of UPSTREAMS) {
      const b = await redisCall(() => ctx.breaker.status(upstream));
      if (b.state === 'OPEN')
        warnings.push({
          kind: 'BREAKER_OPEN',
          message: `The breaker of ${upstream} is open until ${b.openUntil?.toISOString() ?? '?'}: calls to it wait`,
        });
    }
    const [{ n: failed } = { n: 0 }] = await ctx.db.$queryRaw<Array<{ n: number }>>`
      SELECT count(*)::int AS n FROM outbox WHERE done_at IS NULL AND failed_at IS NOT NULL`;
    if (failed)
      warnings.push({
        kind: 'OUTBOX_FAILED',
        message: `${failed} changes failed for good: see failedOutbox, then retryOutbox`,
      });
    const [{ n: unsent } = { n: 0 }] = await ctx.db.$queryRaw<Array<{ n: number }>>`
      SELECT count(*)::int AS n FROM notification WHERE status = 'FAILED' AND created_at > now() - interval '1 day'`;
    if (unsent)
      warnings.push({
        kind: 'NOTIFICATIONS_FAILED',
        message: `${unsent} notifications (email, SMS) failed for good in the last day: see the mail server and the SMS gateway`,
      });
    const calendar = await calendarService.status(ctx.db);
    if (calendar.warning) warnings.push({ kind: 'CALENDAR', message: calendar.warning });
    return warnings;
  }
}
