/**
 * Agency identifiers (mã định danh, Decision 20/2020/QĐ-TTg; QCVN 102:2016): `LLL.KK.JJ.XNN`,
 * level 4 down to level 1; zeros mean "not used". The short form `KK.JJ.XNN` is accepted and
 * normalised to the canonical four-segment form.
 */
import { BadUserInputError } from './errors.js';

/**
 * Level 1 is a letter and two digits: `G##` ministries and central agencies, `H##` provinces
 * (domain.md); `A##` also appears in QCVN 102:2016's SDK samples, so it is read too. Anything else
 * (`Z12`) is not a code.
 */
const FULL = /^(\d{3})\.(\d{2})\.(\d{2})\.([AGH]\d{2})$/;
const SHORT = /^(\d{2})\.(\d{2})\.([AGH]\d{2})$/;

/**
 * The segments are levels 4 to 1: nothing hangs under level 1 without a level 2 (`000.05.00.H24`
 * is not a code). A level-4 unit directly under level 2 occurs in real packages (`002.00.20.H13`).
 */
function hierarchical(code: string): boolean {
  const [l4, l3, l2] = code.split('.');
  return !(l2 === '00' && (l3 !== '00' || l4 !== '000'));
}

/** Canonical four-segment code, or null when the text is not an agency code. */
export function parseAgencyCode(text: string): string | null {
  const t = text.trim().toUpperCase();
  const code = FULL.test(t) ? t : SHORT.test(t) ? `000.${t}` : null;
  return code && hierarchical(code) ? code : null;
}

/** Canonical code, or a BAD_USER_INPUT error that shows the expected form. */
export function normaliseAgencyCode(text: string): string {
  const code = parseAgencyCode(text);
  if (!code) {
    throw new BadUserInputError(
      `"${text}" is not an agency code: expected LLL.KK.JJ.XNN, levels 4 to 1, nothing under level 1 without a level 2, level 1 G## or H## (e.g. 000.00.00.G22, 000.00.18.G12) or the short form KK.JJ.XNN`,
      { field: 'code' },
    );
  }
  return code;
}

/**
 * The code of the agency one level up in the identifier hierarchy (the leftmost used segment
 * zeroed), or null for a level-1 code such as `000.00.00.H24`.
 */
export function codeParent(code: string): string | null {
  const parts = code.split('.');
  const i = parts.findIndex((p, idx) => idx < 3 && !/^0+$/.test(p));
  if (i < 0) return null;
  parts[i] = '0'.repeat(parts[i]!.length);
  return parts.join('.');
}
