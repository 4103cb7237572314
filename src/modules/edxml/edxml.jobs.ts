/** The national document axis's jobs: send a document, send a status change, poll for packages. */
import { AppError } from '../../common/errors.js';
import type { Config } from '../../config/config.js';
import { defineHandler, defineSchedule } from '../../core/job-context.js';
import { QueueName, type JobSpecs } from '../../jobs/job-catalog.js';
import { callAxis } from '../../jobs/upstream-call.js';
import { documentRepository } from '../document/document.repository.js';
import { isExternal } from '../document/document.rules.js';
import { edxmlService } from './edxml.service.js';

declare module '../../jobs/job-catalog.js' {
  interface JobPayloads {
    /** Send a document to its recipients outside the city through the national document axis. */
    'axis.sendDocument': { documentId: string };
    /** Send a status change to a sender outside the city, as an edXML status packet. */
    'axis.sendStatus': { eventId: string };
    /** Fetch the packages the axis holds for the city, import each, acknowledge done or fail. */
    'axis.poll': { reason: 'schedule' | 'manual' };
  }
}

const toAxis = {
  queue: QueueName.Portal,
  attempts: (c: Config) => c.portal.attempts,
  backoffMs: (c: Config) => c.portal.backoffMs,
  backoffMaxMs: (c: Config) => c.portal.backoffMaxMs,
  outbox: true,
};

export const edxmlJobs: JobSpecs<'axis.sendDocument' | 'axis.sendStatus' | 'axis.poll'> = {
  'axis.sendDocument': { ...toAxis, jobId: (p) => `axis-send-${p.documentId}` },
  'axis.sendStatus': { ...toAxis, jobId: (p) => `axis-status-${p.eventId}` },
  'axis.poll': { queue: QueueName.Portal, jobId: () => undefined, attempts: 1, backoffMs: 1000 },
};

export const edxmlSchedules = (config: Config) => [
  defineSchedule({
    id: 'axis.poll.every-minute',
    job: 'axis.poll',
    data: { reason: 'schedule' },
    repeat: { every: config.axis.pollMs },
  }),
];

const AXIS_ACTOR = 'national-axis';

/**
 * The document as a signed edXML package addressed to its recipients outside the city, sent to
 * the axis once: the axis's acceptance is recorded, so a job run again (a crash after the send,
 * Redis lost the job) sends nothing; a receiver that still gets it twice deduplicates on its
 * DocumentId.
 */
export const axisSendDocumentHandler = defineHandler('axis.sendDocument', async ({ documentId }, ctx) => {
  if (await documentRepository.axisSentAt(ctx.prisma, documentId)) return { skipped: 'already on the axis' };
  const home = ctx.config.portal.unitCode;
  const xml = await edxmlService.exportDocument(ctx.system.context(AXIS_ACTOR), documentId, {
    onlyRecipients: (a) => isExternal(a.code, home),
  });
  if (!xml) return { skipped: 'unknown document' };
  const axisId = await callAxis(ctx, 'sendEdoc', (axis) => axis.send(xml, 'edoc'));
  await documentRepository.markAxisSent(ctx.prisma, documentId);
  return { axisId };
});

/** A status change for a sender outside the city, as a signed edXML status packet; once, as above. */
export const axisSendStatusHandler = defineHandler('axis.sendStatus', async ({ eventId }, ctx) => {
  if (await documentRepository.eventAxisSentAt(ctx.prisma, eventId)) return { skipped: 'already on the axis' };
  const xml = await edxmlService.exportStatus(ctx.system.context(AXIS_ACTOR), eventId);
  if (!xml) return { skipped: 'unknown status change' };
  await callAxis(ctx, 'sendEdoc', (axis) => axis.send(xml, 'status'));
  await documentRepository.markEventAxisSent(ctx.prisma, eventId);
  return { sent: eventId };
});

/**
 * Poll the axis (documents, then status packets): import each received package exactly as if
 * sent through the API (same rules, same audit trail, as the SYSTEM actor), then acknowledge it
 * `done`; a package the hub refuses is acknowledged `fail` and stores nothing. Anything else
 * stops the poll unacknowledged, so the next poll tries again (imports are idempotent).
 */
export const axisPollHandler = defineHandler('axis.poll', async (_payload, ctx) => {
  const result = { imported: 0, refused: 0 };
  for (const messagetype of ['edoc', 'status'] as const) {
    for (const id of await callAxis(ctx, 'getReceivedEdocList', (axis) => axis.received(messagetype))) {
      const xml = await callAxis(ctx, 'getEdoc', (axis) => axis.get(id));
      try {
        await ctx.system.run(AXIS_ACTOR, 'importEdxml(axis)', (sys) => edxmlService.import(sys, xml));
        await callAxis(ctx, 'updateStatus', (axis) => axis.ack(id, 'done'));
        result.imported++;
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        ctx.log.warn({ axisId: id, problem: err.message }, 'an axis package was refused');
        await callAxis(ctx, 'updateStatus', (axis) => axis.ack(id, 'fail'));
        result.refused++;
      }
    }
  }
  return result;
});
