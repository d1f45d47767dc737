// SIP digest credentials for a softphone. Pure: the registrar compares digests computed from HA1.
import crypto from 'node:crypto';

/** HA1 = MD5(username:realm:password) (RFC 2617 / 3261): what a digest check needs, not the password. */
export function ha1(user: string, realm: string, password: string): string {
  return crypto.createHash('md5').update(`${user}:${realm}:${password}`).digest('hex');
}

/** Softphone user names are stable per agent and carry no personal data. */
export function sipUserFor(userId: number): string {
  return `agent${userId}`;
}

/** 24 random characters: the softphone secret is typed by nobody, so it can be long. */
export function newSipPassword(): string {
  return crypto.randomBytes(18).toString('base64url');
}

/**
 * The digest response a client must send for a request (qop=auth when the challenge asked for it).
 * Used by the registrar to check REGISTERs, and by tests to build them.
 */
export function digestResponse(p: {
  ha1: string;
  method: string;
  uri: string;
  nonce: string;
  qop?: string;
  nc?: string;
  cnonce?: string;
}): string {
  const md5 = (s: string) => crypto.createHash('md5').update(s).digest('hex');
  const ha2 = md5(`${p.method}:${p.uri}`);
  return p.qop ? md5(`${p.ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`) : md5(`${p.ha1}:${p.nonce}:${ha2}`);
}
