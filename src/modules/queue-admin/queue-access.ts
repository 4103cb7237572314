/** Reaching the queues from a request: Redis configured and answering, a queue named by the schema. */
import { BadUserInputError, NotFoundError, ServiceUnavailableError } from '../../common/errors.js';
import type { HubContext } from '../../core/context.js';
import { ALL_QUEUES, type QueueName } from '../../jobs/job-catalog.js';
import type { Queues } from '../../jobs/queues.js';

export function queuesOf(ctx: HubContext): Queues {
  if (!ctx.queues) throw new ServiceUnavailableError('Redis is not configured');
  return ctx.queues;
}

export function queueNamed(name: string): QueueName {
  if (!(ALL_QUEUES as string[]).includes(name))
    throw new BadUserInputError(`"${name}" is not a queue (${ALL_QUEUES.join(', ')})`, { field: 'queue' });
  return name as QueueName;
}

/** Redis calls fail fast; say so with the stable code. */
export async function redisCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof BadUserInputError || err instanceof NotFoundError) throw err;
    throw new ServiceUnavailableError('Redis is not answering', { cause: (err as Error).message });
  }
}
