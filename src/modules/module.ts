/**
 * What a domain module brings to the hub, in one manifest (`<name>.module.ts` in its folder): its
 * GraphQL resolvers, its per-request DataLoaders, its jobs with their handlers and schedules, its
 * HTTP routes and its seed. The API (schema, contexts, routes), the worker process (job catalog,
 * handlers, schedules) and the seed build themselves from the list in `src/modules/index.ts`:
 * adding a module is its folder and one line there.
 */
import type { Router } from 'express';
import type { Logger } from '../common/logger.js';
import type { Config } from '../config/config.js';
import type { Db, PrismaClient } from '../db/client.js';
import type { HandlerDefinition, Schedule } from '../core/job-context.js';
import type { SystemActor } from '../core/system.js';
import type { Scope } from '../core/access.js';
import type { Queues } from '../jobs/queues.js';
import type { AnonymousRefusals } from '../http/graphql-gate.js';
import type { JwtVerifier } from './auth/jwt.js';
import type { BlobStore } from './attachment/blob-store.js';
import type { NodeSource } from '../core/node-source.js';
import type { HubMetrics } from '../observability/metrics.js';

/** What an HTTP route of a module is built with (once, when the API starts). */
export interface RouteDeps {
  config: Config;
  prisma: PrismaClient;
  log: Logger;
  jwt: JwtVerifier;
  blobs: BlobStore;
  queues: Queues;
  refusals: AnonymousRefusals;
  /** the hub acting by itself, or for a gateway calling back */
  system: SystemActor;
  metrics: HubMetrics;
}

interface HttpRoute {
  /** where the router is mounted, e.g. `/callbacks` */
  path: string;
  router: (deps: RouteDeps) => Router;
}

export interface HubModule<L extends object = object> {
  name: string;
  /** type-graphql resolver classes (the GraphQL adapter of the module) */
  resolvers?: readonly (new (...args: never[]) => unknown)[];
  /**
   * its DataLoaders, made once per request over the request's database client; those that load rows
   * by id (not a relation of a row already read) read through the caller's scope
   */
  loaders?: (db: () => Db, scope: () => Scope) => L;
  /** its jobs' specs (`<name>.jobs.ts`: the payloads are declared there too) */
  jobs?: object;
  /** the handler of each of its jobs (the worker process refuses to start if one is missing) */
  handlers?: readonly HandlerDefinition[];
  /** its repeated jobs, as this configuration wants them */
  schedules?: (config: Config) => Schedule[];
  /** its types that implement `Node`: what `node(id:)` reads, in the caller's scope */
  nodes?: readonly NodeSource[];
  /** its HTTP routes besides /graphql */
  routes?: readonly HttpRoute[];
  /** idempotent reference data `npm start` and `npm run db:migrate` write (in the list's order) */
  seed?: (db: Db) => Promise<unknown>;
}

export const defineModule = <L extends object = object>(m: HubModule<L>): HubModule<L> => m;
