/** Hồ sơ — dossiers and their statuses: what this module brings to the hub. */
import { DossierResolver } from './dossier.resolver.js';
import { createDossierLoaders } from './dossier.loaders.js';
import { defineModule } from '../module.js';

export const dossierModule = defineModule({
  name: 'dossier',
  resolvers: [DossierResolver],
  loaders: createDossierLoaders,
});
