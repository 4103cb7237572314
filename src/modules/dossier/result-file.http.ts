/**
 * `GET /files/results/<result id>/<signature>`: a dossier's result file for the portal and the
 * citizen, without an account (the contract wants a publicly downloadable link, §2.3b). Only a
 * link the hub made (result-link.ts) opens; any other answers 404, the same as an unknown file.
 */
import { Router } from 'express';
import type { Config } from '../../config/config.js';
import type { PrismaClient } from '../../db/client.js';
import type { BlobStore } from '../attachment/blob-store.js';
import { resultLinkValid } from './result-link.js';

export function resultFileRoutes(deps: { config: Config; prisma: PrismaClient; blobs: BlobStore }): Router {
  const router = Router();
  router.get('/:id/:signature', async (req, res, next) => {
    try {
      const { id, signature } = req.params as { id: string; signature: string };
      const row = resultLinkValid(deps.config, id, signature)
        ? await deps.prisma.dossierResult.findUnique({ where: { id } })
        : null;
      const stored = row && (await deps.blobs.stat(row.sha256));
      if (!row || !stored)
        return void res.status(404).json({
          errors: [{ message: 'No such file', extensions: { code: 'NOT_FOUND', requestId: res.locals['requestId'] } }],
        });
      // rows stored before content types were checked may hold anything a header cannot
      res.setHeader(
        'Content-Type',
        /^[\x20-\x7e]{1,255}$/.test(row.contentType) ? row.contentType : 'application/octet-stream',
      );
      res.setHeader('Content-Length', String(stored.size));
      res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(row.name)}`);
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
      deps.blobs.read(row.sha256).on('error', next).pipe(res);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
