/** What operators read of the machinery: jobs by state, schedules, worker processes, warnings. */
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../../graphql/connection.js';
import { JsonObjectScalar } from '../../graphql/scalars.js';
import { HubQueue } from './queue-admin.type.js';

export const JobState = {
  WAITING: 'waiting',
  PRIORITIZED: 'prioritized',
  ACTIVE: 'active',
  DELAYED: 'delayed',
  WAITING_CHILDREN: 'waiting-children',
  COMPLETED: 'completed',
  FAILED: 'failed',
} as const;
registerEnumType(JobState, {
  name: 'JobState',
  description: 'Trạng thái việc — where a job of a queue stands',
  valuesConfig: {
    WAITING: { description: 'Đang chờ — waiting for a worker' },
    PRIORITIZED: { description: 'Chờ theo ưu tiên — waiting, with a priority' },
    ACTIVE: { description: 'Đang chạy — a worker runs it' },
    DELAYED: { description: "Chờ đến hạn — waiting for its time (a retry's backoff, a delay)" },
    WAITING_CHILDREN: { description: 'Chờ việc con — waiting for jobs it depends on' },
    COMPLETED: { description: 'Đã xong — completed (as long as the queue keeps it)' },
    FAILED: { description: 'Thất bại — failed for good' },
  },
});

@ObjectType('QueueJob', { description: 'Việc — one job of a queue, as BullMQ holds it (its payload: ids only)' })
export class QueueJobType {
  @Field(() => ID, { description: 'Mã việc — the job id' }) id!: string;
  @Field(() => String, { description: 'Tên việc — the job (e.g. portal.syncDossier)' }) name!: string;
  @Field(() => HubQueue, { description: 'Hàng đợi — its queue' }) queue!: string;
  @Field(() => JobState, { description: 'Trạng thái — where it stands' }) state!: string;
  @Field(() => JsonObjectScalar, { description: 'Dữ liệu — its payload (ids and codes, never personal data)' })
  data!: Record<string, unknown>;
  @Field(() => Int, { description: 'Số lần thử — attempts made' }) attemptsMade!: number;
  @Field(() => Date, { description: 'Ngày tạo — when it was enqueued' }) createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'Bắt đầu — when its last attempt started' })
  processedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'Kết thúc — when it completed or failed' })
  finishedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'Chạy lúc — when a delayed job runs' }) runAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Lý do thất bại — its last failure' })
  failedReason!: string | null;
}

@ObjectType('QueueJobConnection', { description: 'Danh sách việc — a page of jobs, newest first' })
export class QueueJobConnection extends Connection(QueueJobType, 'QueueJob') {}

@ObjectType('JobSchedule', { description: 'Lịch chạy — a repeated job and its next run' })
export class JobScheduleType {
  @Field(() => ID, { description: 'Mã lịch — the schedule id (e.g. portal.importCatalog.daily)' }) id!: string;
  @Field(() => String, { description: 'Tên việc — the job it enqueues' }) name!: string;
  @Field(() => HubQueue, { description: 'Hàng đợi — its queue' }) queue!: string;
  @Field(() => String, { nullable: true, description: 'Mẫu cron — its cron pattern (Vietnam time)' })
  pattern!: string | null;
  @Field(() => Int, { nullable: true, description: 'Chu kỳ — every so many milliseconds' }) everyMs!: number | null;
  @Field(() => Date, { nullable: true, description: 'Lần chạy tới — its next run' }) nextRunAt!: Date | null;
}

@ObjectType('WorkerProcess', { description: 'Tiến trình xử lý — a worker process alive now (its heartbeat)' })
export class WorkerProcessType {
  @Field(() => ID, { description: 'Mã tiến trình — host, pid and a random tag' }) id!: string;
  @Field(() => String, { description: 'Máy — its host' }) host!: string;
  @Field(() => Int, { description: 'Mã tiến trình hệ điều hành (PID) — its process id' }) pid!: number;
  @Field(() => String, { description: 'Phiên bản — the hub version it runs' }) version!: string;
  @Field(() => Date, { description: 'Khởi động — when it started' }) startedAt!: Date;
  @Field(() => Date, { description: 'Nhịp cuối — its last heartbeat' }) lastBeatAt!: Date;
  @Field(() => JsonObjectScalar, { description: 'Số việc đồng thời — jobs it runs at once, per queue' })
  concurrency!: Record<string, number>;
}

const WarningKind = {
  NO_WORKER: 'NO_WORKER',
  BREAKER_OPEN: 'BREAKER_OPEN',
  OUTBOX_FAILED: 'OUTBOX_FAILED',
  NOTIFICATIONS_FAILED: 'NOTIFICATIONS_FAILED',
  CALENDAR: 'CALENDAR',
} as const;
registerEnumType(WarningKind, {
  name: 'WarningKind',
  description: 'Loại cảnh báo — what an operator is warned of',
  valuesConfig: {
    NO_WORKER: {
      description: 'Không có tiến trình xử lý — no worker process is alive: nothing reaches the national systems',
    },
    BREAKER_OPEN: { description: 'Cầu dao mở — an upstream failed so often that calls to it wait' },
    OUTBOX_FAILED: { description: 'Việc gửi thất bại — changes whose job failed for good wait for retryOutbox' },
    NOTIFICATIONS_FAILED: {
      description:
        'Thông báo không gửi được — emails or SMS that failed for good in the last day (mail server, SMS gateway)',
    },
    CALENDAR: { description: 'Lịch làm việc — the confirmed calendar ends soon, or this year is not confirmed' },
  },
});

@ObjectType('OperatorWarning', { description: 'Cảnh báo vận hành — something an operator should act on' })
export class OperatorWarningType {
  @Field(() => WarningKind, { description: 'Loại — what it is about' }) kind!: string;
  @Field(() => String, { description: 'Nội dung — what is wrong and what to do' }) message!: string;
}
