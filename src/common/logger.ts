/** Structured JSON logs (pino). Personal data fields are redacted wherever they appear. */
import { pino, type Logger } from 'pino';

export type { Logger };

/** Paths never written to logs, whatever object carries them. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  '*.password',
  '*.secret',
  '*.apiKey',
  '*.token',
  '*.idNumber',
  '*.phone',
  '*.email',
];

export function createLogger(level: string, bindings: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { service: 'lien-thong-hub', ...bindings },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
  });
}
