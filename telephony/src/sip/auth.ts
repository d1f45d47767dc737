// Digest authentication of requests from the agents' softphones: REGISTER (401 / WWW-Authenticate) and
// the INVITEs a softphone places itself, e.g. a consultation call to a colleague (407 / Proxy-Authenticate).
import type Srf from 'drachtio-srf';
import type { TelephonyConfig } from '../config';
import type { TelephonyPorts } from '../ports';
import { checkNonce, digestResponse, makeNonce, parseDigest, sameDigest } from './digest';

const NONCE_MAX_AGE_MS = 5 * 60_000;

export type AuthResult = { ok: true; userId: number; sipUser: string } | { ok: false };

export function digestAuth(cfg: TelephonyConfig, ports: TelephonyPorts, clock: () => number) {
  return async (req: Srf.SrfRequest, res: Srf.SrfResponse, method: 'REGISTER' | 'INVITE'): Promise<AuthResult> => {
    // a registrar challenges with 401, anything else (a proxy, as we are for INVITE) with 407
    const [status, ask, answer] =
      method === 'REGISTER'
        ? [401, 'WWW-Authenticate', 'Authorization']
        : [407, 'Proxy-Authenticate', 'Proxy-Authorization'];
    const challenge = (stale = false): AuthResult => {
      res.send(status, {
        headers: {
          [ask]: `Digest realm="${cfg.sipDomain}", nonce="${makeNonce(cfg.nonceSecret, clock())}", algorithm=MD5, qop="auth"${stale ? ', stale=true' : ''}`,
        },
      });
      return { ok: false };
    };
    const creds = parseDigest(req.get(answer));
    if (!creds) return challenge();
    const nonce = checkNonce(cfg.nonceSecret, creds.nonce, clock(), NONCE_MAX_AGE_MS);
    if (nonce === 'invalid' || creds.realm !== cfg.sipDomain) return challenge();
    const account = await ports.softphones.ha1For(creds.username);
    const expected =
      account &&
      digestResponse({
        ha1: account.ha1,
        method,
        uri: creds.uri,
        nonce: creds.nonce,
        qop: creds.qop,
        nc: creds.nc,
        cnonce: creds.cnonce,
      });
    if (!account || !expected || !sameDigest(expected, creds.response)) {
      ports.log('warn', `${method} for ${creds.username} from ${req.source_address}: bad credentials`);
      res.send(403);
      return { ok: false };
    }
    // a correct answer to an old nonce: ask again with a fresh one, without a password prompt
    if (nonce === 'stale') return challenge(true);
    return { ok: true, userId: account.userId, sipUser: creds.username };
  };
}
