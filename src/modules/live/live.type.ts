import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { DeliveryType } from '../document/document.type.js';

export enum DeliveryChangeKind {
  CREATED = 'CREATED',
  STATUS = 'STATUS',
  REVOKED = 'REVOKED',
  UPDATED = 'UPDATED',
}
registerEnumType(DeliveryChangeKind, {
  name: 'DeliveryChangeKind',
  description: 'Loại thay đổi — what happened to a delivery',
  valuesConfig: {
    CREATED: { description: 'Văn bản đến — a new document delivered to the agency' },
    STATUS: { description: 'Cập nhật trạng thái — the other side reported a status (edXML 01-06, 13, 15, 16)' },
    REVOKED: { description: 'Thu hồi — the sender revoked the document' },
    UPDATED: { description: 'Cập nhật văn bản — the sender updated the document (waits for 15 or 16)' },
  },
});

@ObjectType('DeliveryChange', { description: 'Thay đổi lượt gửi — a delivery as it is after a change' })
export class DeliveryChangeType {
  @Field(() => DeliveryChangeKind, { description: 'Loại thay đổi — what happened' }) change!: DeliveryChangeKind;
  @Field(() => DeliveryType, { description: 'Lượt gửi — the delivery, read when the change reached you' })
  delivery!: DeliveryType;
}
