/**
 * MaHoSo generation, one replaceable function. The default is
 * `<receiving agency code>-<yyMMdd>-<4-digit daily sequence>` (e.g. 000.00.53.H48-220921-0099),
 * the day in Vietnam time; the sequence comes from an atomic per-agency, per-day counter.
 */
import { vnDay } from '../../common/working-days.js';

interface DossierCodeContext {
  agencyCode: string;
  receivedAt: Date;
  /** the next number of the agency's sequence for a day (yyMMdd), atomically */
  nextSequence(day: string): Promise<number>;
}

export type DossierCodeGenerator = (ctx: DossierCodeContext) => Promise<string>;

export const defaultDossierCode: DossierCodeGenerator = async ({ agencyCode, receivedAt, nextSequence }) => {
  const day = vnDay(receivedAt).slice(2).replaceAll('-', '');
  const n = await nextSequence(day);
  return `${agencyCode}-${day}-${String(n).padStart(4, '0')}`;
};
