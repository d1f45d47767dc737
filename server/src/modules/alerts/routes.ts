import { Router } from 'express';
import { z } from 'zod';
import { forbidden } from '../../lib/errors';
import { idParam, parse } from '../../lib/validate';
import { requireUser, type SessionUserLike } from '../auth/routes';
import type { AlertService } from './service';

const ALERT_ROLES = ['supervisor', 'admin', 'auditor'];
const mayRead = (u: SessionUserLike) => {
  if (!u.roles.some((r) => ALERT_ROLES.includes(r))) throw forbidden('Not allowed');
};

/** /api/admin/alerts — security alerts for supervisors, administrators and auditors. */
export function alertRoutes(svc: AlertService) {
  const r = Router();
  r.get('/', async (req, res) => {
    const user = requireUser(req);
    mayRead(user);
    const q = parse(z.object({ open: z.enum(['true', 'false']).optional() }), req.query);
    res.json({ alerts: await svc.list({ open: q.open === 'true' }) });
  });
  r.post('/:id/acknowledge', async (req, res) => {
    const user = requireUser(req);
    mayRead(user);
    res.json(await svc.acknowledge(user.id, parse(z.object({ id: idParam }), req.params).id, req.ip ?? null));
  });
  return r;
}
