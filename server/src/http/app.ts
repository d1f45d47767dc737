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
import { pingDb } from '../db/client';

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
      time: new Date().toISOString(),
    });
  });
  api.use(sessionMiddleware(s.auth));
  api.use(
    '/auth',
    authRoutes(s.auth, { secureCookie: s.config.COOKIE_SECURE, idleMinutes: s.config.SESSION_IDLE_MINUTES }),
  );
  api.use('/org', orgRoutes(s.orgRepo));
  api.use('/categories', categoryRoutes(s.catalog));
  api.use('/calendar', calendarRoutes(s.calendar));
  api.use('/tickets', ticketRoutes(s.tickets));
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
