/** What the meeting module's services share: leading a meeting, telling its agencies, sending its documents. */
import { normaliseAgencyCode } from '../../common/agency-code.js';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../common/errors.js';
import { isUuid } from '../../common/text.js';
import { actsForEveryAgency } from '../../core/access.js';
import { callerOf, type HubContext } from '../../core/context.js';
import type { Db } from '../../db/client.js';
import { announce } from '../../core/live.js';
import { documentService } from '../document/document.service.js';
import { checkText } from '../document/document.rules.js';
import { createHash } from 'node:crypto';
import { meetingRepository } from './meeting.repository.js';
import type { MeetingDocumentInput } from './task.type.js';

/** Tells the meeting's agencies (their live subscriptions) that it changed, once this change commits. */
export async function announceMeeting(ctx: HubContext, meetingId: string): Promise<void> {
  announce(ctx, { kind: 'meeting', meetingId }, await meetingRepository.agenciesOf(ctx.db, meetingId));
}

/** Every agency these codes name, read in one batch (`agencyNamed` then reads each from the loader's cache). */
export async function loadAgencies(ctx: HubContext, codes: string[]): Promise<void> {
  await ctx.loaders.agencyByCode.loadMany(codes.filter((c) => c.length <= 100).map(normaliseAgencyCode));
}

/** The agency a code names, in force: BAD_USER_INPUT on `field` when it is not in the directory or was dissolved. */
export async function agencyNamed(ctx: HubContext, code: string, field: string) {
  const agency = await ctx.loaders.agencyByCode.load(normaliseAgencyCode(code));
  if (!agency) throw new BadUserInputError(`The agency ${code} is not in the agencies directory`, { field });
  if (agency.validTo && agency.validTo <= new Date())
    throw new BadUserInputError(`The agency ${agency.code} was dissolved`, { field });
  return agency;
}

/** Locks the meeting and checks that the caller leads it (its convening agency, or ADMIN for it). */
export async function convenersMeeting(ctx: HubContext, meetingId: string, what: string) {
  const m = isUuid(meetingId) ? await meetingRepository.lock(ctx.db, meetingId) : null;
  if (!m) throw new NotFoundError('No meeting has this id');
  const caller = callerOf(ctx);
  if (!actsForEveryAgency(caller) && m.conveningAgencyId !== caller.agencyId)
    throw new ForbiddenError(`Only the convening agency ${what}`);
  return m;
}

/** Sends a document of the meeting from its convening agency to every other agency taking part. */
export async function sendMeetingDocument(
  ctx: HubContext,
  meetingId: string,
  purpose: 'invitation' | 'conclusion',
  doc: MeetingDocumentInput,
  alsoTo: string[] = [],
) {
  const m = await meetingRepository.findById(ctx.db, meetingId);
  const convener = await ctx.loaders.agencyById.load(m!.conveningAgencyId);
  const others = [...new Set([...(await meetingRepository.agenciesOf(ctx.db, meetingId)), ...alsoTo])].filter(
    (a) => a !== convener!.id,
  );
  if (!others.length) throw new ConflictError('No other agency takes part: there is nobody to send it to');
  const recipients = await ctx.loaders.agencyById.loadMany(others);
  const key = checkText(doc.idempotencyKey, 'idempotencyKey', 200, true)!;
  return documentService.send(ctx, {
    ...doc,
    // the meeting's own: a key the agency used for another document never turns that one into this
    idempotencyKey: `meeting:${meetingId}:${purpose}:${createHash('sha256').update(key).digest('hex').slice(0, 40)}`,
    senderCode: convener!.code,
    recipientCodes: recipients.flatMap((a) => (a && !(a instanceof Error) ? [a.code] : [])),
  });
}

/**
 * An attachment of a document the agency reads because it was put before it: in the programme of
 * a meeting it convenes or takes part in (published), or the draft of an opinion form asking
 * the caller (a person asked). GET /attachments serves these bytes to it as it does a delivered document's.
 */
export async function attachmentPutBefore(db: Db, agencyId: string, person: string | null, sha256: string) {
  const [row] = await db.$queryRaw<Array<{ id: string }>>`
    SELECT a.id FROM attachment a
    WHERE a.sha256 = ${sha256} AND (
      EXISTS (SELECT 1 FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id
              WHERE a.document_id = ANY (i.document_ids) AND m.published_at IS NOT NULL
                AND (m.convening_agency_id = ${agencyId}::uuid
                     OR EXISTS (SELECT 1 FROM meeting_participant p WHERE p.meeting_id = m.id AND p.agency_id = ${agencyId}::uuid)))
      OR EXISTS (SELECT 1 FROM opinion_form f JOIN opinion_recipient r ON r.form_id = f.id
                 WHERE f.document_id = a.document_id AND r.agency_id = ${agencyId}::uuid AND r.subject = ${person}))
    LIMIT 1`;
  return row ? db.attachment.findUnique({ where: { id: row.id } }) : null;
}
