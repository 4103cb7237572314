/** Cơ quan — the agencies directory: what this module brings to the hub. */
import { AgencyResolver } from './agency.resolver.js';
import { createAgencyLoaders } from './agency.loaders.js';
import { seedDirectory } from './agency.seed.js';
import { defineModule } from '../module.js';
import { toAgencyType } from './agency.service.js';

export const agencyModule = defineModule({
  name: 'agency',
  resolvers: [AgencyResolver],
  loaders: createAgencyLoaders,
  seed: seedDirectory,
  nodes: [
    {
      typename: 'Agency',
      table: 'agency',
      load: async (ctx, id): Promise<object | null> => {
        const a = await ctx.loaders.agencyById.load(id);
        return a && toAgencyType(a);
      },
    },
  ],
});
