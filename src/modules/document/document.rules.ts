/** Rules shared by every way a document enters the hub (API, edXML import). */
import { normaliseAgencyCode } from '../../common/agency-code.js';
import { BadUserInputError, ForbiddenError } from '../../common/errors.js';
import { toEdxmlDate } from '../../common/time.js';
import type { HubContext } from '../../core/context.js';
import type { AgencyRow } from '../agency/agency.repository.js';
import { callerOf } from '../../core/context.js';
import { actsForEveryAgency } from '../../core/access.js';

const MAX_RECIPIENTS = 500;

/** DocumentId in the standard's first form: `OrganId,yyyy/MM/dd,number/notation`. */
export function documentIdOf(
  senderCode: string,
  promulgationDate: Date,
  codeNumber: string,
  codeNotation: string,
): string {
  return `${senderCode},${toEdxmlDate(promulgationDate)},${codeNumber}${codeNotation ? `/${codeNotation}` : ''}`;
}

export const dissolvedOn = (a: AgencyRow, on: Date) => a.validTo !== null && a.validTo <= on;

const FIELD_OF_ROLE: Record<string, string> = {
  recipient: 'recipientCodes',
  sender: 'senderCode',
  'receiving agency': 'receivingAgencyCode',
  'handling agency': 'handlingAgencyCode',
};

export function dissolvedError(
  a: AgencyRow,
  successor: AgencyRow | null,
  role: 'recipient' | 'sender' | 'receiving agency' | 'handling agency',
  field = FIELD_OF_ROLE[role]!,
): BadUserInputError {
  const day = a.validTo!.toISOString().slice(0, 10);
  return new BadUserInputError(
    `The ${role} ${a.code} (${a.name}) was dissolved on ${day}` +
      (successor ? `; its successor is ${successor.code} (${successor.name})` : ''),
    { field, code: a.code, successorCode: successor?.code ?? null },
  );
}

/**
 * The agency existed when the work happened (`at`): history before a dissolution is its own; work
 * after it is refused naming the successor.
 */
export async function checkExistedAt(
  ctx: HubContext,
  a: AgencyRow,
  at: Date,
  role: 'sender' | 'receiving agency' | 'handling agency',
  field?: string,
): Promise<void> {
  if (dissolvedOn(a, at))
    throw dissolvedError(a, a.successorId ? await ctx.loaders.agencyById.load(a.successorId) : null, role, field);
  if (a.validFrom > at) {
    throw new BadUserInputError(
      `The ${role} ${a.code} (${a.name}) exists from ${a.validFrom.toISOString().slice(0, 10)}, after ${at.toISOString().slice(0, 10)}`,
      { field: field ?? FIELD_OF_ROLE[role], code: a.code },
    );
  }
}

/** The recipients by code: each known and active; a dissolved one named with its successor. */
export async function resolveRecipients(ctx: HubContext, codes: string[], senderId: string): Promise<AgencyRow[]> {
  const unique = [...new Set(codes.map(normaliseAgencyCode))];
  if (unique.length === 0)
    throw new BadUserInputError('A document needs at least one recipient', { field: 'recipientCodes' });
  if (unique.length > MAX_RECIPIENTS)
    throw new BadUserInputError(`At most ${MAX_RECIPIENTS} recipients`, { field: 'recipientCodes' });
  const rows = await ctx.loaders.agencyByCode.loadMany(unique);
  const today = new Date();
  const out: AgencyRow[] = [];
  for (const [i, row] of rows.entries()) {
    if (!row || row instanceof Error) {
      throw new BadUserInputError(`The recipient ${unique[i]} is not in the agencies directory`, {
        field: 'recipientCodes',
        code: unique[i],
      });
    }
    if (dissolvedOn(row, today)) {
      const successor = row.successorId ? await ctx.loaders.agencyById.load(row.successorId) : null;
      throw dissolvedError(row, successor, 'recipient');
    }
    if (row.id === senderId)
      throw new BadUserInputError(`The sender ${row.code} cannot be its own recipient`, { field: 'recipientCodes' });
    out.push(row);
  }
  return out;
}

/**
 * The agency a write acts for: the caller's own; an ADMIN may name one (`onBehalfOf`).
 * LEADER writes nothing. A dissolved agency sends nothing new.
 */
export async function actingAgency(
  ctx: HubContext,
  onBehalfOf?: string | null,
  at = new Date(),
  role: 'sender' | 'receiving agency' = 'sender',
): Promise<AgencyRow> {
  const caller = callerOf(ctx);
  let agency: AgencyRow | null = null;
  if (onBehalfOf) {
    const code = normaliseAgencyCode(onBehalfOf);
    if (!actsForEveryAgency(caller) && code !== caller.agencyCode)
      throw new ForbiddenError('You act only for your own agency');
    agency = await ctx.loaders.agencyByCode.load(code);
    if (!agency)
      throw new BadUserInputError(`The agency ${code} is not in the agencies directory`, { field: 'senderCode' });
  } else if (caller.agencyId) {
    agency = await ctx.loaders.agencyById.load(caller.agencyId);
  }
  if (!agency) throw new BadUserInputError('Name the agency you act for (senderCode)', { field: 'senderCode' });
  await checkExistedAt(ctx, agency, at, role);
  return agency;
}

export function checkText(
  value: string | null | undefined,
  field: string,
  max: number,
  required = false,
): string | null {
  const v = value?.trim() ?? '';
  if (!v) {
    if (required) throw new BadUserInputError(`"${field}" is required`, { field });
    return null;
  }
  if (v.length > max) throw new BadUserInputError(`"${field}" is longer than ${max} characters`, { field });
  return v;
}

/** A MIME type as RFC 2045 writes it (`type/subtype` and parameters), nothing else: no CR/LF, no HTML. */
const MIME_TYPE =
  /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}(\s*;\s*[a-z0-9!#$&^_.+-]+=("[^"\r\n\\]{0,200}"|[a-z0-9!#$&^_.+-]{1,200}))*$/i;

/** A content type to store and later serve: a valid MIME type, `application/octet-stream` when absent. */
export function checkContentType(value: string | null | undefined, field: string): string {
  const v = value?.trim();
  if (!v) return 'application/octet-stream';
  if (v.length > 255 || !MIME_TYPE.test(v))
    throw new BadUserInputError(`"${field}" is not a MIME type (like application/pdf)`, { field });
  return v;
}

export function checkInt(value: number | null | undefined, field: string, min: number, max: number): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < min || value > max)
    throw new BadUserInputError(`"${field}" must be a whole number from ${min} to ${max}`, { field });
  return value;
}

/**
 * Outside the city: an agency whose level-1 segment (e.g. `H24`, `G12`) differs from the hub's own
 * (PORTAL_UNIT_CODE's). Documents and status packets for them travel through the national axis.
 */
export function isExternal(agencyCode: string, homeCode: string): boolean {
  return agencyCode.split('.').at(-1) !== homeCode.split('.').at(-1);
}
