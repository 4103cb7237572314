/**
 * Phiếu lấy ý kiến — opinion forms outside meetings: questions on a draft sent to named persons
 * with a deadline. Each person answers once, for themselves (their token's `sub` and agency), the
 * answer's canonical content hashed into the audit chain like a ballot; a late answer is taken and
 * counted late. Reminders before the deadline and overdue warnings after it are delayed BullMQ
 * jobs, set when the form is sent; the rows say who was reminded or warned, so a job that runs
 * twice tells nobody twice, and the workers' sweep (meeting.jobs.ts) finds what Redis forgot.
 */
import { createHash, randomBytes } from 'node:crypto';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../common/errors.js';
import { isUuid } from '../../common/text.js';
import { readsEverything } from '../../core/access.js';
import { callerOf, personOf, type HubContext } from '../../core/context.js';
import type { Db } from '../../db/client.js';
import { QueueName } from '../../jobs/job-catalog.js';
import { documentRepository } from '../document/document.repository.js';
import { checkText } from '../document/document.rules.js';
import { notify, recordNotices, type Notice } from '../notification/notification.service.js';
import { vietnamTime } from '../notification/notification.templates.js';
import type { OpinionAnswerInput, SendOpinionFormInput } from './opinion.type.js';
import { checkSignature, signedContent } from './signing.js';
import { agencyNamed, loadAgencies } from './meeting.common.js';

const MAX_QUESTIONS = 50;
const MAX_RECIPIENTS = 200;
/** a form asks for opinions within a year (its reminder and warning wait in Redis until then) */
const MAX_DEADLINE_DAYS = 366;

export const remindJobId = (formId: string) => `opinion-remind-${formId}`;
export const overdueJobId = (formId: string) => `opinion-overdue-${formId}`;

type FormRow = NonNullable<Awaited<ReturnType<Db['opinionForm']['findUnique']>>>;

/** The form as the caller may read it: its agency's, or one asking the caller (a person asked, of the agency named). */
export async function visibleForm(ctx: HubContext, id: string): Promise<FormRow | null> {
  if (!isUuid(id)) return null;
  const f = await ctx.db.opinionForm.findUnique({ where: { id } });
  if (!f) return null;
  const caller = callerOf(ctx);
  if (readsEverything(caller) || f.agencyId === caller.agencyId) return f;
  if (
    caller.kind === 'user' &&
    caller.agencyId &&
    (await ctx.db.opinionRecipient.count({ where: { formId: f.id, agencyId: caller.agencyId, subject: caller.id } }))
  )
    return f;
  throw new ForbiddenError('Your agency did not send this opinion form, and it does not ask you');
}

const answerContent = (a: { recipientId: string; answers: unknown; answeredAt: Date; nonce: string }) =>
  JSON.stringify([a.recipientId, a.answers, a.answeredAt.toISOString(), a.nonce]);

