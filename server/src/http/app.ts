// The Express app: JSON API under /api, the built agent UI at /. Routes stay thin; errors are mapped here.
import fs from 'node:fs';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { AppError } from '../lib/errors';
import { authRoutes, sessionMiddleware } from '../modules/auth/routes';
import type { Services } from '../services';
import { calendarRoutes } from '../modules/calendar/routes';
import { categoryRoutes } from '../modules/categories/routes';
import { orgRoutes } from '../modules/org/routes';
import { ticketRoutes } from '../modules/tickets/routes';
import { savedFiltersRoutes } from '../modules/tickets/savedFiltersRoutes';
import { presenceRoutes } from '../modules/presence/routes';
import { telephonyRoutes } from '../modules/telephony/routes';
import { recordingRoutes } from '../modules/telephony/recordingsRoutes';
import { contractRoutes } from '../modules/contracts/routes';
import { rosterRoutes } from '../modules/roster/routes';
import { kbRoutes } from '../modules/kb/routes';
import { pingDb } from '../db/client';
import { workRoutes } from '../modules/work/routes';
import { attachmentRoutes } from '../modules/attachments/routes';

export function createApp(s: Services) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', s.config.TRUST_PROXY);
  app.use(express.json({ limit: '1mb' }));

  const api = express.Router();
  api.get('/health', async (_req, res) => {
    const db = await pingDb(s.pool);
    res.status(db.ok ? 200 : 503).json({
      status: db.ok ? 'ok' : 'degraded',
      database: db,
      jobs: s.jobs?.status() ?? 'disabled',
      telephony: s.telephony?.status() ?? 'disabled',
      time: new Date().toISOString(),
    });
  });
  api.use(sessionMiddleware(s.auth));
  // Logging out ends the agent's shift: offline first, while the session still names the user.
  api.post('/auth/logout', async (req, _res, next) => {
    if (req.user) await s.presence.onLogout(req.user);
    next();
  });
  api.use('/auth', authRoutes(s.auth, s.account, { secureCookie: s.config.COOKIE_SECURE }));
  api.use('/org', orgRoutes(s.orgRepo));
  api.use('/categories', categoryRoutes(s.catalog));
  api.use('/calendar', calendarRoutes(s.calendar));
  api.use('/tickets', ticketRoutes(s.tickets, { intake: s.intake, exporter: s.ticketExport }));
  api.use('/saved-filters', savedFiltersRoutes(s.savedFilters));
  api.use('/presence', presenceRoutes(s.presence));
  api.use('/telephony', telephonyRoutes(s));
  api.use(recordingRoutes(s.recordings));
  api.use('/work', workRoutes(s.work));
  api.use(attachmentRoutes(s.attachments, s.config.ATTACHMENT_MAX_BYTES));
  api.use('/kb', kbRoutes(s.kb));
  api.use('/contracts', contractRoutes(s.contracts));
  api.use('/roster', rosterRoutes(s.roster));
  api.use((_req, _res) => {
    throw new AppError('NOT_FOUND', 'No such endpoint');
  });
  app.use('/api', api);

  const dist = s.config.UI_DIST;
  if (fs.existsSync(path.join(dist, 'index.html'))) {
    app.use(express.static(dist, { index: false, maxAge: '1h' }));
    // Client-side routes: every other GET gets the SPA shell.
    app.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => res.sendFile(path.join(dist, 'index.html')));
  }

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof AppError) return res.status(err.status).json(err.toJSON());
    const e = err as { type?: string; status?: number; message?: string };
    if (e.type === 'entity.parse.failed')
      return res
        .status(400)
        .json({ error: { code: 'VALIDATION', message: 'Body is not valid JSON', fields: { _: 'Invalid JSON' } } });
    if (e.type === 'entity.too.large')
      return res
        .status(413)
        .json({ error: { code: 'VALIDATION', message: 'Body too large', fields: { _: 'Too large' } } });
    console.error(`[http] ${req.method} ${req.path} failed:`, err);
    res.status(500).json({ error: { code: 'INTERNAL', message: 'Internal error' } });
  });
  return app;
}
