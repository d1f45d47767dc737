// The SIP application: connects to drachtio-server (and keeps reconnecting), answers REGISTER for the
// agents' softphones and runs inbound hotline calls through the ACD. The host passes its ports; until
// drachtio is reachable the rest of the product works and `status().connected` is false.
import Srf from 'drachtio-srf';
import { Acd } from './acd/runner';
import { ConsultCall } from './call/consult';
import { firstLine } from './call/detach';
import { InboundCall, type CallContext } from './call/inbound';
import { OutboundCall, type OutboundRequest } from './call/outbound';
import type { TelephonyConfig } from './config';
import { lineFor } from './lines';
import { Media } from './media/rtpengine';
import type { TelephonyPorts } from './ports';
import { digestAuth } from './sip/auth';
import { registrar } from './sip/registrar';
import type { LineConfig } from './domain/types';

type Locals = { line?: LineConfig; callerPhone?: string | null; colleague?: number };

export interface Telephony {
  status(): { connected: boolean; waiting: number };
  /** click-to-call: rings the agent's softphone, then the number; resolves with the call id once the agent answered */
  placeCall(r: OutboundRequest): Promise<number>;
  acd: Acd;
  stop(): Promise<void>;
}

/** The caller's number from the From user part (what the trunk presents), digits only. */
export function callerNumber(from: string | undefined): string | null {
  const m = from ? /sips?:\+?([0-9]{3,20})@/.exec(from) : null;
  return m ? m[1] : null;
}

export function startTelephony(cfg: TelephonyConfig, ports: TelephonyPorts, clock: () => number = Date.now): Telephony {
  const srf = new Srf();
  let connected = false;
  const acd = new Acd(ports.agents, ports.log);
  const media = cfg.rtpengine ? new Media(cfg.rtpengine) : null;
  const ctx: CallContext = { srf, cfg, ports, acd, media, clock, consults: new Map() };
  const auth = digestAuth(cfg, ports, clock);

  srf.on('connect', (err, hostport) => {
    if (err) return ports.log('error', `drachtio connect failed: ${err.message}`);
    connected = true;
    ports.log('info', `connected to drachtio, listening on ${hostport}`);
  });
  srf.on('error', (err) => {
    connected = false;
    ports.log('warn', `drachtio connection: ${err.message} (reconnecting)`);
  });
  (srf as unknown as { on(e: string, f: () => void): void }).on('close', () => {
    connected = false;
  });

  // drachtio-srf adds one method per SIP verb at run time; its types only declare invite
  (srf as unknown as { register(h: ReturnType<typeof registrarHandler>): void }).register(
    registrarHandler(cfg, ports, clock),
  );

  // invite chain: which line was dialled (or, from an agent's own phone, which colleague) → who is calling →
  // the call session
  srf.use('invite', (req, res, next) => {
    const line = lineFor(cfg.lines, req.calledNumber || req.uri);
    if (line) {
      (req as unknown as { locals: Locals }).locals = { line };
      return next();
    }
    colleagueCalled(req, res).then(
      (colleague) => {
        if (colleague === undefined) return;
        (req as unknown as { locals: Locals }).locals = { colleague };
        next();
      },
      (e: unknown) => {
        ports.log('error', `INVITE ${req.get('Call-ID')}: ${firstLine(e)}`);
        if (!res.finalResponseSent) res.send(500);
      },
    );
  });
  /** An agent's softphone calling a colleague (a consultation): authenticated like REGISTER. */
  async function colleagueCalled(req: Srf.SrfRequest, res: Srf.SrfResponse): Promise<number | undefined> {
    const user = /sips?:([^@;>]+)@/.exec(req.uri)?.[1] ?? '';
    const colleague = user ? await ports.softphones.ha1For(user).catch(() => null) : null;
    if (!colleague) {
      res.send(404, 'Not A Hotline Number', {});
      return undefined;
    }
    const who = await auth(req, res, 'INVITE');
    if (!who.ok) return undefined;
    (req as unknown as { agentId: number }).agentId = who.userId;
    return colleague.userId;
  }
  srf.use('invite', (req, _res, next) => {
    const locals = (req as unknown as { locals: Locals }).locals;
    locals.callerPhone = callerNumber(req.get('From')) ?? (req.callingNumber || null);
    next();
  });
  srf.invite((req, res) => {
    const { line, callerPhone, colleague } = (req as unknown as { locals: Locals }).locals;
    const call =
      colleague !== undefined
        ? new ConsultCall(ctx, req, res, (req as unknown as { agentId: number }).agentId, colleague)
        : new InboundCall(ctx, req, res, line!, callerPhone ?? null);
    call.start().catch((e: Error) => {
      ports.log('error', `call ${req.get('Call-ID')} failed to start: ${e.message}`);
      if (!res.finalResponseSent) res.send(500);
    });
  });

  void srf.connect({ host: cfg.drachtio.host, port: cfg.drachtio.port, secret: cfg.drachtio.secret });

  return {
    status: () => ({ connected, waiting: acd.waitingCalls().length }),
    placeCall: (r) => new OutboundCall(ctx, r).start(),
    acd,
    async stop() {
      await acd.idle();
      srf.disconnect();
      media?.close();
    },
  };
}

function registrarHandler(cfg: TelephonyConfig, ports: TelephonyPorts, clock: () => number) {
  const handle = registrar(cfg, ports, clock);
  return (req: Srf.SrfRequest, res: Srf.SrfResponse) => {
    handle(req, res).catch((e: Error) => {
      ports.log('error', `REGISTER failed: ${e.message}`);
      if (!res.finalResponseSent) res.send(500);
    });
  };
}
