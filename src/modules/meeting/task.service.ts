/**
 * Thông báo kết luận và nhiệm vụ — a meeting's conclusion is issued as an outgoing document of the
 * convening agency (the documents module: a delivery to every participating agency, edXML through
 * the axis to those outside the city); the tasks it assigns are followed by their owner agencies
 * to the end, and an overdue task is warned once (webhook to its owner and the convener).
 */
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../common/errors.js';
import { isUuid } from '../../common/text.js';
import { parseIsoDate, vietnamToday } from '../../common/time.js';
import { actsForEveryAgency, readsEverything } from '../../core/access.js';
import { callerOf, type HubContext } from '../../core/context.js';
import type { SystemActor } from '../../core/system.js';
import type { PrismaClient } from '../../db/client.js';
import { checkText } from '../document/document.rules.js';
import { webhookService } from '../webhook/webhook.service.js';
import { notify } from '../notification/notification.service.js';
import { agencyNamed, announceMeeting, convenersMeeting, loadAgencies, sendMeetingDocument } from './meeting.common.js';
import type { IssueConclusionInput, TaskProgressInput } from './task.type.js';

const MAX_TASKS = 100;

export const taskService = {
  async issueConclusion(ctx: HubContext, input: IssueConclusionInput) {
    const m = await convenersMeeting(ctx, input.meetingId, 'issues its conclusion');
    if (m.status !== 'PUBLISHED')
      throw new ConflictError(
        m.status === 'CONCLUDED'
          ? 'The conclusion was issued already'
          : `A ${m.status.toLowerCase()} meeting has no conclusion`,
      );
    if (await ctx.db.vote.count({ where: { meetingId: m.id, status: 'OPEN' } }))
      throw new ConflictError('A vote of the meeting is still open: close it first');
    if (input.tasks.length > MAX_TASKS) throw new BadUserInputError(`At most ${MAX_TASKS} tasks`, { field: 'tasks' });
    const today = vietnamToday();
    await loadAgencies(
      ctx,
      input.tasks.map((t) => t.ownerAgencyCode),
    );
    const tasks = [];
    for (const [i, t] of input.tasks.entries()) {
      const title = checkText(t.title, `tasks[${i}].title`, 1000);
      if (!title) throw new BadUserInputError('Each task says what is to be done', { field: `tasks[${i}].title` });
      const owner = await agencyNamed(ctx, t.ownerAgencyCode, `tasks[${i}].ownerAgencyCode`);
      const dueDate = parseIsoDate(t.dueDate);
      if (dueDate < today)
        throw new BadUserInputError('A due date is not in the past', { field: `tasks[${i}].dueDate` });
      tasks.push({ meetingId: m.id, position: i + 1, title, ownerAgencyId: owner.id, dueDate });
    }
    // to every participating agency, and to an owner of a task that did not take part
    const doc = await sendMeetingDocument(
      ctx,
      m.id,
      'conclusion',
      input.document,
      tasks.map((t) => t.ownerAgencyId),
    );
    await ctx.db.meetingTask.createMany({ data: tasks });
    ctx.auditTargets.push(m.id, doc.id);
    await announceMeeting(ctx, m.id);
    return ctx.db.meeting.update({
      where: { id: m.id },
      data: { status: 'CONCLUDED', conclusionDocumentId: doc.id, concludedAt: new Date() },
    });
  },

  /** The owner agency reports progress; 100 finishes the task (DONE), which then never changes. */
  async reportProgress(ctx: HubContext, input: TaskProgressInput) {
    if (!isUuid(input.taskId)) throw new NotFoundError('No task has this id');
    await ctx.db.$queryRaw`SELECT id FROM meeting_task WHERE id = ${input.taskId}::uuid FOR UPDATE`;
    const t = await ctx.db.meetingTask.findUnique({ where: { id: input.taskId } });
    if (!t) throw new NotFoundError('No task has this id');
    const caller = callerOf(ctx);
    if (!actsForEveryAgency(caller) && t.ownerAgencyId !== caller.agencyId)
      throw new ForbiddenError('Only the owner agency reports its task’s progress');
    if (t.status === 'DONE') throw new ConflictError('The task is finished: its record does not change');
    if (!Number.isInteger(input.progress) || input.progress < t.progress || input.progress > 100)
      throw new BadUserInputError(`"progress" is ${t.progress} to 100: it does not go back`, { field: 'progress' });
    const note = checkText(input.note, 'note', 2000) ?? null;
    ctx.auditTargets.push(t.meetingId, t.id);
    await announceMeeting(ctx, t.meetingId);
    const done = input.progress === 100;
    return ctx.db.meetingTask.update({
      where: { id: t.id },
      data: {
        progress: input.progress,
        lastNote: note ?? t.lastNote,
        ...(done ? { status: 'DONE', doneAt: new Date() } : {}),
      },
    });
  },

  /** Tasks the caller's agency owns (ADMIN, LEADER: every one), soonest due first. */
  async list(ctx: HubContext, status: string | null, first: number) {
    if (first < 1 || first > ctx.config.graphql.maxPageSize)
      throw new BadUserInputError(`"first" is 1 to ${ctx.config.graphql.maxPageSize}`, { field: 'first' });
    const caller = callerOf(ctx);
    if (!readsEverything(caller) && !caller.agencyId) return [];
    return ctx.db.meetingTask.findMany({
      where: {
        ...(readsEverything(caller) ? {} : { ownerAgencyId: caller.agencyId! }),
        ...(status ? { status } : {}),
      },
      orderBy: [{ dueDate: 'asc' }, { id: 'asc' }],
      take: first,
    });
  },
};

