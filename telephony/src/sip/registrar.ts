// Registrar for the agents' softphones: digest-authenticated REGISTER (credentials issued by the server),
// contacts kept with their expiry through the host, so the ACD knows which agents can ring.
import type Srf from 'drachtio-srf';
import type { TelephonyConfig } from '../config';
import type { TelephonyPorts } from '../ports';
import { checkNonce, digestResponse, makeNonce, parseDigest, sameDigest } from './digest';

const NONCE_MAX_AGE_MS = 5 * 60_000;

export function registrar(cfg: TelephonyConfig, ports: TelephonyPorts, clock: () => number = Date.now) {
  const challenge = (res: Srf.SrfResponse, stale = false) =>
    res.send(401, {
      headers: {
        'WWW-Authenticate': `Digest realm="${cfg.sipDomain}", nonce="${makeNonce(cfg.nonceSecret, clock())}", algorithm=MD5, qop="auth"${stale ? ', stale=true' : ''}`,
      },
    });

  return async (req: Srf.SrfRequest, res: Srf.SrfResponse): Promise<void> => {
    const creds = parseDigest(req.get('Authorization'));
    if (!creds) return challenge(res);
    const nonce = checkNonce(cfg.nonceSecret, creds.nonce, clock(), NONCE_MAX_AGE_MS);
    if (nonce === 'invalid' || creds.realm !== cfg.sipDomain) return challenge(res);
    const account = await ports.softphones.ha1For(creds.username);
    const expected =
      account &&
      digestResponse({
        ha1: account.ha1,
        method: 'REGISTER',
        uri: creds.uri,
        nonce: creds.nonce,
        qop: creds.qop,
        nc: creds.nc,
        cnonce: creds.cnonce,
      });
    if (!account || !expected || !sameDigest(expected, creds.response)) {
      ports.log('warn', `REGISTER for ${creds.username} from ${req.source_address}: bad credentials`);
      return res.send(403);
    }
    // a correct answer to an old nonce: ask again with a fresh one, without a password prompt
    if (nonce === 'stale') return challenge(res, true);

    const received = `${req.protocol}/${req.source_address}:${req.source_port}`;
    const contactHeader = req.get('Contact') ?? '';
    if (contactHeader.trim() === '*') {
      await ports.softphones.unregistered(account.userId, null);
      return res.send(200);
    }
    const contacts = req.getParsedHeader('Contact');
    if (!contacts.length) return res.send(200); // a query: nothing to change
    const headerExpires = Number(req.get('Expires') || 3600);
    const granted: string[] = [];
    for (const c of contacts) {
      const asked = Number(c.params?.expires ?? headerExpires);
      const expires = Math.min(Number.isFinite(asked) ? asked : 3600, cfg.maxRegisterSeconds);
      if (expires <= 0) {
        await ports.softphones.unregistered(account.userId, c.uri);
        continue;
      }
      await ports.softphones.registered({
        userId: account.userId,
        contact: c.uri,
        received,
        userAgent: req.get('User-Agent') || null,
        expiresSeconds: expires,
      });
      granted.push(`<${c.uri}>;expires=${expires}`);
    }
    res.send(200, { headers: granted.length ? { Contact: granted.join(', ') } : {} });
  };
}
