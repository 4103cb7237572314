/** Per-request batching of agency relations: one query per relation per request level, never per row. */
import { groupedLoader, loader } from '../../common/loader.js';
import type { Db } from '../../db/client.js';
import { agencyRepository, type AgencyRow } from './agency.repository.js';

export function createAgencyLoaders(db: () => Db) {
  return {
    agencyById: loader<string, AgencyRow | null>(async (ids) => {
      const rows = await agencyRepository.findByIds(db(), ids);
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    agencyByCode: loader<string, AgencyRow | null>(async (codes) => {
      const rows = await agencyRepository.findByCodes(db(), codes);
      const byCode = new Map(rows.map((r) => [r.code, r]));
      return codes.map((c) => byCode.get(c) ?? null);
    }),
    childrenByParentId: groupedLoader<string, AgencyRow>(
      (ids) => agencyRepository.findChildren(db(), ids),
      (r) => r.parentId!,
    ),
  };
}
