import { groupedLoader } from '../../common/loader.js';
import type { Db } from '../../db/client.js';
import {
  paymentRepository,
  type PaymentAttemptRow,
  type PaymentLineRow,
  type PaymentRow,
} from './payment.repository.js';

export function createPaymentLoaders(db: () => Db) {
  return {
    paymentLines: groupedLoader<string, PaymentLineRow>(
      (ids) => paymentRepository.linesOf(db(), ids),
      (r) => r.paymentId,
    ),
    paymentAttempts: groupedLoader<string, PaymentAttemptRow>(
      (ids) => paymentRepository.attemptsOf(db(), ids),
      (r) => r.paymentId,
    ),
    paymentsByDossierId: groupedLoader<string, PaymentRow>(
      (ids) => paymentRepository.ofDossiers(db(), ids),
      (r) => r.dossierId!,
    ),
  };
}
