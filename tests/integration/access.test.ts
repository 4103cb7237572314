/**
 * Who may call what: every root query and mutation against every kind of caller. A new root field
 * makes the first test fail until its rules are added here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubSchema } from '../../src/graphql/schema.js';
import { codeOf, startTestHub, type GqlResult, type TestHub } from '../support/hub.js';

type CallerName = 'anonymous' | 'officerA' | 'systemA' | 'officerB' | 'leader' | 'admin';
type Expect = 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN' | ((r: GqlResult) => void);

let hub: TestHub;
const auth = {} as Record<CallerName, string | null>;
const A = '000.00.51.H24';
const B = '000.00.52.H24';
let keyOfB = '';

beforeAll(async () => {
  hub = await startTestHub();
  auth.anonymous = null;
  auth.officerA = await hub.token({ role: 'OFFICER', agency: A, sub: 'officer-a' });
  auth.officerB = await hub.token({ role: 'OFFICER', agency: B, sub: 'officer-b' });
  auth.leader = await hub.token({ role: 'LEADER', sub: 'leader' });
  auth.admin = await hub.token({ role: 'ADMIN', sub: 'admin' });
  const issue = `mutation($input: IssueApiKeyInput!) { issueApiKey(input: $input) { secret apiKey { id } } }`;
  const a = await hub.gql(issue, { input: { agencyCode: A, name: 'hệ thống A' } }, auth.admin);
  auth.systemA = `ApiKey ${a.data.issueApiKey.secret}`;
  const b = await hub.gql(issue, { input: { agencyCode: B, name: 'hệ thống B' } }, auth.admin);
  keyOfB = b.data.issueApiKey.apiKey.id;
  // audit entries of agency B's officer (a refused mutation) for the auditLog scoping check
  await hub.gql(`mutation { revokeApiKey(id: "${keyOfB}") { id } }`, {}, auth.officerB);
});
afterAll(() => hub?.close());

const ok = (r: GqlResult) => expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
const officers: CallerName[] = ['officerA', 'systemA'];

interface Rule {
  query: () => string;
  variables?: () => Record<string, unknown>;
  expect: Record<CallerName, Expect>;
  /** for mutations: a check that a refused call changed nothing */
  unchanged?: () => Promise<unknown>;
}

const everyoneAuthenticated = { anonymous: 'UNAUTHENTICATED', officerA: 'ok', systemA: 'ok', officerB: 'ok', leader: 'ok', admin: 'ok' } as const;

const auditAgencies = (r: GqlResult) => new Set(r.data.auditLog.edges.map((e: any) => e.node.agencyCode));

const RULES: Record<string, Rule> = {
  me: { query: () => '{ me { role } }', expect: everyoneAuthenticated },
  agency: { query: () => `{ agency(code: "${B}") { code } }`, expect: everyoneAuthenticated },
  agencies: { query: () => '{ agencies(first: 3) { totalCount } }', expect: everyoneAuthenticated },
  apiKeys: {
    query: () => '{ apiKeys(first: 10) { totalCount edges { node { prefix } } } }',
    expect: { anonymous: 'UNAUTHENTICATED', officerA: 'FORBIDDEN', systemA: 'FORBIDDEN', officerB: 'FORBIDDEN', leader: 'ok', admin: 'ok' },
  },
  auditLog: {
    query: () => `{ auditLog(first: 100, agencyCode: "${B}") { totalCount edges { node { agencyCode } } } }`,
    expect: {
      anonymous: 'UNAUTHENTICATED',
      // another agency's trail: nothing, not even its size
      officerA: (r) => expect(r.data.auditLog).toEqual({ totalCount: 0, edges: [] }),
      systemA: (r) => expect(r.data.auditLog).toEqual({ totalCount: 0, edges: [] }),
      officerB: (r) => expect([...auditAgencies(r)]).toEqual([B]),
      leader: (r) => expect([...auditAgencies(r)]).toEqual([B]),
      admin: (r) => expect([...auditAgencies(r)]).toEqual([B]),
    },
  },
  auditChain: {
    query: () => '{ auditChain { ok } }',
    expect: { anonymous: 'UNAUTHENTICATED', officerA: 'FORBIDDEN', systemA: 'FORBIDDEN', officerB: 'FORBIDDEN', leader: 'ok', admin: 'ok' },
  },
  issueApiKey: {
    query: () => `mutation { issueApiKey(input: { agencyCode: "${A}", name: "thử quyền" }) { secret } }`,
    expect: { anonymous: 'UNAUTHENTICATED', officerA: 'FORBIDDEN', systemA: 'FORBIDDEN', officerB: 'FORBIDDEN', leader: 'FORBIDDEN', admin: 'ok' },
    unchanged: async () => (await hub.sql('SELECT count(*)::int AS n FROM api_key')).rows[0].n,
  },
  revokeApiKey: {
    query: () => `mutation { revokeApiKey(id: "${keyOfB}") { id } }`,
    expect: { anonymous: 'UNAUTHENTICATED', officerA: 'FORBIDDEN', systemA: 'FORBIDDEN', officerB: 'FORBIDDEN', leader: 'FORBIDDEN', admin: 'ok' },
    unchanged: async () => (await hub.sql('SELECT revoked_at FROM api_key WHERE id = $1', [keyOfB])).rows[0].revoked_at,
  },
};

it('has a rule for every root query and mutation of the schema', async () => {
  const schema = await hubSchema();
  const fields = [...Object.keys(schema.getQueryType()!.getFields()), ...Object.keys(schema.getMutationType()?.getFields() ?? {})];
  expect(Object.keys(RULES).sort()).toEqual(fields.sort());
});

describe.each(Object.entries(RULES))('%s', (field, rule) => {
  // Admin last: its mutations succeed and would change what the others see.
  const callers: CallerName[] = ['anonymous', ...officers, 'officerB', 'leader', 'admin'];
  it.each(callers)('as %s', async (caller) => {
    const before = await rule.unchanged?.();
    const r = await hub.gql(rule.query(), rule.variables?.(), auth[caller]);
    const want = rule.expect[caller];
    if (want === 'ok') ok(r);
    else if (typeof want === 'function') {
      ok(r);
      want(r);
    } else {
      expect(codeOf(r), `${field} as ${caller}`).toBe(want);
      expect(r.data?.[field] ?? null).toBeNull();
      if (rule.unchanged) expect(await rule.unchanged()).toEqual(before);
    }
  });
});
