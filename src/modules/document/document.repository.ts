/** Documents, their attachments, deliveries and delivery events in PostgreSQL. */
import { lazyCount, pastCursor, windowOrder, type Window } from '../../common/cursor.js';
import { Prisma, type Db } from '../../db/client.js';
import { columns, rowOf } from '../../db/columns.js';
import { literal } from '../../common/like.js';
import type { Scope } from '../../core/access.js';

/** The documents a scope reads: its agency sent them or receives them (every one for an all-agency scope). */
const visible = (s: Scope): Prisma.DocumentWhereInput =>
  s.all ? {} : { OR: [{ senderId: s.agencyId }, { deliveries: { some: { recipientId: s.agencyId } } }] };

export type DocumentRow = Prisma.DocumentGetPayload<object>;
export type DeliveryRow = Prisma.DeliveryGetPayload<object>;
export type DeliveryEventRow = Prisma.DeliveryEventGetPayload<object>;
export type AttachmentRow = Prisma.AttachmentGetPayload<object>;
type AgencyRow = Prisma.AgencyGetPayload<object>;

export interface DocumentFilter {
  /** documents sent by, or delivered to, this agency (both when both are set: either) */
  senderId?: string;
  recipientId?: string;
  subject?: string;
  from?: Date;
  to?: Date;
  revoked?: boolean;
}

function documentWhere(f: DocumentFilter): Prisma.DocumentWhereInput {
  const and: Prisma.DocumentWhereInput[] = [];
  const scope: Prisma.DocumentWhereInput[] = [];
  if (f.senderId) scope.push({ senderId: f.senderId });
  if (f.recipientId) scope.push({ deliveries: { some: { recipientId: f.recipientId } } });
  if (scope.length) and.push({ OR: scope });
  if (f.subject) and.push({ subject: { contains: literal(f.subject), mode: 'insensitive' } });
  if (f.from) and.push({ createdAt: { gte: f.from } });
  if (f.to) and.push({ createdAt: { lt: f.to } });
  if (f.revoked !== undefined) and.push({ revokedAt: f.revoked ? { not: null } : null });
  return { AND: and };
}

export interface InboxFilter {
  recipientId: string;
  status?: string | null;
  senderIds?: string[];
  senderLevel?: string;
  from?: Date;
  to?: Date;
  subject?: string;
}

/** The deliveries an inbox filter and scope select, as SQL over `delivery v`, `document d` and its sender `agency s`. */
function inboxConditions(scope: Scope, f: InboxFilter): Prisma.Sql {
  const and: Prisma.Sql[] = [Prisma.sql`v.recipient_id = ${f.recipientId}::uuid`];
  // a delivery is read by its recipient and by its document's sender
  if (!scope.all)
    and.push(Prisma.sql`(v.recipient_id = ${scope.agencyId}::uuid OR d.sender_id = ${scope.agencyId}::uuid)`);
  if (f.status === null) and.push(Prisma.sql`v.status IS NULL`);
  else if (f.status !== undefined) and.push(Prisma.sql`v.status = ${f.status}`);
  if (f.from) and.push(Prisma.sql`v.created_at >= ${f.from}`);
  if (f.to) and.push(Prisma.sql`v.created_at < ${f.to}`);
  if (f.senderIds) and.push(Prisma.sql`d.sender_id = ANY(${f.senderIds}::uuid[])`);
  if (f.senderLevel) and.push(Prisma.sql`s.level::text = ${f.senderLevel}`);
  if (f.subject) and.push(Prisma.sql`d.subject ILIKE ${`%${literal(f.subject)}%`}`);
  return Prisma.join(and, ' AND ');
}

/** The relations an inbox page reads in its own statement. */
export interface InboxJoins {
  document?: boolean;
  sender?: boolean;
  /** the documents' attachments */
  attachments?: boolean;
}

/** A page of an inbox, with the related rows that were joined. */
interface InboxPage {
  rows: DeliveryRow[];
  documents: DocumentRow[];
  senders: AgencyRow[];
  /** each document's attachments, in order (when joined) */
  attachments: Map<string, AttachmentRow[]> | null;
}

