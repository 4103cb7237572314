/** Theo dõi trực tiếp — live updates (GraphQL subscriptions): what this module brings to the hub. */
import { LiveResolver } from './live.resolver.js';
import { defineModule } from '../module.js';

export const liveModule = defineModule({
  name: 'live',
  resolvers: [LiveResolver],
});
