import { groupedLoader, loader } from '../../common/loader.js';
import type { Db } from '../../db/client.js';
import { portalSyncRepository, type PortalSyncRow } from './portal-sync.repository.js';
import {
  dossierRepository,
  type DossierEventRow,
  type DossierResultRow,
  type DossierSupplementRow,
} from './dossier.repository.js';

export function createDossierLoaders(db: () => Db) {
  return {
    dossierEvents: groupedLoader<string, DossierEventRow>(
      (ids) => dossierRepository.eventsOf(db(), ids),
      (r) => r.dossierId,
    ),
    dossierSupplements: groupedLoader<string, DossierSupplementRow>(
      (ids) => dossierRepository.supplementsOf(db(), ids),
      (r) => r.dossierId,
    ),
    dossierResults: groupedLoader<string, DossierResultRow>(
      (ids) => dossierRepository.resultsOf(db(), ids),
      (r) => r.dossierId,
    ),
    portalSyncByDossierId: loader<string, PortalSyncRow | null>(async (ids) => {
      const byId = new Map((await portalSyncRepository.findMany(db(), ids)).map((s) => [s.dossierId, s]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}
