// Registrar for the agents' softphones: digest-authenticated REGISTER (credentials issued by the server),
// contacts kept with their expiry through the host, so the ACD knows which agents can ring.
import type Srf from 'drachtio-srf';
import type { TelephonyConfig } from '../config';
import type { TelephonyPorts } from '../ports';
import { digestAuth } from './auth';

export function registrar(cfg: TelephonyConfig, ports: TelephonyPorts, clock: () => number = Date.now) {
  const auth = digestAuth(cfg, ports, clock);

  return async (req: Srf.SrfRequest, res: Srf.SrfResponse): Promise<void> => {
    const who = await auth(req, res, 'REGISTER');
    if (!who.ok) return;
    const account = { userId: who.userId };

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
