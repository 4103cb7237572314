/**
 * Email through SMTP with nodemailer, one transport per process. The notification's id is the
 * Message-ID: a message sent again (an answer lost) is recognisably the same to its reader's
 * mail system. A 5xx answer refuses it for good; anything else is retried.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { MeetingsConfig } from '../../config/meetings.js';
import { UpstreamRefusedError, UpstreamTransientError } from '../../integrations/http.js';
import { withoutAddresses } from './redact.js';

const transports = new Map<string, Transporter>();

export async function sendMail(
  c: MeetingsConfig['mail'],
  m: { id: string; to: string; subject: string; text: string },
): Promise<string> {
  if (!c.url) throw new UpstreamRefusedError('NOT_CONFIGURED', 'SMTP_URL is not configured: no email is sent');
  let transport = transports.get(c.url);
  if (!transport) {
    const u = new URL(c.url);
    transport = nodemailer.createTransport({
      host: u.hostname,
      port: Number(u.port) || (u.protocol === 'smtps:' ? 465 : 587),
      secure: u.protocol === 'smtps:',
      // smtp://…?requireTLS=true: refuse to send unless the server upgrades to TLS (STARTTLS)
      requireTLS: u.searchParams.get('requireTLS') === 'true',
      ...(u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    transports.set(c.url, transport);
  }
  try {
    const info = (await transport.sendMail({
      from: c.from,
      to: m.to,
      subject: m.subject,
      text: m.text,
      messageId: `<${m.id}@lien-thong-hub>`,
    })) as { messageId?: string };
    return info.messageId ?? m.id;
  } catch (err) {
    const e = err as Error & { responseCode?: number };
    // its words without the recipient's address, which servers quote (550 <someone@…>: no such user)
    const message = `the SMTP server refused the message: ${withoutAddresses(e.message)}`;
    if (e.responseCode && e.responseCode >= 500) throw new UpstreamRefusedError(String(e.responseCode), message);
    throw new UpstreamTransientError(message);
  }
}
