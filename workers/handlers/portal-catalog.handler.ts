import { fromLayThuTuc } from '../../src/integrations/portal/catalog.mapper.js';
import { agencyRepository } from '../../src/modules/agency/agency.repository.js';
import { procedureRepository } from '../../src/modules/procedure/procedure.repository.js';
import { defineHandler } from '../registry.js';
import { callPortal } from './portal-call.js';

/**
 * LayThuTuc: the national procedure catalog into the hub's. Each procedure is upserted by its code
 * (re-running changes nothing); an entry the hub cannot read is skipped and named in the result.
 */
export const portalCatalogHandler = defineHandler('portal.importCatalog', async (_payload, ctx) => {
  const answer = await callPortal(ctx, 'LayThuTuc', (p) => p.call('LayThuTuc', {}));
  const items = Array.isArray(answer['data']) ? (answer['data'] as Array<Record<string, unknown>>) : [];
  const skipped: string[] = [];
  let imported = 0;
  for (const item of items) {
    try {
      const p = fromLayThuTuc(item);
      const agencies = await agencyRepository.findByCodes(ctx.prisma, p.agencyCodes);
      await ctx.prisma.$transaction((tx) =>
        procedureRepository.upsert(
          tx,
          { code: p.code, name: p.name, fieldCode: p.fieldCode, fieldName: p.fieldName, processingDays: p.processingDays, onlineLevel: p.onlineLevel, onlineType: p.onlineType, validFrom: p.validFrom, validTo: p.validTo },
          p.fees,
          agencies.map((a) => a.id),
        ),
      );
      imported++;
    } catch (err) {
      skipped.push((err as Error).message);
    }
  }
  ctx.log.info({ imported, skipped: skipped.length }, 'procedure catalog imported');
  return { imported, skipped };
});
