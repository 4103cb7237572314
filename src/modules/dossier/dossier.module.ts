/** Hồ sơ — dossiers and their statuses: what this module brings to the hub. */
import { DossierResolver } from './dossier.resolver.js';
import { createDossierLoaders } from './dossier.loaders.js';
import { dossierJobs, portalStepHandler, portalSyncHandler } from './dossier.jobs.js';
import { resultFileRoutes } from './result-file.http.js';
import { defineModule } from '../module.js';
import { dossierRepository } from './dossier.repository.js';
import { scopeOf } from '../../core/access.js';
import { callerOf } from '../../core/context.js';

export const dossierModule = defineModule({
  name: 'dossier',
  resolvers: [DossierResolver],
  loaders: createDossierLoaders,
  jobs: dossierJobs,
  handlers: [portalSyncHandler, portalStepHandler],
  routes: [{ path: '/files/results', router: resultFileRoutes }],
  nodes: [
    {
      typename: 'Dossier',
      table: 'dossier',
      load: (ctx, id): Promise<object | null> => dossierRepository.findById(scopeOf(callerOf(ctx)), ctx.db, id),
    },
  ],
});
