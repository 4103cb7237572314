import { UnrecoverableError } from 'bullmq';
import { auditService } from '../../src/modules/audit/audit.service.js';
import { defineHandler } from '../registry.js';

/** Re-verify the audit chain; a broken chain fails the job (visible to admins) and logs at fatal. */
export const auditVerifyHandler = defineHandler('audit.verify', async (_payload, { prisma, log }) => {
  const report = await auditService.verify(prisma);
  if (!report.ok) {
    log.fatal({ firstBrokenSeq: report.firstBrokenSeq?.toString(), problem: report.problem }, 'the audit chain is broken');
    throw new UnrecoverableError(`audit chain broken: ${report.problem}`);
  }
  log.info({ checkedRows: report.checkedRows, headSeq: report.headSeq?.toString() }, 'the audit chain verified');
  return { checkedRows: report.checkedRows, headSeq: report.headSeq?.toString() ?? null, headHash: report.headHash };
});
