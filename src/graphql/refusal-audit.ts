/**
 * Audit rows of refused and failed attempts are written on their own, after the attempt's
 * transaction rolled back. They must never hold up real work: each process appends them one at a
 * time (a flood of refusals queues here, not on the audit chain's lock that every mutation takes),
 * and past MAX_WAITING waiting rows the surplus is counted in the log instead of written.
 */
import type { Logger } from '../common/logger.js';
import type { PrismaClient } from '../db/client.js';
import { auditService, type AuditEntry } from '../modules/audit/audit.service.js';

const MAX_WAITING = 200;
let tail: Promise<unknown> = Promise.resolve();
let waiting = 0;
let dropped = 0;

export function appendRefusal(prisma: PrismaClient, entry: AuditEntry, log: Logger): Promise<void> {
  if (waiting >= MAX_WAITING) {
    dropped++;
    if (dropped === 1 || dropped % 100 === 0) log.warn({ dropped, operation: entry.operation }, 'too many refusals waiting for the audit chain: counted, not written');
    return Promise.resolve();
  }
  waiting++;
  const run = tail
    .then(() => auditService.appendAlone(prisma, entry))
    .then(
      () => undefined,
      (err: unknown) => log.error({ err, operation: entry.operation }, 'could not write the audit row of a refused or failed operation'),
    )
    .finally(() => {
      waiting--;
    });
  tail = run;
  return run;
}
