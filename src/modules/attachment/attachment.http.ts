/**
 * Attachment bytes over HTTP, with the same credentials as /graphql:
 * - `POST /attachments` (raw body, any content type) stores a file and answers `{ sha256, size }`;
 *   `sendDocument` then names it by its SHA-256. Identical files are stored once.
 * - `GET /attachments/<sha256>` returns the exact bytes to the sender or a recipient of a document
 *   holding it, or to an agency it was put before (a meeting's programme, an opinion form's draft;
 *   ADMIN and LEADER: any); to anyone else it does not exist.
 */
import express, { Router, type Response } from 'express';
import type { Config } from '../../config/config.js';
import type { PrismaClient } from '../../db/client.js';
import { type AnonymousRefusals, authenticateFirst } from '../../http/graphql-gate.js';
import { assertMayWrite } from '../../core/access.js';
import type { Caller } from '../auth/caller.js';
import { scopeOf } from '../../core/access.js';
import type { JwtVerifier } from '../auth/jwt.js';
import { documentRepository } from '../document/document.repository.js';
import { SHA256_HEX, type BlobStore } from './blob-store.js';
import { blobAccess } from './blob-access.js';
import { attachmentPutBefore } from '../meeting/meeting.common.js';

const fail = (res: Response, status: number, code: string, message: string) =>
  res.status(status).json({ errors: [{ message, extensions: { code, requestId: res.locals['requestId'] } }] });

export function attachmentRoutes(deps: {
  config: Config;
  prisma: PrismaClient;
  jwt: JwtVerifier;
  blobs: BlobStore;
  refusals: AnonymousRefusals;
}): Router {
  const router = Router();
  // the caller is known before a byte of the body is read (a stranger's 20 MB is never read)
  router.use(authenticateFirst(deps, { callerRequired: true }));
  const caller = (res: Response): Caller => (res.locals['auth'] as { caller: Caller }).caller;

  router.post(
    '/',
    express.raw({ type: () => true, limit: deps.config.attachments.maxBytes }),
    async (req, res, next) => {
      try {
        const who = caller(res);
        try {
          assertMayWrite(who);
        } catch (err) {
          return fail(res, 403, 'FORBIDDEN', (err as Error).message);
        }
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        if (body.length === 0) return fail(res, 400, 'BAD_USER_INPUT', 'The request body (the file) is empty');
        const stored = await deps.blobs.put(body);
        // the uploader's agency may now name these bytes in a document or a result (blob-access.ts)
        if (who.agencyId) await blobAccess.grant(deps.prisma, stored.sha256, who.agencyId);
        res.status(201).json(stored);
      } catch (err) {
        next(err);
      }
    },
  );

  router.get('/:sha256', async (req, res, next) => {
    try {
      const who = caller(res);
      const sha256 = req.params['sha256']!;
      const notFound = () => fail(res, 404, 'NOT_FOUND', `No attachment ${sha256} that you can read`);
      if (!SHA256_HEX.test(sha256)) return notFound();
      // a document the agency sent or receives, or one put before it (a meeting's programme, an opinion form's draft)
      const row =
        (await documentRepository.readableAttachment(scopeOf(who), deps.prisma, sha256)) ??
        (who.agencyId
          ? await attachmentPutBefore(deps.prisma, who.agencyId, who.kind === 'user' ? who.id : null, sha256)
          : null);
      const stored = row && (await deps.blobs.stat(sha256));
      if (!row || !stored) return notFound();
      // rows stored before content types were checked may hold anything a header cannot
      res.setHeader(
        'Content-Type',
        /^[\x20-\x7e]{1,255}$/.test(row.contentType) ? row.contentType : 'application/octet-stream',
      );
      res.setHeader('Content-Length', String(stored.size));
      res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(row.name)}`);
      res.setHeader('ETag', `"${sha256}"`);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
      deps.blobs.read(sha256).on('error', next).pipe(res);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
