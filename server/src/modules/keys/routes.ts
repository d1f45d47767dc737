import { Router } from 'express';
import { forbidden } from '../../lib/errors';
import { requireUser } from '../auth/routes';
import type { Keyring } from './keyring';

/** /api/admin/keys — the personal-data keys (never their bytes) and their rotation. */
export function keyRoutes(keys: Keyring) {
  const r = Router();
  r.get('/', async (req, res) => {
    const user = requireUser(req);
    if (!user.roles.includes('admin')) throw forbidden('Only administrators manage keys');
    res.json(await keys.status());
  });
  r.post('/rotate', async (req, res) => {
    const user = requireUser(req);
    if (!user.roles.includes('admin')) throw forbidden('Only administrators manage keys');
    res.status(202).json({ rotation: await keys.rotate(user.id, req.ip ?? null) });
  });
  return r;
}
