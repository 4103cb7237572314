/** Cơ quan — the agencies directory: what this module brings to the hub. */
import { AgencyResolver } from './agency.resolver.js';
import { createAgencyLoaders } from './agency.loaders.js';
import { seedDirectory } from './agency.seed.js';
import { defineModule } from '../module.js';

export const agencyModule = defineModule({
  name: 'agency',
  resolvers: [AgencyResolver],
  loaders: createAgencyLoaders,
  seed: seedDirectory,
});
