/** Admins watch and steer the queues: counts, failed jobs, retry, pause, resume; the outbox backlog; the breakers; refused strangers. */
import { Arg, Ctx, Field, Int, ObjectType, Resolver } from 'type-graphql';
import { BadUserInputError, NotFoundError, ServiceUnavailableError } from '../../common/errors.js';
import type { HubContext } from '../../core/context.js';
import { HubMutation, HubQuery } from '../../graphql/guard.js';
import { ALL_QUEUES } from '../../jobs/job-catalog.js';
import { BreakerState, HubQueue } from './queue-admin.type.js';
import { UPSTREAMS } from '../../jobs/circuit-breaker.js';
import { queueNamed, queuesOf, redisCall } from './queue-access.js';
import { outboxService } from '../outbox/outbox.service.js';
import { JsonObjectScalar } from '../../graphql/scalars.js';

@ObjectType('QueueCounts', { description: 'Số việc theo trạng thái — jobs per state' })
class QueueCounts {
  @Field(() => Int, { description: 'Đang chờ — waiting for a worker' }) waiting!: number;
  @Field(() => Int, { description: 'Đang chạy — running' }) active!: number;
  @Field(() => Int, { description: "Chờ đến hạn — waiting for their time (a retry's backoff, a schedule)" })
  delayed!: number;
  @Field(() => Int, { description: 'Thất bại — failed for good' }) failed!: number;
  @Field(() => Int, { description: 'Đã xong — completed (as long as the queue keeps them)' }) completed!: number;
  @Field(() => Int, { description: 'Chờ theo ưu tiên — waiting with a priority' }) prioritized!: number;
}

@ObjectType('QueueStatus', { description: 'Hàng đợi — one queue of the hub' })
class QueueStatus {
  @Field(() => HubQueue, { description: 'Tên hàng đợi — the queue' }) name!: string;
  @Field(() => Boolean, { description: 'Tạm dừng — paused: no job is handed out' }) isPaused!: boolean;
  @Field(() => QueueCounts, { description: 'Số việc — jobs per state' }) counts!: QueueCounts;
}

@ObjectType('FailedJob', { description: 'Việc thất bại — a job that failed for good' })
class FailedJob {
  @Field(() => String, { description: 'Mã việc — the job id (deterministic, e.g. portal-step-<id>)' }) id!: string;
  @Field(() => String, { description: 'Tên việc — the job (e.g. portal.progressStep)' }) name!: string;
  @Field(() => String, {
    nullable: true,
    description: "Lý do thất bại — why it failed (the upstream's message when it refused)",
  })
  failedReason!: string | null;
  @Field(() => Int, { description: 'Số lần thử — attempts made' }) attemptsMade!: number;
  @Field(() => Date, { nullable: true, description: 'Thời điểm thất bại — when it failed for good' })
  failedAt!: Date | null;
  @Field(() => JsonObjectScalar, { description: 'Dữ liệu — the payload: ids only' }) data!: Record<string, unknown>;
}

@ObjectType('BreakerStatus', { description: 'Cầu dao — the circuit breaker of one upstream' })
class BreakerStatusType {
  @Field(() => String, { description: 'Hệ thống — the upstream (portal, axis, payment platform, PayGov)' })
  upstream!: string;
  @Field(() => BreakerState, { description: 'Trạng thái — closed, open or half-open' }) state!: string;
  @Field(() => Int, { description: 'Số lần lỗi — transient failures in the current window' }) failures!: number;
  @Field(() => Int, {
    description: 'Số lần gọi — calls answered or failed in the current window (the failure rate is failures / calls)',
  })
  calls!: number;
  @Field(() => Date, {
    nullable: true,
    description: 'Mở đến — when an open breaker lets a trial call through (half-open)',
  })
  openUntil!: Date | null;
  @Field(() => Int, { description: 'Số lần ngắt — how many times it opened (as long as Redis keeps the count)' })
  opened!: number;
  @Field(() => Date, { nullable: true, description: 'Lần ngắt cuối — when it last opened' }) lastOpenedAt!: Date | null;
}

@ObjectType('FailedOutboxEntry', { description: 'Việc gửi thất bại — an outbox record whose job failed for good' })
class FailedOutboxEntry {
  @Field(() => String, { description: "Mã — the outbox record's id (retryOutbox takes it)" }) id!: string;
  @Field(() => String, { description: 'Tên việc — the job (e.g. portal.progressStep)' }) jobName!: string;
  @Field(() => String, { nullable: true, description: 'Mã việc — its job id (e.g. portal-step-<id>)' }) jobKey!:
    string | null;
  @Field(() => Date, { description: 'Ngày tạo — when the change was recorded' }) createdAt!: Date;
  @Field(() => Date, { description: 'Thời điểm thất bại — when its job failed for good' }) failedAt!: Date;
  @Field(() => String, { nullable: true, description: 'Lỗi cuối — the last failure' }) lastError!: string | null;
}

