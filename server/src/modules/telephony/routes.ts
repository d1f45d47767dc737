import { Router } from 'express';
import { requireUser } from '../auth/routes';
import type { SoftphoneService } from './service';
import type { Wallboard } from './wallboard';

export function telephonyRoutes(svc: SoftphoneService, wallboard: Wallboard) {
  const r = Router();
  r.get('/softphone', async (req, res) => {
    // the SIP secret: never cached by a browser or a proxy
    res.setHeader('Cache-Control', 'no-store');
    res.json({ softphone: await svc.mine(requireUser(req), req.ip ?? null) });
  });
  r.get('/registrations', async (req, res) => {
    res.json({ registrations: await svc.registrations(requireUser(req)) });
  });
  r.get('/queues', async (req, res) => {
    res.json(await wallboard.today(requireUser(req)));
  });
  return r;
}
