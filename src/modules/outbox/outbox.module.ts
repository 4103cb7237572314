/** Hộp thư đi — the transactional outbox and its sweep: what this module brings to the hub. */
import { outboxJobs, outboxRelayHandler, outboxSchedules } from './outbox.jobs.js';
import { defineModule } from '../module.js';

export const outboxModule = defineModule({
  name: 'outbox',
  jobs: outboxJobs,
  handlers: [outboxRelayHandler],
  schedules: outboxSchedules,
});
