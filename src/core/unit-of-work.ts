/**
 * One audited unit of work: the transaction every mutation runs in (and the hub's own work as the
 * SYSTEM actor). The audit row is appended inside the same transaction, so both commit or
 * neither; a refused or failed attempt rolls back and its audit row is written on its own. After
 * commit the follow-ups run (enqueueing): a failure there loses nothing, the work waits in the
 * database for a relay.
 */
import { AppError } from '../common/errors.js';
import { auditService } from '../modules/audit/audit.service.js';
import { appendRefusal } from './refusal-audit.js';
import type { HubContext } from './context.js';

export async function runAudited<T>(
  context: HubContext,
  operation: string,
  work: () => Promise<T>,
  timeoutMs = 30_000,
): Promise<T> {
  const entry = () => ({
    caller: context.caller,
    operation,
    targetIds: context.auditTargets,
    requestId: context.requestId,
  });
  let result: T;
  try {
    result = await context.prisma.$transaction(
      async (tx) => {
        context.db = tx;
        context.dbScope.current = tx;
        try {
          const out = await work();
          await auditService.append(tx, { ...entry(), outcome: 'SUCCESS' });
          return out;
        } finally {
          context.db = context.prisma;
          context.dbScope.current = context.prisma;
        }
      },
      { timeout: timeoutMs, maxWait: 10_000 },
    );
  } catch (error) {
    context.afterCommit = [];
    const refused = error instanceof AppError;
    await appendRefusal(
      context.prisma,
      { ...entry(), outcome: refused ? 'REFUSED' : 'FAILED', errorCode: refused ? error.code : 'INTERNAL' },
      context.log,
    );
    throw error;
  }
  // the audit row into the chain (in the background: no mutation waits for another's)
  auditService.sealSoon(context.prisma, context.log);
  // loaders may hold rows read before the change
  for (const loader of Object.values(context.loaders)) loader.clearAll();
  for (const step of context.afterCommit.splice(0)) {
    try {
      await step();
    } catch (err) {
      context.log.warn({ err, operation }, 'a follow-up of a committed change failed; the relay will retry it');
    }
  }
  return result;
}
