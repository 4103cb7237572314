/**
 * One guarded call to a national system for a job: waits (delayed, no attempt spent) while that
 * upstream's breaker is open, feeds the breaker, and turns the system's refusal into a permanent
 * failure that keeps its message. `onFailure` records the failure where users see it.
 */
import { DelayedError, UnrecoverableError } from 'bullmq';
import { UpstreamRefusedError } from '../integrations/http.js';
import { retryPolicy } from './job-catalog.js';
import { scrubText } from '../common/logger.js';
import type { AxisClient } from '../integrations/axis/axis.client.js';
import type { PortalClient } from '../integrations/portal/portal.client.js';
import type { HandlerContext } from '../core/job-context.js';
import type { UPSTREAMS } from './circuit-breaker.js';

type Ctx = HandlerContext;

const none = async () => undefined;

/** `upstream` names its breaker (circuit-breaker.ts UPSTREAMS); `label` is how errors name it. */
export async function guardedCall<T>(
  ctx: Ctx,
  upstream: (typeof UPSTREAMS)[number],
  label: string,
  service: string,
  call: () => Promise<T>,
  onFailure: (message: string, final: boolean) => Promise<void> = none,
): Promise<T> {
  const { breaker, job, token } = ctx;
  const wait = await breaker.admit(upstream);
  if (wait > 0) {
    await job.moveToDelayed(Date.now() + wait, token);
    throw new DelayedError();
  }
  // the breaker's bookkeeping never decides the call's outcome: Redis failing after an answer
  // must not turn that answer (a payment URL, say) into a failure
  const count = (outcome: 'success' | 'failure') =>
    breaker[outcome](upstream).catch((e: Error) => {
      ctx.log.warn({ upstream, problem: e.message }, 'the circuit breaker could not count a call');
      return false;
    });
  let answer: T;
  try {
    answer = await call();
  } catch (err) {
    const refused = err instanceof UpstreamRefusedError;
    // a refusal is an answer: the upstream is up
    if (refused) await count('success');
    else if (await count('failure'))
      ctx.log.warn({ upstream, service }, 'circuit breaker opened: calls to this upstream wait for the cooldown');
    const final = refused || job.attemptsMade + 1 >= retryPolicy(job.name, ctx.config).attempts;
    // scrubbed: a refusal may quote the data (an ID or phone number) into logs and lastError
    const message = scrubText(refused ? `${label} refused (${err.errorCode}): ${err.message}` : (err as Error).message);
    await onFailure(message, final);
    ctx.log.warn({ service, final, problem: message }, `${upstream} call failed`);
    if (refused) throw new UnrecoverableError(message);
    throw err;
  }
  await count('success');
  return answer;
}

export function callPortal<T>(
  ctx: Ctx,
  service: string,
  call: (portal: PortalClient) => Promise<T>,
  onFailure: (message: string, final: boolean) => Promise<void> = none,
): Promise<T> {
  const portal = ctx.portal;
  if (!portal) throw new UnrecoverableError('PORTAL_URL is not configured');
  return guardedCall(ctx, 'portal', 'the portal', service, () => call(portal), onFailure);
}

export function callAxis<T>(ctx: Ctx, service: string, call: (axis: AxisClient) => Promise<T>): Promise<T> {
  const axis = ctx.axis;
  if (!axis) throw new UnrecoverableError('AXIS_URL (or PORTAL_URL) is not configured');
  return guardedCall(ctx, 'axis', 'the document axis', service, () => call(axis));
}
