/**
 * Attacks on the audit chain by someone with full SQL access but not AUDIT_KEY nor the checkpoint
 * directory: the newest rows deleted (and the hub chaining onto the shortened head), a row altered
 * and every later hash recomputed (plain SHA-256, HMAC under a wrong key), checkpoints forged.
 * `auditChain` over HTTP names each one, and the daily check fails loudly.
 */
import { createHash, createHmac } from 'node:crypto';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { QueueEvents, UnrecoverableError } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/common/logger.js';
import { QueueName } from '../../src/jobs/job-catalog.js';
import { Queues } from '../../src/jobs/queues.js';
import { auditChainName, signCheckpoint } from '../../src/modules/audit/audit-checkpoint.js';
import { auditCheckpointHandler, auditVerifyHandler } from '../../src/modules/audit/audit.jobs.js';
import { startWorkers } from '../../workers/worker-pool.js';
import { ok, startTestHub, type TestHub } from '../support/hub.js';

let hub: TestHub;
let admin: string;
let officer: string;
let checkpointDir: string;
const ISSUE = `mutation($input: IssueApiKeyInput!) { issueApiKey(input: $input) { apiKey { id } } }`;
const CHAIN =
  '{ auditChain { ok checkedRows headSeq headHash firstBrokenSeq problem problemKind checkpointSeq checkpointAt keyedFromSeq } }';

/** What the workers' logger wrote (the production logger, to memory). */
const workerLogs: Array<Record<string, any>> = [];
const log = createLogger(
  'info',
  {},
  new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n').filter(Boolean)) workerLogs.push(JSON.parse(line));
      cb();
    },
  }),
);
/** A handler run as the worker would run it (only what these handlers use). */
const run = (handler: typeof auditCheckpointHandler) =>
  handler.handle({ reason: 'manual' } as never, { config: hub.config, prisma: hub.prisma, log } as never);

const chain = async () => ok(await hub.gql(CHAIN, {}, admin)).auditChain;
const rows = async () => (await hub.sql('SELECT * FROM audit_log ORDER BY seq')).rows;
const checkpointFiles = async () => {
  const months = await readdir(checkpointDir).catch(() => [] as string[]);
  const files = await Promise.all(
    months.map(async (m) => (await readdir(path.join(checkpointDir, m))).map((f) => `${m}/${f}`)),
  );
  return files.flat().sort();
};

// ---- what an attacker with SQL access can do ---------------------------------------------------

type Row = Record<string, any>;
/** The row's canonical form, recomputed from the table as an attacker would. */
const canonical = (r: Row) =>
  JSON.stringify([
    String(r.seq),
    new Date(r.at).toISOString(),
    r.actor_type,
    r.actor_id,
    r.role,
    r.agency_code,
    r.operation,
    r.target_ids,
    r.request_id,
    r.outcome,
    r.error_code,
    r.prev_hash,
  ]);
const plainSha256 = (r: Row) => createHash('sha256').update(canonical(r)).digest('hex');
const hmacUnder = (key: string) => (r: Row) => createHmac('sha256', key).update(canonical(r)).digest('hex');

async function withTriggersOff(fn: () => Promise<unknown>): Promise<void> {
  await hub.sql('ALTER TABLE audit_log DISABLE TRIGGER USER');
  try {
    await fn();
  } finally {
    await hub.sql('ALTER TABLE audit_log ENABLE TRIGGER USER');
  }
}

/** Change row `seq`, then recompute its hash and every later row's (prevHash and hash) with `hashOf`. */
async function rewriteFrom(seq: number, change: (r: Row) => void, hashOf: (r: Row) => string): Promise<void> {
  await withTriggersOff(async () => {
    let prevHash: string | undefined;
    for (const r of await rows()) {
      if (Number(r.seq) < seq) continue;
      if (Number(r.seq) === seq) change(r);
      if (prevHash) r.prev_hash = prevHash;
      r.hash = hashOf(r);
      prevHash = r.hash;
      await hub.sql(
        'UPDATE audit_log SET outcome = $2, error_code = $3, operation = $4, prev_hash = $5, hash = $6 WHERE seq = $1',
        [r.seq, r.outcome, r.error_code, r.operation, r.prev_hash, r.hash],
      );
    }
  });
}

