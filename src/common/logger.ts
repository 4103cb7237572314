/**
 * Structured JSON logs (pino). Personal data fields are redacted wherever they appear, and errors
 * are scrubbed before they are written: a Prisma validation error prints the arguments of the
 * failed call (names, ID numbers, phone numbers), so only its reason is kept, and anything shaped
 * like a Vietnamese ID or phone number is masked in every error's text.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Paths never written to logs, whatever object carries them. */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.secret',
  '*.apiKey',
  '*.token',
  '*.idNumber',
  '*.phone',
  '*.email',
  '*.payerIdNumber',
  '*.payerAddress',
  '*.violatorName',
  '*.SoCMNDNguoiNop',
  '*.DiaChiNguoiNop',
  '*.SoGiayToChuHoSo',
];

/** 9-12 digits from 0 or +84 (CMND, CCCD, mobile and landline numbers), spaces or dots allowed between digits. */
const ID_OR_PHONE = /(?<![\w.-])(?:\+84|0)(?:[ .]?\d){8,11}(?![\w-])/g;
/** Prisma's "Invalid `prisma.x.y()` invocation" and the call it prints (source lines, arguments), up to the reason in the last paragraph. */
const PRISMA_ARGUMENTS = /(Invalid `[^`]*` invocation)[\s\S]*\n\n/;

export function scrubText(text: string): string {
  return text.replace(PRISMA_ARGUMENTS, '$1 [arguments not logged]: ').replace(ID_OR_PHONE, '[number]');
}

function scrubDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDeep(v, depth + 1)]));
}

/** pino's error serializer, scrubbed; the stack keeps the scrubbed message and the frames only. */
function serializeError(err: unknown): unknown {
  if (!(err instanceof Error)) return typeof err === 'string' ? scrubText(err) : err;
  const out = scrubDeep(pino.stdSerializers.err(err)) as Record<string, unknown>;
  // a validation error in another shape than expected: none of its text is safe
  if (err.name === 'PrismaClientValidationError' && !String(out['message']).includes('[arguments not logged]'))
    out['message'] = 'Invalid Prisma call [arguments not logged]';
  if (typeof err.stack === 'string') {
    const frames = err.stack.split('\n').filter((l) => /^\s+at /.test(l));
    out['stack'] = [`${String(out['type'] ?? err.name)}: ${String(out['message'] ?? '')}`, ...frames].join('\n');
  }
  return out;
}

/** The same scrubbing on an error that leaves the process (a failed job's reason and stack kept in Redis). */
export function scrubError<E>(err: E): E {
  if (err instanceof Error) {
    const clean = serializeError(err) as { message?: string; stack?: string };
    err.message = clean.message ?? '';
    if (clean.stack) err.stack = clean.stack;
  }
  return err;
}

export function createLogger(
  level: string,
  bindings: Record<string, unknown> = {},
  destination?: DestinationStream,
): Logger {
  const options = {
    level,
    base: { service: 'lien-thong-hub', ...bindings },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: serializeError },
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
}
