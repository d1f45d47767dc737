import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../lib/errors';
import { idParam, parse } from '../../lib/validate';
import { requireUser } from '../auth/routes';
import type { AttachmentService } from './service';

/** Mounted at /api: POST/GET /tickets/:id/attachments and GET /attachments/:id. */
export function attachmentRoutes(svc: AttachmentService, maxBytes: number) {
  const r = Router();
  const idOf = (p: unknown) => parse(z.object({ id: idParam }), p).id;
  const raw = express.raw({ type: () => true, limit: maxBytes });

  // Authenticate before reading up to maxBytes of body; map "too large" to a 413 naming the field.
  const rawBody = (req: Request, res: Response, next: NextFunction) => {
    requireUser(req);
    raw(req, res, (err?: unknown) => {
      if ((err as { type?: string } | undefined)?.type === 'entity.too.large')
        return next(
          new AppError('PAYLOAD_TOO_LARGE', 'File too large', { file: `At most ${maxBytes} bytes` }, { maxBytes }),
        );
      next(err);
    });
  };

  r.post('/tickets/:id/attachments', rawBody, async (req, res) => {
    const user = requireUser(req);
    const body = await svc.upload(user, idOf(req.params), {
      query: req.query,
      fileNameHeader: req.get('x-file-name'),
      body: req.body,
      ip: req.ip ?? null,
    });
    res.status(201).json({ attachment: body });
  });
  r.get('/tickets/:id/attachments', async (req, res) => {
    res.json({ items: await svc.list(requireUser(req), idOf(req.params), req.query) });
  });
  r.get('/attachments/:id', async (req, res) => {
    const { meta, data } = await svc.download(requireUser(req), idOf(req.params), req.ip ?? null);
    res.attachment(meta.fileName);
    res.setHeader('Content-Type', meta.contentType);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // opened in a tab after all, the file gets no script, no plugin and no origin of ours
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    // Decrypted personal evidence: never kept by a shared cache or the browser's disk cache.
    res.setHeader('Cache-Control', 'private, no-store');
    res.send(data);
  });
  return r;
}
