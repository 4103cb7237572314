/** Every handler of the worker process. The registry checks this list against the job catalog. */
import type { HandlerDefinition } from '../registry.js';
import { auditCheckpointHandler, auditVerifyHandler } from './audit-verify.handler.js';
import { webhookDeliverHandler, webhookRelayHandler } from './webhook-deliver.handler.js';
import { portalCatalogHandler } from './portal-catalog.handler.js';
import { paymentExpireHandler, paymentStartHandler } from './payment.handler.js';
import { reconcileHandler } from './reconcile.handler.js';
import { axisPollHandler, axisSendDocumentHandler, axisSendStatusHandler } from './axis.handler.js';
import { outboxRelayHandler, portalStepHandler, portalSyncHandler } from './portal-sync.handler.js';

export const HANDLERS: HandlerDefinition[] = [
  auditVerifyHandler,
  auditCheckpointHandler,
  webhookDeliverHandler,
  webhookRelayHandler,
  outboxRelayHandler,
  portalSyncHandler,
  portalStepHandler,
  portalCatalogHandler,
  axisSendDocumentHandler,
  axisSendStatusHandler,
  axisPollHandler,
  paymentStartHandler,
  paymentExpireHandler,
  reconcileHandler,
];
