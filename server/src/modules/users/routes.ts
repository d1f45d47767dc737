import { Router } from 'express';
import { z } from 'zod';
import { idParam, parse } from '../../lib/validate';
import { requireUser } from '../auth/routes';
import type { UsersService } from './service';

/** /api/admin/users — administrators only (checked in the service). */
export function userAdminRoutes(svc: UsersService) {
  const r = Router();
  const id = (p: unknown) => parse(z.object({ id: idParam }), p).id;
  const ip = (req: { ip?: string }) => req.ip ?? null;
  r.get('/', async (req, res) => {
    res.json(await svc.list(requireUser(req), req.query));
  });
  r.post('/', async (req, res) => {
    res.status(201).json(await svc.create(requireUser(req), req.body, ip(req)));
  });
  r.get('/:id', async (req, res) => {
    res.json(await svc.get(requireUser(req), id(req.params)));
  });
  r.patch('/:id', async (req, res) => {
    res.json(await svc.update(requireUser(req), id(req.params), req.body, ip(req)));
  });
  r.post('/:id/disable', async (req, res) => {
    res.json(await svc.setActive(requireUser(req), id(req.params), false, req.body, ip(req)));
  });
  r.post('/:id/enable', async (req, res) => {
    res.json(await svc.setActive(requireUser(req), id(req.params), true, req.body, ip(req)));
  });
  r.post('/:id/unlock', async (req, res) => {
    res.json(await svc.unlock(requireUser(req), id(req.params), ip(req)));
  });
  r.post('/:id/reset-password', async (req, res) => {
    res.json(await svc.resetPassword(requireUser(req), id(req.params), req.body, ip(req)));
  });
  r.post('/:id/reset-totp', async (req, res) => {
    res.json(await svc.resetTotp(requireUser(req), id(req.params), req.body, ip(req)));
  });
  r.post('/:id/sign-out', async (req, res) => {
    res.json(await svc.signOut(requireUser(req), id(req.params), ip(req)));
  });
  return r;
}
