/** Văn bản điện tử — documents and their deliveries: what this module brings to the hub. */
import { DeliveryEventResolver, DeliveryResolver, DocumentResolver, toDocumentType } from './document.resolver.js';
import { visibleDocument } from './document.service.js';
import { documentRepository } from './document.repository.js';
import { scopeOf } from '../../core/access.js';
import { callerOf } from '../../core/context.js';
import { DocumentStatsResolver } from './document-stats.resolver.js';
import { createDocumentLoaders } from './document.loaders.js';
import { defineModule } from '../module.js';

export const documentModule = defineModule({
  name: 'document',
  resolvers: [DocumentResolver, DeliveryResolver, DeliveryEventResolver, DocumentStatsResolver],
  loaders: createDocumentLoaders,
  nodes: [
    {
      typename: 'Document',
      table: 'document',
      load: async (ctx, id): Promise<object | null> => {
        const d = await visibleDocument(ctx, id);
        return d && toDocumentType(d);
      },
    },
    {
      typename: 'Delivery',
      table: 'delivery',
      load: (ctx, id): Promise<object | null> =>
        documentRepository.findDeliveryById(scopeOf(callerOf(ctx)), ctx.db, id),
    },
  ],
});
