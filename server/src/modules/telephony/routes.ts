import { Router } from 'express';
import { z } from 'zod';
import { idParam, parse } from '../../lib/validate';
import { requireUser } from '../auth/routes';
import type { Services } from '../../services';
import { placeOutboundCall } from './outbound';

export function telephonyRoutes(services: Services) {
  const { softphones: svc, wallboard } = services;
  const r = Router();
  r.get('/softphone', async (req, res) => {
    // the SIP secret: never cached by a browser or a proxy
    res.setHeader('Cache-Control', 'no-store');
    res.json({ softphone: await svc.mine(requireUser(req), req.ip ?? null) });
  });
  r.get('/registrations', async (req, res) => {
    res.json({ registrations: await svc.registrations(requireUser(req)) });
  });
  r.post('/calls', async (req, res) => {
    res.status(201).json(await placeOutboundCall(services, requireUser(req), req.body, req.ip ?? null));
  });
  r.get('/agents', async (req, res) => {
    res.json(await services.skills.list(requireUser(req)));
  });
  r.put('/agents/:userId/skills', async (req, res) => {
    const { userId } = parse(z.object({ userId: idParam }), req.params);
    res.json(await services.skills.set(requireUser(req), userId, req.body, req.ip ?? null));
  });
  r.get('/queues', async (req, res) => {
    res.json(await wallboard.today(requireUser(req)));
  });
  return r;
}
