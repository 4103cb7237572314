import { AppError } from '../../src/common/errors.js';
import { isExternal } from '../../src/modules/document/document.rules.js';
import { edxmlService } from '../../src/modules/edxml/edxml.service.js';
import { runAsSystem, systemContext } from '../../src/modules/system/system-context.js';
import { defineHandler, systemDeps } from '../registry.js';
import { callPortal } from './portal-call.js';

const AXIS_ACTOR = 'national-axis';

/** The document as an edXML package addressed to its recipients outside the city, sent to the axis. */
export const axisSendDocumentHandler = defineHandler('axis.sendDocument', async ({ documentId }, ctx) => {
  const home = ctx.config.portal.unitCode;
  const xml = await edxmlService.exportDocument(systemContext(systemDeps(ctx), AXIS_ACTOR), documentId, (a) => isExternal(a.code, home));
  if (!xml) return { skipped: 'unknown document' };
  const answer = await callPortal(ctx, 'axis.send', (p) => p.axis('send', { package: xml }));
  return { axisId: answer['id'] ?? null };
});

/** A status change for a sender outside the city, as an edXML status packet. */
export const axisSendStatusHandler = defineHandler('axis.sendStatus', async ({ eventId }, ctx) => {
  const xml = await edxmlService.exportStatus(systemContext(systemDeps(ctx), AXIS_ACTOR), eventId);
  if (!xml) return { skipped: 'unknown status change' };
  await callPortal(ctx, 'axis.status', (p) => p.axis('status', { package: xml }));
  return { sent: eventId };
});

/**
 * Poll the axis: import each received package exactly as if sent through the API (same rules,
 * same audit trail, as the SYSTEM actor), then acknowledge `done`; a package the hub refuses is
 * acknowledged `fail` with the reason and stores nothing. Anything else stops the poll unacknowledged,
 * so the next poll tries again (imports are idempotent).
 */
export const axisPollHandler = defineHandler('axis.poll', async (_payload, ctx) => {
  const deps = systemDeps(ctx);
  const list = await callPortal(ctx, 'axis.received', (p) => p.axis('received', {}));
  const items = Array.isArray(list['data']) ? (list['data'] as Array<{ id: string }>) : [];
  const result = { imported: 0, refused: 0 };
  for (const { id } of items) {
    const got = await callPortal(ctx, 'axis.get', (p) => p.axis('get', { id }));
    try {
      await runAsSystem(deps, AXIS_ACTOR, 'importEdxml(axis)', (sys) => edxmlService.import(sys, String(got['package'] ?? '')));
      await callPortal(ctx, 'axis.ack', (p) => p.axis('ack', { id, status: 'done' }));
      result.imported++;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      ctx.log.warn({ axisId: id, problem: err.message }, 'an axis package was refused');
      await callPortal(ctx, 'axis.ack', (p) => p.axis('ack', { id, status: 'fail', reason: err.message }));
      result.refused++;
    }
  }
  return result;
});
