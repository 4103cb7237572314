/** Hàng đợi — queues for operators: what this module brings to the hub. */
import { QueueAdminResolver } from './queue-admin.resolver.js';
import { OperationsResolver } from './operations.resolver.js';
import { defineModule } from '../module.js';

export const queueAdminModule = defineModule({
  name: 'queue-admin',
  resolvers: [QueueAdminResolver, OperationsResolver],
});
