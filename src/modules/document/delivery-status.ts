/**
 * The edXML status codes (QCVN 102:2016) and what may follow what. A delivery moves forward only:
 * (sent) -> 01 -> 02 | 03 -> 04 -> 05 -> 06. Take-back and updates are answered separately:
 * the sender asks (13, or an update), the recipient agrees (15) or refuses (16).
 */
import { BadUserInputError } from '../../common/errors.js';

export const STATUS_MEANING: Record<string, string> = {
  '01': 'đã đến — arrived',
  '02': 'từ chối tiếp nhận — refused',
  '03': 'đã tiếp nhận — accepted and registered',
  '04': 'phân công — assigned to a handler',
  '05': 'đang xử lý — in process',
  '06': 'hoàn thành — completed',
  '13': 'lấy lại — sender asks to take it back',
  '15': 'đồng ý — receiver agrees to the update or take-back',
  '16': 'từ chối — receiver refuses the update or take-back',
};

const NEXT: Record<string, readonly string[]> = {
  none: ['01'],
  '01': ['02', '03'],
  '03': ['04'],
  '04': ['05'],
  '05': ['06'],
  '02': [],
  '06': [],
};

export interface DeliveryState {
  status: string | null;
  pendingChange: string | null;
  takenBackAt: Date | null;
}

/** What the status report `code` does to a delivery, or BAD_USER_INPUT naming why it cannot. */
export function applyStatus(state: DeliveryState, code: string, by: 'sender' | 'recipient'): Partial<DeliveryState> {
  if (!(code in STATUS_MEANING)) {
    throw new BadUserInputError(`"${code}" is not an edXML status code (01-06, 13, 15, 16)`, { field: 'code' });
  }
  if (state.takenBackAt)
    throw new BadUserInputError('The document was taken back from this recipient: its status no longer changes');
  if (code === '13') {
    if (by !== 'sender') throw new BadUserInputError('Only the sender asks to take a document back (13)');
    if (state.pendingChange)
      throw new BadUserInputError(
        `A ${state.pendingChange === 'TAKE_BACK' ? 'take-back' : 'update'} is already waiting for the recipient's answer`,
      );
    if (state.status === '02')
      throw new BadUserInputError('The recipient refused this document (02): there is nothing to take back');
    return { pendingChange: 'TAKE_BACK' };
  }
  if (by !== 'recipient') throw new BadUserInputError(`Status ${code} is reported by the recipient, not the sender`);
  if (code === '15' || code === '16') {
    if (!state.pendingChange)
      throw new BadUserInputError(`Nothing waits for an answer: ${code} answers a take-back (13) or an update`);
    if (code === '15' && state.pendingChange === 'TAKE_BACK') return { pendingChange: null, takenBackAt: new Date() };
    return { pendingChange: null };
  }
  const allowed = NEXT[state.status ?? 'none'] ?? [];
  if (!allowed.includes(code)) {
    const from = state.status ? `${state.status} (${STATUS_MEANING[state.status]})` : 'sent, not yet arrived';
    throw new BadUserInputError(
      `A delivery at ${from} cannot move to ${code} (${STATUS_MEANING[code]})` +
        (allowed.length ? `; next can be ${allowed.join(' or ')}` : '; it is final'),
      { field: 'code', from: state.status, allowed },
    );
  }
  return { status: code };
}
