import { loader } from '../../common/loader.js';
import type { Db } from '../../db/client.js';
import { paymentRepository, type PaymentLineRow, type PaymentRow } from './payment.repository.js';

export function createPaymentLoaders(db: () => Db) {
  return {
    paymentLines: loader<string, PaymentLineRow[]>(async (ids) => {
      const rows = await paymentRepository.linesOf(db(), ids);
      return ids.map((id) => rows.filter((r) => r.paymentId === id));
    }),
    paymentsByDossierId: loader<string, PaymentRow[]>(async (ids) => {
      const rows = await paymentRepository.ofDossiers(db(), ids);
      return ids.map((id) => rows.filter((r) => r.dossierId === id));
    }),
  };
}
