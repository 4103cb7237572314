import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_AGENCIES } from '../../src/modules/agency/agency.seed.js';
import { codeOf, startTestHub, type TestHub } from '../support/hub.js';

let hub: TestHub;
let auth: string;

beforeAll(async () => {
  hub = await startTestHub();
  auth = await hub.token({ role: 'OFFICER', agency: '000.00.51.H24' });
});
afterAll(() => hub?.close());

const LIST = `query($level: AgencyLevel, $parentCode: String, $search: String, $activeOn: Date, $first: Int!, $after: String) {
  agencies(level: $level, parentCode: $parentCode, search: $search, activeOn: $activeOn, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { code name level validFrom validTo } }
  }
}`;

async function allPages(vars: Record<string, unknown>, first: number) {
  const codes: string[] = [];
  let after: string | null = null;
  for (let i = 0; i < 100; i++) {
    const r: any = await hub.gql(LIST, { ...vars, first, after }, auth);
    expect(r.errors).toBeUndefined();
    codes.push(...r.data.agencies.edges.map((e: any) => e.node.code));
    // Relay's PageInfo: paging is forward only, so there is never a previous page to report
    expect(r.data.agencies.pageInfo).toMatchObject({
      hasPreviousPage: false,
      startCursor: r.data.agencies.edges[0]?.cursor ?? null,
    });
    if (!r.data.agencies.pageInfo.hasNextPage) return { codes, totalCount: r.data.agencies.totalCount };
    after = r.data.agencies.pageInfo.endCursor;
  }
  throw new Error('pagination did not end');
}

describe('agency(code)', () => {
  it('finds an agency by its canonical or short code, with parent, children and successor', async () => {
    const q = `query($code: String!) { agency(code: $code) { code name level active validTo parent { code } successor { code name } children { code } } }`;
    const district = await hub.gql(q, { code: '00.31.H24' }, auth);
    expect(district.data.agency).toMatchObject({
      code: '000.00.31.H24',
      level: 'DISTRICT',
      active: false,
      validTo: '2025-07-01',
      parent: { code: '000.00.00.H24' },
      successor: { code: '000.00.51.H24', name: 'Ủy ban nhân dân phường Hồng Bàng' },
    });
    expect(district.data.agency.children.map((c: any) => c.code)).toEqual(['000.01.31.H24', '000.02.31.H24']);
    const ministry = await hub.gql(q, { code: '000.00.18.G12' }, auth);
    expect(ministry.data.agency).toMatchObject({
      name: 'Tổng cục Thuế',
      level: 'MINISTRY',
      active: true,
      parent: { code: '000.00.00.G12' },
      successor: null,
    });
  });

  it('answers null for an unknown code and BAD_USER_INPUT for a malformed one', async () => {
    const q = `query($code: String!) { agency(code: $code) { code } }`;
    expect((await hub.gql(q, { code: '000.00.99.H24' }, auth)).data.agency).toBeNull();
    const bad = await hub.gql(q, { code: 'Hai Phong' }, auth);
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0]!.message).toContain('LLL.KK.JJ.XNN');
  });
});

describe('agencies', () => {
  it('pages through the whole directory in code order without gaps or repeats', async () => {
    const { codes, totalCount } = await allPages({}, 7);
    expect(totalCount).toBe(SEED_AGENCIES.length);
    expect(codes).toEqual(SEED_AGENCIES.map((a) => a.code).sort());
  });

  it('filters by level and by parent', async () => {
    const ministries = await allPages({ level: 'MINISTRY' }, 50);
    expect(ministries.codes).toEqual(['000.00.00.G12', '000.00.00.G22', '000.00.18.G12']);
    const underDistrict = await allPages({ parentCode: '00.31.H24' }, 50);
    expect(underDistrict.codes).toEqual(['000.01.31.H24', '000.02.31.H24']);
    const unknownParent = await allPages({ parentCode: '000.00.99.H24' }, 50);
    expect(unknownParent).toEqual({ codes: [], totalCount: 0 });
  });

  it('searches names with or without diacritics', async () => {
    const plain = await allPages({ search: 'bach long vi' }, 50);
    const accented = await allPages({ search: 'Bạch Long Vĩ' }, 50);
    expect(plain.codes).toEqual(['000.00.44.H24', '000.00.72.H24']);
    expect(accented.codes).toEqual(plain.codes);
  });

  it('answers "active on date" across the 2025 reform', async () => {
    const before = await allPages({ parentCode: '000.00.00.H24', level: 'DISTRICT', activeOn: '2025-06-30' }, 50);
    const after = await allPages({ parentCode: '000.00.00.H24', level: 'DISTRICT', activeOn: '2025-07-01' }, 50);
    expect(before.totalCount).toBe(14);
    expect(after.totalCount).toBe(0);
    const communesAfter = await allPages({ level: 'COMMUNE', activeOn: '2025-07-01' }, 50);
    expect(communesAfter.codes).toContain('000.00.71.H24');
    expect(communesAfter.codes).not.toContain('000.01.31.H24');
  });

  it('bounds the page size and refuses bad cursors and dates with BAD_USER_INPUT', async () => {
    for (const vars of [
      { first: 0 },
      { first: hub.config.graphql.maxPageSize + 1 },
      { first: 5, after: 'not-a-cursor' },
      { first: 5, activeOn: '01/07/2025' },
      { first: 5, search: 'a' },
    ]) {
      const r = await hub.gql(LIST, vars, auth);
      expect(codeOf(r), JSON.stringify(vars)).toBe('BAD_USER_INPUT');
    }
    // a day that is not one, written in the query rather than in a variable: the same code
    for (const day of ['2025-02-30', '2025-7-1', '1899-12-31'])
      expect(codeOf(await hub.gql(`{ agencies(activeOn: "${day}") { totalCount } }`, {}, auth)), day).toBe(
        'BAD_USER_INPUT',
      );
  });

  it('runs a number of SQL statements that does not grow with the page size', async () => {
    // Districts: every row has a parent, a successor and (loaded) children, so each relation is used on every page.
    const q = `query($first: Int!) { agencies(level: DISTRICT, first: $first) { totalCount edges { node { code parent { code } successor { code parent { code } } children { code } } } } }`;
    const counts: number[] = [];
    for (const first of [2, 7, 14]) {
      await hub.resetStatements();
      const r = await hub.gql(q, { first }, auth);
      expect(r.errors).toBeUndefined();
      expect(r.data.agencies.edges).toHaveLength(first);
      // only this request's statements: authentication (one lookup for the token's agency) included
      counts.push(hub.statements.length);
    }
    expect(counts[0]).toBeGreaterThan(0);
    expect(new Set(counts).size).toBe(1);
  });
});