/** Put the table back exactly as it was (rows, hashes). */
async function restore(snapshot: Row[]): Promise<void> {
  await withTriggersOff(async () => {
    await hub.sql('DELETE FROM audit_log');
    await hub.sql('INSERT INTO audit_log SELECT * FROM json_populate_recordset(NULL::audit_log, $1)', [
      JSON.stringify(snapshot),
    ]);
  });
  expect(await chain()).toMatchObject({ ok: true, problemKind: null });
}

beforeAll(async () => {
  hub = await startTestHub({ AUDIT_KEY: 'tamper-test-audit-key-0123456789-abcdefghijklmnop' });
  checkpointDir = path.join(hub.config.audit.checkpointDir, auditChainName(hub.config));
  admin = await hub.token({ role: 'ADMIN', sub: 'tamper-admin' });
  officer = await hub.token({ role: 'OFFICER', agency: '000.00.53.H24', sub: 'tamper-officer' });
  for (let i = 0; i < 3; i++) {
    ok(await hub.gql(ISSUE, { input: { agencyCode: '000.00.53.H24', name: `phần mềm ${i}` } }, admin));
    await hub.gql(ISSUE, { input: { agencyCode: '000.00.53.H24', name: `không được phép ${i}` } }, officer);
  }
});
afterAll(() => hub?.close());

