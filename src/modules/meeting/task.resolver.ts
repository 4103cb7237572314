/** Kết luận và nhiệm vụ — the GraphQL side of a meeting's conclusion and its tasks. */
import { Arg, Ctx, FieldResolver, Int, Resolver, Root, registerEnumType } from 'type-graphql';
import { vietnamToday } from '../../common/time.js';
import type { HubContext } from '../../core/context.js';
import type { Parent } from '../../graphql/connection.js';
import { HubMutation, HubQuery } from '../../graphql/guard.js';
import { toAgencyType } from '../agency/agency.service.js';
import { AgencyType } from '../agency/agency.type.js';
import { MeetingType } from './meeting.type.js';
import { taskService } from './task.service.js';
import { IssueConclusionInput, MeetingTaskType, TaskProgressInput } from './task.type.js';

const TaskStatus = { OPEN: 'OPEN', DONE: 'DONE' } as const;
registerEnumType(TaskStatus, {
  name: 'MeetingTaskStatus',
  description: 'Trạng thái nhiệm vụ — open or finished',
  valuesConfig: {
    OPEN: { description: 'Đang thực hiện — open' },
    DONE: { description: 'Đã hoàn thành — finished' },
  },
});

type TaskRow = Awaited<ReturnType<typeof taskService.reportProgress>>;

const day = (d: Date) => d.toISOString().slice(0, 10);
/** Finished by the end of its due date (Vietnam time). */
const onTime = (t: TaskRow) => (t.doneAt ? vietnamToday(t.doneAt) <= t.dueDate : null);
const toTaskType = (t: TaskRow): MeetingTaskType => ({ ...t, dueDate: day(t.dueDate), onTime: onTime(t) });

@Resolver(() => MeetingTaskType)
export class MeetingTaskResolver {
  @HubMutation(() => MeetingType, {
    description:
      'Ban hành thông báo kết luận — the conclusion as a document to every participating agency, and the tasks it assigns (the convening agency)',
  })
  issueConclusion(
    @Arg('input', () => IssueConclusionInput, { description: 'Kết luận — the document and the tasks' })
    input: IssueConclusionInput,
    @Ctx() ctx: HubContext,
  ) {
    return taskService.issueConclusion(ctx, input);
  }

  @HubMutation(() => MeetingTaskType, {
    description: 'Báo cáo tiến độ nhiệm vụ — the owner agency reports progress; 100 finishes the task',
  })
  async reportTaskProgress(
    @Arg('input', () => TaskProgressInput, { description: 'Tiến độ — the task and how far it is' })
    input: TaskProgressInput,
    @Ctx() ctx: HubContext,
  ): Promise<MeetingTaskType> {
    return toTaskType(await taskService.reportProgress(ctx, input));
  }

  @HubQuery(() => [MeetingTaskType], {
    description: 'Nhiệm vụ được giao — the tasks your agency owns (ADMIN, LEADER: every one), soonest due first',
  })
  async meetingTasks(
    @Arg('status', () => TaskStatus, { nullable: true, description: 'Trạng thái — only open, or only finished' })
    status: string | null,
    @Arg('first', () => Int, { defaultValue: 50, description: 'Số mục — how many, 1 to MAX_PAGE_SIZE' }) first: number,
    @Ctx() ctx: HubContext,
  ): Promise<MeetingTaskType[]> {
    return (await taskService.list(ctx, status, first)).map(toTaskType);
  }

  @FieldResolver(() => AgencyType, { description: 'Cơ quan chủ trì — the owner agency' })
  async ownerAgency(@Root() t: Parent<MeetingTaskType>, @Ctx() ctx: HubContext): Promise<AgencyType> {
    return toAgencyType((await ctx.loaders.agencyById.load(t.ownerAgencyId))!);
  }
}

@Resolver(() => MeetingType)
export class MeetingTasksResolver {
  @FieldResolver(() => [MeetingTaskType], { description: 'Nhiệm vụ — the tasks its conclusion assigns' })
  async tasks(@Root() m: Parent<MeetingType>, @Ctx() ctx: HubContext): Promise<MeetingTaskType[]> {
    return (await ctx.loaders.tasksByMeetingId.load(m.id)).map(toTaskType);
  }
}
