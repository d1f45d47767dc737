import { Router } from 'express';
import { z } from 'zod';
import { idParam, parse } from '../../lib/validate';
import { requireUser } from '../auth/routes';
import type { ContractsService } from './service';
import { statementXlsx } from './statementXlsx';

export function contractRoutes(svc: ContractsService) {
  const r = Router();
  const code = (p: unknown) => parse(z.object({ code: z.string().min(1).max(60) }), p).code;

  r.get('/', async (req, res) => {
    res.json({ contracts: await svc.list(requireUser(req)) });
  });
  r.post('/', async (req, res) => {
    res.status(201).json({ contract: await svc.create(requireUser(req), req.body, req.ip ?? null) });
  });
  r.get('/:code', async (req, res) => {
    res.json(await svc.get(requireUser(req), code(req.params)));
  });
  r.post('/:code/versions', async (req, res) => {
    res
      .status(201)
      .json({ contract: await svc.addVersion(requireUser(req), code(req.params), req.body, req.ip ?? null) });
  });
  r.get('/:code/facts', async (req, res) => {
    res.json({ facts: await svc.facts(requireUser(req), code(req.params), req.query) });
  });
  r.post('/:code/facts', async (req, res) => {
    const out = await svc.addFact(
      requireUser(req),
      code(req.params),
      req.body,
      req.ip ?? null,
      req.get('idempotency-key') ?? undefined,
    );
    if (!out.created) res.setHeader('Idempotent-Replayed', 'true');
    res.status(out.created ? 201 : 200).json({ fact: out.fact });
  });
  r.delete('/:code/facts/:id', async (req, res) => {
    const { id } = parse(z.object({ id: idParam }), req.params);
    await svc.voidFact(requireUser(req), id, req.ip ?? null);
    res.status(204).end();
  });
  r.get('/:code/settlement', async (req, res) => {
    res.json(await svc.statement(requireUser(req), code(req.params), req.query));
  });
  r.get('/:code/settlement.xlsx', async (req, res) => {
    const user = requireUser(req);
    const c = code(req.params);
    const { statement } = await svc.statement(user, c, req.query);
    const file = await statementXlsx(statement, `${c} 结算单`);
    await svc.auditExport(user, c, statement.period, req.ip ?? null);
    res
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .attachment(`settlement-${c}-${statement.period.from}-${statement.period.to}.xlsx`)
      .send(file);
  });
  return r;
}
