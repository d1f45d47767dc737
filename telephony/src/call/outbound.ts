// Click-to-call: the centre rings the agent's own softphone first (third-party call control: the INVITE
// carries no offer, the agent's phone makes it), then calls the citizen through the trunk with the centre's
// caller id, and bridges both through rtpengine. The call record is linked to the ticket it was made for.
import crypto from 'node:crypto';
import type Srf from 'drachtio-srf';
import { agentStateAfter } from '../domain/agentState';
import type { CallEvent } from '../domain/callRecord';
import type { Profile } from '../media/rtpengine';
import { detach, endLeg } from './detach';
import { profileOf, proxyFor, type CallContext } from './inbound';

export interface OutboundRequest {
  userId: number;
  /** digits to dial through the trunk */
  number: string;
  ticketId: number | null;
}

export class OutboundError extends Error {
  constructor(
    readonly code: 'NO_TRUNK' | 'NOT_REGISTERED' | 'AGENT_NO_ANSWER',
    message: string,
  ) {
    super(message);
  }
}

export class OutboundCall {
  private readonly events: CallEvent[] = [];
  private readonly key = `out-${crypto.randomUUID()}`;
  private id = 0;
  private ended = false;
  private agentLeg: Srf.Dialog | null = null;
  private farLeg: Srf.Dialog | null = null;

  constructor(
    private readonly ctx: CallContext,
    private readonly r: OutboundRequest,
  ) {}

  private async note(e: CallEvent) {
    this.events.push(e);
    await this.ctx.ports.calls.events(this.id, [...this.events]).catch(() => undefined);
  }

  /** Rings the agent; resolves with the call id once they answered and the citizen is being called. */
  async start(): Promise<number> {
    const { ports, cfg, srf, clock } = this.ctx;
    if (!cfg.trunk) throw new OutboundError('NO_TRUNK', 'No outbound trunk configured');
    const contacts = await ports.softphones.liveContacts(this.r.userId);
    const contact = contacts[contacts.length - 1];
    if (!contact) throw new OutboundError('NOT_REGISTERED', 'Your softphone is not registered');
    const now = clock();
    this.id = await ports.calls.started({
      sipCallId: this.key,
      direction: 'outbound',
      lineDid: null,
      queue: null,
      callerPhone: this.r.number,
      arrivedAt: new Date(now),
      ticketId: this.r.ticketId,
    });
    this.events.push({ type: 'arrived', at: now });
    await this.note({ type: 'offered', at: now, userId: this.r.userId });

    let pending: Srf.SrfRequest | null = null;
    const timer = setTimeout(() => pending?.cancel(() => undefined), cfg.ringTimeoutSeconds * 1000);
    let agent: { sdp: string; ack(sdp: string): Promise<Srf.Dialog>; destroy(): Promise<void> };
    try {
      agent = (await srf.createUAC(
        contact.contact,
        {
          proxy: proxyFor(contact.received),
          noAck: true,
          headers: {
            From: `<sip:${this.r.number}@${cfg.sipDomain}>`,
            'X-Hotline-Call': String(this.id),
            'X-Hotline-Outbound': 'true',
            ...(this.r.ticketId ? { 'X-Hotline-Ticket': String(this.r.ticketId) } : {}),
          },
        },
        {
          cbRequest: ((_e: unknown, req: Srf.SrfRequest) => (pending = req)) as unknown as (r: Srf.SrfRequest) => void,
        },
      )) as unknown as typeof agent;
    } catch {
      clearTimeout(timer);
      await this.note({ type: 'failed', at: clock(), status: null });
      await this.finish('system');
      throw new OutboundError('AGENT_NO_ANSWER', 'The softphone did not answer');
    }
    clearTimeout(timer);
    await ports.agents.setState(this.r.userId, 'on_call').catch(() => undefined);
    detach(this.callFarEnd(agent, profileOf(contact)), ports.log, `outbound call ${this.id}`);
    return this.id;
  }

  private async callFarEnd(
    agent: { sdp: string; ack(sdp: string): Promise<Srf.Dialog>; destroy(): Promise<void> },
    agentProfile: Profile,
  ) {
    const { ports, cfg, srf, media, clock } = this.ctx;
    const trunk = cfg.trunk!;
    try {
      const sdpOut = media ? await media.offer(this.key, 'agent', agent.sdp, 'rtp', !!cfg.recordingDir) : agent.sdp;
      const host = trunk.uri.replace(/^sips?:/, '');
      const far = await srf.createUAC(`sip:${this.r.number}@${host}`, {
        localSdp: sdpOut,
        headers: { From: `<sip:${trunk.callerId}@${cfg.sipDomain}>` },
      });
      const sdpBack = media
        ? await media.answer(this.key, 'agent', far.sip.remoteTag, far.remote.sdp, agentProfile)
        : far.remote.sdp;
      this.agentLeg = await agent.ack(sdpBack);
      this.farLeg = far;
      await this.note({ type: 'answered', at: clock(), userId: this.r.userId });
      await ports.calls.leg(this.id, {
        kind: 'outbound',
        userId: this.r.userId,
        target: this.r.number,
        sipCallId: far.sip.callId,
        startedAt: new Date(this.events[0].at),
        answeredAt: new Date(clock()),
        result: 'answered',
        sipStatus: 200,
      });
      const hangUp = (by: 'caller' | 'agent') =>
        detach(this.hangUp(by), ports.log, `outbound call ${this.id}: hang-up`);
      far.on('destroy', () => hangUp('caller'));
      this.agentLeg.on('destroy', () => hangUp('agent'));
    } catch (err) {
      const status = (err as { status?: number }).status ?? null;
      await agent.destroy().catch(() => undefined);
      await ports.calls.leg(this.id, {
        kind: 'outbound',
        userId: this.r.userId,
        target: this.r.number,
        startedAt: new Date(this.events[0].at),
        endedAt: new Date(clock()),
        result: 'failed',
        sipStatus: status,
      });
      await this.note({ type: 'failed', at: clock(), status });
      await this.finish('system');
    }
  }

  private async hangUp(by: 'caller' | 'agent') {
    if (this.ended) return;
    endLeg(by === 'caller' ? this.agentLeg : this.farLeg, this.ctx.ports.log, `outbound call ${this.id}`);
    await this.finish(by);
  }

  private async finish(by: 'caller' | 'agent' | 'system') {
    if (this.ended) return;
    this.ended = true;
    const { ports, cfg, media, clock } = this.ctx;
    await this.note({ type: 'ended', at: clock(), by });
    await media?.delete(this.key);
    const change = agentStateAfter('ended', 'on_call', cfg.wrapUpSeconds);
    if (change) await ports.agents.setState(this.r.userId, change.state).catch(() => undefined);
    if (cfg.wrapUpSeconds > 0)
      setTimeout(
        () => void ports.agents.finishWrapUp(this.r.userId).catch(() => undefined),
        cfg.wrapUpSeconds * 1000,
      ).unref();
  }
}
