/** The GraphQL adapter of notifications: a person's channel preferences and their notifications. */
import { Arg, Ctx, Field, InputType, Int, ObjectType, Resolver, registerEnumType } from 'type-graphql';
import { BadUserInputError } from '../../common/errors.js';
import { personOf, type HubContext } from '../../core/context.js';
import { HubMutation, HubQuery } from '../../graphql/guard.js';
import { JsonObjectScalar } from '../../graphql/scalars.js';
import { CHANNELS, type Channel } from './notification.service.js';

enum NotificationChannel {
  EMAIL = 'EMAIL',
  SMS = 'SMS',
}
registerEnumType(NotificationChannel, {
  name: 'NotificationChannel',
  description: 'Kênh thông báo — how a person is told',
  valuesConfig: {
    EMAIL: { description: 'Thư điện tử — email' },
    SMS: { description: 'Tin nhắn SMS — SMS (brand name)' },
  },
});

@InputType('NotificationPreferencesInput', {
  description: 'Tùy chọn nhận thông báo — your addresses and the channels you want to be told on',
})
class NotificationPreferencesInput {
  @Field(() => String, { nullable: true, description: 'Thư điện tử — your email address' }) email?: string | null;
  @Field(() => String, { nullable: true, description: 'Số điện thoại di động — your mobile number (0… or 84…)' })
  phone?: string | null;
  @Field(() => [NotificationChannel], { description: 'Kênh — the channels you want (none: no notification)' })
  channels!: Channel[];
}

@ObjectType('NotificationPreferences', { description: 'Tùy chọn nhận thông báo — your addresses and channels' })
class NotificationPreferencesType {
  @Field(() => String, { nullable: true, description: 'Thư điện tử — email address' }) email!: string | null;
  @Field(() => String, { nullable: true, description: 'Số điện thoại — mobile number' }) phone!: string | null;
  @Field(() => [NotificationChannel], { description: 'Kênh — the channels chosen' }) channels!: string[];
}

@ObjectType('Notification', { description: 'Thông báo — one message to you on one channel, and what became of it' })
class NotificationType {
  @Field(() => String, { description: 'Mã — its id (the email Message-ID, the SMS RequestId)' }) id!: string;
  @Field(() => String, {
    description: 'Kênh — EMAIL, SMS, or NONE (you had chosen no channel: recorded, not sent)',
  })
  channel!: string;
  @Field(() => String, { description: 'Mẫu — the template, e.g. OPINION_REMINDER' }) template!: string;
  @Field(() => JsonObjectScalar, { description: 'Nội dung — the values of the template' }) params!: object;
  @Field(() => String, { description: 'Trạng thái — PENDING, SENT, FAILED or SKIPPED' }) status!: string;
  @Field(() => Int, { description: 'Số lần gửi — attempts' }) attempts!: number;
  @Field(() => String, { nullable: true, description: 'Lỗi cuối — the last failure' }) lastError!: string | null;
  @Field(() => Date, { description: 'Ngày tạo — when it was recorded' }) createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'Đã gửi lúc — when the provider took it' }) sentAt!: Date | null;
}

const EMAIL = /^[^\s@<>,;"]{1,64}@[^\s@<>,;"]{1,190}\.[^\s@<>,;".]{2,}$/;
const PHONE = /^(\+?84|0)(3|5|7|8|9)\d{8}$/;

function contactOwner(ctx: HubContext) {
  const caller = personOf(ctx, 'Notification preferences are a person’s: a system has none');
  return { subject: caller.id, agencyId: caller.agencyId };
}

@Resolver()
export class NotificationResolver {
  @HubQuery(() => NotificationPreferencesType, {
    nullable: true,
    description: 'Tùy chọn nhận thông báo của tôi — your addresses and channels (null: none set)',
  })
  async myNotificationPreferences(@Ctx() ctx: HubContext): Promise<NotificationPreferencesType | null> {
    return ctx.db.personContact.findUnique({ where: { subject: contactOwner(ctx).subject } });
  }

  @HubMutation(() => NotificationPreferencesType, {
    description:
      'Đặt tùy chọn nhận thông báo — your email and mobile number and the channels you want (meetings, opinion forms)',
  })
  async setNotificationPreferences(
    @Arg('input', () => NotificationPreferencesInput, { description: 'Tùy chọn — addresses and channels' })
    input: NotificationPreferencesInput,
    @Ctx() ctx: HubContext,
  ): Promise<NotificationPreferencesType> {
    const { subject, agencyId } = contactOwner(ctx);
    const email = input.email?.trim() || null;
    const phone = input.phone?.replace(/[\s.-]/g, '') || null;
    if (email && (email.length > 254 || !EMAIL.test(email)))
      throw new BadUserInputError('"email" is not an email address', { field: 'email' });
    if (phone && !PHONE.test(phone))
      throw new BadUserInputError('"phone" is not a Vietnamese mobile number', { field: 'phone' });
    const channels = [...new Set(input.channels)].filter((c) => (CHANNELS as readonly string[]).includes(c));
    if (channels.includes('EMAIL') && !email)
      throw new BadUserInputError('The EMAIL channel needs an email address', { field: 'email' });
    if (channels.includes('SMS') && !phone)
      throw new BadUserInputError('The SMS channel needs a mobile number', { field: 'phone' });
    // the audit row names the person, never the addresses
    ctx.auditTargets.push(`person:${subject}`);
    return ctx.db.personContact.upsert({
      where: { subject },
      create: { subject, agencyId, email, phone, channels },
      update: { agencyId, email, phone, channels },
    });
  }

  @HubQuery(() => [NotificationType], {
    description: 'Thông báo của tôi — the notifications recorded for you, newest first',
  })
  async myNotifications(
    @Arg('first', () => Int, { defaultValue: 20, description: 'Số lượng — how many, 1 to 100' }) first: number,
    @Ctx() ctx: HubContext,
  ): Promise<NotificationType[]> {
    if (first < 1 || first > 100) throw new BadUserInputError('"first" is 1 to 100', { field: 'first' });
    return ctx.db.notification.findMany({
      where: { subject: contactOwner(ctx).subject },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: first,
    }) as Promise<NotificationType[]>;
  }
}
