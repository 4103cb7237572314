/**
 * Theo dõi trực tiếp — GraphQL subscriptions: an agency's deliveries, dossiers and payments as
 * they change, scoped like queries (src/graphql/live-server.ts serves them; src/jobs/live-feed.ts carries the
 * events). Each event is read again, in the subscriber's scope, when it reaches the subscriber.
 */
import { filter, map, pipe } from '@graphql-yoga/subscription';
import { Arg, ID, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { BadUserInputError, ForbiddenError, ServiceUnavailableError } from '../../common/errors.js';
import { scopeOf, type Scope } from '../../core/access.js';
import { callerOf, type HubContext } from '../../core/context.js';
import { liveTopic, type LiveEvent } from '../../jobs/live-feed.js';
import { askedAgency } from '../agency/agency.service.js';
import { documentRepository } from '../document/document.repository.js';
import { DossierType } from '../dossier/dossier.type.js';
import { dossierRepository } from '../dossier/dossier.repository.js';
import { dossierService } from '../dossier/dossier.service.js';
import { paymentRepository } from '../payment/payment.repository.js';
import { PaymentType, toPaymentType } from '../payment/payment.type.js';
import { DeliveryChangeKind, DeliveryChangeType } from './live.type.js';
import { MeetingType } from '../meeting/meeting.type.js';
import { visibleMeeting } from '../meeting/meeting.service.js';

/** The events of the agency named (or the caller's own; every agency's for ADMIN and LEADER), each read by `read`. */
async function feed<T extends object>(
  ctx: HubContext,
  agencyCode: string | null | undefined,
  read: (event: LiveEvent, scope: Scope) => Promise<T | null>,
): Promise<AsyncIterable<T>> {
  const caller = callerOf(ctx);
  if (!ctx.live) throw new ServiceUnavailableError('Live updates need Redis, which this hub is not given');
  const agencyId = await askedAgency(ctx, agencyCode);
  if (agencyId === undefined) {
    if (agencyCode)
      throw new BadUserInputError(`The agency ${agencyCode} is not in the agencies directory`, { field: 'agencyCode' });
    throw new ForbiddenError('Your credentials name no agency: name one (agencyCode) as ADMIN or LEADER');
  }
  const scope = scopeOf(caller);
  const events = ctx.live.subscribe(liveTopic(ctx.config.queuePrefix, agencyId));
  return pipe(
    events,
    map(async (event): Promise<T | null> => {
      // what this subscription's loaders read for an earlier event is not the state now
      for (const loader of Object.values(ctx.loaders)) loader.clearAll();
      try {
        return await read(event, scope);
      } catch (err) {
        ctx.log.warn({ err, event }, 'a live update could not be read: the subscriber misses it');
        return null;
      }
    }),
    filter((x: T | null): x is T => x !== null),
  );
}

type Args<A> = SubscribeResolverData<unknown, A, HubContext>;

@Resolver()
export class LiveResolver {
  @Subscription(() => DeliveryChangeType, {
    description:
      "Văn bản đến và trạng thái — your agency's new deliveries and their status changes, revocations and updates, as they happen",
    subscribe: ({ args, context }: Args<{ agencyCode?: string | null }>) =>
      feed(context, args.agencyCode, async (e, scope) => {
        if (e.kind !== 'delivery') return null;
        const delivery = await documentRepository.findDeliveryById(scope, context.prisma, e.deliveryId);
        return delivery && { change: e.change as DeliveryChangeKind, delivery };
      }),
  })
  deliveryChanged(
    @Root() change: DeliveryChangeType,
    @Arg('agencyCode', () => String, {
      nullable: true,
      description: 'Mã định danh — the agency whose deliveries (default: yours; ADMIN and LEADER: every agency)',
    })
    _agencyCode?: string | null,
  ): DeliveryChangeType {
    return change;
  }

  @Subscription(() => DossierType, {
    description:
      'Hồ sơ thay đổi — dossiers your agency receives or handles, each time one changes (status, step, result, payment)',
    subscribe: async ({ args, context }: Args<{ agencyCode?: string | null; code?: string | null }>) => {
      // one dossier: it must be the caller's (FORBIDDEN otherwise), and exist
      let only: string | undefined;
      if (args.code) {
        const d = await dossierService.get(context, args.code);
        if (!d) throw new BadUserInputError(`No dossier has the code ${args.code.trim()}`, { field: 'code' });
        only = d.id;
      }
      return feed(context, args.agencyCode, async (e, scope) => {
        if (e.kind !== 'dossier' || (only && e.dossierId !== only)) return null;
        return dossierRepository.findById(scope, context.prisma, e.dossierId);
      });
    },
  })
  dossierChanged(
    @Root() dossier: DossierType,
    @Arg('agencyCode', () => String, {
      nullable: true,
      description: 'Mã định danh — the agency whose dossiers (default: yours; ADMIN and LEADER: every agency)',
    })
    _agencyCode?: string | null,
    @Arg('code', () => String, { nullable: true, description: 'Mã hồ sơ — only this dossier' })
    _code?: string | null,
  ): DossierType {
    return dossier;
  }

  @Subscription(() => PaymentType, {
    description:
      "Kết quả thanh toán — your agency's payments, each time one changes (started with its URL, paid, failed, expired)",
    subscribe: ({ args, context }: Args<{ agencyCode?: string | null }>) =>
      feed(context, args.agencyCode, async (e, scope) => {
        if (e.kind !== 'payment') return null;
        const p = await paymentRepository.findVisible(scope, context.prisma, e.paymentId);
        return p && toPaymentType(p);
      }),
  })
  paymentChanged(
    @Root() payment: PaymentType,
    @Arg('agencyCode', () => String, {
      nullable: true,
      description: 'Mã định danh — the agency whose payments (default: yours; ADMIN and LEADER: every agency)',
    })
    _agencyCode?: string | null,
  ): PaymentType {
    return payment;
  }

  @Subscription(() => MeetingType, {
    description:
      'Diễn biến cuộc họp — a meeting your agency convenes or takes part in, each time it changes (published, answers, votes opened, ballots, results)',
    subscribe: async ({ args, context }: Args<{ id: string }>) => {
      // the meeting must be the caller's to see (FORBIDDEN otherwise), and exist
      if (!(await visibleMeeting(context, args.id)))
        throw new BadUserInputError('No meeting has this id', { field: 'id' });
      return feed(context, null, async (e) => {
        if (e.kind !== 'meeting' || e.meetingId !== args.id) return null;
        return visibleMeeting(context, e.meetingId).catch(() => null);
      });
    },
  })
  meetingChanged(
    @Root() meeting: MeetingType,
    @Arg('id', () => ID, { description: 'Mã cuộc họp — the meeting' }) _id: string,
  ): MeetingType {
    return meeting;
  }

  @Subscription(() => MeetingType, {
    description:
      'Lịch họp thay đổi — every meeting your agency convenes or is invited to, as it changes: a new invitation (published), answers, votes, cancellation, conclusion (ADMIN, LEADER: name an agency)',
    subscribe: ({ args, context }: Args<{ agencyCode?: string | null }>) =>
      feed(context, args.agencyCode, async (e) =>
        e.kind === 'meeting' ? visibleMeeting(context, e.meetingId).catch(() => null) : null,
      ),
  })
  meetingsChanged(
    @Root() meeting: MeetingType,
    @Arg('agencyCode', () => String, {
      nullable: true,
      description: 'Mã định danh — the agency whose meetings (default: yours; ADMIN and LEADER name one)',
    })
    _agencyCode?: string | null,
  ): MeetingType {
    return meeting;
  }
}
