/** Thủ tục hành chính — the procedure catalog: what this module brings to the hub. */
import { ProcedureResolver, toProcedureType } from './procedure.resolver.js';
import { createProcedureLoaders } from './procedure.loaders.js';
import { portalCatalogHandler, procedureJobs, procedureSchedules } from './procedure.jobs.js';
import { defineModule } from '../module.js';

export const procedureModule = defineModule({
  name: 'procedure',
  resolvers: [ProcedureResolver],
  loaders: createProcedureLoaders,
  jobs: procedureJobs,
  handlers: [portalCatalogHandler],
  schedules: procedureSchedules,
  nodes: [
    {
      typename: 'Procedure',
      table: 'procedure',
      load: async (ctx, id): Promise<object | null> => {
        const p = await ctx.loaders.procedureById.load(id);
        return p && toProcedureType(p);
      },
    },
  ],
});
