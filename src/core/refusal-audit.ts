/**
 * Audit rows of refused and failed attempts are written on their own, after the attempt's
 * transaction rolled back. They must never hold up real work: each process appends them one at a
 * time (a flood of refusals queues here, not in PostgreSQL).
 * Past MAX_WAITING waiting rows the surplus is counted per caller and operation and written as one
 * row per pair once the queue has room (operation `<name>(not written one by one)`, the count
 * among its targets): nothing disappears silently.
 */
import type { Logger } from '../common/logger.js';
import type { PrismaClient } from '../db/client.js';
import { auditService, type AuditEntry } from '../modules/audit/audit.service.js';

const MAX_WAITING = 200;
let tail: Promise<unknown> = Promise.resolve();
let waiting = 0;
const surplus = new Map<string, { entry: AuditEntry; count: number }>();

export function appendRefusal(prisma: PrismaClient, entry: AuditEntry, log: Logger): Promise<void> {
  if (waiting >= MAX_WAITING) {
    const key = `${entry.caller?.kind}:${entry.caller?.id}:${entry.operation}:${entry.outcome}`;
    const s = surplus.get(key) ?? { entry, count: 0 };
    s.count++;
    surplus.set(key, s);
    if (s.count === 1)
      log.warn(
        { operation: entry.operation },
        'too many refusals waiting for the audit chain: counted, written as one row later',
      );
    return Promise.resolve();
  }
  waiting++;
  const run = tail
    .then(() => auditService.appendAlone(prisma, entry))
    .then(
      () => auditService.sealSoon(prisma, log),
      (err: unknown) =>
        log.error(
          { err, operation: entry.operation },
          'could not write the audit row of a refused or failed operation',
        ),
    )
    .finally(() => {
      waiting--;
      if (surplus.size && waiting < MAX_WAITING / 2) flushSurplus(prisma, log);
    });
  tail = run;
  return run;
}

/** The counted surplus, one row per caller and operation. */
function flushSurplus(prisma: PrismaClient, log: Logger): void {
  for (const [key, s] of surplus) {
    surplus.delete(key);
    void appendRefusal(
      prisma,
      {
        ...s.entry,
        operation: `${s.entry.operation}(not written one by one)`,
        targetIds: [`count:${s.count}`],
        requestId: `aggregate-${s.entry.requestId}`,
      },
      log,
    );
  }
}
