import { Router, type Request, type Response, type NextFunction } from 'express';
import { parse as parseCookie } from 'cookie';
import { z } from 'zod';
import { AppError } from '../../lib/errors';
import { parse } from '../../lib/validate';
import type { AuthService, SessionUser } from './service';

export const SESSION_COOKIE = 'hd_session';

declare module 'express-serve-static-core' {
  interface Request {
    user?: SessionUser;
    sessionIdHash?: string;
  }
}

export const cookieToken = (header: string | undefined) => (header ? parseCookie(header)[SESSION_COOKIE] : undefined);

/** Attach req.user when the cookie names a live session. Never rejects: requireUser does that. */
export function sessionMiddleware(auth: AuthService) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const s = await auth.authenticate(cookieToken(req.headers.cookie));
    if (s) {
      req.user = s.user;
      req.sessionIdHash = s.idHash;
    }
    next();
  };
}

export function requireUser(req: Request): SessionUser {
  if (!req.user) throw new AppError('UNAUTHENTICATED', 'Login required');
  return req.user;
}

export function authRoutes(auth: AuthService, opts: { secureCookie: boolean; idleMinutes: number }) {
  const r = Router();
  const loginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });

  r.post('/login', async (req, res) => {
    const body = parse(loginBody, req.body);
    const { token, user } = await auth.login(
      body.username,
      body.password,
      req.ip ?? null,
      req.get('user-agent') ?? null,
    );
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: opts.secureCookie,
      path: '/',
    });
    res.json({ user });
  });

  r.post('/logout', async (req, res) => {
    if (req.user && req.sessionIdHash) await auth.logout(req.sessionIdHash, req.user.id, req.ip ?? null);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.json({ ok: true });
  });

  r.get('/me', (req, res) => {
    const user = requireUser(req);
    res.json({ user, sessionIdleMinutes: opts.idleMinutes });
  });
  return r;
}
