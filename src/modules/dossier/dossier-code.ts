/**
 * Dossier codes (MaHoSo): their form, whose they are, and their generation — one replaceable
 * function. The default is
 * `<receiving agency code>-<yyMMdd>-<4-digit daily sequence>` (e.g. 000.00.53.H48-220921-0099),
 * the day in Vietnam time; the sequence comes from an atomic per-agency, per-day counter.
 */
import { parseAgencyCode } from '../../common/agency-code.js';
import { BadUserInputError, ConflictError } from '../../common/errors.js';
import { vnDay } from '../../common/working-days.js';
import type { HubContext } from '../../core/context.js';
import type { AgencyRow } from '../agency/agency.repository.js';
import { dossierRepository } from './dossier.repository.js';
import { EVERY_AGENCY } from '../../core/access.js';

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

/** What a MaHoSo may hold (5 to 60 letters, digits and . - _ /). */
export const DOSSIER_CODE = /^[A-Za-z0-9.\-_/]{5,60}$/;

/** The code generator in use; replace it with `useDossierCodeGenerator`. */
let generateCode: DossierCodeGenerator = defaultDossierCode;
export function useDossierCodeGenerator(g: DossierCodeGenerator): void {
  generateCode = g;
}

/**
 * A code the agency system chose: it must be the receiving agency's own (`<agency code>-…`), so no
 * agency can take another's numbers (and with them its generated codes of a day).
 */
export function checkOwnCode(code: string, receiving: AgencyRow): void {
  if (!code.toUpperCase().startsWith(`${receiving.code.toUpperCase()}-`) || code.length <= receiving.code.length + 1) {
    throw new BadUserInputError(
      `A dossier code of ${receiving.code} starts with "${receiving.code}-" (e.g. ${receiving.code}-261129-0001)`,
      { field: 'code' },
    );
  }
}

/** The code with its agency prefix in the directory's (upper) case: `000.00.51.h24-x` is `000.00.51.H24-x`. */
export function canonicalCode(code: string): string {
  const dash = code.indexOf('-');
  const prefix = dash > 0 ? code.slice(0, dash) : '';
  const agency = prefix.split('.').length === 4 ? parseAgencyCode(prefix) : null;
  return agency ? `${agency}${code.slice(dash)}` : code;
}

/** Most numbers a generated code skips because a supplied code holds them before giving up. */
const MAX_CODE_SKIPS = 50;

/** The generator's next code that no dossier holds yet: a taken number is skipped, never an error. */
export async function freeGeneratedCode(ctx: HubContext, receiving: AgencyRow, receivedAt: Date): Promise<string> {
  for (let i = 0; i < MAX_CODE_SKIPS; i++) {
    const code = await generateCode({
      agencyCode: receiving.code,
      receivedAt,
      nextSequence: (day) => dossierRepository.nextSequence(ctx.prisma, receiving.id, day),
    });
    // every agency's: a code is unique city-wide
    if (!(await dossierRepository.findByCode(EVERY_AGENCY, ctx.db, code))) return code;
  }
  throw new ConflictError(
    `The next ${MAX_CODE_SKIPS} codes of ${receiving.code} for this day are taken; supply a code`,
    { field: 'code' },
  );
}
