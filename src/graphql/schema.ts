/** Builds the executable schema from the modules' resolvers and checks every root field is guarded. */
import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { NormalizeText } from './normalize.js';
import { AgencyResolver } from '../modules/agency/agency.resolver.js';
import { AuditResolver } from '../modules/audit/audit.resolver.js';
import { AuthResolver } from '../modules/auth/auth.resolver.js';
import { DeliveryEventResolver, DeliveryResolver, DocumentResolver } from '../modules/document/document.resolver.js';
import { EdxmlResolver } from '../modules/edxml/edxml.resolver.js';
import { ProcedureResolver } from '../modules/procedure/procedure.resolver.js';
import { CalendarResolver } from '../modules/calendar/calendar.resolver.js';
import { DossierResolver } from '../modules/dossier/dossier.resolver.js';
import { KpiResolver } from '../modules/kpi/kpi.resolver.js';
import { PaymentResolver } from '../modules/payment/payment.resolver.js';
import { QueueAdminResolver } from '../modules/queue-admin/queue-admin.resolver.js';
import { DocumentStatsResolver } from '../modules/document/document-stats.resolver.js';
import { WebhookResolver } from '../modules/webhook/webhook.resolver.js';
import { assertGuarded } from './guard.js';

const RESOLVERS = [
  AgencyResolver,
  AuthResolver,
  AuditResolver,
  DocumentResolver,
  DeliveryResolver,
  DeliveryEventResolver,
  EdxmlResolver,
  WebhookResolver,
  DocumentStatsResolver,
  ProcedureResolver,
  CalendarResolver,
  DossierResolver,
  KpiResolver,
  QueueAdminResolver,
  PaymentResolver,
] as const;

let built: Promise<GraphQLSchema> | undefined;

export function hubSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({ resolvers: RESOLVERS, validate: false, globalMiddlewares: [NormalizeText] }).then(
    (schema) => {
      assertGuarded(schema);
      return schema;
    },
  );
  return built;
}

/** The SDL committed as schema/schema.graphql: sorted, so diffs show real changes only. */
export async function printHubSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await hubSchema()))}\n`;
}
