/**
 * The hub against a hostile caller, over HTTP against the real server: each attack is performed and
 * the test asserts the refusal and that nothing changed (rows, blobs, audit).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { OutboundPolicy, isInternalAddress } from '../../src/integrations/outbound.js';
import { REDIS_URL } from '../support/infra.js';
import { CITY, COMMUNE, COMMUNE_B, SEND, sendInput, upload } from '../support/documents.js';
import { SUBMIT, applicant, createProcedure } from '../support/dossiers.js';
import { TEST_JWT_SECRET, codeOf, ok, startTestHub, type TestHub } from '../support/hub.js';
import { platformCallback, postPlatformCallback } from '../support/payments.js';
import { until } from '../support/national.js';

let hub: TestHub;
const auth: Record<'a' | 'b' | 'city' | 'admin', string> = {} as never;
const count = async (table: string, where = 'true') =>
  (await hub.sql(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`)).rows[0].n as number;
const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${hub.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

beforeAll(async () => {
  // a proxy on loopback is trusted to name the client (X-Forwarded-For), as behind nginx
  hub = await startTestHub({ TRUST_PROXY: 'loopback', GRAPHQL_MAX_TOKENS: '2000' });
  auth.a = await hub.token({ role: 'OFFICER', agency: COMMUNE });
  auth.b = await hub.token({ role: 'OFFICER', agency: COMMUNE_B });
  auth.city = await hub.token({ role: 'OFFICER', agency: CITY });
  auth.admin = await hub.token({ role: 'ADMIN' });
  await createProcedure(hub, auth.admin);
});
afterAll(() => hub?.close());

describe('before authentication', () => {
  it('reads no body for a stranger beyond a few kilobytes, and parses no document beyond the token limit', async () => {
    const audit = await count('audit_log');
    const bomb = JSON.stringify({ query: `{ ${'a '.repeat(1_200_000)}}` });
    // no credentials: refused by size before it is parsed
    const anonymous = await post('/graphql', bomb);
    expect(anonymous.status).toBe(413);
    expect((await anonymous.json()).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    // bad credentials: refused before the body is read at all
    const forged = await post('/graphql', bomb, { authorization: 'Bearer not.a.token' });
    expect(forged.status).toBe(401);
    expect((await forged.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    // a caller: the body is too large for anything but importEdxml
    const caller = await post('/graphql', bomb, { authorization: auth.a });
    expect(caller.status).toBe(413);
    expect((await caller.json()).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    // within the size, past the token limit: the parser stops counting
    const tokens = await post('/graphql', JSON.stringify({ query: `{ ${'agencies '.repeat(5000)}}` }), {
      authorization: auth.a,
    });
    expect(tokens.status).toBe(400);
    const body = await tokens.json();
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(body.errors[0].message).toMatch(/2000 tokens/);
    // the API still answers, and nothing was written
    expect((await fetch(`${hub.url}/health/live`)).status).toBe(200);
    expect(await count('audit_log')).toBe(audit);
  });

  it('answers a stranger uploading an attachment before reading its body, and counts the refusal', async () => {
    const before = ok(await hub.gql('{ anonymousRefusals(hours: 1) { count } }', {}, auth.admin)).anonymousRefusals[0]
      .count;
    const u = new URL(`${hub.url}/attachments`);
    // headers announcing 20 MB, and not one byte of it sent: the answer must come anyway
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: u.hostname,
          port: u.port,
          path: u.pathname,
          method: 'POST',
          headers: {
            'content-length': '20000000',
            'content-type': 'application/pdf',
            'x-forwarded-for': '203.0.113.60',
          },
        },
        (res) => {
          resolve(res.statusCode ?? 0);
          res.resume();
          req.destroy();
        },
      );
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(status).toBe(401);
    expect(
      ok(await hub.gql('{ anonymousRefusals(hours: 1) { count } }', {}, auth.admin)).anonymousRefusals[0].count,
    ).toBe(before + 1);
  });

  it('counts refused strangers instead of auditing them, turns an address away once it is refused too often, and lets real work through', async () => {
    const audit = await count('audit_log');
    const fields = Array.from(
      { length: 12 },
      (_, i) => `m${i}: revokeApiKey(id: "00000000-0000-0000-0000-000000000000") { id }`,
    ).join(' ');
    const flood = () =>
      post('/graphql', JSON.stringify({ query: `mutation { ${fields} }` }), { 'x-forwarded-for': '203.0.113.50' });
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) statuses.push((await flood()).status);
    expect(
      statuses.slice(0, 30).every((s) => s === 401),
      JSON.stringify(statuses),
    ).toBe(true);
    expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
    // not one audit row for 35 × 12 refused fields; a real mutation goes through meanwhile
    expect(await count('audit_log')).toBe(audit);
    ok(await hub.gql(SUBMIT, { input: { procedureCode: '1.001193', applicant, channel: 'ONLINE' } }, auth.a));
    expect(await count('audit_log')).toBe(audit + 1);
    // another address is not affected; operators see the count
    expect(
      (
        await post('/graphql', JSON.stringify({ query: 'mutation { revokeApiKey(id: "x") { id } }' }), {
          'x-forwarded-for': '203.0.113.51',
        })
      ).status,
    ).toBe(401);
    const hours = ok(await hub.gql('{ anonymousRefusals(hours: 1) { hour count } }', {}, auth.admin)).anonymousRefusals;
    expect(hours[0].count).toBeGreaterThanOrEqual(31);
  });
});

describe('dossier codes', () => {
  it("refuses another agency's code, whether it exists or not, and a taken number never stops the generator", async () => {
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(2, 10).replaceAll('-', '');
    const before = await count('dossier');
    const squat = await hub.gql(
      SUBMIT,
      { input: { code: `${COMMUNE_B}-${today}-0002`, procedureCode: '1.001193', applicant, channel: 'ONLINE' } },
      auth.a,
    );
    expect(codeOf(squat)).toBe('BAD_USER_INPUT');
    expect(squat.errors![0]!.message).toContain(`starts with "${COMMUNE}-"`);
    for (const code of ['abcde', `${COMMUNE}-`, `X${COMMUNE}-261129-0001`]) {
      expect(
        codeOf(
          await hub.gql(SUBMIT, { input: { code, procedureCode: '1.001193', applicant, channel: 'ONLINE' } }, auth.a),
        ),
        code,
      ).toBe('BAD_USER_INPUT');
    }
    expect(await count('dossier')).toBe(before);
    // B takes its own 0002 and 0003 ahead of the generator: B's generated codes skip them
    for (const n of ['0002', '0003'])
      ok(
        await hub.gql(
          SUBMIT,
          { input: { code: `${COMMUNE_B}-${today}-${n}`, procedureCode: '1.001193', applicant, channel: 'ONLINE' } },
          auth.b,
        ),
      );
    const generated = [];
    for (let i = 0; i < 3; i++)
      generated.push(
        ok(await hub.gql(SUBMIT, { input: { procedureCode: '1.001193', applicant, channel: 'ONLINE' } }, auth.b))
          .submitDossier.code,
      );
    expect(generated).toEqual([
      `${COMMUNE_B}-${today}-0001`,
      `${COMMUNE_B}-${today}-0004`,
      `${COMMUNE_B}-${today}-0005`,
    ]);
    // B's existing code named by A: the same refusal as an unknown one
    const probe = await hub.gql(
      SUBMIT,
      { input: { code: `${COMMUNE_B}-${today}-0002`, procedureCode: '1.001193', applicant, channel: 'ONLINE' } },
      auth.a,
    );
    expect(probe.errors![0]!.message).toBe(squat.errors![0]!.message);
  });

  it('lets only the handling agency change the applicant, with the checks of a create, and refuses a different procedure or time', async () => {
    // received by the city, handled by ward B
    await createProcedure(hub, auth.admin, { code: '1.000999', name: 'Thủ tục thử', agencyCodes: [COMMUNE_B] });
    const input = {
      code: `${CITY}-UPSERT-0001`,
      procedureCode: '1.000999',
      handlingAgencyCode: COMMUNE_B,
      applicant,
      channel: 'IN_PERSON',
      receivedAt: '2026-11-26T03:00:00.000Z',
    };
    ok(await hub.gql(SUBMIT, { input }, auth.city));
    const row = async () =>
      (await hub.sql(`SELECT applicant_name, applicant_phone, version FROM dossier WHERE code = $1`, [input.code]))
        .rows[0];
    const before = await row();
    expect(
      codeOf(
        await hub.gql(SUBMIT, { input: { ...input, applicant: { ...applicant, name: 'Kẻ Mạo Danh' } } }, auth.city),
      ),
    ).toBe('FORBIDDEN');
    expect(
      codeOf(await hub.gql(SUBMIT, { input: { ...input, applicant: { ...applicant, phone: 'gọi tôi' } } }, auth.b)),
    ).toBe('BAD_USER_INPUT');
    const conflict = await hub.gql(
      SUBMIT,
      { input: { ...input, procedureCode: '1.001193', channel: 'ONLINE' } },
      auth.b,
    );
    expect(codeOf(conflict)).toBe('CONFLICT');
    expect(conflict.errors![0]!.extensions!['differing']).toEqual(['procedureCode', 'channel']);
    expect(codeOf(await hub.gql(SUBMIT, { input: { ...input, receivedAt: '2026-11-27T03:00:00.000Z' } }, auth.b))).toBe(
      'CONFLICT',
    );
    expect(await row()).toEqual(before);
    const other = await hub.gql(
      SUBMIT,
      { input: { ...input, receivingAgencyCode: COMMUNE, applicant: { ...applicant, type: 'ORGANIZATION' } } },
      auth.admin,
    );
    expect(other.errors![0]!.extensions!['differing']).toEqual(['receivingAgencyCode', 'applicant.type']);
    // the same code with its agency in lower case is the same dossier
    const lower = ok(
      await hub.gql(SUBMIT, { input: { ...input, code: input.code.replace('H24', 'h24') } }, auth.b),
    ).submitDossier;
    expect(lower.code).toBe(input.code);
    const changed = ok(
      await hub.gql(SUBMIT, { input: { ...input, applicant: { ...applicant, name: 'Nguyễn Thị Dân Mới' } } }, auth.b),
    ).submitDossier;
    expect(changed.applicant.name).toBe('Nguyễn Thị Dân Mới');
  });
});

describe('blobs', () => {
  it('lets no agency use or read bytes it did not upload and cannot see, and answers the same for bytes that do not exist', async () => {
    const secret = Buffer.from(`biên bản mật ${Date.now()}`);
    const up = await upload(hub, auth.city, secret);
    expect(up.status).toBe(201);
    const sha = up.body.sha256 as string;
    // the city sends it to ward B only: ward A is no party
    ok(
      await hub.gql(
        SEND,
        { input: sendInput({ recipientCodes: [COMMUNE_B], attachments: [{ sha256: sha, name: 'bien-ban.pdf' }] }) },
        auth.city,
      ),
    );
    expect((await fetch(`${hub.url}/attachments/${sha}`, { headers: { authorization: auth.a } })).status).toBe(404);
    const documents = await count('document');
    const stolen = await hub.gql(
      SEND,
      { input: sendInput({ recipientCodes: [CITY], attachments: [{ sha256: sha, name: 'x.pdf' }] }) },
      auth.a,
    );
    const unknown = await hub.gql(
      SEND,
      { input: sendInput({ recipientCodes: [CITY], attachments: [{ sha256: 'f'.repeat(64), name: 'x.pdf' }] }) },
      auth.a,
    );
    expect(codeOf(stolen)).toBe('BAD_USER_INPUT');
    expect(stolen.errors![0]!.message.replace(sha, 'X')).toBe(unknown.errors![0]!.message.replace('f'.repeat(64), 'X'));
    // nor as a dossier result
    const d = ok(
      await hub.gql(SUBMIT, { input: { procedureCode: '1.001193', applicant, channel: 'ONLINE' } }, auth.a),
    ).submitDossier;
    const result = await hub.gql(
      'mutation($c: String!, $s: String!) { attachDossierResult(code: $c, sha256: $s, name: "kq.pdf") { name } }',
      { c: d.code, s: sha },
      auth.a,
    );
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    expect(await count('document')).toBe(documents);
    expect(await count('dossier_result')).toBe(0);
    expect((await fetch(`${hub.url}/attachments/${sha}`, { headers: { authorization: auth.a } })).status).toBe(404);
    // the recipient may forward what it received
    ok(
      await hub.gql(
        SEND,
        { input: sendInput({ recipientCodes: [CITY], attachments: [{ sha256: sha, name: 'chuyen-tiep.pdf' }] }) },
        auth.b,
      ),
    );
  });

  it('stores only real MIME types and serves files so that a browser never runs them', async () => {
    const up = await upload(hub, auth.a, Buffer.from('<script>alert(1)</script>'));
    for (const contentType of ['text/html\r\nSet-Cookie: a=b', 'html', 'text/html; charset="x\ny"']) {
      const r = await hub.gql(
        SEND,
        { input: sendInput({ attachments: [{ sha256: up.body.sha256, name: 'a.html', contentType }] }) },
        auth.a,
      );
      expect(codeOf(r), contentType).toBe('BAD_USER_INPUT');
    }
    ok(
      await hub.gql(
        SEND,
        { input: sendInput({ attachments: [{ sha256: up.body.sha256, name: 'a.html', contentType: 'text/html' }] }) },
        auth.a,
      ),
    );
    const res = await fetch(`${hub.url}/attachments/${up.body.sha256}`, { headers: { authorization: auth.a } });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
  });
});

describe('webhooks (SSRF)', () => {
  it('refuses internal addresses in every spelling, and changes nothing', async () => {
    for (const url of [
      'http://127.0.0.1:5432/',
      'http://[::1]:6379/',
      'http://2130706433/',
      'http://0x7f.0.0.1/',
      'http://0177.0.0.1:4000/',
      'http://127.1/',
      'http://localhost:4000/graphql',
      'http://[::ffff:127.0.0.1]/',
      'http://[::ffff:7f00:1]/',
      'http://10.1.2.3/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[fe80::1]/',
      'http://0.0.0.0/',
      'http://224.0.0.1/',
      'http://user:pw@example.vn/',
      'ftp://example.vn/',
    ]) {
      const r = await hub.gql('mutation($u: String!) { setWebhook(url: $u) { url } }', { u: url }, auth.a);
      expect(codeOf(r), url).toBe('BAD_USER_INPUT');
      expect(r.errors![0]!.message, url).not.toMatch(/\d+\.\d+\.\d+\.\d+|ECONNREFUSED|port/i);
    }
    expect(await count('webhook')).toBe(0);
  });

  it('checks the address again at every call, pinned for the call, and tells nothing about the inside', async () => {
    expect([
      '127.0.0.1',
      '::1',
      '10.0.0.1',
      '192.168.1.1',
      '172.31.0.1',
      '100.64.0.1',
      '169.254.1.1',
      '::ffff:127.0.0.1',
      'fc00::1',
      'fe80::1',
      '0.0.0.0',
      '::',
    ]).toSatisfy((l: string[]) => l.every(isInternalAddress));
    expect([
      '::ffff:0:7f00:1',
      '64:ff9b:1::7f00:1',
      '64:ff9b::7f00:1',
      '2002:7f00:1::1',
      '2001:db8::1',
      'fd00::1',
    ]).toSatisfy((l: string[]) => l.every(isInternalAddress));
    expect(['203.0.113.0', '8.8.8.8', '2001:4860:4860::8888', '64:ff9b::808:808']).toSatisfy(
      (l: string[]) => l.filter(isInternalAddress).length === 1,
    ); // 203.0.113.0/24 is documentation space
    // the lookup the call connects with refuses a name that resolves inside (here: through /etc/hosts)
    const lookup = new OutboundPolicy([]).pinnedLookup('localhost');
    const refused = await new Promise<Error | null>((resolve) => lookup('localhost', {}, (err) => resolve(err)));
    expect(refused?.message).toBe('the URL names an address this hub does not call');
    // an allowed receiver on loopback, then the operator withdraws the exception: the next call is refused, unsent
    let received = 0;
    const receiver: Server = createServer((_req, res) => {
      received++;
      res.end('ok');
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const port = (receiver.address() as AddressInfo).port;
    try {
      const allowed = new OutboundPolicy(['127.0.0.1']);
      expect(
        (
          await allowed.post(`http://127.0.0.1:${port}/hook`, {
            headers: {},
            body: '{}',
            timeoutMs: 2000,
            httpsOnly: false,
          })
        ).status,
      ).toBe(200);
      await expect(
        new OutboundPolicy([]).post(`http://127.0.0.1:${port}/hook`, {
          headers: {},
          body: '{}',
          timeoutMs: 2000,
          httpsOnly: false,
        }),
      ).rejects.toThrow('the URL names an address this hub does not call');
      expect(received).toBe(1);
      // a closed port and a refused connection read the same as any unreachable receiver
      receiver.close();
      await expect(
        allowed.post(`http://127.0.0.1:${port}/hook`, { headers: {}, body: '{}', timeoutMs: 2000, httpsOnly: false }),
      ).rejects.toThrow('the receiver could not be reached');
    } finally {
      receiver.close();
    }
  });
});

describe('configuration and credentials', () => {
  it('starts no API outside development and tests with a default or missing secret, naming each', async () => {
    const {
      NODE_ENV: _n,
      JWT_SECRET: _j,
      WEBHOOK_SIGNING_KEY: _w,
      PAYMENT_SECRET_KEY: _p,
      AUDIT_KEY: _a,
      ...rest
    } = process.env;
    const child = spawn(process.execPath, ['dist/src/cli/api.js'], {
      env: { ...rest, DATABASE_URL: hub.databaseUrl, REDIS_URL: 'redis://127.0.0.1:6379', PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += String(c)));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).not.toBe(0);
    for (const name of ['PAYMENT_SECRET_KEY', 'AUDIT_KEY', 'WEBHOOK_SIGNING_KEY', 'JWT_SECRET', 'PUBLIC_URL'])
      expect(stderr).toContain(name);
  });

  it("refuses a payment callback signed with the sandbox's key once a real key is set, and audits the refusal", async () => {
    const other = await startTestHub(
      { PAYMENT_SECRET_KEY: 'the-real-partner-secret-key-0123' },
      { databaseUrl: hub.databaseUrl },
    );
    try {
      const audit = await count('audit_log', "outcome = 'REFUSED' AND operation = 'paymentCallback'");
      const forged = platformCallback(
        other,
        {
          MaDoiTac: other.config.payment.partnerCode,
          MaThamChieu: 'LTH-FORGED-1',
          SoTien: '8000',
          MaTienTe: 'VND',
          MaLoi: '00',
          MaGiaoDich: 'GD1',
          ThoiGianGD: '20261129100000',
        },
        'sandbox-payment-secret-key',
      );
      const res = await postPlatformCallback(other, forged);
      expect(res.MaLoi).toBe('99');
      await until(
        async () => (await count('audit_log', "outcome = 'REFUSED' AND operation = 'paymentCallback'")) === audit + 1,
        'the refusal audited',
      );
      expect(await count('payment', "status = 'PAID'")).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('reads only string and number fields of a callback, and audits forgeries from many addresses up to a city-wide budget', async () => {
    const res = await fetch(`${hub.url}/callbacks/payment-platform`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ MaXacThuc: { toString: null }, MaThamChieu: { toString: null } }),
    });
    expect(res.status).toBe(200);
    expect((await res.json()).MaLoi).toBe('99');
    const audited = () => count('audit_log', "outcome = 'REFUSED' AND operation = 'paymentCallback'");
    const before = await audited();
    await Promise.all(
      Array.from({ length: 70 }, (_, i) =>
        fetch(`${hub.url}/callbacks/payment-platform`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.18.${i}.1` },
          body: JSON.stringify({ MaThamChieu: `LTH-FORGED-${i}`, MaXacThuc: 'x' }),
        }).then((r) => r.json()),
      ),
    );
    await until(async () => (await audited()) - before >= 59, 'the forgeries audited');
    expect((await audited()) - before).toBeLessThanOrEqual(61);
  });

  it("issues no API key from the command line without the hub's AUDIT_KEY (its audit row would break the chain)", async () => {
    const { NODE_ENV: _n, AUDIT_KEY: _a, ...rest } = process.env;
    const child = spawn(process.execPath, ['dist/src/cli/api-key.js', '--agency', COMMUNE], {
      env: { ...rest, DATABASE_URL: hub.databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += String(c)));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('AUDIT_KEY');
    expect(await count('api_key')).toBe(0);
  });

  it('keeps audit targets short whatever the caller sends', async () => {
    const long = `${COMMUNE}-${'x'.repeat(50_000)}`;
    const r = await hub.gql(
      'mutation($c: String!) { moveDossier(code: $c, input: { status: IN_PROCESS }) { status } }',
      { c: long },
      auth.b,
    );
    expect(codeOf(r)).toBe('NOT_FOUND');
    const row = (
      await hub.sql("SELECT target_ids FROM audit_log WHERE operation = 'moveDossier' ORDER BY seq DESC LIMIT 1")
    ).rows[0];
    expect(row.target_ids.every((t: string) => t.length <= 100)).toBe(true);
  });

  it('refuses roles that only exist on Object.prototype, and tokens that live too long', async () => {
    const key = new TextEncoder().encode(TEST_JWT_SECRET);
    const sign = (claims: Record<string, unknown>, exp: string) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('mallory')
        .setIssuer(hub.config.jwt.issuer)
        .setAudience(hub.config.jwt.audience)
        .setIssuedAt()
        .setExpirationTime(exp)
        .sign(key);
    for (const role of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      expect(
        codeOf(await hub.gql('{ agencies(first: 1) { totalCount } }', {}, `Bearer ${await sign({ role }, '1h')}`)),
        role,
      ).toBe('UNAUTHENTICATED');
    }
    const forever = await hub.gql(
      '{ agencies(first: 1) { totalCount } }',
      {},
      `Bearer ${await sign({ role: 'ADMIN' }, '3650d')}`,
    );
    expect(codeOf(forever)).toBe('UNAUTHENTICATED');
    expect(forever.errors![0]!.message).toMatch(/lives longer/);
  });

  it("keeps query strings (keys, tokens, digits) and result links' signatures out of the request log", async () => {
    await fetch(`${hub.url}/graphql?query=%7B__typename%7D&apiKey=lth_secretsecret&phoneLast4=zz4321zz`);
    await fetch(`${hub.url}/files/results/00000000-0000-0000-0000-000000000000/secret-signature-value`);
    const lines = JSON.stringify(hub.logs.filter((l) => l.req));
    expect(lines).toContain('"path":"/graphql"');
    expect(lines).toContain('/files/results/00000000-0000-0000-0000-000000000000/[signature]');
    expect(lines).not.toContain('lth_secretsecret');
    expect(lines).not.toContain('zz4321zz');
    expect(lines).not.toContain('secret-signature-value');
  });
});

describe('public lookup', () => {
  const q = `query($code: String!, $p: String!) { publicDossierStatus(code: $code, phoneLast4: $p) { code status } }`;
  const lookup = (code: string, p: string, from: string) => hub.gql(q, { code, p }, null, { 'x-forwarded-for': from });

  it('stops a guesser without locking out the applicant who knows the digits, behind a trusted proxy', async () => {
    const d = ok(
      await hub.gql(SUBMIT, { input: { procedureCode: '1.001193', applicant, channel: 'ONLINE' } }, auth.a),
    ).submitDossier;
    // one address guesses five times, then is refused even with the right digits
    for (let i = 0; i < 5; i++)
      expect((await lookup(d.code, String(1000 + i), '198.51.100.1')).data.publicDossierStatus).toBeNull();
    expect(codeOf(await lookup(d.code, '5678', '198.51.100.1'))).toBe('FORBIDDEN');
    // the applicant, elsewhere, is answered
    expect((await lookup(d.code, '5678', '198.51.100.200')).data.publicDossierStatus.code).toBe(d.code);
    // many addresses guess: every address now has one try per 15 minutes at this code — the applicant's first try still answers
    for (let i = 2; i <= 7; i++) await lookup(d.code, '0000', `198.51.100.${i}`);
    expect((await lookup(d.code, '5678', '198.51.100.201')).data.publicDossierStatus.code).toBe(d.code);
    expect(codeOf(await lookup(d.code, '0001', '198.51.100.201'))).toBe('FORBIDDEN');
    expect(codeOf(await lookup(d.code, '0001', '198.51.100.8'))).toBeUndefined();
    expect(codeOf(await lookup(d.code, '0002', '198.51.100.8'))).toBe('FORBIDDEN');
  });

  it('counts an IPv6 /64 as one address, and closes a code that drew a hundred wrong answers in a day', async () => {
    const d = ok(
      await hub.gql(SUBMIT, { input: { procedureCode: '1.001193', applicant, channel: 'ONLINE' } }, auth.a),
    ).submitDossier;
    for (let i = 1; i <= 5; i++)
      expect((await lookup(d.code, '0000', `2001:db8:77:1::${i}`)).data.publicDossierStatus).toBeNull();
    expect(codeOf(await lookup(d.code, '5678', '2001:db8:77:1::99'))).toBe('FORBIDDEN');
    expect((await lookup(d.code, '5678', '2001:db8:77:2::1')).data.publicDossierStatus.code).toBe(d.code);
    // a guesser with a hundred addresses: the code answers nobody for the rest of the day
    const redis = new Redis(REDIS_URL);
    try {
      await redis.set(`${hub.config.queuePrefix}:ratelimit:lookup:miss:${d.code}`, '100', 'EX', 3600);
    } finally {
      redis.disconnect();
    }
    const closed = await lookup(d.code, '5678', '198.51.100.230');
    expect(codeOf(closed)).toBe('FORBIDDEN');
    expect(closed.errors![0]!.message).toMatch(/ask the agency/);
  });

  it('does not let one address walk sequential codes', async () => {
    let refused = 0;
    for (let i = 1; i <= 25; i++)
      if (
        codeOf(await lookup(`${COMMUNE}-200101-${String(i).padStart(4, '0')}`, '1234', '198.51.100.77')) === 'FORBIDDEN'
      )
        refused++;
    expect(refused).toBe(5);
  });
});

describe('input that no text may hold', () => {
  it('refuses NUL, control, bidirectional and zero-width characters, huge lists and absurd dates with BAD_USER_INPUT, storing nothing', async () => {
    const documents = await count('document');
    const dossiers = await count('dossier');
    for (const overrides of [
      { subject: 'Báo cáo\u0000' },
      { subject: 'Báo cáo \u202Egnp.exe' },
      { subject: 'Báo\u200Bcáo' },
      { subject: 'Báo cáo \uD800' },
      { toPlaces: Array.from({ length: 101 }, (_, i) => `Nơi ${i}`) },
      { toPlaces: Array.from({ length: 100_000 }, () => 'x') },
      { promulgationDate: '9999-12-31' },
      { promulgationDate: '0001-01-01' },
    ]) {
      const r = await hub.gql(SEND, { input: sendInput(overrides) }, auth.a);
      expect(codeOf(r), JSON.stringify(overrides).slice(0, 80)).toBe('BAD_USER_INPUT');
    }
    for (const receivedAt of ['9999-12-31T00:00:00.000Z', '1800-01-01T00:00:00.000Z']) {
      expect(
        codeOf(
          await hub.gql(
            SUBMIT,
            { input: { procedureCode: '1.001193', applicant, channel: 'ONLINE', receivedAt } },
            auth.a,
          ),
        ),
        receivedAt,
      ).toBe('BAD_USER_INPUT');
    }
    expect(await count('document')).toBe(documents);
    expect(await count('dossier')).toBe(dossiers);
  });

  it('drops bidirectional and zero-width characters that an edXML package spells as references', async () => {
    // the sample's sender and recipient, agencies outside the city
    for (const code of ['000.00.00.A80', '000.28.22.H17']) {
      await hub.sql(
        `INSERT INTO agency (id, code, name, search_name, level, valid_from, updated_at) VALUES (gen_random_uuid(), $1, 'UBND xã (mẫu SDK)', 'ubnd xa', 'COMMUNE', '2015-01-01', now())`,
        [code],
      );
    }
    const pkg = readFileSync(new URL('../fixtures/edxml/edoc_new.edxml', import.meta.url), 'utf8').replace(
      'V/v kết nối, liên thông phần mềm quản lý văn bản',
      'V/v kết&#x200B;nối&#x202E;, liên thông&#xAD; phần mềm quản lý văn bản',
    );
    const r = ok(
      await hub.gql(
        'mutation($p: String!) { importEdxml(package: $p) { document { subject } } }',
        { p: pkg },
        auth.admin,
      ),
    ).importEdxml;
    expect(r.document.subject).toBe('V/v kếtnối, liên thông phần mềm quản lý văn bản');
  });

  it('answers XXE, deep nesting and NUL in an edXML package with BAD_USER_INPUT', async () => {
    const imp = 'mutation($p: String!) { importEdxml(package: $p) { action } }';
    const ns = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
    for (const pkg of [
      `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><edXML:edXMLEnvelope xmlns:edXML="${ns}">&e;</edXML:edXMLEnvelope>`,
      `<edXML:edXMLEnvelope xmlns:edXML="${ns}">${'<edXML:a>'.repeat(20_000)}${'</edXML:a>'.repeat(20_000)}</edXML:edXMLEnvelope>`,
      `<edXML:edXMLEnvelope xmlns:edXML="${ns}">\u0000</edXML:edXMLEnvelope>`,
    ]) {
      const r = await hub.gql(imp, { p: pkg }, auth.a);
      expect(codeOf(r), pkg.slice(0, 60)).toBe('BAD_USER_INPUT');
    }
  });

  it('matches % and _ in text filters literally', async () => {
    ok(await hub.gql(SEND, { input: sendInput({ subject: 'Tăng 100% chỉ tiêu' }) }, auth.a));
    const search = async (subject: string) =>
      ok(
        await hub.gql(
          'query($s: String) { documents(scope: SENT, subject: $s, first: 50) { totalCount } }',
          { s: subject },
          auth.a,
        ),
      ).documents.totalCount;
    expect(await search('100%')).toBe(1);
    expect(await search('%')).toBe(1);
    expect(await search('_')).toBe(0);
    expect(await search('T_ng')).toBe(0);
  });

  it('suggests no field names or enum values when introspection is off', async () => {
    const prod = await startTestHub({ GRAPHQL_INTROSPECTION: 'false' }, { databaseUrl: hub.databaseUrl });
    try {
      const r = await prod.gql('{ agencie(first: 1) { totalCount } }', {}, auth.a);
      expect(codeOf(r)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(r.errors![0]!.message).not.toMatch(/Did you mean/);
      const v = await prod.gql(
        'query($s: DocumentScope!) { documents(scope: $s, first: 1) { totalCount } }',
        { s: 'SENTT' },
        auth.a,
      );
      expect(v.errors![0]!.message).not.toMatch(/Did you mean|SENT"/);
    } finally {
      await prod.close();
    }
  });
});
