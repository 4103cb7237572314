/** Server hygiene: request ids, masked errors, query limits, body limit, introspection, health. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_REDIS } from '../support/infra.js';
import { codeOf, startTestHub, type TestHub } from '../support/hub.js';
import { SEND, sendInput } from '../support/documents.js';

let hub: TestHub;
let admin: string;

beforeAll(async () => {
  hub = await startTestHub({ GRAPHQL_MAX_DEPTH: '6', GRAPHQL_MAX_ALIASES: '3', BODY_LIMIT: '2kb' });
  admin = await hub.token({ role: 'ADMIN' });
});
afterAll(() => hub?.close());

describe('request ids', () => {
  it('echoes a sane incoming X-Request-Id and makes one otherwise', async () => {
    const given = await hub.gql('{ me { role } }', {}, admin, { 'x-request-id': 'gateway-abc-123' });
    expect(given.headers.get('x-request-id')).toBe('gateway-abc-123');
    const made = await hub.gql('{ me { role } }', {}, admin, { 'x-request-id': 'bad id with spaces' });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('errors', () => {
  it('masks an unexpected failure for the client and logs it with the request id', async () => {
    await hub.sql('ALTER TABLE api_key RENAME TO api_key_gone');
    try {
      const r = await hub.gql('{ apiKeys(first: 5) { totalCount } }', {}, admin, {
        'x-request-id': 'req-masked-error',
      });
      expect(r.errors).toHaveLength(1);
      expect(r.errors![0]).toMatchObject({
        message: 'Internal server error',
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-masked-error' },
      });
      expect(JSON.stringify(r.errors)).not.toMatch(/api_key|prisma|stack/i);
      const logged = hub.logs.find((l) => l.requestId === 'req-masked-error' && l.level === 'error');
      expect(logged?.msg).toBe('request failed with an unexpected error');
      expect(JSON.stringify(logged)).toMatch(/api_key/);
    } finally {
      await hub.sql('ALTER TABLE api_key_gone RENAME TO api_key');
    }
  });

  it('keeps GraphQL validation errors readable without stack traces', async () => {
    const r = await hub.gql('{ agencies(first: 5) { nope } }', {}, admin);
    expect(codeOf(r)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(r.errors)).not.toContain('stacktrace');
  });
});

describe('query limits', () => {
  it('refuses a query deeper than GRAPHQL_MAX_DEPTH', async () => {
    const deep =
      '{ agency(code: "000.00.01.H24") { parent { parent { parent { parent { parent { parent { code } } } } } } } }';
    const r = await hub.gql(deep, {}, admin);
    expect(codeOf(r)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.errors![0]!.message).toMatch(/depth/i);
    const shallow = await hub.gql('{ agency(code: "000.00.01.H24") { parent { code } } }', {}, admin);
    expect(shallow.errors).toBeUndefined();
  });

  it('refuses too many aliases', async () => {
    const r = await hub.gql('{ a: me { role } b: me { role } c: me { role } d: me { role } }', {}, admin);
    expect(codeOf(r)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.errors![0]!.message).toMatch(/alias/i);
  });

  it('refuses a query over the cost limit', async () => {
    const low = await startTestHub({ GRAPHQL_MAX_COST: '100' });
    try {
      const fields = 'code name level validFrom validTo active';
      const q = `{ agencies(first: 5) { edges { node { ${fields} parent { ${fields} children { ${fields} successor { ${fields} } } } } } } }`;
      const r = await low.gql(q, {}, await low.token({ role: 'ADMIN' }));
      expect(codeOf(r)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(r.errors![0]!.message).toMatch(/cost/i);
    } finally {
      await low.close();
    }
  });

  it('refuses a body over BODY_LIMIT with 413', async () => {
    const res = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: admin },
      body: JSON.stringify({ query: `{ me { role } }`, variables: { pad: 'x'.repeat(4096) } }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('introspection', () => {
  it('is on by default outside production and can be turned off', async () => {
    const on = await hub.gql('{ __schema { queryType { name } } }', {}, admin);
    expect(on.data.__schema.queryType.name).toBe('Query');
    const off = await startTestHub({ GRAPHQL_INTROSPECTION: 'false' });
    try {
      const r = await off.gql('{ __schema { queryType { name } } }', {}, await off.token({ role: 'ADMIN' }));
      expect(codeOf(r)).toBe('GRAPHQL_VALIDATION_FAILED');
    } finally {
      await off.close();
    }
  });
});

describe('health', () => {
  it('is live and ready when PostgreSQL and Redis answer', async () => {
    expect((await fetch(`${hub.url}/health/live`)).status).toBe(200);
    const ready = await fetch(`${hub.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { postgres: 'ok', redis: 'ok' } });
  });

  it('is not ready when Redis does not answer, while the API still serves', async () => {
    const noRedis = await startTestHub({}, { redisUrl: NO_REDIS });
    try {
      const ready = await fetch(`${noRedis.url}/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'unavailable', checks: { postgres: 'ok', redis: 'unavailable' } });
      const r = await noRedis.gql('{ me { role } }', {}, await noRedis.token({ role: 'LEADER' }));
      expect(r.data.me.role).toBe('LEADER');
    } finally {
      await noRedis.close();
    }
  });
});

describe('transactions under load', () => {
  it('runs more concurrent mutations than the pool has connections, each reading inside its own transaction', async () => {
    // Apollo hands resolvers a copy of the context; relation loaders must still read through the
    // mutation's transaction, or a full pool deadlocks (each transaction waiting for a connection).
    const small = await startTestHub({}, { pool: 2 });
    try {
      const commune = await small.token({ role: 'OFFICER', agency: '000.00.51.H24' });
      const results = await Promise.all(
        Array.from({ length: 6 }, () => small.gql(SEND, { input: sendInput() }, commune)),
      );
      expect(results.map((r) => r.errors?.[0]?.message ?? 'ok')).toEqual(Array(6).fill('ok'));
    } finally {
      await small.close();
    }
  });
});
