/** Cuộc họp — meetings, their participants and programme, in PostgreSQL. */
import type { Db } from '../../db/client.js';

/** The meetings an agency sees (every one for null). */
const ofAgency = (agencyId: string | null) =>
  agencyId
    ? {
        OR: [{ conveningAgencyId: agencyId }, { publishedAt: { not: null }, participants: { some: { agencyId } } }],
      }
    : {};

export const meetingRepository = {
  count: (db: Db, agencyId: string | null) => db.meeting.count({ where: ofAgency(agencyId) }),
  findById: (db: Db, id: string) => db.meeting.findUnique({ where: { id } }),
  /** Whether the agency takes part in the meeting (a member or invited). */
  takesPart: async (db: Db, meetingId: string, agencyId: string) =>
    (await db.meetingParticipant.count({ where: { meetingId, agencyId } })) > 0,
  create: (
    db: Db,
    data: {
      conveningAgencyId: string;
      title: string;
      kind: string;
      startsAt: Date;
      endsAt: Date | null;
      place: string | null;
      chairName: string;
      createdBy: string;
    },
    participants: Array<{ agencyId: string; name: string | null; role: string; subject: string | null }>,
    items: Array<{ title: string; presentingAgencyId: string | null; documentIds: string[]; paperDocuments: boolean }>,
  ) =>
    db.meeting.create({
      data: {
        ...data,
        participants: { create: participants.map((p, i) => ({ ...p, position: i + 1 })) },
        items: { create: items.map((it, i) => ({ ...it, position: i + 1 })) },
      },
    }),
  /** A draft's composition and programme replaced as a whole (answers and votes: a draft has none). */
  async replaceDraft(
    db: Db,
    id: string,
    fields: {
      title: string;
      kind: string;
      startsAt: Date;
      endsAt: Date | null;
      place: string | null;
      chairName: string;
    },
    participants: Array<{ agencyId: string; name: string | null; role: string; subject: string | null }>,
    items: Array<{ title: string; presentingAgencyId: string | null; documentIds: string[]; paperDocuments: boolean }>,
  ) {
    await db.meetingParticipant.deleteMany({ where: { meetingId: id } });
    await db.agendaItem.deleteMany({ where: { meetingId: id } });
    return db.meeting.update({
      where: { id },
      data: {
        ...fields,
        participants: { create: participants.map((p, i) => ({ ...p, position: i + 1 })) },
        items: { create: items.map((it, i) => ({ ...it, position: i + 1 })) },
      },
    });
  },
  /** Locks the meeting for a change of state. */
  async lock(db: Db, id: string) {
    await db.$queryRaw`SELECT id FROM meeting WHERE id = ${id}::uuid FOR UPDATE`;
    return db.meeting.findUnique({ where: { id } });
  },
  publish: (db: Db, id: string, invitationDocumentId: string | null) =>
    db.meeting.update({ where: { id }, data: { status: 'PUBLISHED', publishedAt: new Date(), invitationDocumentId } }),
  participant: (db: Db, id: string) => db.meetingParticipant.findUnique({ where: { id } }),
  /** The agencies a meeting concerns: its convener and every agency taking part. */
  agenciesOf: async (db: Db, meetingId: string) => {
    const m = await db.meeting.findUniqueOrThrow({
      where: { id: meetingId },
      select: { conveningAgencyId: true, participants: { select: { agencyId: true } } },
    });
    return [...new Set([m.conveningAgencyId, ...m.participants.map((p) => p.agencyId)])];
  },
  answer: (
    db: Db,
    id: string,
    data: { answer: string; absenceReason: string | null; delegateName: string | null; answeredBy: string },
  ) => db.meetingParticipant.update({ where: { id }, data: { ...data, answeredAt: new Date() } }),
  /** Meetings the agency convenes, or takes part in once published (every one for null), soonest first. */
  list: (db: Db, agencyId: string | null, take: number, after?: { startsAt: Date; id: string }) =>
    db.meeting.findMany({
      where: {
        AND: [
          ofAgency(agencyId),
          after
            ? { OR: [{ startsAt: { gt: after.startsAt } }, { startsAt: after.startsAt, id: { gt: after.id } }] }
            : {},
        ],
      },
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
      take,
    }),
  participantsOf: (db: Db, meetingIds: readonly string[]) =>
    db.meetingParticipant.findMany({ where: { meetingId: { in: [...meetingIds] } }, orderBy: { position: 'asc' } }),
  itemsOf: (db: Db, meetingIds: readonly string[]) =>
    db.agendaItem.findMany({ where: { meetingId: { in: [...meetingIds] } }, orderBy: { position: 'asc' } }),
};

export type MeetingRow = NonNullable<Awaited<ReturnType<typeof meetingRepository.findById>>>;
export type ParticipantRow = Awaited<ReturnType<typeof meetingRepository.participantsOf>>[number];
export type AgendaItemRow = Awaited<ReturnType<typeof meetingRepository.itemsOf>>[number];
