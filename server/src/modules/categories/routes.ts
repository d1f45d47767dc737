import { Router } from 'express';
import { requireUser } from '../auth/routes';
import type { CategoryCatalog } from './repository';

export function categoryRoutes(catalog: CategoryCatalog) {
  const r = Router();
  r.get('/', (req, res) => {
    requireUser(req);
    res.json({ categories: catalog.tree() });
  });
  return r;
}