@ObjectType('RefusalCount', {
  description: 'Yêu cầu bị từ chối — refused requests without valid credentials in one hour',
})
class RefusalCount {
  @Field(() => Date, { description: 'Giờ — the hour (its start)' }) hour!: Date;
  @Field(() => Int, { description: 'Số lần — how many' }) count!: number;
}

@Resolver()
export class QueueAdminResolver {
  @HubQuery(() => [RefusalCount], {
    roles: ['ADMIN', 'LEADER'],
    description:
      'Từ chối ẩn danh — requests refused for missing or bad credentials, per hour, newest first (counted in Redis, not written to the audit chain)',
  })
  anonymousRefusals(
    @Arg('hours', () => Int, { defaultValue: 24, description: 'Số giờ — how many hours back (1 to 168)' })
    hours: number,
    @Ctx() ctx: HubContext,
  ): Promise<RefusalCount[]> {
    if (!Number.isInteger(hours) || hours < 1 || hours > 168)
      throw new BadUserInputError('"hours" must be 1 to 168', { field: 'hours' });
    const refusals = ctx.refusals;
    if (!refusals) throw new ServiceUnavailableError('Refusals are counted by the API only');
    return redisCall(() => refusals.perHour(hours));
  }

  @HubQuery(() => [QueueStatus], {
    roles: ['ADMIN', 'LEADER'],
    description: 'Hàng đợi — every queue with its job counts (ADMIN, LEADER)',
  })
  queues(@Ctx() ctx: HubContext): Promise<QueueStatus[]> {
    const queues = queuesOf(ctx);
    return redisCall(() =>
      Promise.all(
        ALL_QUEUES.map(async (name) => {
          const q = queues.get(name);
          const c = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized');
          return {
            name,
            isPaused: await q.isPaused(),
            counts: {
              waiting: c['waiting'] ?? 0,
              active: c['active'] ?? 0,
              delayed: c['delayed'] ?? 0,
              failed: c['failed'] ?? 0,
              completed: c['completed'] ?? 0,
              prioritized: c['prioritized'] ?? 0,
            },
          };
        }),
      ),
    );
  }

  @HubQuery(() => [FailedJob], {
    roles: ['ADMIN', 'LEADER'],
    description: 'Việc thất bại — failed jobs of a queue, newest first, with their reason and attempts',
  })
  failedJobs(
    @Arg('queue', () => HubQueue, { description: 'Hàng đợi — the queue' }) queue: string,
    @Arg('first', () => Int, {
      defaultValue: 20,
      description: 'Số mục — how many, 1 to MAX_PAGE_SIZE (100 by default)',
    })
    first: number,
    @Ctx() ctx: HubContext,
  ): Promise<FailedJob[]> {
    if (first < 1 || first > ctx.config.graphql.maxPageSize)
      throw new BadUserInputError(`"first" must be between 1 and ${ctx.config.graphql.maxPageSize}`, {
        field: 'first',
      });
    const q = queuesOf(ctx).get(queueNamed(queue));
    return redisCall(async () =>
      (await q.getFailed(0, first - 1)).map((j) => ({
        id: j.id!,
        name: j.name,
        failedReason: j.failedReason ?? null,
        attemptsMade: j.attemptsMade,
        failedAt: j.finishedOn ? new Date(j.finishedOn) : null,
        data: j.data as Record<string, unknown>,
      })),
    );
  }

  @HubQuery(() => Int, {
    roles: ['ADMIN', 'LEADER'],
    description:
      'Hộp thư đi — outbox records whose effect no worker has acknowledged yet (failed ones aside): waiting, running, or lost by Redis and to be handed again',
  })
  outboxBacklog(@Ctx() ctx: HubContext): Promise<number> {
    return outboxService.backlog(ctx.db);
  }

