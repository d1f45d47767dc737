import { Router } from 'express';
import { z } from 'zod';
import { parse, idParam } from '../../lib/validate';
import { requireUser } from '../auth/routes';
import type { ExportService } from './exportService';
import type { IntakeService } from './intakeService';
import type { TicketService } from './service';
import { describeError } from '../../lib/safeError';

export function ticketRoutes(svc: TicketService, more: { intake: IntakeService; exporter: ExportService }) {
  const r = Router();
  const ticketId = (p: unknown) => parse(z.object({ id: idParam }), p).id;

  // fixed paths first: they must not be taken for a ticket id
  r.get('/caller', async (req, res) => {
    res.json(await more.intake.caller(requireUser(req), req.query, req.ip ?? null));
  });
  r.post('/duplicates', async (req, res) => {
    res.json(await more.intake.duplicates(requireUser(req), req.body));
  });
  r.get('/export.xlsx', async (req, res) => {
    const job = await more.exporter.prepare(requireUser(req), req.query as Record<string, unknown>, req.ip ?? null);
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="${job.fileName}"`);
    res.setHeader('X-Total-Count', String(job.count));
    try {
      await job.write(res);
    } catch (e) {
      // the headers are gone: all that is left is to cut the download short so it is not taken as complete
      console.error(`[export] failed mid-stream: ${describeError(e)}`);
      res.destroy();
    }
  });

  r.post('/', async (req, res) => {
    const user = requireUser(req);
    const { replayed, ...body } = await svc.create(
      user,
      req.body,
      req.get('idempotency-key') ?? undefined,
      req.ip ?? null,
    );
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(replayed ? 200 : 201).json(body);
  });
  r.get('/', async (req, res) => {
    res.json(await svc.list(requireUser(req), req.query, req.ip ?? null));
  });
  r.get('/:id', async (req, res) => {
    res.json(await svc.get(requireUser(req), ticketId(req.params)));
  });
  r.get('/:id/timeline', async (req, res) => {
    res.json({ events: await svc.timeline(requireUser(req), ticketId(req.params)) });
  });
  r.post('/:id/reveal', async (req, res) => {
    res.json(await svc.reveal(requireUser(req), ticketId(req.params), req.ip ?? null, req.body));
  });
  r.post('/:id/actions/:action', async (req, res) => {
    const user = requireUser(req);
    res.json(await svc.act(user, ticketId(req.params), String(req.params.action), req.body, req.ip ?? null));
  });
  return r;
}
