/** Per-request batching of document relations. */
import { groupedLoader, loader } from '../../common/loader.js';
import type { Db } from '../../db/client.js';
import type { Scope } from '../../core/access.js';
import {
  documentRepository,
  type AttachmentRow,
  type DeliveryEventRow,
  type DeliveryRow,
  type DocumentRow,
} from './document.repository.js';

type DocumentReference = Pick<DocumentRow, 'id' | 'externalId' | 'senderId'>;

export function createDocumentLoaders(db: () => Db, scope: () => Scope) {
  return {
    documentById: loader<string, DocumentRow | null>(async (ids) => {
      const byId = new Map((await documentRepository.findByIds(scope(), db(), ids)).map((d) => [d.id, d]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** the national id and sender of a document another one answers or replaces (edXML ResponseFor, ReplacementInfo) */
    documentReferenceById: loader<string, DocumentReference | null>(async (ids) => {
      const byId = new Map((await documentRepository.referencesByIds(db(), ids)).map((d) => [d.id, d]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    deliveriesByDocumentId: groupedLoader<string, DeliveryRow>(
      (ids) => documentRepository.deliveriesOf(db(), ids),
      (d) => d.documentId,
    ),
    attachmentsByDocumentId: groupedLoader<string, AttachmentRow>(
      (ids) => documentRepository.attachmentsOf(db(), ids),
      (a) => a.documentId,
    ),
    eventsByDeliveryId: groupedLoader<string, DeliveryEventRow>(
      (ids) => documentRepository.eventsOf(db(), ids),
      (e) => e.deliveryId,
    ),
  };
}
