/**
 * The hub's modules. The API builds its GraphQL schema, each request's loaders and its HTTP routes
 * from this list; the worker process its job catalog, handlers and schedules; `npm start` and
 * `npm run db:migrate` their seed. A new module is its folder (with its `<name>.module.ts`) and one
 * line here.
 */
import 'reflect-metadata';
import type { Config } from '../config/config.js';
import type { Db } from '../db/client.js';
import type { Schedule } from '../core/job-context.js';
import type { Scope } from '../core/access.js';
import { registerJobs } from '../jobs/job-catalog.js';
import { agencyModule } from './agency/agency.module.js';
import { authModule } from './auth/auth.module.js';
import { auditModule } from './audit/audit.module.js';
import { attachmentModule } from './attachment/attachment.module.js';
import { documentModule } from './document/document.module.js';
import { edxmlModule } from './edxml/edxml.module.js';
import { webhookModule } from './webhook/webhook.module.js';
import { procedureModule } from './procedure/procedure.module.js';
import { calendarModule } from './calendar/calendar.module.js';
import { dossierModule } from './dossier/dossier.module.js';
import { kpiModule } from './kpi/kpi.module.js';
import { outboxModule } from './outbox/outbox.module.js';
import { queueAdminModule } from './queue-admin/queue-admin.module.js';
import { paymentModule } from './payment/payment.module.js';
import { liveModule } from './live/live.module.js';
import { meetingModule } from './meeting/meeting.module.js';
import { notificationModule } from './notification/notification.module.js';

export const MODULES = [
  agencyModule,
  authModule,
  auditModule,
  attachmentModule,
  documentModule,
  edxmlModule,
  webhookModule,
  procedureModule,
  calendarModule,
  dossierModule,
  kpiModule,
  outboxModule,
  queueAdminModule,
  paymentModule,
  liveModule,
  notificationModule,
  meetingModule,
] as const;

// the job catalog is every module's jobs (a name declared twice is refused here, at startup)
for (const m of MODULES) if (m.jobs) registerJobs(m.jobs);

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
type LoadersOf<M> = M extends { loaders?: (db: () => Db, scope: () => Scope) => infer L }
  ? unknown extends L
    ? never
    : L
  : never;
/** Every module's loaders, one object. */
export type Loaders = UnionToIntersection<LoadersOf<(typeof MODULES)[number]>>;

export function createLoaders(db: () => Db, scope: () => Scope): Loaders {
  return Object.assign({}, ...MODULES.map((m) => m.loaders?.(db, scope) ?? {})) as Loaders;
}

/** Every module's resolvers, for the schema (type-graphql wants at least one). */
export const RESOLVERS = MODULES.flatMap((m) => m.resolvers ?? []) as unknown as [Function, ...Function[]]; // eslint-disable-line @typescript-eslint/no-unsafe-function-type

/** Every module's types that implement `Node`, for `node(id:)`. */
export const NODES = MODULES.flatMap((m) => m.nodes ?? []);

/** Every module's job handlers (the worker registry checks them against the catalog). */
export const HANDLERS = MODULES.flatMap((m) => m.handlers ?? []);

/** Every module's schedules, as this configuration wants them. */
export const schedulesOf = (config: Config): Schedule[] => MODULES.flatMap((m) => m.schedules?.(config) ?? []);

/** Every module's HTTP routes besides /graphql. */
export const ROUTES = MODULES.flatMap((m) => m.routes ?? []);

/**
 * Everything `npm start` and `npm run db:migrate` seed, module by module in the list's order,
 * idempotently, in a few batched statements each (no long interactive transaction: a slow machine
 * must not hit its time limit; a seed cut short is completed by the next run).
 */
export async function seedDemo(db: Db): Promise<{ agencies: number }> {
  let agencies = 0;
  for (const m of MODULES) {
    const seeded = await m.seed?.(db);
    if (m === agencyModule) agencies = Number(seeded);
  }
  return { agencies };
}
