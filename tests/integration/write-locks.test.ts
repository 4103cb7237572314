/**
 * Writes are not serialised city-wide: a mutation's transaction takes no lock another mutation
 * needs for its audit row, and a dossier number is drawn with a row lock that lasts one statement.
 * A transaction is held open while a second one, which may wait for no lock at all
 * (lock_timeout), does the same work; the chain then holds both rows, and verifies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditService } from '../../src/modules/audit/audit.service.js';
import { dossierRepository } from '../../src/modules/dossier/dossier.repository.js';
import { startTestHub, type TestHub } from '../support/hub.js';

let hub: TestHub;
let agencyId: string;

beforeAll(async () => {
  hub = await startTestHub();
  agencyId = (await hub.sql("SELECT id FROM agency WHERE code = '000.00.51.H24'")).rows[0].id;
});
afterAll(() => hub?.close());

const entry = (operation: string) => ({
  caller: null,
  operation,
  targetIds: [],
  requestId: operation,
  outcome: 'SUCCESS' as const,
});

describe('two mutations at once', () => {
  it('neither waits for the other: audit rows and dossier numbers take no lock held to commit', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let first = 0;
    let started!: () => void;
    const inside = new Promise<void>((r) => (started = r));
    const open = hub.prisma.$transaction(
      async (tx) => {
        await auditService.append(tx, entry('held-open'));
        first = await dossierRepository.nextSequence(hub.prisma, agencyId, '991231');
        started();
        await held;
      },
      { timeout: 30_000 },
    );
    await inside;
    // the second fails at once if it would wait for any lock
    const second = await hub.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL lock_timeout = '1s'`;
      await auditService.append(tx, entry('alongside'));
      return dossierRepository.nextSequence(hub.prisma, agencyId, '991231');
    });
    expect(second).toBe(first + 1);
    release();
    await open;

    const rows = (
      await hub.sql("SELECT seq, operation FROM audit_log WHERE operation IN ('held-open', 'alongside') ORDER BY seq")
    ).rows;
    // both chained, one after the other
    expect(rows.map((r) => r.operation).sort()).toEqual(['alongside', 'held-open']);
    expect(BigInt(rows[1].seq) - BigInt(rows[0].seq)).toBe(1n);
    expect((await auditService.verify(hub.prisma)).ok).toBe(true);
  });

  it('a rolled-back transaction leaves its number unused, never given twice', async () => {
    const drawn: number[] = [];
    await expect(
      hub.prisma.$transaction(async () => {
        drawn.push(await dossierRepository.nextSequence(hub.prisma, agencyId, '991230'));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    drawn.push(await dossierRepository.nextSequence(hub.prisma, agencyId, '991230'));
    expect(drawn).toEqual([1, 2]);
    expect(await hub.sql('SELECT count(*)::int AS n FROM audit_pending').then((r) => r.rows[0].n)).toBe(0);
  });
});
