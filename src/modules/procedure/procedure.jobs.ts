/** The procedures' job: importing the national catalog (daily, and when an admin asks). */
import { UnrecoverableError } from 'bullmq';
import type { Prisma, PrismaClient } from '../../db/client.js';
import { defineHandler, defineSchedule } from '../../core/job-context.js';
import { fromLayThuTuc, type CatalogEntry } from '../../integrations/portal/catalog.mapper.js';
import { QueueName, type JobSpecs } from '../../jobs/job-catalog.js';
import { callPortal } from '../../jobs/upstream-call.js';
import type { Config } from '../../config/config.js';
import { agencyRepository } from '../agency/agency.repository.js';
import { procedureRepository } from './procedure.repository.js';

declare module '../../jobs/job-catalog.js' {
  interface JobPayloads {
    /**
     * Import the national procedure catalog (LayThuTuc): daily, and when an admin asks. `codes`:
     * only these procedures (MATTHC); otherwise every procedure LayDanhSachTTHC lists.
     */
    'portal.importCatalog': { reason: 'schedule' | 'manual'; codes?: string[] };
  }
}

export const procedureJobs: JobSpecs<'portal.importCatalog'> = {
  'portal.importCatalog': {
    queue: QueueName.Portal,
    jobId: () => undefined,
    attempts: 3,
    backoffMs: (c) => c.portal.backoffMs,
  },
};

export const procedureSchedules = (config: Config) => [
  defineSchedule({
    id: 'portal.importCatalog.daily',
    job: 'portal.importCatalog',
    data: { reason: 'schedule' },
    repeat: { pattern: '0 3 * * *' },
    enabled: config.workers.dailyJobs,
  }),
];

/** A procedure whose start the portal does not give is taken as in force since ever (its dossiers are not refused as too early). */
const SINCE_EVER = new Date('1970-01-01T00:00:00Z');

/**
 * The national procedure catalog into the hub's: LayDanhSachTTHC for the codes (or the codes the
 * job names), then LayThuTuc for each. A procedure is upserted by its code, so re-running changes
 * nothing; an answer without a list fails the job; an entry the hub cannot read is skipped and
 * named. The online level and type derived from the channels apply to new procedures only: an
 * admin's choice is kept.
 */
export const portalCatalogHandler = defineHandler('portal.importCatalog', async (payload, ctx) => {
  const skipped: string[] = [];
  let codes = payload.codes;
  if (!codes) {
    const list = await callPortal(ctx, 'LayDanhSachTTHC', (p) => p.procedureList());
    codes = [...new Set(list.map((i) => String(i['MATTHC'] ?? '').trim()).filter(Boolean))];
    const unnamed = list.length - list.filter((i) => String(i['MATTHC'] ?? '').trim()).length;
    // a list in another shape (no MATTHC) is not "nothing to import": it is an answer the hub cannot read
    if (list.length && !codes.length)
      throw new UnrecoverableError(
        `LayDanhSachTTHC answered ${list.length} items without MATTHC: not the catalog's shape (contracts §5)`,
      );
    if (unnamed) skipped.push(`LayDanhSachTTHC: ${unnamed} items without MATTHC`);
  }
  let imported = 0;
  for (const code of codes) {
    const item = await callPortal(ctx, 'LayThuTuc', (p) => p.procedure(code));
    if (!item) {
      skipped.push(`LayThuTuc ${code}: the portal has no such procedure`);
      continue;
    }
    const done = await importCatalogItem(ctx.prisma, code, item);
    skipped.push(...done.skipped);
    if (done.imported) imported++;
  }
  ctx.log.info({ imported, skipped: skipped.length }, 'procedure catalog imported');
  if (codes.length && imported === 0)
    throw new UnrecoverableError(
      `no procedure could be imported: ${skipped.slice(0, 5).join('; ')}${skipped.length > 5 ? `; and ${skipped.length - 5} more` : ''}`,
    );
  return { imported, skipped };
});

/**
 * One procedure of LayThuTuc's answer into the hub's catalog, upserted by its code (re-running
 * changes nothing): what had to be left out, and whether it was imported.
 */
export async function importCatalogItem(
  prisma: PrismaClient,
  code: string,
  item: Record<string, unknown>,
): Promise<{ imported: boolean; skipped: string[] }> {
  let entry: CatalogEntry;
  try {
    entry = fromLayThuTuc(item);
  } catch (err) {
    return { imported: false, skipped: [(err as Error).message] };
  }
  const skipped: string[] = [];
  const agencies = await agencyRepository.findByCodes(prisma, entry.agencyCodes);
  const unknown = entry.agencyCodes.filter((c) => !agencies.some((a) => a.code === c));
  if (unknown.length) skipped.push(`LayThuTuc ${code}: agencies not in the directory, left out: ${unknown.join(', ')}`);
  await prisma.$transaction(async (tx) => {
    const existing = await procedureRepository.findByCode(tx, entry.code);
    const today = new Date(new Date().toISOString().slice(0, 10));
    await procedureRepository.upsert(
      tx,
      {
        code: entry.code,
        name: entry.name,
        fieldCode: entry.fieldCode,
        fieldName: entry.fieldName,
        processingDays: entry.processingDays,
        onlineLevel: existing?.onlineLevel ?? entry.onlineLevel,
        onlineType: existing?.onlineType ?? entry.onlineType,
        resultRequired: existing?.resultRequired ?? false,
        validFrom: existing?.validFrom ?? entry.inForceSince ?? SINCE_EVER,
        validTo: entry.active ? null : (existing?.validTo ?? today),
        portalId: entry.portalId,
        resultCode: entry.resultCode,
        portalRecord: item as Prisma.InputJsonValue,
      },
      entry.fees,
      agencies.map((a) => a.id),
    );
  });
  return { imported: true, skipped };
}
