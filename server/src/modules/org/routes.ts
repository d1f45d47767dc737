import { Router } from 'express';
import { requireUser } from '../auth/routes';
import { buildTree, type OrgRepository } from './repository';

export function orgRoutes(repo: OrgRepository) {
  const r = Router();
  r.get('/units', async (req, res) => {
    requireUser(req);
    const rows = await repo.all();
    res.json({ units: buildTree(rows.filter((u) => u.active)) });
  });
  return r;
}
