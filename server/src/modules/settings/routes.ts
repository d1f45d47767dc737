import { Router } from 'express';
import { forbidden } from '../../lib/errors';
import { requireUser } from '../auth/routes';
import type { SettingsService } from './service';

/** /api/admin/settings — the security policy: administrators read and change it. */
export function settingsRoutes(svc: SettingsService) {
  const r = Router();
  r.get('/security', async (req, res) => {
    const user = requireUser(req);
    if (!user.roles.includes('admin')) throw forbidden('Only administrators read the policy');
    res.json({ value: svc.security(), defaults: svc.defaults(), history: await svc.history() });
  });
  r.put('/security', async (req, res) => {
    res.json(await svc.updateSecurity(requireUser(req), req.body, req.ip ?? null));
  });
  return r;
}
