import { Router } from 'express';
import { z } from 'zod';
import { idParam, parse } from '../../lib/validate';
import { requireUser } from '../auth/routes';
import type { PresenceService } from './service';

export function presenceRoutes(svc: PresenceService) {
  const r = Router();
  r.get('/me', async (req, res) => {
    res.json({ presence: await svc.me(requireUser(req)) });
  });
  r.put('/me', async (req, res) => {
    const { presence } = await svc.setMine(requireUser(req), req.body, 'rest');
    res.json({ presence });
  });
  r.get('/agents', async (req, res) => {
    res.json({ agents: await svc.agents(requireUser(req)) });
  });
  r.put('/agents/:userId', async (req, res) => {
    const user = requireUser(req);
    const { userId } = parse(z.object({ userId: idParam }), req.params);
    const { presence } = await svc.setFor(user, userId, req.body);
    res.json({ presence });
  });
  r.get('/history', async (req, res) => {
    res.json({ intervals: await svc.history(requireUser(req), req.query) });
  });
  return r;
}
