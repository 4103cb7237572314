/** Nhật ký kiểm toán — the audit chain: what this module brings to the hub. */
import { AuditResolver } from './audit.resolver.js';
import { auditCheckpointHandler, auditJobs, auditSchedules, auditVerifyHandler } from './audit.jobs.js';
import { defineModule } from '../module.js';

export const auditModule = defineModule({
  name: 'audit',
  resolvers: [AuditResolver],
  jobs: auditJobs,
  handlers: [auditVerifyHandler, auditCheckpointHandler],
  schedules: auditSchedules,
});
