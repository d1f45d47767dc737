import { Router } from 'express';
import { z } from 'zod';
import { idParam, parse } from '../../lib/validate';
import { requireUser } from '../auth/routes';
import type { RecordingService } from './recordings';

/** Mounted at /api: GET /calls/:id/recording. */
export function recordingRoutes(svc: RecordingService) {
  const r = Router();
  r.get('/calls/:id/recording', async (req, res) => {
    const { id } = parse(z.object({ id: idParam }), req.params);
    const file = await svc.download(requireUser(req), id, req.ip ?? null);
    res.attachment(file.fileName);
    res.setHeader('Content-Type', file.format === 'pcap' ? 'application/vnd.tcpdump.pcap' : 'application/octet-stream');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // a decrypted conversation: never kept by a proxy or the browser's disk cache
    res.setHeader('Cache-Control', 'no-store');
    res.send(file.data);
  });
  return r;
}