  @HubQuery(() => [FailedOutboxEntry], {
    roles: ['ADMIN', 'LEADER'],
    description:
      'Hộp thư đi thất bại — outbox records whose job failed for good, newest first (they stay in PostgreSQL whatever Redis keeps)',
  })
  async failedOutbox(
    @Arg('first', () => Int, {
      defaultValue: 20,
      description: 'Số mục — how many, 1 to MAX_PAGE_SIZE (100 by default)',
    })
    first: number,
    @Ctx() ctx: HubContext,
  ): Promise<FailedOutboxEntry[]> {
    if (first < 1 || first > ctx.config.graphql.maxPageSize)
      throw new BadUserInputError(`"first" must be between 1 and ${ctx.config.graphql.maxPageSize}`, {
        field: 'first',
      });
    return (await outboxService.failed(ctx.db, first)).map((r) => ({
      id: r.id.toString(),
      jobName: r.jobName,
      jobKey: r.jobKey,
      createdAt: r.createdAt,
      failedAt: r.failedAt!,
      lastError: r.lastError,
    }));
  }

  @HubMutation(() => Int, {
    roles: ['ADMIN'],
    description: 'Gửi lại — hand failed outbox records to the relay again: one (id), or all (ADMIN); returns how many',
  })
  async retryOutbox(
    @Arg('id', () => String, { nullable: true, description: 'Mã — one failed outbox record (null: all of them)' })
    id: string | null | undefined,
    @Ctx() ctx: HubContext,
  ): Promise<number> {
    // an argument left out arrives undefined, one sent as null arrives null: both mean all
    if (id != null && !/^\d{1,18}$/.test(id))
      throw new BadUserInputError('"id" is an outbox record id', { field: 'id' });
    if (id != null) ctx.auditTargets.push(id);
    return (await outboxService.retryFailed(ctx.db, id == null ? undefined : BigInt(id))).count;
  }

  @HubQuery(() => [BreakerStatusType], {
    roles: ['ADMIN', 'LEADER'],
    description: 'Cầu dao — the circuit breaker of each upstream',
  })
  breakers(@Ctx() ctx: HubContext): Promise<BreakerStatusType[]> {
    return redisCall(() => Promise.all(UPSTREAMS.map((u) => ctx.breaker.status(u))));
  }

  @HubMutation(() => Boolean, { roles: ['ADMIN'], description: 'Chạy lại — retry one failed job (ADMIN)' })
  retryJob(
    @Arg('queue', () => HubQueue, { description: 'Hàng đợi — the queue' }) queue: string,
    @Arg('jobId', () => String, { description: "Mã việc — the failed job's id" }) jobId: string,
    @Ctx() ctx: HubContext,
  ): Promise<boolean> {
    const q = queuesOf(ctx).get(queueNamed(queue));
    ctx.auditTargets.push(`${queue}:${jobId}`);
    return redisCall(async () => {
      const job = await q.getJob(jobId);
      if (!job || !(await job.isFailed())) throw new NotFoundError(`No failed job ${jobId} in ${queue}`);
      await job.retry('failed');
      return true;
    });
  }

  @HubMutation(() => Int, {
    roles: ['ADMIN'],
    description: 'Chạy lại tất cả — retry every failed job of a queue (ADMIN); returns how many',
  })
  retryFailedJobs(
    @Arg('queue', () => HubQueue, { description: 'Hàng đợi — the queue' }) queue: string,
    @Ctx() ctx: HubContext,
  ): Promise<number> {
    const q = queuesOf(ctx).get(queueNamed(queue));
    ctx.auditTargets.push(queue);
    return redisCall(async () => {
      const n = await q.getFailedCount();
      await q.retryJobs({ state: 'failed', count: 1000 });
      return n;
    });
  }

  @HubMutation(() => Boolean, {
    roles: ['ADMIN'],
    description: 'Tạm dừng — stop a queue handing out jobs (ADMIN); nothing is lost',
  })
  pauseQueue(
    @Arg('queue', () => HubQueue, { description: 'Hàng đợi — the queue' }) queue: string,
    @Ctx() ctx: HubContext,
  ): Promise<boolean> {
    const q = queuesOf(ctx).get(queueNamed(queue));
    ctx.auditTargets.push(queue);
    return redisCall(async () => (await q.pause(), true));
  }

  @HubMutation(() => Boolean, { roles: ['ADMIN'], description: 'Tiếp tục — resume a paused queue (ADMIN)' })
  resumeQueue(
    @Arg('queue', () => HubQueue, { description: 'Hàng đợi — the queue' }) queue: string,
    @Ctx() ctx: HubContext,
  ): Promise<boolean> {
    const q = queuesOf(ctx).get(queueNamed(queue));
    ctx.auditTargets.push(queue);
    return redisCall(async () => (await q.resume(), true));
  }
}
