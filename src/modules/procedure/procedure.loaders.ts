import { groupedLoader, loader } from '../../common/loader.js';
import type { Db } from '../../db/client.js';
import { procedureRepository, type ProcedureFeeRow, type ProcedureRow } from './procedure.repository.js';

export function createProcedureLoaders(db: () => Db) {
  return {
    procedureById: loader<string, ProcedureRow | null>(async (ids) => {
      const byId = new Map((await procedureRepository.findByIds(db(), ids)).map((p) => [p.id, p]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    feesByProcedureId: groupedLoader<string, ProcedureFeeRow>(
      (ids) => procedureRepository.feesOf(db(), ids),
      (r) => r.procedureId,
    ),
    agencyIdsByProcedureId: loader<string, string[]>(async (ids) => {
      const rows = await procedureRepository.agenciesOf(db(), ids);
      const byProcedure = new Map<string, string[]>();
      for (const r of rows) byProcedure.set(r.procedureId, [...(byProcedure.get(r.procedureId) ?? []), r.agencyId]);
      return ids.map((id) => byProcedure.get(id) ?? []);
    }),
  };
}
