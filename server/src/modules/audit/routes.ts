import { Router } from 'express';
import { requireUser } from '../auth/routes';
import type { AuditService } from './service';

/** /api/admin/audit — the auditor's search, export and chain verification. */
export function auditRoutes(svc: AuditService) {
  const r = Router();
  r.get('/', async (req, res) => {
    res.json(await svc.search(requireUser(req), req.query));
  });
  r.get('/export.xlsx', async (req, res) => {
    const job = await svc.export(requireUser(req), req.query, req.ip ?? null);
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="${job.fileName}"`);
    res.setHeader('X-Total-Count', String(job.count));
    try {
      await job.write(res);
    } catch (e) {
      console.error('[audit] export failed mid-stream:', (e as Error).message);
      res.destroy();
    }
  });
  r.post('/verify', async (req, res) => {
    res.json(await svc.verifyFor(requireUser(req)));
  });
  return r;
}
