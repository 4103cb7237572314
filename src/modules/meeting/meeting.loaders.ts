/** Per-request batching of a meeting's relations (read once its meeting was read in scope). */
import { groupedLoader, loader } from '../../common/loader.js';
import type { Db } from '../../db/client.js';
import { EVERY_AGENCY } from '../../core/access.js';
import { documentRepository, type DocumentRow } from '../document/document.repository.js';
import { meetingRepository, type AgendaItemRow, type ParticipantRow } from './meeting.repository.js';

export function createMeetingLoaders(db: () => Db) {
  return {
    participantsByMeetingId: groupedLoader<string, ParticipantRow>(
      (ids) => meetingRepository.participantsOf(db(), ids),
      (p) => p.meetingId,
    ),
    itemsByMeetingId: groupedLoader<string, AgendaItemRow>(
      (ids) => meetingRepository.itemsOf(db(), ids),
      (i) => i.meetingId,
    ),
    votesByMeetingId: groupedLoader(
      (ids: readonly string[]) =>
        db().vote.findMany({ where: { meetingId: { in: [...ids] } }, orderBy: { openedAt: 'asc' } }),
      (v) => v.meetingId,
    ),
    ballotsByVoteId: groupedLoader(
      (ids: readonly string[]) =>
        db().ballot.findMany({ where: { voteId: { in: [...ids] } }, orderBy: { castAt: 'asc' } }),
      (b) => b.voteId,
    ),
    participantById: loader<string, ParticipantRow | null>(async (ids) => {
      const rows = await db().meetingParticipant.findMany({ where: { id: { in: [...ids] } } });
      return ids.map((id) => rows.find((r) => r.id === id) ?? null);
    }),
    tasksByMeetingId: groupedLoader(
      (ids: readonly string[]) =>
        db().meetingTask.findMany({ where: { meetingId: { in: [...ids] } }, orderBy: { position: 'asc' } }),
      (t) => t.meetingId,
    ),
    commentsByMeetingId: groupedLoader(
      (ids: readonly string[]) =>
        db().meetingComment.findMany({
          where: { meetingId: { in: [...ids] } },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
          take: 5000,
        }),
      (c) => c.meetingId,
    ),
    recipientsByFormId: groupedLoader(
      (ids: readonly string[]) =>
        db().opinionRecipient.findMany({ where: { formId: { in: [...ids] } }, orderBy: { position: 'asc' } }),
      (r) => r.formId,
    ),
    /** a programme's documents, whoever received them: read only through a meeting read in scope */
    meetingDocumentById: loader<string, DocumentRow | null>(async (ids) => {
      const byId = new Map((await documentRepository.findByIds(EVERY_AGENCY, db(), ids)).map((d) => [d.id, d]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}
