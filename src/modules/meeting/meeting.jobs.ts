/**
 * Meetings' jobs: an opinion form's reminder and overdue warning, delayed to their times when the
 * form is sent, and the sweep that finds every reminder, warning and overdue task still due
 * (Redis restarted empty, a worker down at the time): PostgreSQL says who was told, so each is
 * told once, whichever job gets there first.
 */
import { defineHandler, defineSchedule } from '../../core/job-context.js';
import type { SystemActor } from '../../core/system.js';
import { QueueName, type JobSpecs } from '../../jobs/job-catalog.js';
import { sendNotifications } from '../notification/notification.service.js';
import { overdueJobId, remindForm, remindJobId, warnOverdueForm } from './opinion.service.js';
import { warnOverdueTasks } from './task.service.js';

declare module '../../jobs/job-catalog.js' {
  interface JobPayloads {
    /** Remind those asked by an opinion form who have not answered (at its remindAt). */
    'opinion.remind': { formId: string };
    /** Warn of those who did not answer by an opinion form's deadline. */
    'opinion.overdue': { formId: string };
    /** Every reminder, overdue warning and overdue task still due. */
    'meeting.sweep': Record<string, never>;
  }
}

export const meetingJobs: JobSpecs<'opinion.remind' | 'opinion.overdue' | 'meeting.sweep'> = {
  'opinion.remind': { queue: QueueName.Maintenance, jobId: (p) => remindJobId(p.formId), attempts: 5, backoffMs: 5000 },
  'opinion.overdue': {
    queue: QueueName.Maintenance,
    jobId: (p) => overdueJobId(p.formId),
    attempts: 5,
    backoffMs: 5000,
  },
  'meeting.sweep': { queue: QueueName.Maintenance, jobId: () => undefined, attempts: 1, backoffMs: 1000 },
};

export const meetingSchedules = () => [
  defineSchedule({ id: 'meeting.sweep.every-minute', job: 'meeting.sweep', data: {}, repeat: { every: 60_000 } }),
];

/** One form's reminders or warnings, as one audited change of the SYSTEM actor; the notifications go after commit. */
async function tell(system: SystemActor, operation: string, run: typeof remindForm, formId: string) {
  return system.run('meeting-jobs', operation, async (ctx) => {
    const ids = await run(ctx.db, formId);
    if (ids.length) ctx.afterCommit.push(() => sendNotifications(ctx.queues, ids));
    ctx.auditTargets.push(formId);
    return ids.length;
  });
}

export const opinionRemindHandler = defineHandler('opinion.remind', async ({ formId }, { system }) => ({
  notifications: await tell(system, 'opinion.remind', remindForm, formId),
}));

export const opinionOverdueHandler = defineHandler('opinion.overdue', async ({ formId }, { system }) => ({
  notifications: await tell(system, 'opinion.overdue', warnOverdueForm, formId),
}));

export const meetingSweepHandler = defineHandler('meeting.sweep', async (_p, { prisma, system }) => {
  const now = new Date();
  // forms with someone to remind or to warn now (a few statements, whatever the number of forms)
  const toRemind = await prisma.$queryRaw<Array<{ id: string }>>`
    SELECT DISTINCT f.id FROM opinion_form f JOIN opinion_recipient r ON r.form_id = f.id
    WHERE f.remind_at <= ${now} AND f.deadline > ${now} AND r.answered_at IS NULL AND r.reminded_at IS NULL LIMIT 200`;
  const toWarn = await prisma.$queryRaw<Array<{ id: string }>>`
    SELECT DISTINCT f.id FROM opinion_form f JOIN opinion_recipient r ON r.form_id = f.id
    WHERE f.deadline <= ${now} AND r.answered_at IS NULL AND r.warned_at IS NULL LIMIT 200`;
  let notifications = 0;
  for (const f of toRemind) notifications += await tell(system, 'opinion.remind', remindForm, f.id);
  for (const f of toWarn) notifications += await tell(system, 'opinion.overdue', warnOverdueForm, f.id);
  const tasks = await warnOverdueTasks(prisma, system, now);
  return { reminded: toRemind.length, warned: toWarn.length, notifications, tasksWarned: tasks };
});