/** Keyset page newest first on (createdAt, id). */
export const documentRepository = {
  axisSentAt: async (db: Db, id: string) =>
    (await db.document.findUnique({ where: { id }, select: { axisSentAt: true } }))?.axisSentAt ?? null,
  markAxisSent: (db: Db, id: string) => db.document.update({ where: { id }, data: { axisSentAt: new Date() } }),
  eventAxisSentAt: async (db: Db, id: string) =>
    (await db.deliveryEvent.findUnique({ where: { id }, select: { axisSentAt: true } }))?.axisSentAt ?? null,
  markEventAxisSent: (db: Db, id: string) =>
    db.deliveryEvent.update({ where: { id }, data: { axisSentAt: new Date() } }),
  /** The package that last changed a received document: its bytes' address and its signature's verdict. */
  recordPackage: (
    db: Db,
    id: string,
    data: { packageSha256: string; signatureVerdict: string; signature: Record<string, unknown> },
  ) => db.document.update({ where: { id }, data: { ...data, signature: data.signature as never } }),
  /** The signature verdict of the status packet a status change came in. */
  recordEventSignature: (db: Db, id: string, verdict: string, signature: Record<string, unknown>) =>
    db.deliveryEvent.update({ where: { id }, data: { signatureVerdict: verdict, signature: signature as never } }),
  /** Serialise concurrent sends with the same idempotency key (or package) until the transaction ends. */
  async lockKey(tx: Db, key: string): Promise<void> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
  },

  /** The document, if the scope reads it (its agency sent it or receives it). */
  findById: (scope: Scope, db: Db, id: string) => db.document.findFirst({ where: { AND: [{ id }, visible(scope)] } }),
  /**
   * What a document readable by the caller says of another it answers or replaces: its national id
   * and its sender, whoever may read it (never its content).
   */
  referencesByIds: (db: Db, ids: readonly string[]) =>
    db.document.findMany({ where: { id: { in: [...ids] } }, select: { id: true, externalId: true, senderId: true } }),
  findByIds: (scope: Scope, db: Db, ids: readonly string[]) =>
    db.document.findMany({ where: { AND: [{ id: { in: [...ids] } }, visible(scope)] } }),
  findByExternalId: (db: Db, senderId: string, externalId: string) =>
    db.document.findUnique({ where: { senderId_externalId: { senderId, externalId } } }),
  findByExternalIdAnySender: (db: Db, externalId: string) => db.document.findMany({ where: { externalId } }),
  findByIdempotencyKey: (db: Db, senderId: string, idempotencyKey: string) =>
    db.document.findUnique({ where: { senderId_idempotencyKey: { senderId, idempotencyKey } } }),

  create: (db: Db, data: Prisma.DocumentUncheckedCreateInput) => db.document.create({ data }),
  update: (db: Db, id: string, data: Prisma.DocumentUncheckedUpdateInput) =>
    db.document.update({ where: { id }, data }),

  createAttachments: (db: Db, rows: Prisma.AttachmentCreateManyInput[]) =>
    rows.length ? db.attachment.createMany({ data: rows }) : Promise.resolve({ count: 0 }),
  createDeliveries: (db: Db, documentId: string, recipientIds: string[]) =>
    db.delivery.createManyAndReturn({
      data: recipientIds.map((recipientId, position) => ({ documentId, recipientId, position })),
    }),

  attachmentsOf: (db: Db, documentIds: readonly string[]) =>
    db.attachment.findMany({
      where: { documentId: { in: [...documentIds] } },
      orderBy: [{ documentId: 'asc' }, { position: 'asc' }],
    }),
  deliveriesOf: (db: Db, documentIds: readonly string[]) =>
    db.delivery.findMany({
      where: { documentId: { in: [...documentIds] } },
      orderBy: [{ documentId: 'asc' }, { position: 'asc' }],
    }),
  deliveriesByIds: (db: Db, ids: readonly string[]) => db.delivery.findMany({ where: { id: { in: [...ids] } } }),
  eventsOf: (db: Db, deliveryIds: readonly string[]) =>
    db.deliveryEvent.findMany({
      where: { deliveryId: { in: [...deliveryIds] } },
      orderBy: [{ deliveryId: 'asc' }, { recordedAt: 'asc' }, { id: 'asc' }],
    }),

  findDelivery: (db: Db, documentId: string, recipientId: string) =>
    db.delivery.findUnique({ where: { documentId_recipientId: { documentId, recipientId } } }),
  /** Whether a document has this id, whoever reads it. */
  exists: async (db: Db, id: string) => (await db.document.count({ where: { id } })) > 0,
  /** The delivery, if the scope reads it (its agency sent the document or receives it). */
  findDeliveryById: (scope: Scope, db: Db, id: string) =>
    db.delivery.findFirst({
      where: {
        id,
        ...(scope.all ? {} : { OR: [{ recipientId: scope.agencyId }, { document: { senderId: scope.agencyId } }] }),
      },
    }),
  /** Locks the delivery row for a status change. */
  async lockDelivery(db: Db, id: string): Promise<DeliveryRow | null> {
    const rows = await db.$queryRaw<Array<{ id: string }>>`SELECT id FROM delivery WHERE id = ${id}::uuid FOR UPDATE`;
    return rows.length ? db.delivery.findUnique({ where: { id } }) : null;
  },
  updateDelivery: (db: Db, id: string, data: Prisma.DeliveryUncheckedUpdateInput) =>
    db.delivery.update({ where: { id }, data }),
  updateDeliveriesOf: (
    db: Db,
    documentId: string,
    where: Prisma.DeliveryWhereInput,
    data: Prisma.DeliveryUncheckedUpdateManyInput,
  ) => db.delivery.updateManyAndReturn({ where: { documentId, ...where }, data }),
  createEvent: (db: Db, data: Prisma.DeliveryEventUncheckedCreateInput) => db.deliveryEvent.create({ data }),
  findEvent: (db: Db, id: string) => db.deliveryEvent.findUnique({ where: { id }, include: { delivery: true } }),

  /** An attachment holding these bytes, of a document the scope reads (its agency sent or receives it). */
  readableAttachment: (scope: Scope, db: Db, sha256: string): Promise<AttachmentRow | null> =>
    db.attachment.findFirst({ where: { sha256, document: visible(scope) } }),

  async listDocuments(scope: Scope, db: Db, f: DocumentFilter, w: Window<{ createdAt: Date; id: string }>) {
    const where: Prisma.DocumentWhereInput = { AND: [documentWhere(f), visible(scope)] };
    const rows = await db.document.findMany({
      where: { AND: [where, pastCursor(w)] },
      orderBy: windowOrder(w),
      take: w.take,
    });
    if (w.backward) rows.reverse();
    return [rows, lazyCount(() => db.document.count({ where }))] as const;
  },

  /**
   * A page of an inbox, newest first, in one statement with the documents (and their senders)
   * when `joins` asks for them, and the count of the whole inbox (run only if read).
   */
  async listInbox(
    scope: Scope,
    db: Db,
    f: InboxFilter,
    w: Window<{ createdAt: Date; id: string }>,
    joins: InboxJoins = {},
  ) {
    const where = inboxConditions(scope, f);
    const select = [columns('delivery', 'v')];
    if (joins.document) select.push(columns('document', 'd', 'd.'));
    if (joins.sender) select.push(columns('agency', 's', 's.'));
    // newest first; backward, the rows nearest the cursor are read first, then put in the list's order
    const past = !w.key
      ? Prisma.empty
      : w.backward
        ? Prisma.sql`AND (v.created_at, v.id) > (${w.key.createdAt}, ${w.key.id}::uuid)`
        : Prisma.sql`AND (v.created_at, v.id) < (${w.key.createdAt}, ${w.key.id}::uuid)`;
    const direction = Prisma.raw(w.backward ? 'ASC' : 'DESC');
    const nearest = Prisma.sql`
      SELECT ${Prisma.join(select)}
      FROM delivery v JOIN document d ON d.id = v.document_id JOIN agency s ON s.id = d.sender_id
      WHERE ${where} ${past}
      ORDER BY v.created_at ${direction}, v.id ${direction} LIMIT ${w.take}`;
    const pageSql = w.backward
      ? Prisma.sql`SELECT * FROM (${nearest}) w ORDER BY w."createdAt" DESC, w."id" DESC`
      : nearest;
    // attachments (one to many): a row per attachment of each document, and one for a document without any
    const read = await db.$queryRaw<Array<Record<string, unknown>>>(
      joins.attachments
        ? Prisma.sql`SELECT page.*, ${columns('attachment', 't', 't.')} FROM (${pageSql}) page
            LEFT JOIN attachment t ON t.document_id = page."documentId"
            ORDER BY page."createdAt" DESC, page."id" DESC, t.position`
        : pageSql,
    );
    const page: InboxPage = { rows: [], documents: [], senders: [], attachments: joins.attachments ? new Map() : null };
    for (const row of read) {
      const attachment = joins.attachments && rowOf<AttachmentRow>(row, 'attachment', 't.');
      if (page.rows.at(-1)?.id !== row['id']) {
        const delivery = rowOf<DeliveryRow>(row, 'delivery')!;
        page.rows.push(delivery);
        page.attachments?.set(delivery.documentId, []);
        const d = joins.document && rowOf<DocumentRow>(row, 'document', 'd.');
        if (d) page.documents.push(d);
        const a = joins.sender && rowOf<AgencyRow>(row, 'agency', 's.');
        if (a) page.senders.push(a);
      }
      if (attachment) page.attachments!.get(attachment.documentId)!.push(attachment);
    }
    const count = async () =>
      (
        await db.$queryRaw<Array<{ n: number }>>`
          SELECT count(*)::int AS n FROM delivery v JOIN document d ON d.id = v.document_id
            JOIN agency s ON s.id = d.sender_id WHERE ${where}`
      )[0]!.n;
    return [page, lazyCount(count)] as const;
  },
};
