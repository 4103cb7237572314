/**
 * The environment of meetings and notifications (e-Cabinet): mail, SMS, online rooms, reminders.
 * Its variables join the hub's schema (env.ts); `meetingsConfig` is what config.ts makes of them.
 * Outside production the SMS gateway is the sandbox (at PORTAL_URL) and the rooms' secret a
 * development one; in production a gateway or a room provider used is configured with its secret.
 */
import { z } from 'zod';
import { int, url } from './zod-fields.js';

export const MEETING_ENV = {
  /** The SMTP server notifications are mailed through, `smtp://user:pass@host:port` or `smtps://…` (unset: no email; notifications by email fail and say so). */
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  /** The sender of notification emails (default `Liên Thông Hub <no-reply@localhost>`; required in production with SMTP_URL). */
  MAIL_FROM: z.string().min(3).optional(),
  /** The SMS brand-name gateway's base URL (eSMS's JSON API; default outside production: PORTAL_URL, the sandbox; unset in production: no SMS). */
  SMS_URL: url(['http:', 'https:']).optional(),
  /** The gateway's ApiKey and SecretKey (defaults outside production: the sandbox's; required in production with SMS_URL). */
  SMS_API_KEY: z.string().min(4).optional(),
  SMS_SECRET_KEY: z.string().min(8, 'must be at least 8 characters').optional(),
  /** The brand name registered with the carriers (at most 11 characters). */
  SMS_BRANDNAME: z.string().min(2).max(11).default('UBND HP'),
  /** Attempts and first retry delay of a notification (doubled each time). */
  NOTIFY_ATTEMPTS: int(1, 50).default(6),
  NOTIFY_BACKOFF_MS: int(1, 3_600_000).default(30_000),
  /** How long before an opinion form's deadline the reminder goes out, in ms (default a day). */
  OPINION_REMIND_BEFORE_MS: int(0, 30 * 86_400_000).default(86_400_000),
  /** Jitsi Meet's base URL for online meetings' rooms (unset: no rooms are issued). */
  JITSI_URL: url(['http:', 'https:']).optional(),
  /** The `iss` and HS256 secret of the rooms' JWTs, as the Jitsi deployment's app id and secret (the secret: a development one outside production, required in production with JITSI_URL). */
  JITSI_APP_ID: z.string().min(1).default('lien-thong-hub'),
  JITSI_APP_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** How long a room's JWT is valid, in seconds (default 4 hours). */
  JITSI_TOKEN_TTL_S: int(60, 86_400).default(14_400),
};

type MeetingEnv = z.output<z.ZodObject<typeof MEETING_ENV>> & {
  NODE_ENV: string;
  PORTAL_URL?: string | undefined;
};

export interface MeetingsConfig {
  mail: { url?: string; from: string };
  sms: { url?: string; apiKey: string; secretKey: string; brandname: string };
  notify: { attempts: number; backoffMs: number };
  remindBeforeMs: number;
  rooms: { url?: string; appId: string; secret: string; tokenTtlS: number };
}

export function meetingsConfig(e: MeetingEnv): MeetingsConfig {
  const dev = e.NODE_ENV !== 'production';
  return {
    mail: { url: e.SMTP_URL, from: e.MAIL_FROM ?? 'Liên Thông Hub <no-reply@localhost>' },
    sms: {
      url: e.SMS_URL ?? (dev ? e.PORTAL_URL : undefined),
      apiKey: e.SMS_API_KEY ?? (dev ? 'sandbox-sms-key' : ''),
      secretKey: e.SMS_SECRET_KEY ?? (dev ? 'sandbox-sms-secret' : ''),
      brandname: e.SMS_BRANDNAME,
    },
    notify: { attempts: e.NOTIFY_ATTEMPTS, backoffMs: e.NOTIFY_BACKOFF_MS },
    remindBeforeMs: e.OPINION_REMIND_BEFORE_MS,
    rooms: {
      url: e.JITSI_URL?.replace(/\/$/, ''),
      appId: e.JITSI_APP_ID,
      secret: e.JITSI_APP_SECRET ?? (dev ? 'development-jitsi-secret-not-for-production' : ''),
      tokenTtlS: e.JITSI_TOKEN_TTL_S,
    },
  };
}

/** What production requires of these variables (called from production.ts's check). */
export function requireMeetingSecrets(c: Partial<MeetingEnv>, ctx: z.RefinementCtx): void {
  const need = (when: unknown, key: keyof MeetingEnv, because: string) => {
    if (when && !c[key]) ctx.addIssue({ code: 'custom', path: [key], message: `is required in production ${because}` });
  };
  need(c.SMTP_URL, 'MAIL_FROM', 'when SMTP_URL is set');
  need(c.SMS_URL, 'SMS_API_KEY', 'when SMS_URL is set');
  need(c.SMS_URL, 'SMS_SECRET_KEY', 'when SMS_URL is set');
  need(c.JITSI_URL, 'JITSI_APP_SECRET', 'when JITSI_URL is set');
}
