/** Thủ tục hành chính — the procedure catalog: what this module brings to the hub. */
import { ProcedureResolver } from './procedure.resolver.js';
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
});
