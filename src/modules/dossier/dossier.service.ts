/** Dossiers pushed by agency systems, and their life through the national statuses. */
import { announce } from '../../core/live.js';
import { normaliseAgencyCode } from '../../common/agency-code.js';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../common/errors.js';
import { addWorkingDays, countingStart, vnDay } from '../../common/working-days.js';
import { calendarService } from '../calendar/calendar.service.js';
import { callerOf, type HubContext } from '../../core/context.js';
import type { AgencyRow } from '../agency/agency.repository.js';
import { blobAccess } from '../attachment/blob-access.js';
import { EVERY_AGENCY, readsEverything, scopeOf } from '../../core/access.js';
import { actingAgency, checkContentType, checkExistedAt, checkText } from '../document/document.rules.js';
import { procedureRepository } from '../procedure/procedure.repository.js';
import { DOSSIER_CODE, canonicalCode, checkOwnCode, freeGeneratedCode } from './dossier-code.js';
import { FINISHING, INITIAL_STATUSES, checkTransition } from './dossier-status.js';
import { dossierRepository, type DossierResultRow, type DossierRow } from './dossier.repository.js';
import { outboxService } from '../outbox/outbox.service.js';
import { portalSyncRepository } from './portal-sync.repository.js';
import { listDossiers } from './dossier-list.js';
import { checkApplicant } from './dossier-applicant.js';

export interface SubmitDossierInput {
  code?: string | null;
  procedureCode: string;
  receivingAgencyCode?: string | null;
  handlingAgencyCode?: string | null;
  applicant: { type: number; name: string; idNumber?: string | null; phone?: string | null; email?: string | null };
  summary?: string | null;
  channel: number;
  /** HinhThuc: the result goes by post (default: handed over at the counter) */
  resultByPost?: boolean | null;
  receivedAt?: Date | null;
  status?: number | null;
}

export interface StepInput {
  status: number;
  officerName?: string | null;
  position?: string | null;
  department?: string | null;
  note?: string | null;
  at?: Date | null;
}

/** How far ahead of the hub's clock an agency system's clock may be. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** Personal data of the applicant: the handling agency, LEADER and ADMIN only. */
export function maySeeApplicant(ctx: HubContext, d: DossierRow): boolean {
  const c = callerOf(ctx);
  return readsEverything(c) || c.agencyId === d.handlingAgencyId;
}

async function agencyByCode(ctx: HubContext, code: string, field: string): Promise<AgencyRow> {
  const a = await ctx.loaders.agencyByCode.load(normaliseAgencyCode(code));
  if (!a) throw new BadUserInputError(`The agency ${code} is not in the agencies directory`, { field });
  return a;
}

/** Every change of a dossier bumps its version and asks the portal sync, in the same transaction. */
async function toPortal(ctx: HubContext, d: DossierRow): Promise<void> {
  await portalSyncRepository.markPending(ctx.db, d.id);
  await outboxService.add(ctx, 'portal.syncDossier', { dossierId: d.id, version: d.version });
  // and to live subscribers of the agencies that receive and handle it
  announce(ctx, { kind: 'dossier', dossierId: d.id }, [d.receivingAgencyId, d.handlingAgencyId]);
}

/**
 * The received time on the Nth working day after the day received, on the working calendar; past
 * the confirmed calendar's horizon the answer comes from the provisional calendar, with a warning.
 */
async function dueTime(ctx: HubContext, receivedAt: Date, processingDays: number): Promise<Date> {
  const last = new Date(receivedAt.getTime() + (processingDays * 3 + 60) * 86_400_000);
  const span = await calendarService.span(ctx.db, vnDay(receivedAt), vnDay(last));
  const due = addWorkingDays(
    countingStart(receivedAt, span.calendar, ctx.config.receipt),
    processingDays,
    span.calendar,
  );
  // any provisional year between receipt and due date (after the horizon, or a year before it
  // nobody confirmed) makes the answer provisional
  const touched = span.provisionalYears.filter((y) => y <= Number(vnDay(due).slice(0, 4)));
  if (span.horizon === null || vnDay(due) > span.horizon || touched.length) {
    ctx.log.warn(
      { dueAt: due.toISOString(), horizon: span.horizon, provisionalYears: touched },
      'a due date beyond the confirmed calendar: computed on the provisional calendar',
    );
  }
  return due;
}

