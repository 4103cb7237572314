/** Thanh toán — payments and their gateways: what this module brings to the hub. */
import { PaymentResolver } from './payment.resolver.js';
import { createPaymentLoaders } from './payment.loaders.js';
import {
  paymentExpireHandler,
  paymentJobs,
  paymentSchedules,
  paymentStartHandler,
  reconcileHandler,
} from './payment.jobs.js';
import { paymentCallbackRoutes } from './payment-callback.http.js';
import { defineModule } from '../module.js';
import { paymentRepository } from './payment.repository.js';
import { toPaymentType } from './payment.type.js';
import { scopeOf } from '../../core/access.js';
import { callerOf } from '../../core/context.js';

export const paymentModule = defineModule({
  name: 'payment',
  resolvers: [PaymentResolver],
  loaders: createPaymentLoaders,
  jobs: paymentJobs,
  handlers: [paymentStartHandler, paymentExpireHandler, reconcileHandler],
  schedules: paymentSchedules,
  routes: [{ path: '/callbacks', router: paymentCallbackRoutes }],
  nodes: [
    {
      typename: 'Payment',
      table: 'payment',
      load: async (ctx, id): Promise<object | null> => {
        const p = await paymentRepository.findVisible(scopeOf(callerOf(ctx)), ctx.db, id);
        return p && toPaymentType(p);
      },
    },
  ],
});
