/** Per-request batching of document relations. */
import { loader } from '../../common/loader.js';
import type { Db } from '../../db/client.js';
import { documentRepository, type AttachmentRow, type DeliveryEventRow, type DeliveryRow, type DocumentRow } from './document.repository.js';

function groupBy<T, K>(rows: T[], key: (r: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

export function createDocumentLoaders(db: () => Db) {
  return {
    documentById: loader<string, DocumentRow | null>(async (ids) => {
      const byId = new Map((await documentRepository.findByIds(db(), ids)).map((d) => [d.id, d]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    deliveriesByDocumentId: loader<string, DeliveryRow[]>(async (ids) => {
      const g = groupBy(await documentRepository.deliveriesOf(db(), ids), (d) => d.documentId);
      return ids.map((id) => g.get(id) ?? []);
    }),
    attachmentsByDocumentId: loader<string, AttachmentRow[]>(async (ids) => {
      const g = groupBy(await documentRepository.attachmentsOf(db(), ids), (a) => a.documentId);
      return ids.map((id) => g.get(id) ?? []);
    }),
    eventsByDeliveryId: loader<string, DeliveryEventRow[]>(async (ids) => {
      const g = groupBy(await documentRepository.eventsOf(db(), ids), (e) => e.deliveryId);
      return ids.map((id) => g.get(id) ?? []);
    }),
  };
}
