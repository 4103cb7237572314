/** Live updates from a unit of work: announced once its transaction has committed (src/jobs/live-feed.ts). */
import type { LiveEvent } from '../jobs/live-feed.js';
import type { HubContext } from './context.js';

/** Announce `event` to `agencyIds` (and every-agency readers) after the current change commits. */
export function announce(ctx: HubContext, event: LiveEvent, agencyIds: ReadonlyArray<string | null | undefined>): void {
  const queues = ctx.queues;
  if (queues) ctx.afterCommit.push(() => queues.live.publish(event, agencyIds));
}