/** Warn once of each task past its due date and not finished: webhook to its owner and its meeting's convener. */
export async function warnOverdueTasks(prisma: PrismaClient, system: SystemActor, now = new Date()): Promise<number> {
  const today = vietnamToday(now);
  const due = await prisma.meetingTask.count({ where: { status: 'OPEN', warnedAt: null, dueDate: { lt: today } } });
  if (!due) return 0;
  return system.run('meeting-jobs', 'task.overdue', async (ctx) => {
    const late = await ctx.db.$queryRaw<
      Array<{
        id: string;
        title: string;
        meeting_id: string;
        owner_agency_id: string;
        due_date: Date;
        convener: string;
        issued_by: string | null;
      }>
    >`
      UPDATE meeting_task t SET warned_at = ${now} FROM meeting m LEFT JOIN document d ON d.id = m.conclusion_document_id
      WHERE m.id = t.meeting_id AND t.id IN (
        SELECT id FROM meeting_task WHERE status = 'OPEN' AND warned_at IS NULL AND due_date < ${today}::date
        ORDER BY due_date LIMIT 500 FOR UPDATE SKIP LOCKED)
      RETURNING t.id, t.title, t.meeting_id, t.owner_agency_id, t.due_date, m.convening_agency_id AS convener,
        d.created_by AS issued_by`;
    await webhookService.notify(
      ctx,
      late.flatMap((t) =>
        [...new Set([t.owner_agency_id, t.convener])].map((agencyId) => ({
          agencyId,
          event: 'meeting.taskOverdue' as const,
          payload: { taskId: t.id, meetingId: t.meeting_id, dueDate: t.due_date.toISOString().slice(0, 10) },
        })),
      ),
    );
    // the person who issued the conclusion (the staff who follow its tasks), by their channels
    await notify(
      ctx,
      late.flatMap((t) =>
        t.issued_by?.startsWith('user:')
          ? [
              {
                subject: t.issued_by.slice('user:'.length),
                agencyId: t.convener,
                template: 'TASK_OVERDUE' as const,
                params: {
                  title: t.title,
                  dueDate: t.due_date.toISOString().slice(0, 10).split('-').reverse().join('/'),
                },
                key: `task:${t.id}:overdue`,
              },
            ]
          : [],
      ),
    );
    for (const meetingId of new Set(late.map((t) => t.meeting_id))) await announceMeeting(ctx, meetingId);
    ctx.auditTargets.push(...late.map((t) => t.id));
    return late.length;
  });
}
