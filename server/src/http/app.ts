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
import { userAdminRoutes } from '../modules/users/routes';
import { settingsRoutes } from '../modules/settings/routes';
import { keyRoutes } from '../modules/keys/routes';
import { alertRoutes } from '../modules/alerts/routes';
import { auditRoutes } from '../modules/audit/routes';
import { adminReferenceRoutes } from '../modules/admin/referenceRoutes';
import { ticketRoutes } from '../modules/tickets/routes';
import { savedFiltersRoutes } from '../modules/tickets/savedFiltersRoutes';
import { presenceRoutes } from '../modules/presence/routes';
import { telephonyRoutes } from '../modules/telephony/routes';
import { recordingRoutes } from '../modules/telephony/recordingsRoutes';
import { contractRoutes } from '../modules/contracts/routes';
import { rosterRoutes } from '../modules/roster/routes';
import { kbRoutes } from '../modules/kb/routes';
import { healthReport } from './health';
import { createOriginPolicy, originGuard, rejectNul, securityHeaders, type TrustProxy } from './security';
import { describeError, errorSummary, isConnectionError, throttledLog } from '../lib/safeError';
import { workRoutes } from '../modules/work/routes';
import { attachmentRoutes } from '../modules/attachments/routes';

export function createApp(s: Services) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', s.config.TRUST_PROXY);
  const trust = app.get('trust proxy fn') as TrustProxy;
  const origins = createOriginPolicy({ allowedOrigins: s.config.ALLOWED_ORIGINS, trust });
  app.locals.originPolicy = origins; // socket.io judges its handshakes by the same policy (realtime/socket.ts)
  app.use(securityHeaders({ sipWsUri: s.config.SIP_WS_URI, trust }));
  app.use('/api', originGuard(origins)); // before the body is read
  // JSON only as application/json: a cross-site form can send text/plain but never that without CORS
  app.use(express.json({ limit: '1mb' }));
  app.use('/api', rejectNul);

  const api = express.Router();
  // API answers carry personal data and session state: never kept by the browser or a proxy (ASVS V8.2.1)
  api.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  api.get('/health', async (_req, res) => {
    const h = await healthReport(s);
    res.status(h.httpStatus).json(h.body);
  });
  api.use(sessionMiddleware(s.auth));
  // Logging out ends the agent's shift: offline first, while the session still names the user.
  api.post('/auth/logout', async (req, _res, next) => {
    if (req.user) await s.presence.onLogout(req.user);
    next();
  });
  api.use('/auth', authRoutes(s.auth, s.account, { secureCookie: s.config.COOKIE_SECURE }));
  api.use('/admin/users', userAdminRoutes(s.users));
  api.use('/admin/settings', settingsRoutes(s.settings));
  api.use('/admin/keys', keyRoutes(s.keys));
  api.use('/admin/alerts', alertRoutes(s.alerts));
  api.use('/admin/audit', auditRoutes(s.auditDesk));
  api.use('/admin', adminReferenceRoutes(s.reference));
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

  const logFailure = throttledLog((m) => console.error(m), 5000);
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
    // a lost database connection: the client may retry (503); logged once per kind every few seconds, and
    // never with the failed query's parameters (lib/safeError.ts)
    if (isConnectionError(err)) {
      logFailure(
        `db:${errorSummary(err)}`,
        `[http] ${req.method} ${req.path}: database unavailable: ${errorSummary(err)}`,
      );
      return res
        .status(503)
        .json({ error: { code: 'DATABASE_UNAVAILABLE', message: 'The database is not reachable; try again' } });
    }
    logFailure(
      `${req.method} ${req.path}:${errorSummary(err)}`,
      `[http] ${req.method} ${req.path} failed: ${describeError(err)}`,
    );
    res.status(500).json({ error: { code: 'INTERNAL', message: 'Internal error' } });
  });
  return app;
}
