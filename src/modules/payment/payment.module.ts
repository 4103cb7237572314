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

export const paymentModule = defineModule({
  name: 'payment',
  resolvers: [PaymentResolver],
  loaders: createPaymentLoaders,
  jobs: paymentJobs,
  handlers: [paymentStartHandler, paymentExpireHandler, reconcileHandler],
  schedules: paymentSchedules,
  routes: [{ path: '/callbacks', router: paymentCallbackRoutes }],
});
