/**
 * TrangThaiHoSo as the national portal counts it, and the moves a dossier may make. Overdue is
 * not a status: it is computed from the due time, the finish time and the supplement periods.
 */
import { BadUserInputError } from '../../common/errors.js';

export const DOSSIER_STATUS: Record<number, string> = {
  1: 'Mới đăng ký trực tuyến — newly registered online',
  2: 'Đã tiếp nhận — accepted',
  3: 'Không được tiếp nhận — not accepted',
  4: 'Đang xử lý — in process',
  5: 'Yêu cầu bổ sung — supplement requested',
  6: 'Yêu cầu thực hiện nghĩa vụ tài chính — financial obligation requested',
  7: 'Công dân yêu cầu rút hồ sơ — withdrawn by the applicant',
  8: 'Dừng xử lý — processing stopped',
  9: 'Đã xử lý xong — processed',
  10: 'Đã trả kết quả — result returned',
};

const NEXT: Record<number, number[]> = {
  1: [2, 3, 7],
  2: [4, 7, 8],
  4: [5, 6, 8, 9, 7],
  5: [4, 7, 8],
  6: [4, 7, 8],
  9: [10],
  3: [],
  7: [],
  8: [],
  10: [],
};

/** Statuses a dossier may be created in: registered online (1) or accepted at the counter (2). */
export const INITIAL_STATUSES = [1, 2];
/** Statuses that finish processing, for the on-time computation. */
export const FINISHING = new Set([3, 7, 8, 9, 10]);

export function allowedNext(from: number): number[] {
  return NEXT[from] ?? [];
}

export function checkTransition(from: number, to: number): void {
  if (!(to in DOSSIER_STATUS)) throw new BadUserInputError(`${to} is not a dossier status (1-10)`, { field: 'status' });
  const allowed = allowedNext(from);
  if (!allowed.includes(to)) {
    throw new BadUserInputError(
      `A dossier at ${from} (${DOSSIER_STATUS[from]}) cannot move to ${to} (${DOSSIER_STATUS[to]})` +
        (allowed.length ? `; next can be ${allowed.join(', ')}` : '; it is final'),
      { field: 'status', from, allowed },
    );
  }
}