export const opinionService = {
  async send(ctx: HubContext, input: SendOpinionFormInput): Promise<FormRow> {
    const caller = callerOf(ctx);
    if (!caller.agencyId) throw new ForbiddenError('An opinion form is sent by an agency: your credentials name none');
    const title = checkText(input.title, 'title', 500);
    if (!title) throw new BadUserInputError('"title" is required', { field: 'title' });
    if (!input.questions.length || input.questions.length > MAX_QUESTIONS)
      throw new BadUserInputError(`1 to ${MAX_QUESTIONS} questions`, { field: 'questions' });
    const questions = input.questions.map((q, i) => {
      const t = checkText(q, `questions[${i}]`, 1000);
      if (!t) throw new BadUserInputError('A question is empty', { field: `questions[${i}]` });
      return t;
    });
    const now = new Date();
    if (input.deadline <= now) throw new BadUserInputError('"deadline" must be in the future', { field: 'deadline' });
    if (input.deadline.getTime() - now.getTime() > MAX_DEADLINE_DAYS * 86_400_000)
      throw new BadUserInputError(`"deadline" is at most ${MAX_DEADLINE_DAYS} days ahead`, { field: 'deadline' });
    if (!input.recipients.length || input.recipients.length > MAX_RECIPIENTS)
      throw new BadUserInputError(`1 to ${MAX_RECIPIENTS} recipients`, { field: 'recipients' });
    if (input.documentId) {
      const ok = isUuid(input.documentId)
        ? await documentRepository.findByIds({ all: false, agencyId: caller.agencyId }, ctx.db, [input.documentId])
        : [];
      if (!ok.length)
        throw new BadUserInputError('The draft is not a document your agency sent or received', {
          field: 'documentId',
        });
    }
    await loadAgencies(
      ctx,
      input.recipients.map((r) => r.agencyCode),
    );
    const recipients = [];
    for (const [i, r] of input.recipients.entries()) {
      const agency = await agencyNamed(ctx, r.agencyCode, 'recipients');
      const name = checkText(r.name, 'recipients', 200);
      const subject = checkText(r.subject, 'recipients', 200);
      if (!name || !subject)
        throw new BadUserInputError('Each person asked has a name and a subject', { field: 'recipients' });
      recipients.push({ agencyId: agency.id, name, subject, position: i + 1 });
    }
    if (new Set(recipients.map((r) => r.subject)).size !== recipients.length)
      throw new BadUserInputError('A person is asked twice', { field: 'recipients' });
    // the configured lead before the deadline, or half-way there for a form with less time than that
    const remindAt = new Date(
      Math.max(
        (now.getTime() + input.deadline.getTime()) / 2,
        input.deadline.getTime() - ctx.config.meetings.remindBeforeMs,
      ),
    );
    const form = await ctx.db.opinionForm.create({
      data: {
        agencyId: caller.agencyId,
        title,
        documentId: input.documentId ?? null,
        questions,
        deadline: input.deadline,
        remindAt,
        createdBy: `${caller.kind}:${caller.id}`,
        recipients: { create: recipients },
      },
      include: { recipients: true },
    });
    const sender = await ctx.loaders.agencyById.load(caller.agencyId);
    await notify(
      ctx,
      form.recipients.map((r) => ({
        subject: r.subject,
        agencyId: r.agencyId,
        template: 'OPINION_REQUESTED',
        // who asks, in the person's own words: a form reaches people of other agencies too
        params: { agency: sender?.name ?? '', name: r.name, title, deadline: vietnamTime(form.deadline) },
        key: `opinion:${form.id}:${r.id}:requested`,
      })),
    );
    // the reminder and the overdue warning, at their times; the sweep makes up for a Redis that forgot them
    const queues = ctx.queues;
    if (queues)
      ctx.afterCommit.push(async () => {
        await queues.enqueue('opinion.remind', { formId: form.id }, remindAt.getTime() - Date.now());
        await queues.enqueue('opinion.overdue', { formId: form.id }, form.deadline.getTime() - Date.now());
      });
    ctx.auditTargets.push(form.id);
    const { recipients: _r, ...row } = form;
    return row;
  },

  /** Forms the caller's agency sent, and forms asking the caller (ADMIN, LEADER: every one), newest first. */
  async list(ctx: HubContext, first: number): Promise<FormRow[]> {
    if (first < 1 || first > ctx.config.graphql.maxPageSize)
      throw new BadUserInputError(`"first" is 1 to ${ctx.config.graphql.maxPageSize}`, { field: 'first' });
    const caller = callerOf(ctx);
    if (!readsEverything(caller) && !caller.agencyId) return [];
    return ctx.db.opinionForm.findMany({
      where: readsEverything(caller)
        ? {}
        : {
            OR: [
              { agencyId: caller.agencyId! },
              { recipients: { some: { agencyId: caller.agencyId!, subject: caller.id } } },
            ],
          },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: first,
    });
  },

  async answer(ctx: HubContext, formId: string, answers: OpinionAnswerInput[], signature?: string | null) {
    const caller = personOf(ctx, 'An opinion is given by a person, not by a system');
    const form = await visibleForm(ctx, formId);
    if (!form) throw new NotFoundError('No opinion form has this id');
    const mine = await ctx.db.opinionRecipient.findFirst({
      where: { formId: form.id, subject: caller.id, agencyId: caller.agencyId },
    });
    if (!mine) throw new ForbiddenError('The form does not ask you: each answers only for themselves');
    await ctx.db.$queryRaw`SELECT id FROM opinion_recipient WHERE id = ${mine.id}::uuid FOR UPDATE`;
    const current = await ctx.db.opinionRecipient.findUniqueOrThrow({ where: { id: mine.id } });
    if (current.answeredAt) throw new ConflictError('You answered already: one answer per person');
    if (answers.length !== form.questions.length)
      throw new BadUserInputError(`One answer per question (${form.questions.length})`, { field: 'answers' });
    const content = answers.map((a, i) => {
      const comment = checkText(a.comment, `answers[${i}].comment`, 2000) ?? null;
      if (a.choice === 'OTHER' && !comment)
        throw new BadUserInputError('"Other" says what it is (comment)', { field: `answers[${i}].comment` });
      return { choice: a.choice, comment };
    });
    const signed = await checkSignature(
      ctx,
      caller.id,
      signedContent([form.id, content.map((a) => [a.choice, a.comment ?? ''])]),
      signature,
    );
    const answeredAt = new Date();
    const nonce = randomBytes(32).toString('hex');
    const contentHash = createHash('sha256')
      .update(answerContent({ recipientId: mine.id, answers: content, answeredAt, nonce }))
      .digest('hex');
    const row = await ctx.db.opinionRecipient.update({
      where: { id: mine.id },
      data: { answers: content, answeredAt, contentHash, nonce, signature: signed?.signature ?? null },
    });
    ctx.auditTargets.push(form.id, mine.id, `sha256:${contentHash}`, ...(signed ? [`jws-sha256:${signed.hash}`] : []));
    // everyone answered: the form's reminder and warning are not needed any more
    const queues = ctx.queues;
    if (queues && !(await ctx.db.opinionRecipient.count({ where: { formId: form.id, answeredAt: null } })))
      ctx.afterCommit.push(async () => {
        await queues.get(QueueName.Maintenance).remove(remindJobId(form.id));
        await queues.get(QueueName.Maintenance).remove(overdueJobId(form.id));
      });
    // as the schema shows it: on time or not, and the asking agency (who reads the answers)
    return { ...row, onTime: answeredAt <= form.deadline, formAgencyId: form.agencyId };
  },
};