/**
 * The same code again: an upsert of what the agency system may change (the applicant's details and
 * the summary), by the agency that handles the dossier (the applicant's data is its own). The
 * procedure and the time received cannot change: a different one is a conflict, not the old dossier.
 */
async function resubmit(ctx: HubContext, existing: DossierRow, input: SubmitDossierInput): Promise<DossierRow> {
  // what identifies the dossier cannot change: a different value is another dossier under a taken code
  const procedure = await ctx.loaders.procedureById.load(existing.procedureId);
  const handling = await ctx.loaders.agencyById.load(existing.handlingAgencyId);
  const differing: string[] = [];
  if (procedure && procedure.code !== input.procedureCode.trim())
    differing.push(`procedureCode (${procedure.code}, not ${input.procedureCode.trim()})`);
  if (input.receivedAt && input.receivedAt.getTime() !== existing.receivedAt.getTime())
    differing.push(`receivedAt (${existing.receivedAt.toISOString()}, not ${input.receivedAt.toISOString()})`);
  if (input.channel !== existing.channel) differing.push(`channel (${existing.channel}, not ${input.channel})`);
  if (input.handlingAgencyCode && handling && normaliseAgencyCode(input.handlingAgencyCode) !== handling.code)
    differing.push(`handlingAgencyCode (${handling.code}, not ${input.handlingAgencyCode})`);
  if (input.receivingAgencyCode) {
    const receiving = await ctx.loaders.agencyById.load(existing.receivingAgencyId);
    if (receiving && normaliseAgencyCode(input.receivingAgencyCode) !== receiving.code)
      differing.push(`receivingAgencyCode (${receiving.code}, not ${input.receivingAgencyCode})`);
  }
  if (input.applicant.type !== existing.applicantType)
    differing.push(`applicant.type (${existing.applicantType}, not ${input.applicant.type})`);
  if (input.resultByPost != null && input.resultByPost !== existing.resultByPost)
    differing.push(`resultByPost (${existing.resultByPost}, not ${input.resultByPost})`);
  if (differing.length) {
    throw new ConflictError(`The dossier ${existing.code} exists with other ${differing.join(', ')}`, {
      field: 'code',
      differing: differing.map((d) => d.split(' ')[0]),
    });
  }
  if (!maySeeApplicant(ctx, existing))
    throw new ForbiddenError(`Only the handling agency updates the applicant of ${existing.code}`);
  const a = checkApplicant(input.applicant);
  const updated = await dossierRepository.update(ctx.db, existing.id, {
    version: { increment: 1 },
    applicantName: a.name,
    applicantIdNumber: a.idNumber ?? existing.applicantIdNumber,
    applicantPhone: a.phone ?? existing.applicantPhone,
    applicantEmail: a.email ?? existing.applicantEmail,
    summary: checkText(input.summary, 'summary', 2000) ?? existing.summary,
  });
  await toPortal(ctx, updated);
  ctx.auditTargets.push(existing.code);
  return updated;
}

async function writable(ctx: HubContext, code: string): Promise<DossierRow> {
  const d = await dossierRepository.lockByCode(scopeOf(callerOf(ctx)), ctx.db, code.trim());
  if (!d) throw new NotFoundError(`No dossier ${code} that your agency receives or handles`);
  return d;
}

