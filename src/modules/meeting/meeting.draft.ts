/**
 * Dự thảo cuộc họp — a meeting's draft: convened, then edited by its convening agency (the whole
 * composition and programme at once) until it is published. Every participant and document named
 * is checked the same way both times.
 */
import { BadUserInputError, ConflictError, ForbiddenError } from '../../common/errors.js';
import { isUuid } from '../../common/text.js';
import { callerOf, type HubContext } from '../../core/context.js';
import { documentRepository } from '../document/document.repository.js';
import { checkText } from '../document/document.rules.js';
import { agencyNamed, convenersMeeting, loadAgencies } from './meeting.common.js';
import { meetingRepository, type MeetingRow } from './meeting.repository.js';
import type { ConveneMeetingInput } from './meeting.type.js';

const MAX_PARTICIPANTS = 500;
const MAX_ITEMS = 100;

/** The draft as the input describes it, every name and document checked, for the caller's agency. */
async function checkedDraft(ctx: HubContext, input: ConveneMeetingInput, conveningAgencyId: string) {
  const title = checkText(input.title, 'title', 500);
  const chairName = checkText(input.chairName, 'chairName', 200);
  if (!title) throw new BadUserInputError('"title" is required', { field: 'title' });
  if (!chairName) throw new BadUserInputError('"chairName" is required', { field: 'chairName' });
  const place = checkText(input.place, 'place', 500) ?? null;
  if (!place && input.kind !== 'ONLINE')
    throw new BadUserInputError('"place" is required unless the meeting is online', { field: 'place' });
  if (input.endsAt && input.endsAt <= input.startsAt)
    throw new BadUserInputError('"endsAt" must be after "startsAt"', { field: 'endsAt' });
  if (!input.participants.length || input.participants.length > MAX_PARTICIPANTS)
    throw new BadUserInputError(`1 to ${MAX_PARTICIPANTS} participants`, { field: 'participants' });
  if (input.items.length > MAX_ITEMS) throw new BadUserInputError(`At most ${MAX_ITEMS} items`, { field: 'items' });
  if (input.participants.filter((p) => p.role === 'CHAIR').length > 1)
    throw new BadUserInputError('One chair at most', { field: 'participants' });
  // every agency named, in one batch (the loop below reads them from the loader's cache)
  await loadAgencies(ctx, [
    ...input.participants.map((p) => p.agencyCode),
    ...input.items.flatMap((it) => it.presentingAgencyCode ?? []),
  ]);
  const participants: Array<{ agencyId: string; name: string | null; role: string; subject: string | null }> = [];
  for (const p of input.participants) {
    const agency = await agencyNamed(ctx, p.agencyCode, 'participants');
    const name = checkText(p.name, 'participants', 200) ?? null;
    if (p.role !== 'INVITED' && !name)
      throw new BadUserInputError('A chair or a member is a named person (name)', { field: 'participants' });
    const subject = p.role === 'INVITED' ? null : (checkText(p.subject, 'participants', 200) ?? null);
    // a chair or member votes as the person their token names: one each, named once
    if (p.role !== 'INVITED' && !subject)
      throw new BadUserInputError("A chair or a member is named with their token's identity (subject)", {
        field: 'participants',
      });
    if (subject && participants.some((q) => q.subject === subject))
      throw new BadUserInputError(`The member ${subject} is named twice`, { field: 'participants' });
    participants.push({ agencyId: agency.id, name, role: p.role, subject });
  }
  // the programme's documents: documents the convening agency sent or received (an ADMIN convening
  // for it included), read in one statement
  const named = [...new Set(input.items.flatMap((it) => it.documentIds ?? []))];
  if (named.some((d) => !isUuid(d))) throw new BadUserInputError('A document id is not one', { field: 'items' });
  const readable = new Set(
    named.length
      ? (await documentRepository.findByIds({ all: false, agencyId: conveningAgencyId }, ctx.db, named)).map(
          (d) => d.id,
        )
      : [],
  );
  const items = [];
  for (const it of input.items) {
    const itemTitle = checkText(it.title, 'items', 500);
    if (!itemTitle) throw new BadUserInputError('Each item has a title', { field: 'items' });
    const ids = [...new Set(it.documentIds ?? [])];
    if (ids.some((d) => !readable.has(d)))
      throw new BadUserInputError('A document of the programme is not one your agency sent or received', {
        field: 'items',
      });
    const presenter = it.presentingAgencyCode ? await agencyNamed(ctx, it.presentingAgencyCode, 'items') : null;
    items.push({
      title: itemTitle,
      presentingAgencyId: presenter?.id ?? null,
      documentIds: ids,
      paperDocuments: it.paperDocuments ?? false,
    });
  }
  return {
    fields: {
      title,
      kind: input.kind,
      startsAt: input.startsAt,
      endsAt: input.endsAt ?? null,
      place,
      chairName,
    },
    participants,
    items,
  };
}

export const draftService = {
  async convene(ctx: HubContext, input: ConveneMeetingInput): Promise<MeetingRow> {
    const caller = callerOf(ctx);
    if (!caller.agencyId) throw new ForbiddenError('A meeting is convened by an agency: your credentials name none');
    const d = await checkedDraft(ctx, input, caller.agencyId);
    const row = await meetingRepository.create(
      ctx.db,
      { ...d.fields, conveningAgencyId: caller.agencyId, createdBy: `${caller.kind}:${caller.id}` },
      d.participants,
      d.items,
    );
    ctx.auditTargets.push(row.id);
    return row;
  },

  /** The draft replaced as a whole (composition and programme), by its convening agency, until it is published. */
  async update(ctx: HubContext, id: string, input: ConveneMeetingInput): Promise<MeetingRow> {
    const m = await convenersMeeting(ctx, id, 'edits its meeting');
    if (m.status !== 'DRAFT') throw new ConflictError('A published meeting is fixed: cancel it and convene another');
    const d = await checkedDraft(ctx, input, m.conveningAgencyId);
    ctx.auditTargets.push(m.id);
    return meetingRepository.replaceDraft(ctx.db, m.id, d.fields, d.participants, d.items);
  },
};
