import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_JWT_SECRET, codeOf, startTestHub, type TestHub } from '../support/hub.js';

let hub: TestHub;
let admin: string;
const ME = '{ me { kind id role agency { code } } }';

beforeAll(async () => {
  hub = await startTestHub();
  admin = await hub.token({ role: 'ADMIN', sub: 'root-admin' });
});
afterAll(() => hub?.close());

const sign = (
  claims: Record<string, unknown>,
  opts: { secret?: string; issuer?: string; audience?: string; exp?: number | string } = {},
) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('someone')
    .setIssuer(opts.issuer ?? hub.config.jwt.issuer)
    .setAudience(opts.audience ?? hub.config.jwt.audience)
    .setExpirationTime(opts.exp ?? '1h')
    .sign(new TextEncoder().encode(opts.secret ?? TEST_JWT_SECRET));

describe('authentication failures', () => {
  it('refuses a call without credentials with UNAUTHENTICATED and HTTP 401', async () => {
    const r = await hub.gql(ME, {}, null);
    expect(r.status).toBe(401);
    expect(codeOf(r)).toBe('UNAUTHENTICATED');
    expect(r.data).toBeUndefined();
  });

  it.each([
    [
      'a token signed with another secret',
      () => sign({ role: 'ADMIN' }, { secret: 'another-secret-another-secret-another-secret' }),
      /not valid/,
    ],
    ['an expired token', () => sign({ role: 'ADMIN' }, { exp: Math.floor(Date.now() / 1000) - 60 }), /expired/],
    ['a token from another issuer', () => sign({ role: 'ADMIN' }, { issuer: 'someone-else' }), /"iss"/],
    ['a token for another audience', () => sign({ role: 'ADMIN' }, { audience: 'other-api' }), /"aud"/],
    ['a token without a role', () => sign({}), /role/],
    ['an OFFICER token without an agency', () => sign({ role: 'OFFICER' }), /agency/],
    [
      'a token whose agency is not in the directory',
      () => sign({ role: 'OFFICER', agency: '000.00.99.H24' }),
      /not in the directory/,
    ],
    [
      'an unsigned token',
      async () =>
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"role":"ADMIN"}').toString('base64url')}.`,
      /not/,
    ],
  ])('refuses %s', async (_name, make, message) => {
    const r = await hub.gql(ME, {}, `Bearer ${await make()}`);
    expect(r.status).toBe(401);
    expect(codeOf(r)).toBe('UNAUTHENTICATED');
    expect(r.errors![0]!.message).toMatch(message);
  });

  it('accepts a token again from memory (no lookup), but never after it expires', async () => {
    const officer = await sign(
      { role: 'OFFICER', agency: '000.00.51.H24' },
      { exp: Math.floor(Date.now() / 1000) + 3 },
    );
    await hub.resetStatements();
    expect((await hub.gql(ME, {}, `Bearer ${officer}`)).data.me.agency.code).toBe('000.00.51.H24');
    const first = hub.statements.length;
    await hub.resetStatements();
    expect((await hub.gql(ME, {}, `Bearer ${officer}`)).data.me.agency.code).toBe('000.00.51.H24');
    // the token's agency is not looked up again
    expect(hub.statements.length).toBe(first - 1);
    await new Promise((r) => setTimeout(r, 3200));
    const late = await hub.gql(ME, {}, `Bearer ${officer}`);
    expect(late.status).toBe(401);
    expect(late.errors![0]!.message).toMatch(/expired/);
  });

  it('refuses an unknown authorization scheme and a malformed API key', async () => {
    expect(codeOf(await hub.gql(ME, {}, 'Basic dXNlcjpwYXNz'))).toBe('UNAUTHENTICATED');
    expect(codeOf(await hub.gql(ME, {}, 'ApiKey nope'))).toBe('UNAUTHENTICATED');
    expect(codeOf(await hub.gql(ME, {}, null, { 'x-api-key': 'lth_AAAAAAAAAAAA_' + 'a'.repeat(43) }))).toBe(
      'UNAUTHENTICATED',
    );
  });
});

