/**
 * The cost limit agrees with the page size: every list of the schema at `first: 100`
 * (`MAX_PAGE_SIZE`), with every scalar of its items and every relation one level down, passes the
 * default limit; pages nested in pages do not, whether the sizes are written in the query or given
 * in variables, and the refusal says the cost and the limit.
 */
import {
  getNamedType,
  isLeafType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLObjectType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubSchema } from '../../src/graphql/schema.js';
import { startTestHub, type TestHub } from '../support/hub.js';

let hub: TestHub;
let admin: string;

beforeAll(async () => {
  hub = await startTestHub();
  admin = await hub.token({ role: 'ADMIN' });
});
afterAll(() => hub?.close());

/** A field every argument of which may be left out. */
const callable = (f: GraphQLField<unknown, unknown>) =>
  f.args.every((a) => !isNonNullType(a.type) || a.defaultValue !== undefined);
const scalars = (t: GraphQLObjectType) =>
  Object.values(t.getFields())
    .filter((f) => isLeafType(getNamedType(f.type)) && callable(f))
    .map((f) => f.name);
/** Every scalar of the item, and each relation (one level down) with its scalars. */
function item(t: GraphQLObjectType): string {
  const relations = Object.values(t.getFields())
    .filter((f) => isObjectType(getNamedType(f.type)) && callable(f))
    .map((f) => {
      const sub = scalars(getNamedType(f.type) as GraphQLObjectType);
      return sub.length ? `${f.name} { ${sub.join(' ')} }` : '';
    });
  return [...scalars(t), ...relations].filter(Boolean).join(' ');
}

describe('the cost limit', () => {
  it('lets every list of the schema at first: 100 with its relations through', async () => {
    const schema = await hubSchema();
    const lists = Object.values(schema.getQueryType()!.getFields()).filter((f) =>
      f.args.some((a) => a.name === 'first'),
    );
    expect(lists.length).toBeGreaterThanOrEqual(10);
    for (const f of lists) {
      const type = getNamedType(f.type) as GraphQLObjectType;
      const edges = type.getFields()['edges'];
      const node = edges
        ? (getNamedType((getNamedType(edges.type) as GraphQLObjectType).getFields()['node']!.type) as GraphQLObjectType)
        : null;
      const selection = node ? `totalCount edges { cursor node { ${item(node)} } }` : item(type);
      const required = f.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
      const args = [
        'first: 100',
        ...required.map(
          (a) => `${a.name}: ${a.name === 'queue' ? 'PORTAL' : a.name === 'state' ? 'COMPLETED' : '"2026-01-01"'}`,
        ),
      ];
      const r = await hub.gql(`{ ${f.name}(${args.join(', ')}) { ${selection} } }`, {}, admin);
      const refused = (r.errors ?? []).filter((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED');
      expect(refused, `${f.name}: ${JSON.stringify(refused)}`).toEqual([]);
    }
  });

  it('refuses pages nested in pages, with the cost and the limit, sizes in variables included', async () => {
    const nested = await hub.gql(
      '{ agencies(first: 100) { edges { node { children { children { code } } } } } }',
      {},
      admin,
    );
    expect(nested.status).toBe(400);
    expect(nested.errors![0]!.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', maxCost: 50_000 });
    expect(nested.errors![0]!.extensions!['cost']).toBeGreaterThan(50_000);
    expect(nested.errors![0]!.message).toMatch(/cost is at least \d+, over the limit of 50000/);
    expect(nested.data).toBeUndefined();

    const query = 'query($n: Int!) { procedures(first: $n) { edges { node { agencies { children { code } } } } } }';
    const big = await hub.gql(query, { n: 100 }, admin);
    expect(big.errors![0]!.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
    const small = await hub.gql(query, { n: 1 }, admin);
    expect(small.errors).toBeUndefined();
  });
  it('counts a document of fragments spreading fragments in the time it takes to read it', async () => {
    // 300 spreads of a fragment of 300 spreads of…: walked naively, hours of CPU before any answer
    const spreads = (n: number) => Array.from({ length: 300 }, () => `...F${n}`).join(' ');
    const doc = `query { ${spreads(0)} }
      fragment F0 on Query { ${spreads(1)} }
      fragment F1 on Query { ${spreads(2)} }
      fragment F2 on Query { ${spreads(3)} }
      fragment F3 on Query { me { role } }`;
    const r = await hub.gql(doc, {}, admin);
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', maxCost: 50_000 });
  });
});
