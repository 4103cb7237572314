import { loader } from '../../common/loader.js';
import type { Db } from '../../db/client.js';
import { portalSyncRepository, type PortalSyncRow } from './portal-sync.repository.js';
import { dossierRepository, type DossierEventRow, type DossierResultRow, type DossierSupplementRow } from './dossier.repository.js';

function byDossier<T extends { dossierId: string }>(fetch: (db: Db, ids: readonly string[]) => Promise<T[]>, db: () => Db) {
  return loader<string, T[]>(async (ids) => {
    const groups = new Map<string, T[]>();
    for (const r of await fetch(db(), ids)) groups.set(r.dossierId, [...(groups.get(r.dossierId) ?? []), r]);
    return ids.map((id) => groups.get(id) ?? []);
  });
}

export function createDossierLoaders(db: () => Db) {
  return {
    dossierEvents: byDossier<DossierEventRow>(dossierRepository.eventsOf, db),
    dossierSupplements: byDossier<DossierSupplementRow>(dossierRepository.supplementsOf, db),
    dossierResults: byDossier<DossierResultRow>(dossierRepository.resultsOf, db),
    portalSyncByDossierId: loader<string, PortalSyncRow | null>(async (ids) => {
      const byId = new Map((await portalSyncRepository.findMany(db(), ids)).map((s) => [s.dossierId, s]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}