/**
 * Reminders due: those not answered nor reminded yet, before the deadline; each recorded once
 * (the row says so) in the caller's transaction. Returns the notifications to send.
 */
export async function remindForm(db: Db, formId: string, now = new Date()): Promise<string[]> {
  const due = await db.$queryRaw<Array<{ id: string; subject: string; agency_id: string; name: string }>>`
    UPDATE opinion_recipient r SET reminded_at = ${now}
    FROM opinion_form f
    WHERE f.id = r.form_id AND r.form_id = ${formId}::uuid AND r.answered_at IS NULL AND r.reminded_at IS NULL
      AND f.remind_at <= ${now} AND f.deadline > ${now}
    RETURNING r.id, r.subject, r.agency_id, r.name`;
  if (!due.length) return [];
  const form = await db.opinionForm.findUniqueOrThrow({ where: { id: formId } });
  return recordNotices(
    db,
    due.map((r) => ({
      subject: r.subject,
      agencyId: r.agency_id,
      template: 'OPINION_REMINDER',
      params: { name: r.name, title: form.title, deadline: vietnamTime(form.deadline) },
      key: `opinion:${formId}:${r.id}:reminder`,
    })),
  );
}

/** Overdue warnings: to each person who did not answer by the deadline, and to the person who sent the form. */
export async function warnOverdueForm(db: Db, formId: string, now = new Date()): Promise<string[]> {
  const late = await db.$queryRaw<Array<{ id: string; subject: string; agency_id: string; name: string }>>`
    UPDATE opinion_recipient r SET warned_at = ${now}
    FROM opinion_form f
    WHERE f.id = r.form_id AND r.form_id = ${formId}::uuid AND r.answered_at IS NULL AND r.warned_at IS NULL
      AND f.deadline <= ${now}
    RETURNING r.id, r.subject, r.agency_id, r.name`;
  if (!late.length) return [];
  const form = await db.opinionForm.findUniqueOrThrow({ where: { id: formId } });
  const params = (name: string) => ({ name, title: form.title, deadline: vietnamTime(form.deadline) });
  const sender = form.createdBy.startsWith('user:') ? form.createdBy.slice('user:'.length) : null;
  const notices: Notice[] = late.map((r) => ({
    subject: r.subject,
    agencyId: r.agency_id,
    template: 'OPINION_OVERDUE' as const,
    params: params(r.name),
    key: `opinion:${formId}:${r.id}:overdue`,
  }));
  // the staff who serve the form (the person who sent it): one warning naming who is late
  if (sender) {
    const names = late.map((r) => r.name);
    notices.push({
      subject: sender,
      agencyId: form.agencyId,
      template: 'OPINION_OVERDUE',
      params: params(
        names.length > 3 ? `${names.slice(0, 3).join(', ')} và ${names.length - 3} người khác` : names.join(', '),
      ),
      key: `opinion:${formId}:overdue:sender:${now.getTime()}`,
    });
  }
  return recordNotices(db, notices);
}
