// SIP digest authentication (RFC 3261 §22, RFC 2617 MD5): pure pieces of the registrar's check.
import crypto from 'node:crypto';

const md5 = (s: string) => crypto.createHash('md5').update(s).digest('hex');

/** HA1 = MD5(username:realm:password): what a digest check needs, stored instead of the password. */
export function ha1(user: string, realm: string, password: string): string {
  return md5(`${user}:${realm}:${password}`);
}

export function digestResponse(p: {
  ha1: string;
  method: string;
  uri: string;
  nonce: string;
  qop?: string;
  nc?: string;
  cnonce?: string;
}): string {
  const ha2 = md5(`${p.method}:${p.uri}`);
  return p.qop ? md5(`${p.ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`) : md5(`${p.ha1}:${p.nonce}:${ha2}`);
}

export interface DigestCredentials {
  username: string;
  realm: string;
  nonce: string;
  uri: string;
  response: string;
  algorithm?: string;
  qop?: string;
  nc?: string;
  cnonce?: string;
  opaque?: string;
}

/** `Digest username="a", realm="r", …` → fields; null when it is not a usable Digest header. */
export function parseDigest(header: string | undefined | null): DigestCredentials | null {
  if (!header) return null;
  const m = /^\s*Digest\s+(.*)$/is.exec(header);
  if (!m) return null;
  const fields: Record<string, string> = {};
  const re = /([a-zA-Z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  for (let p = re.exec(m[1]); p; p = re.exec(m[1])) fields[p[1].toLowerCase()] = p[2] ?? p[3];
  const { username, realm, nonce, uri, response } = fields;
  if (!username || !realm || !nonce || !uri || !response) return null;
  return { ...fields, username, realm, nonce, uri, response } as DigestCredentials;
}

/**
 * Stateless nonces: `<issued ms>.<hmac>`, so any process (or a restarted one) can check a nonce it issued
 * without remembering it, and an old one is answered with `stale=true` instead of a password prompt.
 */
export function makeNonce(secret: string, now: number): string {
  const t = now.toString(36);
  return `${t}.${crypto.createHmac('sha256', secret).update(t).digest('base64url').slice(0, 22)}`;
}

export function checkNonce(secret: string, nonce: string, now: number, maxAgeMs: number): 'ok' | 'stale' | 'invalid' {
  const [t, mac] = nonce.split('.');
  if (!t || !mac) return 'invalid';
  const expected = crypto.createHmac('sha256', secret).update(t).digest('base64url').slice(0, 22);
  if (mac.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(mac), Buffer.from(expected)))
    return 'invalid';
  const issued = parseInt(t, 36);
  if (!Number.isFinite(issued) || issued > now + 60_000) return 'invalid';
  return now - issued > maxAgeMs ? 'stale' : 'ok';
}

/** Constant-time comparison of two hex digests. */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase());
  const y = Buffer.from(b.toLowerCase());
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
