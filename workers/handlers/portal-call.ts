/**
 * One guarded call to the portal for a job: waits (delayed, no attempt spent) while the breaker is
 * open, feeds the breaker, and turns the portal's refusal into a permanent failure that keeps its
 * message. `onFailure` records the failure where users see it.
 */
import { DelayedError, UnrecoverableError } from 'bullmq';
import { PortalRefusedError, type PortalClient } from '../../src/integrations/portal/portal.client.js';
import type { JobContext, WorkerDeps } from '../registry.js';

export async function callPortal(
  ctx: WorkerDeps & JobContext,
  service: string,
  call: (portal: PortalClient) => Promise<Record<string, unknown>>,
  onFailure: (message: string, final: boolean) => Promise<void> = async () => undefined,
): Promise<Record<string, unknown>> {
  const { portal, breaker, job, token } = ctx;
  if (!portal) throw new UnrecoverableError('PORTAL_URL is not configured');
  const wait = await breaker.admit('portal');
  if (wait > 0) {
    await job.moveToDelayed(Date.now() + wait, token);
    throw new DelayedError();
  }
  try {
    const answer = await call(portal);
    await breaker.success('portal');
    return answer;
  } catch (err) {
    const refused = err instanceof PortalRefusedError;
    // a refusal is an answer: the portal is up
    await (refused ? breaker.success('portal') : breaker.failure('portal'));
    const final = refused || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const message = refused ? `the portal refused (${err.errorCode}): ${err.message}` : (err as Error).message;
    await onFailure(message, final);
    ctx.log.warn({ service, final, problem: message }, 'portal call failed');
    if (refused) throw new UnrecoverableError(message);
    throw err;
  }
}
