/** What `node(id:)` (Relay's global object identification, src/graphql/node.ts) reads from a module. */
import type { HubContext } from './context.js';

/** A GraphQL type whose objects `node(id:)` reads (a module's manifest lists its own). */
export interface NodeSource {
  /** the GraphQL type's name (it implements `Node`) */
  typename: string;
  /** the table whose uuid primary key `id` holds this type's ids */
  table: string;
  /** the object as the caller may read it; null when it is outside the caller's scope */
  load: (ctx: HubContext, id: string) => Promise<object | null>;
}
