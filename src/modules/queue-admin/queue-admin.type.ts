/** The admin view's code sets as GraphQL enums: the queues of the job catalog, a breaker's states. */
import { registerEnumType } from 'type-graphql';
import { QueueName } from '../../jobs/job-catalog.js';

/**
 * The queues, named as GraphQL enum values (`PORTAL`) whose internal values are the queues' own
 * names (`portal`): built from the job catalog, so a new queue is listed without an edit here.
 */
export const HubQueue = Object.fromEntries(Object.entries(QueueName).map(([key, name]) => [key.toUpperCase(), name]));
registerEnumType(HubQueue, {
  name: 'HubQueue',
  description: 'Hàng đợi — a queue of the hub (its BullMQ name is the value in lower case)',
  valuesConfig: {
    MAINTENANCE: { description: 'Bảo trì — housekeeping of the hub itself (audit seals, relays, sweeps)' },
    WEBHOOKS: { description: "Gọi webhook — POSTs to agencies' webhooks" },
    PORTAL: {
      description: 'Hệ thống quốc gia — the National Public Service Portal, the document axis and the payment gateways',
    },
  },
});

export const BreakerState = {
  CLOSED: 'CLOSED',
  OPEN: 'OPEN',
  HALF_OPEN: 'HALF_OPEN',
} as const;
registerEnumType(BreakerState, {
  name: 'BreakerState',
  description: 'Trạng thái cầu dao — whether calls to the upstream go through',
  valuesConfig: {
    CLOSED: { description: 'Đóng — calls go through' },
    OPEN: { description: 'Mở — calls are refused at once until openUntil' },
    HALF_OPEN: { description: 'Nửa mở — a trial call decides whether it closes again' },
  },
});
