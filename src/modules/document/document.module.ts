/** Văn bản điện tử — documents and their deliveries: what this module brings to the hub. */
import { DeliveryEventResolver, DeliveryResolver, DocumentResolver } from './document.resolver.js';
import { DocumentStatsResolver } from './document-stats.resolver.js';
import { createDocumentLoaders } from './document.loaders.js';
import { defineModule } from '../module.js';

export const documentModule = defineModule({
  name: 'document',
  resolvers: [DocumentResolver, DeliveryResolver, DeliveryEventResolver, DocumentStatsResolver],
  loaders: createDocumentLoaders,
});
