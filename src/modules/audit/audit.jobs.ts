/**
 * The audit chain's checks. `audit.checkpoint` (every AUDIT_CHECKPOINT_MS) verifies the chain from
 * its latest checkpoint on and checkpoints the head outside PostgreSQL; `audit.verify` (daily)
 * walks the whole chain, compares it with the latest checkpoint and checkpoints the head too. Any
 * problem (a deleted tail, a rewrite, a gap, a broken link, a checkpoint that does not verify) is
 * logged at fatal with `alert: true` and fails the job for good; no checkpoint is written over it.
 */
import { UnrecoverableError } from 'bullmq';
import type { Logger } from '../../common/logger.js';
import type { Config } from '../../config/config.js';
import { defineHandler, defineSchedule } from '../../core/job-context.js';
import { QueueName, type JobSpecs } from '../../jobs/job-catalog.js';
import { auditCheckpointStore } from './audit-checkpoint.js';
import { auditService } from './audit.service.js';
import type { AuditChainReport } from './audit-chain.js';

declare module '../../jobs/job-catalog.js' {
  interface JobPayloads {
    /** Re-verify the audit chain and log loudly if it is broken. `reason` says who asked. */
    'audit.verify': { reason: 'schedule' | 'manual' };
    /** Verify the audit chain from its latest checkpoint on and checkpoint the head outside PostgreSQL (never over a problem). */
    'audit.checkpoint': { reason: 'schedule' | 'manual' };
  }
}

export const auditJobs: JobSpecs<'audit.verify' | 'audit.checkpoint'> = {
  'audit.verify': { queue: QueueName.Maintenance, jobId: () => undefined, attempts: 3, backoffMs: 10_000 },
  'audit.checkpoint': { queue: QueueName.Maintenance, jobId: () => undefined, attempts: 1, backoffMs: 1000 },
};

export const auditSchedules = (config: Config) => [
  // not a fixed hour: the checkpoints run whatever DAILY_JOBS says (they bound what a deleted tail can hide)
  defineSchedule({
    id: 'audit.checkpoint.every',
    job: 'audit.checkpoint',
    data: { reason: 'schedule' },
    repeat: { every: config.audit.checkpointMs },
  }),
  defineSchedule({
    id: 'audit.verify.daily',
    job: 'audit.verify',
    data: { reason: 'schedule' },
    repeat: { pattern: config.workers.auditVerifyCron },
    enabled: config.workers.dailyJobs,
  }),
];

/** Positions, kinds and times only: no row's content. */
function alert(log: Logger, report: AuditChainReport): never {
  log.fatal(
    {
      alert: true,
      problemKind: report.problemKind,
      firstBrokenSeq: report.firstBrokenSeq?.toString(),
      headSeq: report.headSeq?.toString(),
      checkpointSeq: report.checkpointSeq?.toString(),
      checkpointAt: report.checkpointAt?.toISOString(),
      problem: report.problem,
    },
    'the audit chain is broken',
  );
  throw new UnrecoverableError(`audit chain broken: ${report.problem}`);
}

export const auditVerifyHandler = defineHandler('audit.verify', async (_payload, { prisma, config, log }) => {
  const { report, written } = await auditService.checkpoint(prisma, auditCheckpointStore(config), { full: true });
  if (!report.ok) alert(log, report);
  if (report.checkpointSeq === null && report.headSeq !== null)
    log.warn(
      { headSeq: report.headSeq.toString() },
      'the audit chain had no checkpoint yet: a tail deleted before now could not be seen',
    );
  log.info(
    {
      checkedRows: report.checkedRows,
      headSeq: report.headSeq?.toString(),
      checkpointSeq: (written?.seq ?? report.checkpointSeq)?.toString(),
    },
    'the audit chain verified',
  );
  return {
    checkedRows: report.checkedRows,
    headSeq: report.headSeq?.toString() ?? null,
    headHash: report.headHash,
    checkpointSeq: (written?.seq ?? report.checkpointSeq)?.toString() ?? null,
  };
});

export const auditCheckpointHandler = defineHandler('audit.checkpoint', async (_payload, { prisma, config, log }) => {
  const { report, written } = await auditService.checkpoint(prisma, auditCheckpointStore(config));
  if (!report.ok) alert(log, report);
  if (written)
    log.info(
      { checkpointSeq: written.seq.toString(), checkedRows: report.checkedRows },
      'the audit chain checkpointed',
    );
  return {
    checkedRows: report.checkedRows,
    headSeq: report.headSeq?.toString() ?? null,
    checkpointSeq: (written?.seq ?? report.checkpointSeq)?.toString() ?? null,
  };
});
