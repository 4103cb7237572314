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

let built: Promise<GraphQLSchema> | undefined;

export function hubSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({ resolvers: [...RESOLVERS, nodeResolver(NODES)], validate: false }).then((schema) => {
    assertGuarded(schema);
    normalizeArguments(schema);
    return schema;
  });
  return built;
}

/** The SDL committed as schema/schema.graphql: sorted, so diffs show real changes only. */
export async function printHubSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await hubSchema()))}\n`;
}
