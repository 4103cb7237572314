import { loader } from '../../common/loader.js';
import type { Db } from '../../db/client.js';
import { procedureRepository, type ProcedureFeeRow, type ProcedureRow } from './procedure.repository.js';

export function createProcedureLoaders(db: () => Db) {
  return {
    procedureById: loader<string, ProcedureRow | null>(async (ids) => {
      const byId = new Map((await procedureRepository.findByIds(db(), ids)).map((p) => [p.id, p]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    feesByProcedureId: loader<string, ProcedureFeeRow[]>(async (ids) => {
      const rows = await procedureRepository.feesOf(db(), ids);
      return ids.map((id) => rows.filter((r) => r.procedureId === id));
    }),
    agencyIdsByProcedureId: loader<string, string[]>(async (ids) => {
      const rows = await procedureRepository.agenciesOf(db(), ids);
      return ids.map((id) => rows.filter((r) => r.procedureId === id).map((r) => r.agencyId));
    }),
  };
}
