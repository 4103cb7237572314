/** Thông báo — notifications to people by email and SMS: what this module brings to the hub. */
import { defineModule } from '../module.js';
import {
  notificationJobs,
  notificationRelayHandler,
  notificationSchedules,
  notificationSendHandler,
} from './notification.jobs.js';
import { NotificationResolver } from './notification.resolver.js';

export const notificationModule = defineModule({
  name: 'notification',
  resolvers: [NotificationResolver],
  jobs: notificationJobs,
  handlers: [notificationSendHandler, notificationRelayHandler],
  schedules: notificationSchedules,
});