/** A step of a dossier already locked in scope (`writable`, `lockById`). */
async function recordStep(ctx: HubContext, d: DossierRow, input: StepInput): Promise<DossierRow> {
  checkTransition(d.status, input.status);
  // a timeline that reads forward: no step before the one before it, none in the future
  const previous = (await dossierRepository.lastEventAt(ctx.db, d.id)) ?? d.receivedAt;
  const floor = previous > d.receivedAt ? previous : d.receivedAt;
  // a step the hub records itself (a payment's callback) comes after the last one, whatever the clocks
  const now = new Date();
  const at = input.at ?? (floor > now ? floor : now);
  if (at.getTime() > Date.now() + CLOCK_SKEW_MS)
    throw new BadUserInputError(`"at" (${at.toISOString()}) is in the future`, { field: 'at' });
  if (at < floor) {
    throw new BadUserInputError(
      `"at" (${at.toISOString()}) is before the dossier's last step (${floor.toISOString()}): steps are recorded in the order they happened`,
      { field: 'at' },
    );
  }
  const data: Record<string, unknown> = { status: input.status, version: { increment: 1 } };
  if (input.status === 5) {
    // NguoiYeuCauBoSung and NgayHenTraTruoc for the portal (contracts §2.5)
    await dossierRepository.createSupplement(ctx.db, {
      dossierId: d.id,
      requestedAt: at,
      note: checkText(input.note, 'note', 2000),
      requestedBy: checkText(input.officerName, 'officerName', 200),
      dueBefore: d.effectiveDueAt,
    });
    data['supplementOpenSince'] = at;
  }
  if (d.status === 5) {
    const open = await dossierRepository.openSupplement(ctx.db, d.id);
    if (open) {
      const dueAfter = new Date(d.effectiveDueAt.getTime() + (at.getTime() - open.requestedAt.getTime()));
      await dossierRepository.completeSupplement(ctx.db, open.id, at, dueAfter);
      data['effectiveDueAt'] = dueAfter;
    }
    data['supplementOpenSince'] = null;
  }
  if (FINISHING.has(input.status) && !d.finishedAt) data['finishedAt'] = at;
  if (input.status === 10) data['returnedAt'] = at;
  const caller = callerOf(ctx);
  const updated = await dossierRepository.update(ctx.db, d.id, data);
  const event = await dossierRepository.createEvent(ctx.db, {
    dossierId: d.id,
    fromStatus: d.status,
    status: input.status,
    actorId: `${caller.kind}:${caller.id}`,
    officerName: checkText(input.officerName, 'officerName', 200),
    position: checkText(input.position, 'position', 200),
    department: checkText(input.department, 'department', 200),
    note: checkText(input.note, 'note', 2000),
    at,
  });
  await toPortal(ctx, updated);
  await outboxService.add(ctx, 'portal.progressStep', { stepId: event.id });
  ctx.auditTargets.push(d.code);
  return updated;
}