describe('people and agency systems', () => {
  it('knows a person from the JWT claims', async () => {
    const r = await hub.gql(ME, {}, await hub.token({ role: 'OFFICER', sub: 'lan.nguyen', agency: '00.52.H24' }));
    expect(r.data.me).toEqual({ kind: 'user', id: 'lan.nguyen', role: 'OFFICER', agency: { code: '000.00.52.H24' } });
  });

  it('issues an API key shown once and stored only as a hash, accepts it, and refuses it once revoked', async () => {
    const issued = await hub.gql(
      `mutation($input: IssueApiKeyInput!) { issueApiKey(input: $input) { secret apiKey { id prefix role createdBy agency { code } } } }`,
      { input: { agencyCode: '000.00.52.H24', name: 'một cửa phường Ngô Quyền' } },
      admin,
    );
    expect(issued.errors).toBeUndefined();
    const { secret, apiKey } = issued.data.issueApiKey;
    expect(secret).toMatch(/^lth_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ role: 'OFFICER', createdBy: 'user:root-admin', agency: { code: '000.00.52.H24' } });

    const stored = await hub.sql('SELECT * FROM api_key WHERE id = $1', [apiKey.id]);
    const row = JSON.stringify(stored.rows[0]);
    expect(row).not.toContain(/^lth_[A-Za-z0-9]+_(.+)$/.exec(secret)![1]!);
    expect(stored.rows[0].secret_hash).toMatch(/^[0-9a-f]{64}$/);

    const variants: Array<{ auth: string | null; extra: Record<string, string> }> = [
      { auth: `ApiKey ${secret}`, extra: {} },
      { auth: null, extra: { 'x-api-key': secret } },
    ];
    for (const headers of variants) {
      const me = await hub.gql(ME, {}, headers.auth, headers.extra);
      expect(me.data.me).toEqual({ kind: 'apiKey', id: apiKey.id, role: 'OFFICER', agency: { code: '000.00.52.H24' } });
    }
    // one character changed: refused
    const forged = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
    expect(codeOf(await hub.gql(ME, {}, `ApiKey ${forged}`))).toBe('UNAUTHENTICATED');

    const revoked = await hub.gql(
      `mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`,
      { id: apiKey.id },
      admin,
    );
    expect(revoked.data.revokeApiKey.revokedAt).toBeTruthy();
    const after = await hub.gql(ME, {}, `ApiKey ${secret}`);
    expect(codeOf(after)).toBe('UNAUTHENTICATED');
    expect(after.errors![0]!.message).toMatch(/revoked/);
    const again = await hub.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: apiKey.id }, admin);
    expect(codeOf(again)).toBe('CONFLICT');
  });

  it('refuses keys for dissolved or unknown agencies and bad names, storing nothing', async () => {
    const before = (await hub.sql('SELECT count(*)::int AS n FROM api_key')).rows[0].n;
    const issue = (input: Record<string, unknown>) =>
      hub.gql(`mutation($input: IssueApiKeyInput!) { issueApiKey(input: $input) { secret } }`, { input }, admin);
    const dissolved = await issue({ agencyCode: '000.00.31.H24', name: 'quận cũ' });
    expect(codeOf(dissolved)).toBe('BAD_USER_INPUT');
    expect(dissolved.errors![0]!.message).toContain('000.00.51.H24');
    expect(codeOf(await issue({ agencyCode: '000.00.99.H24', name: 'không có' }))).toBe('NOT_FOUND');
    expect(codeOf(await issue({ agencyCode: '000.00.52.H24', name: 'x' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await hub.gql(`mutation { revokeApiKey(id: "not-a-uuid") { id } }`, {}, admin))).toBe(
      'BAD_USER_INPUT',
    );
    expect((await hub.sql('SELECT count(*)::int AS n FROM api_key')).rows[0].n).toBe(before);
  });
});
