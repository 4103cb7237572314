/** Webhook — agencies' push notifications: what this module brings to the hub. */
import { WebhookResolver } from './webhook.resolver.js';
import { webhookDeliverHandler, webhookJobs, webhookRelayHandler, webhookSchedules } from './webhook.jobs.js';
import { defineModule } from '../module.js';

export const webhookModule = defineModule({
  name: 'webhook',
  resolvers: [WebhookResolver],
  jobs: webhookJobs,
  handlers: [webhookDeliverHandler, webhookRelayHandler],
  schedules: webhookSchedules,
});
