/** The procedure catalog (admins manage it; the portal import fills it later) and the holiday calendar. */
import { normaliseAgencyCode } from '../../common/agency-code.js';
import { checkPageSize, decodeCursor, toPage, type Page } from '../../common/cursor.js';
import { BadUserInputError } from '../../common/errors.js';
import { PROCEDURE_CODE } from '../../integrations/portal/catalog.mapper.js';
import { parseIsoDate } from '../../common/time.js';
import type { HubContext } from '../../core/context.js';
import { checkText } from '../document/document.rules.js';
import { procedureRepository, type ProcedureRow } from './procedure.repository.js';
import type { ProcedureInput } from './procedure.type.js';
import { dissolvedError, dissolvedOn } from '../document/document.rules.js';

const MAX_AMOUNT = 2_000_000_000;

export const procedureService = {
  async upsert(ctx: HubContext, input: ProcedureInput): Promise<ProcedureRow> {
    const code = input.code.trim();
    if (!PROCEDURE_CODE.test(code))
      throw new BadUserInputError(`"${code}" is not a national procedure code (like 1.001193)`, { field: 'code' });
    if (!Number.isInteger(input.processingDays) || input.processingDays < 1 || input.processingDays > 365) {
      throw new BadUserInputError('"processingDays" must be 1 to 365 working days', { field: 'processingDays' });
    }
    if (!Number.isInteger(input.onlineLevel) || input.onlineLevel < 1 || input.onlineLevel > 4)
      throw new BadUserInputError('"onlineLevel" must be 1 to 4', { field: 'onlineLevel' });
    const fees = input.fees.map((f, i) => {
      if (!Number.isInteger(f.amount) || f.amount < 0 || f.amount > MAX_AMOUNT)
        throw new BadUserInputError(`fees[${i}].amount must be whole đồng from 0 to ${MAX_AMOUNT}`, { field: 'fees' });
      return {
        kind: f.kind,
        amount: BigInt(f.amount),
        description: checkText(f.description, `fees[${i}].description`, 500, true)!,
        code: checkText(f.code, `fees[${i}].code`, 50),
      };
    });
    if (!input.agencyCodes.length)
      throw new BadUserInputError('A procedure needs at least one handling agency', { field: 'agencyCodes' });
    const agencies = await ctx.loaders.agencyByCode.loadMany(input.agencyCodes.map(normaliseAgencyCode));
    const ids: string[] = [];
    for (const [i, a] of agencies.entries()) {
      if (!a || a instanceof Error)
        throw new BadUserInputError(`The agency ${input.agencyCodes[i]} is not in the agencies directory`, {
          field: 'agencyCodes',
        });
      // a procedure still in force names no dissolved agency (its work goes to the successor); one
      // that ended names those that existed until it ended
      const until = input.validTo ? new Date(parseIsoDate(input.validTo).getTime() - 1) : new Date();
      if (dissolvedOn(a, until))
        throw dissolvedError(
          a,
          a.successorId ? await ctx.loaders.agencyById.load(a.successorId) : null,
          'handling agency',
          'agencyCodes',
        );
      ids.push(a.id);
    }
    const validFrom = parseIsoDate(input.validFrom);
    const validTo = input.validTo ? parseIsoDate(input.validTo) : null;
    if (validTo && validTo <= validFrom)
      throw new BadUserInputError('"validTo" must be after "validFrom"', { field: 'validTo' });
    ctx.auditTargets.push(code);
    return procedureRepository.upsert(
      ctx.db,
      {
        code,
        name: checkText(input.name, 'name', 1000, true)!,
        fieldCode: checkText(input.fieldCode, 'fieldCode', 50, true)!,
        // TenLinhVuc is mandatory on the portal (contracts §2.2)
        fieldName: checkText(input.fieldName, 'fieldName', 500, true),
        processingDays: input.processingDays,
        onlineLevel: input.onlineLevel,
        onlineType: input.onlineType,
        resultRequired: input.resultRequired,
        validFrom,
        validTo,
      },
      fees,
      [...new Set(ids)],
    );
  },

  async list(
    ctx: HubContext,
    args: {
      search?: string | null;
      fieldCode?: string | null;
      agencyCode?: string | null;
      onlineType?: string | null;
      activeOn?: string | null;
      first: number;
      after?: string | null;
    },
  ): Promise<Page<ProcedureRow>> {
    checkPageSize(args.first, ctx.config.graphql.maxPageSize);
    let agencyId: string | undefined;
    if (args.agencyCode) {
      const agency = await ctx.loaders.agencyByCode.load(normaliseAgencyCode(args.agencyCode));
      if (!agency) return toPage([], args.first, 0, () => []);
      agencyId = agency.id;
    }
    const after = args.after ? String(decodeCursor(args.after, 1)[0]) : undefined;
    const [rows, total] = await procedureRepository.list(
      ctx.db,
      {
        search: checkText(args.search, 'search', 200) ?? undefined,
        fieldCode: args.fieldCode ?? undefined,
        agencyId,
        onlineType: args.onlineType ?? undefined,
        activeOn: args.activeOn ? parseIsoDate(args.activeOn) : undefined,
      },
      args.first + 1,
      after,
    );
    return toPage(rows, args.first, total, (r) => [r.code]);
  },
};
