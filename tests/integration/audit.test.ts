import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startTestHub, type TestHub } from '../support/hub.js';

let hub: TestHub;
let admin: string;
let officer: string;
const ISSUE = `mutation($input: IssueApiKeyInput!) { issueApiKey(input: $input) { secret apiKey { id } } }`;
const CHAIN = '{ auditChain { ok checkedRows headSeq firstBrokenSeq problem } }';

beforeAll(async () => {
  hub = await startTestHub();
  admin = await hub.token({ role: 'ADMIN', sub: 'audit-admin' });
  officer = await hub.token({ role: 'OFFICER', agency: '000.00.53.H24', sub: 'officer-le-chan' });
});
afterAll(() => hub?.close());

const rows = async () => (await hub.sql('SELECT * FROM audit_log ORDER BY seq')).rows;

describe('the audit trail', () => {
  it('records every mutation of a caller, allowed or refused, with actor, agency, targets, request id and outcome', async () => {
    const ok = await hub.gql(ISSUE, { input: { agencyCode: '000.00.53.H24', name: 'phần mềm một cửa' } }, admin, {
      'x-request-id': 'req-allowed-0001',
    });
    const keyId = ok.data.issueApiKey.apiKey.id;
    await hub.gql(ISSUE, { input: { agencyCode: '000.00.53.H24', name: 'không được phép' } }, officer, {
      'x-request-id': 'req-forbidden-01',
    });
    await hub.gql(ISSUE, { input: { agencyCode: '000.00.53.H24', name: 'ẩn danh' } }, null, {
      'x-request-id': 'req-anonymous-01',
    });
    await hub.gql(ISSUE, { input: { agencyCode: 'xx', name: 'mã sai' } }, admin, { 'x-request-id': 'req-badinput-01' });

    const all = await rows();
    expect(
      all.map((r) => [
        r.request_id,
        r.operation,
        r.outcome,
        r.error_code,
        r.actor_type,
        r.actor_id,
        r.role,
        r.agency_code,
      ]),
    ).toEqual([
      ['req-allowed-0001', 'issueApiKey', 'SUCCESS', null, 'USER', 'audit-admin', 'ADMIN', null],
      [
        'req-forbidden-01',
        'issueApiKey',
        'REFUSED',
        'FORBIDDEN',
        'USER',
        'officer-le-chan',
        'OFFICER',
        '000.00.53.H24',
      ],
      ['req-badinput-01', 'issueApiKey', 'REFUSED', 'BAD_USER_INPUT', 'USER', 'audit-admin', 'ADMIN', null],
    ]);
    expect(all[0].target_ids).toEqual(['000.00.53.H24', keyId]);
    // (a stranger's refusal is counted, not written: abuse.test.ts)
    expect(all.map((r) => Number(r.seq))).toEqual([1, 2, 3]);
  });

  it('keeps secrets out of the trail', async () => {
    const r = await hub.gql(ISSUE, { input: { agencyCode: '000.00.54.H24', name: 'khóa bí mật' } }, admin);
    const secret: string = r.data.issueApiKey.secret;
    const dump = JSON.stringify(await rows());
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain(/^lth_[A-Za-z0-9]+_(.+)$/.exec(secret)![1]!);
    expect(dump).not.toContain('khóa bí mật');
  });

  it('cannot be changed through SQL: UPDATE, DELETE and TRUNCATE are refused', async () => {
    await expect(hub.sql("UPDATE audit_log SET outcome = 'SUCCESS' WHERE seq = 2")).rejects.toThrow(/append-only/);
    await expect(hub.sql('DELETE FROM audit_log WHERE seq = 2')).rejects.toThrow(/append-only/);
    await expect(hub.sql('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
  });

  it('verifies when untouched, and finds the first altered row when someone gets past the trigger', async () => {
    const clean = await hub.gql(CHAIN, {}, admin);
    expect(clean.data.auditChain).toMatchObject({ ok: true, checkedRows: 4, headSeq: '4', firstBrokenSeq: null });

    // A superuser disables the trigger and turns a refusal into a success.
    await hub.sql('ALTER TABLE audit_log DISABLE TRIGGER USER');
    await hub.sql("UPDATE audit_log SET outcome = 'SUCCESS', error_code = NULL WHERE seq = 2");
    const altered = await hub.gql(CHAIN, {}, admin);
    expect(altered.data.auditChain).toMatchObject({ ok: false, firstBrokenSeq: '2', checkedRows: 1 });
    expect(altered.data.auditChain.problem).toMatch(/altered/);
  });

  it('detects a deleted row, and a rewritten row whose hash was recomputed', async () => {
    // restore row 2 exactly, then delete row 3
    await hub.sql("UPDATE audit_log SET outcome = 'REFUSED', error_code = 'FORBIDDEN' WHERE seq = 2");
    expect((await hub.gql(CHAIN, {}, admin)).data.auditChain.ok).toBe(true);
    await hub.sql('DELETE FROM audit_log WHERE seq = 3');
    const deleted = await hub.gql(CHAIN, {}, admin);
    expect(deleted.data.auditChain).toMatchObject({ ok: false, firstBrokenSeq: '3' });
    expect(deleted.data.auditChain.problem).toMatch(/missing/);

    // renumber to hide the gap and recompute that row's own hash: the next row no longer follows
    await hub.sql('UPDATE audit_log SET seq = seq - 1 WHERE seq > 3');
    const renumbered = await hub.gql(CHAIN, {}, admin);
    expect(renumbered.data.auditChain.ok).toBe(false);
    expect(renumbered.data.auditChain.firstBrokenSeq).toBe('3');
    await hub.sql('ALTER TABLE audit_log ENABLE TRIGGER USER');
  });

  it("lets an OFFICER read only their own agency's entries", async () => {
    const own = await hub.gql(
      '{ auditLog(first: 50) { totalCount edges { node { agencyCode operation outcome } } } }',
      {},
      officer,
    );
    expect(own.errors).toBeUndefined();
    expect(own.data.auditLog.totalCount).toBeGreaterThan(0);
    expect(new Set(own.data.auditLog.edges.map((e: any) => e.node.agencyCode))).toEqual(new Set(['000.00.53.H24']));
    expect(codeOf(await hub.gql(CHAIN, {}, officer))).toBe('FORBIDDEN');
  });
});
