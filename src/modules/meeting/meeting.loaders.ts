/** Per-request batching of a meeting's relations (read once its meeting was read in scope). */
import { groupedLoader } from '../../common/loader.js';
import type { Db } from '../../db/client.js';
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
  };
}
