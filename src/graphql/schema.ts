/**
 * Builds the executable schema from the modules' resolvers, and `node(id:)` over their node types,
 * and checks every root field is guarded.
 */
import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { normalizeArguments } from './normalize.js';
import { assertGuarded } from './guard.js';
import { NODES, RESOLVERS } from '../modules/index.js';
import { nodeResolver } from './node.js';
import { DateTimeScalar } from './scalars.js';

let built: Promise<GraphQLSchema> | undefined;

const NO_PUBSUB = {
  publish: () => {
    throw new Error('the schema has no pub/sub: publish through the live feed (src/jobs/live-feed.ts)');
  },
  subscribe: () => {
    throw new Error('the schema has no pub/sub: subscriptions give their own `subscribe`');
  },
};

export function hubSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: [...RESOLVERS, nodeResolver(NODES)],
    validate: false,
    // subscriptions bring their own event streams (src/modules/live): no shared pub/sub in the schema
    pubSub: NO_PUBSUB,
    // a JS Date is an instant: `DateTime` (calendar days use the `Date` scalar, src/graphql/scalars.ts)
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
  }).then((schema) => {
    assertGuarded(schema);
    normalizeArguments(schema);
    describeRoots(schema);
    return schema;
  });
  return built;
}

/** type-graphql has no decorator for the root types themselves: their descriptions are set here. */
function describeRoots(schema: GraphQLSchema): void {
  const query = schema.getQueryType();
  const mutation = schema.getMutationType();
  if (query)
    query.description = 'Truy vấn — what the hub reads: directory, documents, dossiers, payments, reports, admin views';
  const subscription = schema.getSubscriptionType();
  if (mutation) mutation.description = 'Thao tác — what the hub changes; each one is audited, in one transaction';
  if (subscription) subscription.description = 'Theo dõi — changes pushed to the client as they happen';
}

/** The SDL committed as schema/schema.graphql: sorted, so diffs show real changes only. */
export async function printHubSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await hubSchema()))}\n`;
}
