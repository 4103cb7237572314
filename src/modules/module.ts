/**
 * What a domain module brings to the hub, in one manifest (`<name>.module.ts` in its folder): its
 * GraphQL resolvers and its per-request DataLoaders. The API builds its schema and its contexts
 * from the list in `src/modules/index.ts`: adding a module is its folder and one line there.
 */
import type { Db } from '../db/client.js';

export interface HubModule<L extends object = object> {
  name: string;
  /** type-graphql resolver classes (the GraphQL adapter of the module) */
  resolvers: readonly (new (...args: never[]) => unknown)[];
  /** its DataLoaders, made once per request over the request's database client */
  loaders?: (db: () => Db) => L;
}

export const defineModule = <L extends object = object>(m: HubModule<L>): HubModule<L> => m;
