/**
 * What production (NODE_ENV unset or `production`) requires of the environment: every secret and
 * address given, none defaulted. Development and test run on generated development secrets.
 */
import type { z } from 'zod';
import { requireMeetingSecrets } from './meetings.js';

/** The variables the production check reads (as the schema parsed them). */
interface ProductionFields {
  NODE_ENV: string;
  AUDIT_KEY?: string | undefined;
  AXIS_SECRET?: string | undefined;
  AXIS_URL?: string | undefined;
  DATABASE_URL?: string | undefined;
  EDXML_SIGNING_CERT_FILE?: string | undefined;
  EDXML_SIGNING_KEY_FILE?: string | undefined;
  JWT_PUBLIC_KEY?: string | undefined;
  JWT_SECRET?: string | undefined;
  PAYGOV_ACCESS_KEY?: string | undefined;
  PAYGOV_SECRET_KEY?: string | undefined;
  PAYGOV_URL?: string | undefined;
  PAYMENT_SECRET_KEY?: string | undefined;
  PORTAL_PASSWORD?: string | undefined;
  PORTAL_URL?: string | undefined;
  PUBLIC_URL?: string | undefined;
  REDIS_URL?: string | undefined;
  WEBHOOK_SIGNING_KEY?: string | undefined;
}

export function requireProductionSecrets(c: ProductionFields, ctx: z.RefinementCtx): void {
  if (c.NODE_ENV !== 'production') return;
  for (const key of ['DATABASE_URL', 'REDIS_URL'] as const) {
    if (!c[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required in production' });
  }
  if (!c.PAYMENT_SECRET_KEY)
    ctx.addIssue({ code: 'custom', path: ['PAYMENT_SECRET_KEY'], message: 'is required in production' });
  if (c.PAYGOV_URL) {
    for (const key of ['PAYGOV_ACCESS_KEY', 'PAYGOV_SECRET_KEY'] as const) {
      if (!c[key])
        ctx.addIssue({ code: 'custom', path: [key], message: 'is required in production when PAYGOV_URL is set' });
    }
  }
  if (c.PORTAL_URL && !c.PORTAL_PASSWORD)
    ctx.addIssue({
      code: 'custom',
      path: ['PORTAL_PASSWORD'],
      message: 'is required in production when PORTAL_URL is set',
    });
  if ((c.AXIS_URL ?? c.PORTAL_URL) && !c.AXIS_SECRET)
    ctx.addIssue({
      code: 'custom',
      path: ['AXIS_SECRET'],
      message: 'is required in production when the axis is used (AXIS_URL or PORTAL_URL)',
    });
  if (!c.EDXML_SIGNING_KEY_FILE || !c.EDXML_SIGNING_CERT_FILE)
    ctx.addIssue({
      code: 'custom',
      path: ['EDXML_SIGNING_KEY_FILE'],
      message: 'and EDXML_SIGNING_CERT_FILE are required in production',
    });
  if (!c.PUBLIC_URL)
    ctx.addIssue({
      code: 'custom',
      path: ['PUBLIC_URL'],
      message: 'is required in production (result files are linked from the portal)',
    });
  if (!c.AUDIT_KEY) ctx.addIssue({ code: 'custom', path: ['AUDIT_KEY'], message: 'is required in production' });
  if (!c.WEBHOOK_SIGNING_KEY)
    ctx.addIssue({ code: 'custom', path: ['WEBHOOK_SIGNING_KEY'], message: 'is required in production' });
  requireMeetingSecrets(c as never, ctx);
  if (!c.JWT_SECRET && !c.JWT_PUBLIC_KEY) {
    ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'or JWT_PUBLIC_KEY is required in production' });
  }
}
