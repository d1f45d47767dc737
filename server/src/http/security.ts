// Browser-facing defences in one place: the security headers (a CSP the built agent UI runs under), the
// Origin check that keeps other sites from riding on the session cookie (CSRF over /api, cross-site
// WebSocket hijacking over socket.io), and the refusal of NUL characters before any route sees them.
import type http from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { AppError, validation } from '../lib/errors';
import { nulPath } from '../lib/validate';

/** Express's compiled "trust proxy" setting: may the hop at `addr` set X-Forwarded-*? */
export type TrustProxy = (addr: string | undefined, hop: number) => boolean;

const header = (req: http.IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};
const firstOf = (v: string) => v.split(',')[0]!.trim();

/** `scheme://host[:port]` of an http(s) URL, lower-case, default port dropped; null when it is not one. */
export function normalOrigin(value: string): string | null {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

/**
 * The origin the client addressed: what Express gives as `req.protocol` + `req.host` (X-Forwarded-Proto and
 * X-Forwarded-Host count only from a trusted proxy), computed on the bare request so socket.io handshakes,
 * which never reach Express, are judged the same way.
 */
export function requestOrigin(req: http.IncomingMessage, trust: TrustProxy): string | null {
  const trusted = trust(req.socket.remoteAddress, 0);
  const forwardedProto = trusted ? header(req, 'x-forwarded-proto') : undefined;
  const forwardedHost = trusted ? header(req, 'x-forwarded-host') : undefined;
  const proto = forwardedProto ? firstOf(forwardedProto) : (req.socket as TLSSocket).encrypted ? 'https' : 'http';
  const host = forwardedHost ? firstOf(forwardedHost) : header(req, 'host');
  return host ? normalOrigin(`${proto}://${host}`) : null;
}

export interface OriginPolicy {
  /** Why the request must be refused as cross-site, or null when it may go on. */
  refusal(req: http.IncomingMessage): string | null;
}

/**
 * A request with an Origin must come from the server's own origin or one of ALLOWED_ORIGINS; one without
 * (older browsers on same-origin requests, curl, other servers) is refused only when the browser says it is
 * cross-site (Sec-Fetch-Site). Non-browser clients send neither header and pass: they hold no victim's cookie.
 */
export function createOriginPolicy(opts: { allowedOrigins: string; trust: TrustProxy }): OriginPolicy {
  const allowed = new Set<string>();
  for (const entry of opts.allowedOrigins.split(',').map((s) => s.trim())) {
    if (!entry) continue;
    const o = normalOrigin(entry);
    if (!o) throw new Error(`ALLOWED_ORIGINS: '${entry}' is not an origin (scheme://host[:port])`);
    allowed.add(o);
  }
  return {
    refusal(req) {
      const origin = header(req, 'origin');
      if (origin !== undefined) {
        const o = normalOrigin(origin);
        if (o && (allowed.has(o) || o === requestOrigin(req, opts.trust))) return null;
        return `Requests from ${origin.slice(0, 100)} are not accepted`;
      }
      if (header(req, 'sec-fetch-site') === 'cross-site') return 'Cross-site requests are not accepted';
      return null;
    },
  };
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** 403 ORIGIN_REFUSED for a state-changing request from another site, before its body is even read. */
export function originGuard(policy: OriginPolicy): RequestHandler {
  return (req, _res, next) => {
    if (!STATE_CHANGING.has(req.method)) return next();
    const why = policy.refusal(req);
    if (why) throw new AppError('ORIGIN_REFUSED', why);
    next();
  };
}

const NUL_MESSAGE = 'Must not contain a NUL character';

/**
 * 400 naming the field for a NUL character in the path, the query or a JSON body: PostgreSQL text cannot
 * hold one, so it would otherwise fail the query (a 500) wherever the value reaches the database.
 */
export const rejectNul: RequestHandler = (req, _res, next) => {
  if (/%00/.test(req.path)) throw validation({ path: NUL_MESSAGE });
  const inQuery = nulPath(req.query);
  if (inQuery !== undefined) throw validation({ [inQuery || '_']: NUL_MESSAGE });
  const inBody = Buffer.isBuffer(req.body) ? undefined : nulPath(req.body);
  if (inBody !== undefined) throw validation({ [inBody || '_']: NUL_MESSAGE });
  next();
};

/**
 * Headers for every response. The agent UI is one built bundle: scripts only from this origin, no inline
 * script; inline styles stay allowed because Element Plus positions popups with style attributes. The
 * browser softphone connects to drachtio's WebSocket (SIP_WS_URI), socket.io to this host.
 */
export function securityHeaders(opts: { sipWsUri: string; trust: TrustProxy }): RequestHandler[] {
  let sipOrigin: string | null = null;
  try {
    const u = new URL(opts.sipWsUri);
    if (u.protocol === 'ws:' || u.protocol === 'wss:') sipOrigin = `${u.protocol}//${u.host}`;
  } catch {
    sipOrigin = null;
  }
  const sameHostWs = (req: http.IncomingMessage) => {
    const o = requestOrigin(req, opts.trust);
    return o ? o.replace(/^http/, 'ws') : "'self'";
  };
  return [
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          mediaSrc: ["'self'", 'blob:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'", (req) => sameHostWs(req), ...(sipOrigin ? [sipOrigin] : [])],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
        },
      },
      // HSTS only on secure requests (below; req.secure honours TRUST_PROXY): over plain HTTP it means nothing
      strictTransportSecurity: false,
      referrerPolicy: { policy: 'no-referrer' },
      xFrameOptions: { action: 'deny' },
    }),
    (req, res, next) => {
      if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
      next();
    },
  ];
}
