/** Reading the agencies directory. */
import { normaliseAgencyCode } from '../../common/agency-code.js';
import { checkPageSize, decodeCursor, lazyCount, toPage, type Page } from '../../common/cursor.js';
import { BadUserInputError, ForbiddenError } from '../../common/errors.js';
import { readsEverything } from '../../core/access.js';
import { callerOf } from '../../core/context.js';
import { foldVietnamese } from '../../common/text.js';
import { parseIsoDate } from '../../common/time.js';
import type { HubContext } from '../../core/context.js';
import type { AgenciesArgs } from './agency.args.js';
import { agencyRepository, type AgencyFilter, type AgencyRow } from './agency.repository.js';

export const agencyService = {
  /** The agency with this code (either form), or null. */
  async byCode(ctx: HubContext, code: string): Promise<AgencyRow | null> {
    return ctx.loaders.agencyByCode.load(normaliseAgencyCode(code));
  },

  async list(ctx: HubContext, args: AgenciesArgs): Promise<Page<AgencyRow>> {
    checkPageSize(args.first, ctx.config.graphql.maxPageSize);
    const filter: AgencyFilter = {};
    if (args.level) filter.level = args.level;
    if (args.search != null) {
      const search = foldVietnamese(args.search);
      if (search.length < 2 || search.length > 100) {
        throw new BadUserInputError('"search" must be 2 to 100 characters', { field: 'search' });
      }
      filter.search = search;
    }
    if (args.activeOn) filter.activeOn = parseIsoDate(args.activeOn);
    if (args.parentCode) {
      const parent = await this.byCode(ctx, args.parentCode);
      if (!parent) return toPage([], args.first, 0, () => []);
      filter.parentId = parent.id;
    }
    const after = args.after ? String(decodeCursor(args.after, 1)[0]) : undefined;
    const rows = await agencyRepository.list(ctx.db, filter, args.first + 1, after);
    return toPage(
      rows,
      args.first,
      lazyCount(() => agencyRepository.count(ctx.db, filter)),
      (r) => [r.code],
    );
  },
};

/**
 * Whose rows a list reads, from the agency its caller names (`agencyCode`) or none:
 * - named: that agency, if the caller reads its rows; an OFFICER naming another agency is refused
 *   with FORBIDDEN (told so, not answered with an empty list);
 * - none: the caller's own agency, or `null` (every agency) for ADMIN and LEADER;
 * - `undefined`: nothing to read (a code no agency has, a person without an agency).
 */
export async function askedAgency(
  ctx: HubContext,
  code: string | null | undefined,
): Promise<string | null | undefined> {
  const caller = callerOf(ctx);
  const everything = readsEverything(caller);
  if (!code) return everything ? null : (caller.agencyId ?? undefined);
  const agency = await ctx.loaders.agencyByCode.load(normaliseAgencyCode(code));
  if (!agency) return undefined;
  if (!everything && agency.id !== caller.agencyId)
    throw new ForbiddenError(`You read only your own agency's rows, not ${agency.code}'s`);
  return agency.id;
}

/** The GraphQL shape of a row: dates as yyyy-MM-dd. */
export function toAgencyType(row: AgencyRow) {
  return {
    ...row,
    collection:
      row.collectionAccount && row.collectionBankCode && row.collectionAccountName
        ? { account: row.collectionAccount, bankCode: row.collectionBankCode, accountName: row.collectionAccountName }
        : null,
    validFrom: row.validFrom.toISOString().slice(0, 10),
    validTo: row.validTo ? row.validTo.toISOString().slice(0, 10) : null,
  };
}
