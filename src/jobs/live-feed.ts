/**
 * Live updates (GraphQL subscriptions), the publishing side: a committed change is announced on a
 * Redis channel per agency it concerns and on one channel for those who read every agency, so
 * that every API process — whichever served the change, or a worker — tells its own subscribers.
 *
 * An event carries ids only (no personal data in Redis); a subscriber reads the object again, in
 * its own scope, when the event reaches it. Events are notices, not the record: one published
 * while Redis is away is dropped (PostgreSQL holds the change), so a client reads the current
 * state when it (re)subscribes.
 */
import type { Redis } from 'ioredis';

export type LiveEvent =
  | { kind: 'delivery'; change: 'CREATED' | 'STATUS' | 'REVOKED' | 'UPDATED'; deliveryId: string }
  | { kind: 'dossier'; dossierId: string }
  | { kind: 'payment'; paymentId: string }
  | { kind: 'meeting'; meetingId: string };

/** The channel of one agency's events, or (null) of every agency's. */
export const liveTopic = (prefix: string, agencyId: string | null) => `${prefix}:live:${agencyId ?? 'all'}`;

/** Where a subscription reads the events of one channel (the API's subscriber, src/graphql/live-server.ts). */
export interface LiveSource {
  subscribe(topic: string): AsyncIterable<LiveEvent>;
}

export class LiveFeed {
  constructor(
    private readonly connection: Redis,
    private readonly prefix: string,
  ) {}

  /**
   * Announces `event` to the agencies it concerns (and to every-agency readers). Never throws and
   * never waits for a Redis that is away: the change is committed already, the notice is a courtesy.
   */
  async publish(event: LiveEvent, agencyIds: ReadonlyArray<string | null | undefined>): Promise<void> {
    if (this.connection.status !== 'ready') return;
    const message = JSON.stringify(event);
    const topics = new Set([liveTopic(this.prefix, null)]);
    for (const id of agencyIds) if (id) topics.add(liveTopic(this.prefix, id));
    await Promise.all([...topics].map((t) => this.connection.publish(t, message))).catch(() => undefined);
  }
}
