import { Router } from 'express';
import { z } from 'zod';
import { idParam, parse } from '../../lib/validate';
import { requireUser } from '../auth/routes';
import type { SavedFiltersService } from './savedFiltersService';

/** /api/saved-filters: the signed-in user's own ticket-list filters. */
export function savedFiltersRoutes(svc: SavedFiltersService) {
  const r = Router();
  r.get('/', async (req, res) => {
    res.json(await svc.list(requireUser(req)));
  });
  r.post('/', async (req, res) => {
    res.status(201).json(await svc.create(requireUser(req), req.body));
  });
  r.delete('/:id', async (req, res) => {
    await svc.remove(requireUser(req), parse(z.object({ id: idParam }), req.params).id);
    res.status(204).end();
  });
  return r;
}