export const dossierService = {
  /** Create a dossier, or return the one with this code (idempotent on the code). */
  async submit(ctx: HubContext, input: SubmitDossierInput): Promise<DossierRow> {
    const supplied = input.code == null ? null : canonicalCode(input.code.trim());
    if (supplied !== null && !DOSSIER_CODE.test(supplied)) {
      throw new BadUserInputError(`"${supplied}" is not a dossier code`, { field: 'code' });
    }
    // the same code again is answered before anything about agencies: a retry of a district's
    // 2025 dossier returns it, dissolved district or not
    const existing =
      supplied !== null ? await dossierRepository.lockByCode(scopeOf(callerOf(ctx)), ctx.db, supplied) : null;
    if (existing) return resubmit(ctx, existing, input);
    const receivedAt = input.receivedAt ?? new Date();
    // the agencies as they were when the dossier was received: a district's 2025 history loads
    const receiving = await actingAgency(ctx, input.receivingAgencyCode, receivedAt, 'receiving agency');
    if (supplied !== null) {
      // another agency's code is refused the same way whether it exists or not
      checkOwnCode(supplied, receiving);
      if (existing) throw new NotFoundError(`No dossier ${supplied} that your agency receives or handles`);
    }
    const procedure = await procedureRepository.findByCode(ctx.db, input.procedureCode.trim());
    if (!procedure)
      throw new BadUserInputError(`No procedure has the code ${input.procedureCode}`, { field: 'procedureCode' });
    if (receivedAt.getTime() > Date.now() + CLOCK_SKEW_MS)
      throw new BadUserInputError('"receivedAt" is in the future', { field: 'receivedAt' });
    if (procedure.validFrom > receivedAt || (procedure.validTo && procedure.validTo <= receivedAt)) {
      throw new BadUserInputError(
        `The procedure ${procedure.code} was not in force on ${receivedAt.toISOString().slice(0, 10)}`,
        { field: 'procedureCode' },
      );
    }
    const handling = input.handlingAgencyCode
      ? await agencyByCode(ctx, input.handlingAgencyCode, 'handlingAgencyCode')
      : receiving;
    await checkExistedAt(ctx, handling, receivedAt, 'handling agency');
    const handlers = await ctx.loaders.agencyIdsByProcedureId.load(procedure.id);
    // a dissolved agency's history: its successor handles the procedure now
    const handledThen =
      handling.validTo !== null && handling.successorId !== null && handlers.includes(handling.successorId);
    if (handlers.length && !handlers.includes(handling.id) && !handledThen) {
      throw new BadUserInputError(`${handling.code} does not handle the procedure ${procedure.code}`, {
        field: 'handlingAgencyCode',
      });
    }
    const a = checkApplicant(input.applicant);
    if (![1, 2, 3].includes(input.channel))
      throw new BadUserInputError('"channel" is 1 (in person), 2 (online) or 3 (postal)', { field: 'channel' });
    const status = input.status ?? (input.channel === 2 ? 1 : 2);
    if (!INITIAL_STATUSES.includes(status))
      throw new BadUserInputError('A new dossier starts at 1 (registered online) or 2 (accepted)', { field: 'status' });

    const dueAt = await dueTime(ctx, receivedAt, procedure.processingDays);
    const code = supplied ?? (await freeGeneratedCode(ctx, receiving, receivedAt));
    const caller = callerOf(ctx);
    const row = await dossierRepository.create(ctx.db, {
      code,
      procedureId: procedure.id,
      receivingAgencyId: receiving.id,
      handlingAgencyId: handling.id,
      applicantType: a.type,
      applicantName: a.name,
      applicantIdNumber: a.idNumber ?? null,
      applicantPhone: a.phone ?? null,
      applicantEmail: a.email ?? null,
      summary: checkText(input.summary, 'summary', 2000),
      channel: input.channel,
      resultByPost: input.resultByPost ?? false,
      status,
      receivedAt,
      dueAt,
      effectiveDueAt: dueAt,
      createdBy: `${caller.kind}:${caller.id}`,
    });
    await dossierRepository.createEvent(ctx.db, {
      dossierId: row.id,
      fromStatus: null,
      status,
      actorId: `${caller.kind}:${caller.id}`,
      at: receivedAt,
      note: 'tiếp nhận',
    });
    await toPortal(ctx, row);
    ctx.auditTargets.push(code);
    return row;
  },

  /** One step: a status move with who, when, which department and a note. */
  async step(ctx: HubContext, code: string, input: StepInput): Promise<DossierRow> {
    return recordStep(ctx, await writable(ctx, code), input);
  },

  /**
   * A payment of the dossier was settled (its gateway's callback, or the reconciliation): a dossier
   * waiting on payment (status 6) goes back to processing; otherwise the portal hears it with the
   * dossier (DuocThanhToanTrucTuyen and the fee list travel with it). Locked once. The dossier is
   * the one the payment names: that link was authorised when the payment was asked, so it is
   * followed whatever the settling caller reads (a gateway reads nothing of its own).
   */
  async paymentSettled(ctx: HubContext, payment: { dossierId: string | null }): Promise<void> {
    if (!payment.dossierId) return;
    const d = await dossierRepository.lockById(EVERY_AGENCY, ctx.db, payment.dossierId);
    if (!d) return;
    if (d.status === 6) await recordStep(ctx, d, { status: 4, note: 'Đã thanh toán trực tuyến' });
    else await this.changedForPortal(ctx, d.id);
  },

  /** Attach an electronic result document (uploaded to /attachments first). */
  async attachResult(
    ctx: HubContext,
    code: string,
    file: { sha256: string; name: string; contentType?: string | null },
  ): Promise<DossierResultRow> {
    const d = await writable(ctx, code);
    const stored = await blobAccess.usable(ctx, file.sha256, 'sha256');
    ctx.auditTargets.push(d.code);
    await this.changedForPortal(ctx, d.id);
    return dossierRepository.createResult(ctx.db, {
      dossierId: d.id,
      name: checkText(file.name, 'name', 255, true)!,
      contentType: checkContentType(file.contentType, 'contentType'),
      sha256: file.sha256,
      size: stored.size,
    });
  },

  /** Something the portal shows changed outside the dossier's row (a result, a payment): a new version to sync. */
  async changedForPortal(ctx: HubContext, dossierId: string): Promise<void> {
    const bumped = await dossierRepository.update(ctx.db, dossierId, { version: { increment: 1 } });
    await toPortal(ctx, bumped);
  },

  /** The dossier with this code; FORBIDDEN when it exists outside the caller's scope, null when it does not. */
  async get(ctx: HubContext, code: string): Promise<DossierRow | null> {
    const d = await dossierRepository.findByCode(scopeOf(callerOf(ctx)), ctx.db, code.trim());
    if (!d && (await dossierRepository.findByCode(EVERY_AGENCY, ctx.db, code.trim())))
      throw new ForbiddenError('This dossier is neither received nor handled by your agency');
    return d;
  },

  /** A page of the dossiers the caller reads, newest first (dossier-list.ts). */
  list: listDossiers,
};
