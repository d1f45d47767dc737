import { Router } from 'express';
import { z } from 'zod';
import { idParam, parse } from '../../lib/validate';
import { requireUser } from '../auth/routes';
import type { KbService } from './service';

export function kbRoutes(svc: KbService) {
  const r = Router();
  const articleId = (p: unknown) => parse(z.object({ id: idParam }), p).id;

  r.get('/categories', async (req, res) => {
    res.json({ categories: await svc.categories(requireUser(req)) });
  });
  r.get('/articles', async (req, res) => {
    res.json(await svc.list(requireUser(req), req.query));
  });
  r.post('/articles', async (req, res) => {
    res.status(201).json(await svc.create(requireUser(req), req.body, req.ip ?? null));
  });
  r.get('/articles/:id', async (req, res) => {
    res.json(await svc.get(requireUser(req), articleId(req.params)));
  });
  r.patch('/articles/:id', async (req, res) => {
    res.json(await svc.update(requireUser(req), articleId(req.params), req.body, req.ip ?? null));
  });
  r.post('/articles/:id/publish', async (req, res) => {
    res.json(await svc.changeStatus(requireUser(req), articleId(req.params), 'publish', req.body, req.ip ?? null));
  });
  r.post('/articles/:id/archive', async (req, res) => {
    res.json(await svc.changeStatus(requireUser(req), articleId(req.params), 'archive', req.body, req.ip ?? null));
  });
  r.post('/articles/:id/uses', async (req, res) => {
    const { created, use } = await svc.recordUse(requireUser(req), articleId(req.params), req.body);
    res.status(created ? 201 : 200).json({ use, created });
  });
  r.get('/uses', async (req, res) => {
    res.json({ uses: await svc.usesOfTicket(requireUser(req), req.query) });
  });
  return r;
}
