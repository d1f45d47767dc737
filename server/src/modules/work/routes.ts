import { Router } from 'express';
import { requireUser } from '../auth/routes';
import type { WorkService } from './service';

export function workRoutes(svc: WorkService) {
  const r = Router();
  r.get('/summary', async (req, res) => {
    res.json(await svc.summary(requireUser(req)));
  });
  r.get('/inbox', async (req, res) => {
    res.json(await svc.inbox(requireUser(req), req.query));
  });
  r.get('/reviews', async (req, res) => {
    res.json(await svc.reviews(requireUser(req), req.query));
  });
  r.get('/extensions', async (req, res) => {
    res.json(await svc.extensions(requireUser(req), req.query));
  });
  r.get('/supervisions', async (req, res) => {
    res.json(await svc.supervisions(requireUser(req), req.query));
  });
  r.get('/overdue', async (req, res) => {
    res.json(await svc.overdue(requireUser(req), req.query));
  });
  r.get('/revisits', async (req, res) => {
    res.json(await svc.revisits(requireUser(req), req.query));
  });
  return r;
}
