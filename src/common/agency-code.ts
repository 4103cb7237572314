/**
 * Agency identifiers (mã định danh, Decision 20/2020/QĐ-TTg; QCVN 102:2016): `LLL.KK.JJ.XNN`,
 * level 4 down to level 1; zeros mean "not used". The short form `KK.JJ.XNN` is accepted and
 * normalised to the canonical four-segment form.
 */
import { BadUserInputError } from './errors.js';

const FULL = /^(\d{3})\.(\d{2})\.(\d{2})\.([A-Z]\d{2})$/;
const SHORT = /^(\d{2})\.(\d{2})\.([A-Z]\d{2})$/;

/** Canonical four-segment code, or null when the text is not an agency code. */
export function parseAgencyCode(text: string): string | null {
  const t = text.trim().toUpperCase();
  const full = FULL.exec(t);
  if (full) return t;
  const short = SHORT.exec(t);
  if (short) return `000.${t}`;
  return null;
}

/** Canonical code, or a BAD_USER_INPUT error that shows the expected form. */
export function normaliseAgencyCode(text: string): string {
  const code = parseAgencyCode(text);
  if (!code) {
    throw new BadUserInputError(
      `"${text}" is not an agency code: expected LLL.KK.JJ.XNN (e.g. 000.00.00.G22) or the short form KK.JJ.XNN`,
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
