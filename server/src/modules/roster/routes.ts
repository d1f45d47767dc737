import { Router } from 'express';
import { z } from 'zod';
import { idParam, monthString, parse } from '../../lib/validate';
import { requireUser } from '../auth/routes';
import { rosterXlsx } from './rosterXlsx';
import type { RosterService } from './service';

export function rosterRoutes(svc: RosterService) {
  const r = Router();
  const at = (p: unknown) => parse(z.object({ code: z.string().min(1).max(60), month: monthString('YYYY-MM') }), p);
  const id = (p: unknown) => parse(z.object({ id: idParam }), p).id;

  r.get('/templates', async (req, res) => {
    res.json({ templates: await svc.templates(requireUser(req)) });
  });
  r.post('/templates', async (req, res) => {
    res.status(201).json({ template: await svc.createTemplate(requireUser(req), req.body, req.ip ?? null) });
  });
  r.put('/templates/:templateCode', async (req, res) => {
    const { templateCode } = parse(z.object({ templateCode: z.string().min(1).max(40) }), req.params);
    res.json({ template: await svc.updateTemplate(requireUser(req), templateCode, req.body, req.ip ?? null) });
  });
  r.get('/colleagues', async (req, res) => {
    res.json({ colleagues: await svc.colleagues(requireUser(req)) });
  });
  r.get('/me/shifts', async (req, res) => {
    res.json({ shifts: await svc.myShifts(requireUser(req), req.query) });
  });
  r.get('/attendance', async (req, res) => {
    res.json(await svc.attendanceOf(requireUser(req), req.query));
  });

  r.get('/leave', async (req, res) => {
    res.json({ leave: await svc.leaveList(requireUser(req), req.query) });
  });
  r.post('/leave', async (req, res) => {
    const out = await svc.requestLeave(
      requireUser(req),
      req.body,
      req.ip ?? null,
      req.get('idempotency-key') ?? undefined,
    );
    if (!out.created) res.setHeader('Idempotent-Replayed', 'true');
    res.status(out.created ? 201 : 200).json({ leave: out.row });
  });
  r.post('/leave/:id/decision', async (req, res) => {
    res.json(await svc.decideLeave(requireUser(req), id(req.params), req.body, req.ip ?? null));
  });

  r.get('/swaps', async (req, res) => {
    res.json({ swaps: await svc.swapList(requireUser(req), req.query) });
  });
  r.post('/swaps', async (req, res) => {
    const out = await svc.requestSwap(
      requireUser(req),
      req.body,
      req.ip ?? null,
      req.get('idempotency-key') ?? undefined,
    );
    if (!out.created) res.setHeader('Idempotent-Replayed', 'true');
    res.status(out.created ? 201 : 200).json({ swap: out.row });
  });
  r.post('/swaps/:id/decision', async (req, res) => {
    res.json(await svc.decideSwap(requireUser(req), id(req.params), req.body, req.ip ?? null));
  });

  r.get('/:code/:month', async (req, res) => {
    const { code, month } = at(req.params);
    res.json(await svc.month(requireUser(req), code, month));
  });
  r.get('/:code/:month/export.xlsx', async (req, res) => {
    const { code, month } = at(req.params);
    const m = await svc.month(requireUser(req), code, month);
    res
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .attachment(`roster-${code}-${month}.xlsx`)
      .send(await rosterXlsx(m));
  });
  r.post('/:code/:month/auto-plan', async (req, res) => {
    const { code, month } = at(req.params);
    res.json(await svc.autoPlan(requireUser(req), code, month, req.body, req.ip ?? null));
  });
  r.put('/:code/:month/cells', async (req, res) => {
    const { code, month } = at(req.params);
    res.json(await svc.setCell(requireUser(req), code, month, req.body, req.ip ?? null));
  });
  r.post('/:code/:month/publish', async (req, res) => {
    const { code, month } = at(req.params);
    res.json(await svc.publish(requireUser(req), code, month, req.body, req.ip ?? null));
  });
  return r;
}