describe('the audit chain against an attacker inside PostgreSQL', () => {
  let snapshot: Row[];

  it('is keyed, checkpointed outside the database (signed, 0600, no personal data), and verifies against the checkpoint', async () => {
    const all = await rows();
    expect(all).toHaveLength(6);
    // new rows carry HMAC-SHA256 under AUDIT_KEY, not plain SHA-256
    for (const r of all) {
      expect(r.hash).toBe(hmacUnder(hub.config.audit.key)(r));
      expect(r.hash).not.toBe(plainSha256(r));
    }
    expect(await chain()).toMatchObject({ ok: true, checkpointSeq: null, keyedFromSeq: '1' });

    const result = await run(auditCheckpointHandler);
    expect(result).toMatchObject({ checkedRows: 6, headSeq: '6', checkpointSeq: '6' });
    const files = await checkpointFiles();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^\d{4}-\d{2}\/0{19}6\.json$/);
    const file = path.join(checkpointDir, files[0]!);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const content = JSON.parse(await readFile(file, 'utf8'));
    expect(Object.keys(content).sort()).toEqual(['at', 'chain', 'hash', 'keyedFrom', 'rows', 'seq', 'sig', 'v']);
    expect(content).toMatchObject({ seq: '6', rows: 6, keyedFrom: '1', hash: all[5]!.hash, chain: hub.dbName });
    expect(JSON.stringify(content)).not.toMatch(/tamper-|000\.00\.53|issueApiKey/);

    const report = await chain();
    expect(report).toMatchObject({
      ok: true,
      checkedRows: 6,
      headSeq: '6',
      checkpointSeq: '6',
      problemKind: null,
      firstBrokenSeq: null,
    });
    expect(new Date(report.checkpointAt).getTime()).toBe(Date.parse(content.at));

    // nothing new: no new checkpoint; new rows: checkpointed after checking only the rows since
    expect(await run(auditCheckpointHandler)).toMatchObject({ checkedRows: 1, checkpointSeq: '6' });
    expect(await checkpointFiles()).toHaveLength(1);
    ok(await hub.gql(ISSUE, { input: { agencyCode: '000.00.53.H24', name: 'thêm' } }, admin));
    expect(await run(auditCheckpointHandler)).toMatchObject({ checkedRows: 2, headSeq: '7', checkpointSeq: '7' });
    expect(await checkpointFiles()).toHaveLength(2);
    snapshot = await rows();
  });

  it('reports the newest rows deleted (TAIL_DELETED), also once the hub chained new rows onto the shortened head', async () => {
    await withTriggersOff(() => hub.sql('DELETE FROM audit_log WHERE seq = 7'));
    expect(await chain()).toMatchObject({
      ok: false,
      problemKind: 'TAIL_DELETED',
      headSeq: '6',
      firstBrokenSeq: '7',
      checkpointSeq: '7',
    });

    // the next mutation chains onto row 6: a valid keyed row 7, but not the checkpointed one
    ok(await hub.gql(ISSUE, { input: { agencyCode: '000.00.53.H24', name: 'sau khi xóa' } }, admin));
    const after = await chain();
    expect(after).toMatchObject({
      ok: false,
      problemKind: 'TAIL_DELETED',
      headSeq: '7',
      firstBrokenSeq: '7',
      checkpointSeq: '7',
    });
    expect(after.problem).toMatch(/deleted/);

    // the checkpoint job refuses too, and writes nothing over the evidence
    const before = await checkpointFiles();
    await expect(run(auditCheckpointHandler)).rejects.toBeInstanceOf(UnrecoverableError);
    expect(await checkpointFiles()).toEqual(before);
    await restore(snapshot);

    // several rows at once
    await withTriggersOff(() => hub.sql('DELETE FROM audit_log WHERE seq >= 5'));
    expect(await chain()).toMatchObject({ ok: false, problemKind: 'TAIL_DELETED', headSeq: '4', firstBrokenSeq: '5' });
    // the whole table
    await withTriggersOff(() => hub.sql('DELETE FROM audit_log'));
    expect(await chain()).toMatchObject({ ok: false, problemKind: 'TAIL_DELETED', headSeq: null, firstBrokenSeq: '1' });
    await restore(snapshot);
  });

  it('reports a row altered and every later hash recomputed with plain SHA-256 (REWRITTEN), from the middle or from the first row', async () => {
    const refusal = (r: Row) => {
      r.outcome = 'SUCCESS';
      r.error_code = null;
    };
    await rewriteFrom(2, refusal, plainSha256);
    const middle = await chain();
    expect(middle).toMatchObject({ ok: false, problemKind: 'REWRITTEN', firstBrokenSeq: '2', checkedRows: 1 });
    expect(middle.problem).toMatch(/without the key/);
    await restore(snapshot);

    // the whole chain downgraded to plain SHA-256 looks like rows older than the key: the checkpoint tells
    await rewriteFrom(1, (r) => void (r.operation = 'forged'), plainSha256);
    const all = await chain();
    expect(all).toMatchObject({ ok: false, problemKind: 'REWRITTEN', checkpointSeq: '7' });
    expect(all.problem).toMatch(/checkpoint/);
    await restore(snapshot);
  });

  it('reports a rewrite rehashed with HMAC under a key that is not AUDIT_KEY (REWRITTEN)', async () => {
    await rewriteFrom(
      3,
      (r) => void (r.operation = 'forged'),
      hmacUnder('an-attacker-guess-of-the-audit-key-0123456789'),
    );
    const report = await chain();
    expect(report).toMatchObject({ ok: false, problemKind: 'REWRITTEN', firstBrokenSeq: '3', checkedRows: 2 });
    expect(report.problem).toMatch(/row 3 was altered/);
    await restore(snapshot);
  });

  it('reports a checkpoint that does not verify (CHECKPOINT_INVALID) and does not trust it', async () => {
    const latest = (await checkpointFiles()).map((f) => path.join(checkpointDir, f)).at(-1);
    const original = await readFile(latest!, 'utf8');

    // lowered to the row before, to hide a deleted tail: the signature no longer matches
    const lowered = { ...JSON.parse(original), seq: '6', hash: snapshot[5]!.hash, rows: 6 };
    await writeFile(latest!, JSON.stringify(lowered));
    await withTriggersOff(() => hub.sql('DELETE FROM audit_log WHERE seq = 7'));
    const report = await chain();
    expect(report).toMatchObject({ ok: false, problemKind: 'CHECKPOINT_INVALID', checkpointSeq: null });
    expect(report.problem).toMatch(/signature/);
    await writeFile(latest!, original);
    await restore(snapshot);

    // a newer one signed with another key, and a genuine one of another chain
    const forged = signCheckpoint('not-the-audit-key-but-long-enough-0123456789', hub.dbName, {
      seq: 99n,
      hash: 'a'.repeat(64),
      at: new Date(),
      rows: 99,
      keyedFrom: 1n,
    });
    const forgedFile = path.join(path.dirname(latest!), `${'99'.padStart(20, '0')}.json`);
    await writeFile(forgedFile, JSON.stringify(forged));
    expect(await chain()).toMatchObject({ ok: false, problemKind: 'CHECKPOINT_INVALID' });
    await writeFile(
      forgedFile,
      JSON.stringify(
        signCheckpoint(hub.config.audit.key, 'another_database', {
          seq: 99n,
          hash: 'a'.repeat(64),
          at: new Date(),
          rows: 99,
          keyedFrom: 1n,
        }),
      ),
    );
    expect((await chain()).problem).toMatch(/another chain/);
    await writeFile(forgedFile, 'not json');
    expect(await chain()).toMatchObject({ ok: false, problemKind: 'CHECKPOINT_INVALID' });
    await rm(forgedFile);
    expect(await chain()).toMatchObject({ ok: true, checkpointSeq: '7' });
  });

  it('fails the daily check loudly: fatal with alert, the job failed for good, no checkpoint over the evidence', async () => {
    await withTriggersOff(() => hub.sql('DELETE FROM audit_log WHERE seq = 7'));
    const before = await checkpointFiles();

    // the handler itself
    await expect(run(auditVerifyHandler)).rejects.toThrow(UnrecoverableError);
    const fatal = workerLogs.filter((l) => l.level === 'fatal');
    expect(fatal.at(-1)).toMatchObject({
      alert: true,
      problemKind: 'TAIL_DELETED',
      firstBrokenSeq: '7',
      checkpointSeq: '7',
      msg: 'the audit chain is broken',
    });

    // …and as a job of the real workers
    const redis = new Redis(hub.config.redisUrl!, { maxRetriesPerRequest: null });
    const events = new QueueEvents(QueueName.Maintenance, {
      connection: new Redis(hub.config.redisUrl!, { maxRetriesPerRequest: null }),
      prefix: hub.redisPrefix,
    });
    const workers = await startWorkers({ config: hub.config, prisma: hub.prisma, log }, hub.config.redisUrl!);
    try {
      await redis.ping();
      await events.waitUntilReady();
      const queues = new Queues(redis, hub.config);
      const id = await queues.enqueue('audit.verify', { reason: 'manual' });
      const job = (await queues.get(QueueName.Maintenance).getJob(id!))!;
      await expect(job.waitUntilFinished(events, 20_000)).rejects.toThrow(
        /audit chain broken: rows from 7 on were deleted/,
      );
      const failed = (await queues.get(QueueName.Maintenance).getJob(id!))!;
      expect(await failed.isFailed()).toBe(true);
      expect(failed.attemptsMade).toBe(1);
      expect(workerLogs.filter((l) => l.level === 'fatal' && l.jobId === id)).toEqual([
        expect.objectContaining({ alert: true, problemKind: 'TAIL_DELETED' }),
      ]);
      // the checkpoint schedule (scheduled although DAILY_JOBS is off) runs alongside and writes nothing either
      expect(await queues.get(QueueName.Maintenance).getJobSchedulers()).toContainEqual(
        expect.objectContaining({ key: 'audit.checkpoint.every', every: hub.config.audit.checkpointMs }),
      );
      await queues.close();
    } finally {
      await workers.close();
      await events.close();
      redis.disconnect();
    }
    expect(await checkpointFiles()).toEqual(before);
    // no personal data in what was logged
    expect(JSON.stringify(workerLogs)).not.toMatch(/tamper-(admin|officer)|phần mềm/);
    await restore(snapshot);
  });
});
