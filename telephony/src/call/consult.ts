// Consultation call (consult-then-transfer): an agent on a call puts the caller on hold and calls a colleague
// from their softphone. The centre bridges the two agents through rtpengine. If the agent then transfers
// (REFER with Replaces naming this call), the caller's call takes over the colleague's leg (`handOver`);
// otherwise the consultation simply ends and the agent resumes the caller.
import type Srf from 'drachtio-srf';
import { agentStateAfter } from '../domain/agentState';
import type { Profile } from '../media/rtpengine';
import { holdAnswer } from '../media/hold';
import { detach, endLeg } from './detach';
import { profileOf, proxyFor, type CallContext } from './inbound';

/** `Refer-To: <sip:agent7@d?Replaces=CALLID%3Bto-tag%3Dx%3Bfrom-tag%3Dy>` → the Call-ID of the dialog it replaces. */
export function replacesCallId(referTo: string | undefined): string | null {
  const m = referTo ? /[?&]Replaces=([^&>]+)/i.exec(referTo) : null;
  if (!m) return null;
  const callId = decodeURIComponent(m[1]).split(';')[0].trim();
  return callId || null;
}

/** What the caller's call needs to take the colleague's leg over. */
export interface HandOver {
  colleagueId: number;
  leg: Srf.Dialog;
  /** the rtpengine call that anchors the colleague's leg, and the tags of its two sides */
  mediaKey: string;
  agentTag: string;
  colleagueTag: string;
  colleagueProfile: Profile;
}

export class ConsultCall {
  readonly callId: string;
  private readonly agentTag: string;
  private agentLeg: Srf.Dialog | null = null;
  private colleagueLeg: Srf.Dialog | null = null;
  private colleagueProfile: Profile = 'rtp';
  private pending: Srf.SrfRequest | null = null;
  private done = false;

  constructor(
    private readonly ctx: CallContext,
    private readonly req: Srf.SrfRequest,
    private readonly res: Srf.SrfResponse,
    readonly agentId: number,
    readonly colleagueId: number,
  ) {
    this.callId = req.get('Call-ID');
    this.agentTag = (req.getParsedHeader('From') as { params?: Record<string, string> }).params?.tag ?? this.callId;
  }

  async start(): Promise<void> {
    const { ports, srf, media, cfg } = this.ctx;
    const contacts = await ports.softphones.liveContacts(this.colleagueId);
    const contact = contacts[contacts.length - 1];
    if (!contact || this.colleagueId === this.agentId) {
      this.res.send(480, 'Colleague Not Available', {});
      return;
    }
    this.ctx.consults.set(this.callId, this);
    this.req.on('cancel', () => {
      this.pending?.cancel(() => undefined);
      detach(this.end(), ports.log, `consultation ${this.callId}: cancel`);
    });
    this.colleagueProfile = profileOf(contact);
    // the agent's own offer says what they speak: a browser offers DTLS-SRTP, a desk phone plain RTP
    const agentProfile: Profile = /RTP\/SAVPF/.test(this.req.body) ? 'webrtc' : 'rtp';
    const timer = setTimeout(() => this.pending?.cancel(() => undefined), cfg.ringTimeoutSeconds * 1000);
    try {
      const sdpOut = media
        ? await media.offer(this.callId, this.agentTag, this.req.body, this.colleagueProfile, false)
        : this.req.body;
      const leg = await srf.createUAC(
        contact.contact,
        {
          localSdp: sdpOut,
          proxy: proxyFor(contact.received),
          headers: {
            From: this.req.get('From'),
            'X-Hotline-Consult': String(this.agentId),
          },
        },
        {
          cbRequest: ((_e: unknown, r: Srf.SrfRequest) => (this.pending = r)) as unknown as (r: Srf.SrfRequest) => void,
        },
      );
      clearTimeout(timer);
      this.pending = null;
      if (this.done) return endLeg(leg, ports.log, `consultation ${this.callId}`);
      const sdpBack = media
        ? await media.answer(this.callId, this.agentTag, leg.sip.remoteTag, leg.remote.sdp, agentProfile)
        : leg.remote.sdp;
      this.agentLeg = await srf.createUAS(this.req, this.res, { localSdp: sdpBack });
      this.colleagueLeg = leg;
      await ports.agents.setState(this.colleagueId, 'on_call').catch(() => undefined);
      for (const l of [this.agentLeg, leg]) {
        l.on('destroy', () => detach(this.end(l), ports.log, `consultation ${this.callId}: hang-up`));
        // either side may hold the consultation (the agent usually does not, but a colleague may)
        l.on('modify', (r: Srf.SrfRequest, s: Srf.SrfResponse) =>
          s.send(200, { body: holdAnswer(l.local.sdp, r.body), headers: { 'Content-Type': 'application/sdp' } }),
        );
      }
    } catch (err) {
      clearTimeout(timer);
      this.pending = null;
      const status = (err as { status?: number }).status;
      if (!this.res.finalResponseSent) this.res.send(status && status >= 400 ? status : 480);
      await this.end();
    }
  }

  /**
   * The agent transferred: the consultation's own legs end (BYE to the agent), the colleague's leg and its
   * rtpengine call go to the caller's call. Null when there is nothing connected to hand over.
   */
  handOver(): HandOver | null {
    const leg = this.colleagueLeg;
    if (this.done || !leg || !this.agentLeg) return null;
    this.done = true;
    this.ctx.consults.delete(this.callId);
    this.colleagueLeg = null;
    endLeg(this.agentLeg, this.ctx.ports.log, `consultation ${this.callId}`);
    this.agentLeg = null;
    return {
      colleagueId: this.colleagueId,
      leg,
      mediaKey: this.callId,
      agentTag: this.agentTag,
      colleagueTag: leg.sip.remoteTag,
      colleagueProfile: this.colleagueProfile,
    };
  }

  /** Either side hung up (or the colleague never answered): the other side goes too, media released. */
  private async end(by?: Srf.Dialog): Promise<void> {
    if (this.done) return;
    this.done = true;
    this.ctx.consults.delete(this.callId);
    for (const l of [this.agentLeg, this.colleagueLeg])
      if (l && l !== by) endLeg(l, this.ctx.ports.log, `consultation ${this.callId}`);
    const wasConnected = this.colleagueLeg !== null;
    this.agentLeg = this.colleagueLeg = null;
    await this.ctx.media?.delete(this.callId);
    if (wasConnected) await releaseAfterCall(this.ctx, this.colleagueId);
  }
}

/** An agent is off a call: after-call work, then ready when the wrap-up time is over. */
export async function releaseAfterCall(ctx: CallContext, userId: number): Promise<void> {
  const { wrapUpSeconds } = ctx.cfg;
  const change = agentStateAfter('ended', 'on_call', wrapUpSeconds);
  if (change) await ctx.ports.agents.setState(userId, change.state).catch(() => undefined);
  if (wrapUpSeconds > 0)
    setTimeout(() => void ctx.ports.agents.finishWrapUp(userId).catch(() => undefined), wrapUpSeconds * 1000).unref();
}
