/** Xác thực — API keys and the caller: what this module brings to the hub. */
import { AuthResolver } from './auth.resolver.js';
import { defineModule } from '../module.js';

export const authModule = defineModule({
  name: 'auth',
  resolvers: [AuthResolver],
});
