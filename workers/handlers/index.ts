/** Every handler of the worker process. The registry checks this list against the job catalog. */
import type { HandlerDefinition } from '../registry.js';
import { auditVerifyHandler } from './audit-verify.handler.js';

export const HANDLERS: HandlerDefinition[] = [auditVerifyHandler as HandlerDefinition];
