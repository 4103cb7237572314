/**
 * The hub's modules. The API builds its GraphQL schema and each request's loaders from this list:
 * a new module is its folder (with its `<name>.module.ts`) and one line here.
 */
import 'reflect-metadata';
import type { Db } from '../db/client.js';
import { agencyModule } from './agency/agency.module.js';
import { authModule } from './auth/auth.module.js';
import { auditModule } from './audit/audit.module.js';
import { documentModule } from './document/document.module.js';
import { edxmlModule } from './edxml/edxml.module.js';
import { webhookModule } from './webhook/webhook.module.js';
import { procedureModule } from './procedure/procedure.module.js';
import { calendarModule } from './calendar/calendar.module.js';
import { dossierModule } from './dossier/dossier.module.js';
import { kpiModule } from './kpi/kpi.module.js';
import { queueAdminModule } from './queue-admin/queue-admin.module.js';
import { paymentModule } from './payment/payment.module.js';

export const MODULES = [
  agencyModule,
  authModule,
  auditModule,
  documentModule,
  edxmlModule,
  webhookModule,
  procedureModule,
  calendarModule,
  dossierModule,
  kpiModule,
  queueAdminModule,
  paymentModule,
] as const;

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
type LoadersOf<M> = M extends { loaders?: (db: () => Db) => infer L } ? (unknown extends L ? never : L) : never;
/** Every module's loaders, one object. */
export type Loaders = UnionToIntersection<LoadersOf<(typeof MODULES)[number]>>;

export function createLoaders(db: () => Db): Loaders {
  return Object.assign({}, ...MODULES.map((m) => ('loaders' in m && m.loaders ? m.loaders(db) : {}))) as Loaders;
}

/** Every module's resolvers, for the schema (type-graphql wants at least one). */
export const RESOLVERS = MODULES.flatMap((m) => m.resolvers) as unknown as [Function, ...Function[]]; // eslint-disable-line @typescript-eslint/no-unsafe-function-type
