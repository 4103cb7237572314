/** Thanh toán — payments and their gateways: what this module brings to the hub. */
import { PaymentResolver } from './payment.resolver.js';
import { createPaymentLoaders } from './payment.loaders.js';
import { defineModule } from '../module.js';

export const paymentModule = defineModule({
  name: 'payment',
  resolvers: [PaymentResolver],
  loaders: createPaymentLoaders,
});
