import { Router, type Request, type Response, type NextFunction } from 'express';
import { parse as parseCookie } from 'cookie';
import { z } from 'zod';
import { AppError } from '../../lib/errors';
import { parse } from '../../lib/validate';
import type { AccountService } from './accountService';
import type { AuthService, SessionUser } from './service';

export const SESSION_COOKIE = 'hd_session';

declare module 'express-serve-static-core' {
  interface Request {
    user?: SessionUser;
    sessionIdHash?: string;
  }
}

export const cookieToken = (header: string | undefined) => (header ? parseCookie(header)[SESSION_COOKIE] : undefined);

/** What a restricted session (password change or TOTP set-up due) may still call. */
const OPEN_WHILE_RESTRICTED = new Set([
  'GET /auth/me',
  'POST /auth/logout',
  'POST /auth/password',
  'POST /auth/totp/setup',
  'POST /auth/totp/enable',
]);

/**
 * Attach req.user when the cookie names a live, complete session. Never rejects for a missing session
 * (requireUser does that), but a restricted one may only do what its restriction asks.
 */
export function sessionMiddleware(auth: AuthService) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const s = await auth.authenticate(cookieToken(req.headers.cookie));
    if (s && !s.mfaPending) {
      req.user = s.user;
      req.sessionIdHash = s.idHash;
      const r = s.user.restriction;
      if (r && !OPEN_WHILE_RESTRICTED.has(`${req.method} ${req.path}`))
        throw r === 'password_change'
          ? new AppError('PASSWORD_CHANGE_REQUIRED', 'Change your password first')
          : new AppError('TOTP_ENROLMENT_REQUIRED', 'Set up two-step sign-in first');
    }
    next();
  };
}

export type SessionUserLike = Pick<SessionUser, 'roles'>;

export function requireUser(req: Request): SessionUser {
  if (!req.user) throw new AppError('UNAUTHENTICATED', 'Login required');
  return req.user;
}

/** `auto`: Secure when the request came over TLS (directly, or through a proxy TRUST_PROXY believes). */
export type CookieSecure = 'true' | 'false' | 'auto';

export function authRoutes(auth: AuthService, account: AccountService, opts: { secureCookie: CookieSecure }) {
  const r = Router();
  const loginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });
  const totpBody = z.object({ code: z.string().trim().max(10) });
  const setCookie = (req: Request, res: Response, token: string) =>
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: opts.secureCookie === 'auto' ? req.secure : opts.secureCookie === 'true',
      path: '/',
    });
  const ip = (req: Request) => req.ip ?? null;
  const ua = (req: Request) => req.get('user-agent') ?? null;

  r.post('/login', async (req, res) => {
    const body = parse(loginBody, req.body);
    const { token, user, mfaRequired } = await auth.login(body.username, body.password, ip(req), ua(req));
    setCookie(req, res, token);
    // before the second factor the client learns only that one is needed
    res.json(mfaRequired ? { mfaRequired: true } : { user });
  });

  r.post('/login/totp', async (req, res) => {
    const body = parse(totpBody, req.body);
    const { token, user } = await auth.loginTotp(cookieToken(req.headers.cookie), body.code, ip(req), ua(req));
    setCookie(req, res, token);
    res.json({ user });
  });

  r.post('/logout', async (req, res) => {
    if (req.user && req.sessionIdHash) await auth.logout(req.sessionIdHash, req.user.id, ip(req));
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.json({ ok: true });
  });

  r.get('/me', (req, res) => {
    const user = requireUser(req);
    res.json({ user });
  });

  r.post('/password', async (req, res) => {
    res.json(await account.changePassword(requireUser(req), req.sessionIdHash!, req.body, ip(req)));
  });
  r.post('/totp/setup', async (req, res) => {
    res.json(await account.setupTotp(requireUser(req), ip(req)));
  });
  r.post('/totp/enable', async (req, res) => {
    res.json(await account.enableTotp(requireUser(req), req.body, ip(req)));
  });
  r.post('/totp/disable', async (req, res) => {
    res.json(await account.disableTotp(requireUser(req), req.body, ip(req)));
  });

  r.get('/sessions', async (req, res) => {
    res.json({ sessions: await auth.sessions(requireUser(req), req.sessionIdHash!) });
  });
  r.post('/sessions/:id/end', async (req, res) => {
    const { id } = parse(z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{16}$/) }), req.params);
    res.json(await auth.endOwnSession(requireUser(req), id, ip(req)));
  });
  /** 在所有设备上退出; `keepCurrent` false signs this desk out too */
  r.post('/sessions/end-all', async (req, res) => {
    const { keepCurrent } = parse(z.object({ keepCurrent: z.boolean().default(true) }), req.body ?? {});
    const out = await auth.signOutEverywhere(requireUser(req), req.sessionIdHash!, keepCurrent, ip(req));
    if (!keepCurrent) res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.json(out);
  });
  return r;
}
