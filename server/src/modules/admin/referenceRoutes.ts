// /api/admin/… for the centre's reference data: org units, categories and time limits, hotline lines and
// contract partners (calendars: POST /api/calendar/years). Thin: the services authorize (administrators
// only), validate and audit. Mounted beside other /admin routers: unmatched paths fall through.
import { Router } from 'express';
import { z } from 'zod';
import { idParam, parse } from '../../lib/validate';
import { requireUser } from '../auth/routes';
import type { ReferenceAdmin } from './reference';

export function adminReferenceRoutes(s: ReferenceAdmin) {
  const r = Router();
  const id = (p: unknown) => parse(z.object({ id: idParam }), p).id;
  const ip = (req: { ip?: string }) => req.ip ?? null;

  r.get('/org/units', async (req, res) => {
    res.json({ units: await s.org.tree(requireUser(req)) });
  });
  r.post('/org/units', async (req, res) => {
    res.status(201).json({ unit: await s.org.create(requireUser(req), req.body, ip(req)) });
  });
  r.patch('/org/units/:id', async (req, res) => {
    res.json({ unit: await s.org.update(requireUser(req), id(req.params), req.body, ip(req)) });
  });
  r.post('/org/units/:id/deactivate', async (req, res) => {
    res.json(await s.org.deactivate(requireUser(req), id(req.params), req.body, ip(req)));
  });
  r.post('/org/units/:id/reactivate', async (req, res) => {
    res.json(await s.org.reactivate(requireUser(req), id(req.params), req.body, ip(req)));
  });

  r.get('/categories', async (req, res) => {
    res.json({ categories: await s.categories.tree(requireUser(req)) });
  });
  r.post('/categories', async (req, res) => {
    res.status(201).json({ category: await s.categories.create(requireUser(req), req.body, ip(req)) });
  });
  r.patch('/categories/:id', async (req, res) => {
    res.json({ category: await s.categories.update(requireUser(req), id(req.params), req.body, ip(req)) });
  });
  r.put('/categories/:id/limits', async (req, res) => {
    res.json({ category: await s.categories.setLimits(requireUser(req), id(req.params), req.body, ip(req)) });
  });
  r.post('/categories/:id/deactivate', async (req, res) => {
    res.json(await s.categories.deactivate(requireUser(req), id(req.params), req.body, ip(req)));
  });
  r.post('/categories/:id/reactivate', async (req, res) => {
    res.json(await s.categories.reactivate(requireUser(req), id(req.params), req.body, ip(req)));
  });

  r.get('/lines', async (req, res) => {
    res.json({ lines: await s.lines.list(requireUser(req)) });
  });
  r.post('/lines', async (req, res) => {
    res.status(201).json({ line: await s.lines.create(requireUser(req), req.body, ip(req)) });
  });
  r.patch('/lines/:id', async (req, res) => {
    res.json({ line: await s.lines.update(requireUser(req), id(req.params), req.body, ip(req)) });
  });

  r.get('/partners', async (req, res) => {
    res.json({ partners: await s.partners.list(requireUser(req)) });
  });
  r.post('/partners', async (req, res) => {
    res.status(201).json({ partner: await s.partners.create(requireUser(req), req.body, ip(req)) });
  });
  r.patch('/partners/:id', async (req, res) => {
    res.json({ partner: await s.partners.update(requireUser(req), id(req.params), req.body, ip(req)) });
  });
  r.delete('/partners/:id', async (req, res) => {
    await s.partners.remove(requireUser(req), id(req.params), req.query, ip(req));
    res.status(204).end();
  });
  r.post('/partners/:id/reveal', async (req, res) => {
    res.json(await s.partners.reveal(requireUser(req), id(req.params), req.body, ip(req)));
  });
  return r;
}
