/** A webhook call's states as a GraphQL enum (the column keeps the same words). */
import { registerEnumType } from 'type-graphql';

export const WebhookCallStatus = {
  PENDING: 'PENDING',
  DELIVERED: 'DELIVERED',
  FAILED: 'FAILED',
} as const;
registerEnumType(WebhookCallStatus, {
  name: 'WebhookCallStatus',
  description: 'Trạng thái lần gọi — where a webhook call stands',
  valuesConfig: {
    PENDING: { description: 'Chờ gửi — waiting or being retried with backoff' },
    DELIVERED: { description: 'Đã gửi — the webhook answered 2xx' },
    FAILED: { description: 'Thất bại — every attempt failed; lastError says why' },
  },
});
