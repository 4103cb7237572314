/** Personal data stays out of the logs, even inside error messages (a Prisma validation error prints its arguments). */
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger, scrubError } from '../../src/common/logger.js';
import { createPrisma } from '../../src/db/client.js';

function memoryLogger() {
  const lines: string[] = [];
  const log = createLogger(
    'info',
    {},
    new Writable({ write: (chunk, _e, cb) => void (lines.push(...String(chunk).split('\n').filter(Boolean)), cb()) }),
  );
  return { log, text: () => lines.join('\n') };
}

// a client that never needs its database: validation fails before any query is sent
const prisma = createPrisma('postgresql://postgres@127.0.0.1:5432/postgres');
afterAll(() => prisma.$disconnect());

describe('the logger', () => {
  it('keeps the reason of a Prisma validation error and drops the arguments it prints', async () => {
    const err = await prisma.dossier
      .create({
        data: {
          code: 'X',
          applicantName: 'Nguyễn Thị Dân',
          applicantIdNumber: '031190001234',
          applicantPhone: '0912345678',
          channel: 'two',
        } as never,
      })
      .catch((e: Error) => e);
    expect(String((err as Error).message)).toContain('031190001234'); // what would have leaked
    const { log, text } = memoryLogger();
    log.error({ err }, 'request failed with an unexpected error');
    expect(text()).toContain('[arguments not logged]');
    expect(text()).toContain('Argument `receivingAgencyId` is missing');
    for (const leaked of ['Nguyễn', '031190001234', '0912345678']) expect(text()).not.toContain(leaked);
  });

  it('masks ID and phone numbers in any error, and leaves codes, amounts and ids alone', () => {
    const { log, text } = memoryLogger();
    const err = new Error(
      'lookup of 0912 345 678 and +84912345678 and 031190001234 failed for 000.00.51.H24-261128-0001, amount 2000000000, id 0f0e0d0c-0000-4000-8000-012345678901',
    );
    log.warn({ err }, 'x');
    const line = JSON.parse(text()) as { err: { message: string; stack: string } };
    expect(line.err.message).toBe(
      'lookup of [number] and [number] and [number] failed for 000.00.51.H24-261128-0001, amount 2000000000, id 0f0e0d0c-0000-4000-8000-012345678901',
    );
    expect(line.err.stack.split('\n')[0]).toBe(`Error: ${line.err.message}`);
  });

  it('redacts personal fields wherever they are', () => {
    const { log, text } = memoryLogger();
    log.info({ applicant: { idNumber: '031190001234', phone: '0912345678', email: 'dan@example.vn' } }, 'x');
    expect(text()).not.toMatch(/031190001234|0912345678|dan@example/);
  });

  it('scrubs an error that leaves the process (a failed job kept in Redis)', () => {
    const err = scrubError(new Error('citizen 031190001234'));
    expect(err.message).toBe('citizen [number]');
    expect(err.stack).not.toContain('031190001234');
  });
});
