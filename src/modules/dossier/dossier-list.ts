/** Danh sách hồ sơ — the dossiers a caller reads, filtered and paged, newest first. */
import { askedAgency } from '../agency/agency.service.js';
import { cursorId, cursorTime, decodeCursor, pageOf, windowOf, type Page, type PageArgs } from '../../common/cursor.js';
import { BadUserInputError } from '../../common/errors.js';
import { vietnamDays } from '../../common/time.js';
import { scopeOf } from '../../core/access.js';
import { callerOf, type HubContext } from '../../core/context.js';
import { procedureRepository } from '../procedure/procedure.repository.js';
import { dossierRepository, type DossierJoins, type DossierRow } from './dossier.repository.js';

export async function listDossiers(
  ctx: HubContext,
  args: {
    agencyCode?: string | null;
    status?: number | null;
    channel?: number | null;
    procedureCode?: string | null;
    receivedFrom?: string | null;
    receivedTo?: string | null;
    overdue?: boolean | null;
    dueWithinDays?: number | null;
  } & PageArgs,
  /** relations the caller will read of every row: read in the page's own statement */
  joins: DossierJoins = {},
): Promise<Page<DossierRow>> {
  const w = windowOf(args, ctx.config.graphql.maxPageSize, receivedCursor);
  const caller = callerOf(ctx);
  const agencyId = await askedAgency(ctx, args.agencyCode);
  if (agencyId === undefined) return pageOf([], w, 0, () => []);
  let procedureId: string | undefined;
  if (args.procedureCode) {
    const p = await procedureRepository.findByCode(ctx.db, args.procedureCode.trim());
    if (!p) return pageOf([], w, 0, () => []);
    procedureId = p.id;
  }
  if (
    args.dueWithinDays != null &&
    (!Number.isInteger(args.dueWithinDays) || args.dueWithinDays < 0 || args.dueWithinDays > 365)
  ) {
    throw new BadUserInputError('"dueWithinDays" must be 0 to 365', { field: 'dueWithinDays' });
  }
  const now = new Date();
  const received = vietnamDays(args.receivedFrom, args.receivedTo);
  const [page, total] = await dossierRepository.list(
    scopeOf(caller),
    ctx.db,
    {
      agencyId,
      status: args.status ?? undefined,
      channel: args.channel ?? undefined,
      procedureId,
      receivedFrom: received.start,
      receivedTo: received.end,
      overdueAt: args.overdue ? now : undefined,
      dueBefore:
        args.dueWithinDays != null
          ? { now, until: new Date(now.getTime() + args.dueWithinDays * 86_400_000) }
          : undefined,
    },
    w,
    joins,
  );
  for (const p of page.procedures) ctx.loaders.procedureById.prime(p.id, p);
  for (const a of page.agencies) ctx.loaders.agencyById.prime(a.id, a);
  for (const [id, payments] of page.payments ?? []) ctx.loaders.paymentsByDossierId.prime(id, payments);
  return pageOf(page.rows, w, total, (r) => [r.receivedAt.toISOString(), r.id]);
}

/** A dossier list's cursor: (receivedAt, id). */
function receivedCursor(cursor: string, field: string): { receivedAt: Date; id: string } {
  const [t, id] = decodeCursor(cursor, 2, field);
  return { receivedAt: cursorTime(t, field), id: cursorId(id, field) };
}
