import { Router } from 'express';
import { z } from 'zod';
import { parse, idParam } from '../../lib/validate';
import { requireUser } from '../auth/routes';
import type { TicketService } from './service';

export function ticketRoutes(svc: TicketService) {
  const r = Router();
  const ticketId = (p: unknown) => parse(z.object({ id: idParam }), p).id;

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
    res.json(await svc.list(requireUser(req), req.query));
  });
  r.get('/:id', async (req, res) => {
    res.json(await svc.get(requireUser(req), ticketId(req.params)));
  });
  r.get('/:id/timeline', async (req, res) => {
    res.json({ events: await svc.timeline(requireUser(req), ticketId(req.params)) });
  });
  r.post('/:id/reveal', async (req, res) => {
    const reason = typeof req.body?.reason === 'string' ? req.body.reason.slice(0, 200) : undefined;
    res.json(await svc.reveal(requireUser(req), ticketId(req.params), req.ip ?? null, reason));
  });
  r.post('/:id/actions/:action', async (req, res) => {
    const user = requireUser(req);
    res.json(await svc.act(user, ticketId(req.params), String(req.params.action), req.body, req.ip ?? null));
  });
  return r;
}
