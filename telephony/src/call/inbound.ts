// One inbound hotline call: queued → offered to agents (ring timeout → next agent) → connected through
// rtpengine → ended. Every step is appended to the call's events; the host stores them and the record built
// from them. The caller hears ringing while the call waits.
import type Srf from 'drachtio-srf';
import { afterRingTimeout } from '../domain/acd';
import { agentStateAfter } from '../domain/agentState';
import type { CallEvent } from '../domain/callRecord';
import type { LineConfig, WaitingCall } from '../domain/types';
import type { Acd, QueuedSession } from '../acd/runner';
import type { TelephonyConfig } from '../config';
import type { Media, Profile } from '../media/rtpengine';
import { sameMedia } from '../media/sdp';
import { holdAnswer } from '../media/hold';
import type { ScreenPop, TelephonyPorts } from '../ports';
import { releaseAfterCall, replacesCallId, type ConsultCall } from './consult';
import { detach, endLeg } from './detach';

export interface CallContext {
  srf: Srf;
  cfg: TelephonyConfig;
  ports: TelephonyPorts;
  acd: Acd;
  media: Media | null;
  clock: () => number;
  /** consultation calls in progress, by their SIP Call-ID (what a REFER's Replaces names) */
  consults: Map<string, ConsultCall>;
}

/** `ws/10.0.0.5:51234` → `sip:10.0.0.5:51234;transport=ws`: where drachtio reaches the registered contact. */
export function proxyFor(received: string | null): string | undefined {
  const m = received ? /^(\w+)\/(.+)$/.exec(received) : null;
  return m ? `sip:${m[2]};transport=${m[1].toLowerCase()}` : undefined;
}

// drachtio reports a WebSocket REGISTER's protocol as `tcp`: the browser's own contact (`;transport=ws`) says it
export const profileOf = (c: { contact: string; received: string | null }): Profile =>
  (c.received && /^wss?\//i.test(c.received)) || /;transport=wss?\b/i.test(c.contact) ? 'webrtc' : 'rtp';

/** 13912345678 → 139****5678: call events are stored and shown; numbers in them are masked. */
export function maskNumber(n: string): string {
  return n.length >= 7 ? `${n.slice(0, 3)}****${n.slice(-4)}` : '****';
}

export class InboundCall implements QueuedSession {
  waiting: WaitingCall;
  private readonly events: CallEvent[] = [];
  private id = 0;
  private ended = false;
  private agentId: number | null = null;
  private uas: Srf.Dialog | null = null;
  private uac: Srf.Dialog | null = null;
  private pendingAgentInvite: Srf.SrfRequest | null = null;
  private readonly fromTag: string;
  /** rtpengine call id of the waiting time (greeting, music), while the caller is parked */
  private parkedKey: string | null = null;
  /** the park in progress: the ACD looks for an agent meanwhile, the offer to one waits for it */
  private parking: Promise<void> | null = null;
  /** the trunk leg's SIP Call-ID */
  private readonly sipCallId: string;
  /**
   * The rtpengine call the caller's media runs through and the caller's tag in it: the trunk leg's own
   * Call-ID and From tag at first; a fresh `<Call-ID>~<n>` for every later agent or outside leg; the
   * consultation's media call after an attended transfer.
   */
  private anchor: { key: string; callerTag: string };
  /** whether a leg was ever offered on `anchor` (then the next leg gets a fresh rtpengine call) */
  private anchorOffered = false;
  private generation = 0;

  constructor(
    private readonly ctx: CallContext,
    private readonly req: Srf.SrfRequest,
    private readonly res: Srf.SrfResponse,
    private readonly line: LineConfig,
    private readonly callerPhone: string | null,
  ) {
    const now = ctx.clock();
    this.sipCallId = req.get('Call-ID');
    this.fromTag = (req.getParsedHeader('From') as { params?: Record<string, string> }).params?.tag ?? this.sipCallId;
    this.anchor = { key: this.sipCallId, callerTag: this.fromTag };
    this.waiting = {
      callId: this.sipCallId,
      queue: line.queue,
      priority: line.priority,
      enqueuedAt: now,
      excluded: [],
      ...(line.skill ? { skill: line.skill } : {}),
    };
  }

  /** what the caller's side offers: the INVITE's SDP, or the current one once connected */
  private get callerSdp(): string {
    return this.uas?.remote.sdp ?? this.req.body;
  }

  private get pop(): ScreenPop {
    return {
      callId: this.id,
      sipCallId: this.sipCallId,
      line: { did: this.line.did, name: this.line.name, queue: this.line.queue, emergency: !!this.line.emergency },
      callerPhone: this.callerPhone,
    };
  }

  /** a step nobody waits for: its failure is logged (see ./detach.ts) */
  private bg(p: Promise<unknown>, what: string): void {
    detach(p, this.ctx.ports.log, `call ${this.sipCallId}: ${what}`);
  }

  /** BYE on a leg, tolerating one that is already gone */
  private bye(leg: Srf.Dialog | null | undefined): void {
    endLeg(leg, this.ctx.ports.log, `call ${this.sipCallId}`);
  }

  private async note(e: CallEvent): Promise<void> {
    this.events.push(e);
    await this.ctx.ports.calls
      .events(this.id, [...this.events])
      .catch((err: Error) =>
        this.ctx.ports.log('error', `call ${this.sipCallId}: storing events failed: ${err.message}`),
      );
  }

  async start(): Promise<void> {
    const now = this.ctx.clock();
    this.id = await this.ctx.ports.calls.started({
      sipCallId: this.sipCallId,
      direction: 'inbound',
      lineDid: this.line.did,
      queue: this.line.queue,
      callerPhone: this.callerPhone,
      arrivedAt: new Date(now),
    });
    this.req.on('cancel', () => this.bg(this.callerGone(), 'caller gone'));
    this.events.push({ type: 'arrived', at: now });
    const { media, cfg } = this.ctx;
    if (media && cfg.queueAudio) this.parking = this.park(media, cfg.queueAudio);
    else this.res.send(180);
    await this.note({ type: 'queued', at: now, queue: this.line.queue });
    this.ctx.ports.desk.queuesChanged();
    this.ctx.acd.enqueue(this);
  }

  /**
   * Answered by the centre at once: the caller hears the greeting, then music, while waiting. The waiting time
   * is a separate rtpengine call: the agent's leg later starts a fresh one, so nothing of the parked pairing
   * (its ports, ICE and DTLS state) leaks into a browser agent's WebRTC leg. Should parking fail, the caller
   * simply rings until an agent answers.
   */
  private async park(media: Media, files: { greeting: string; music: string }): Promise<void> {
    const key = `${this.sipCallId}~queue`;
    try {
      const sdp = await media.park(key, this.fromTag, this.req.body, false);
      if (this.ended) return void (await media.delete(key));
      this.parkedKey = key;
      this.uas = await this.ctx.srf.createUAS(this.req, this.res, { localSdp: sdp });
      this.uas.on('destroy', () => this.bg(this.hangUp('caller'), 'hang-up'));
      this.bg(this.playQueueAudio(files), 'queue audio');
    } catch (e) {
      await this.unpark();
      if (this.ended) return;
      this.ctx.ports.log('warn', `call ${this.sipCallId}: parking failed, ringing instead: ${(e as Error).message}`);
      if (!this.res.finalResponseSent) this.res.send(180);
    }
  }

  /** The waiting-time rtpengine call is over: music off, ports released. */
  private async unpark(): Promise<void> {
    const key = this.parkedKey;
    if (!key || !this.ctx.media) return;
    this.parkedKey = null;
    await this.ctx.media.stopPlaying(key, this.fromTag);
    await this.ctx.media.delete(key);
  }

  /** Greeting once, then music on repeat, for as long as nobody has taken the call. */
  private async playQueueAudio(files: { greeting: string; music: string }): Promise<void> {
    const media = this.ctx.media!;
    const waiting = () => !this.ended && this.uac === null;
    try {
      const key = this.parkedKey!;
      const ms = await media.play(key, this.fromTag, files.greeting);
      await new Promise((r) => setTimeout(r, ms).unref());
      if (waiting() && this.parkedKey) await media.play(key, this.fromTag, files.music, 1000);
    } catch (e) {
      this.ctx.ports.log('warn', `call ${this.sipCallId}: queue audio: ${(e as Error).message}`);
    }
  }

  noAgent(): void {
    if (this.ended) return;
    this.bg(
      (async () => {
        await this.note({ type: 'no_agent', at: this.ctx.clock() });
        if (this.uas) this.bye(this.uas);
        else this.res.send(480, { headers: { 'Retry-After': '60' } });
        await this.finish('system');
      })(),
      'no agent',
    );
  }

  /**
   * The rtpengine call for a new leg: the anchor while nothing was offered on it, else a fresh one. A browser's
   * WebRTC leg must start in a call of its own: a second agent offered on a call that already held another
   * agent's DTLS / ICE state never gets media (seen with two browsers after a blind transfer).
   */
  private legKey(): { key: string; callerTag: string } {
    if (!this.anchorOffered) {
      this.anchorOffered = true;
      return this.anchor;
    }
    return { key: `${this.sipCallId}~${++this.generation}`, callerTag: this.fromTag };
  }

  /** The new leg is connected: its rtpengine call is the anchor now, the previous one goes. */
  private async reanchor(to: { key: string; callerTag: string }): Promise<void> {
    const old = this.anchor.key;
    this.anchor = to;
    this.anchorOffered = true;
    // the host finds every recorded part of the call by these keys
    if (this.ctx.cfg.recordingDir) await this.note({ type: 'media', at: this.ctx.clock(), key: to.key });
    if (old !== to.key) await this.ctx.media?.delete(old);
  }

  /** A leg that did not connect: its own fresh rtpengine call is released. */
  private async dropLeg(leg: { key: string }): Promise<void> {
    if (leg.key !== this.anchor.key) await this.ctx.media?.delete(leg.key);
  }

  async offerTo(userId: number): Promise<void> {
    if (this.parking) await this.parking;
    if (this.ended) return;
    const { ports, cfg, srf, media } = this.ctx;
    const contacts = await ports.softphones.liveContacts(userId);
    const contact = contacts[contacts.length - 1];
    if (!contact) return this.backToQueue(userId, false);
    await this.note({ type: 'offered', at: this.ctx.clock(), userId });
    ports.desk.offered(userId, this.pop);
    const profile = profileOf(contact);
    const startedAt = new Date(this.ctx.clock());
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      this.pendingAgentInvite?.cancel(() => undefined);
    }, cfg.ringTimeoutSeconds * 1000);
    const leg = this.legKey();
    try {
      const sdpToAgent = media
        ? await media.offer(leg.key, leg.callerTag, this.callerSdp, profile, !!cfg.recordingDir)
        : this.callerSdp;
      const uac = await srf.createUAC(
        contact.contact,
        {
          localSdp: sdpToAgent,
          proxy: proxyFor(contact.received),
          headers: {
            From: `<sip:${this.callerPhone ?? 'anonymous'}@${cfg.sipDomain}>`,
            'X-Hotline-Call': String(this.id),
            'X-Hotline-Line': this.line.did,
          },
        },
        // drachtio-srf calls this with (err, request), whatever its typings say
        {
          cbRequest: ((_err: unknown, r: Srf.SrfRequest) => (this.pendingAgentInvite = r)) as unknown as (
            r: Srf.SrfRequest,
          ) => void,
        },
      );
      clearTimeout(timer);
      this.pendingAgentInvite = null;
      if (this.ended) {
        this.bye(uac);
        await this.dropLeg(leg);
        return;
      }
      const toTag = uac.sip.remoteTag;
      const sdpToCaller = media
        ? await media.answer(leg.key, leg.callerTag, toTag, uac.remote.sdp, 'rtp')
        : uac.remote.sdp;
      if (this.uas) {
        // the caller is already connected (waited with music, or was transferred): stop the music and move
        // their media to the agent; rtpengine usually keeps the caller's ports, and then no re-INVITE is due
        if (!sameMedia(this.uas.local.sdp, sdpToCaller)) await this.uas.modify(sdpToCaller);
        await this.unpark();
      } else {
        this.uas = await srf.createUAS(this.req, this.res, { localSdp: sdpToCaller });
        this.uas.on('destroy', () => this.bg(this.hangUp('caller'), 'hang-up'));
      }
      await this.reanchor(leg);
      this.uac = uac;
      this.agentId = userId;
      const at = this.ctx.clock();
      await this.note({ type: 'answered', at, userId });
      await ports.calls.leg(this.id, {
        kind: 'agent',
        userId,
        sipCallId: uac.sip.callId,
        startedAt,
        answeredAt: new Date(at),
        result: 'answered',
        sipStatus: 200,
      });
      await ports.agents
        .setState(userId, 'on_call')
        .catch((e: Error) => ports.log('warn', `on_call for ${userId}: ${e.message}`));
      ports.desk.answered(userId, this.pop);
      ports.desk.queuesChanged();
      uac.on('destroy', () => {
        if (this.uac === uac) this.bg(this.hangUp('agent'), 'hang-up'); // not a leg we let go after a transfer
      });
      this.agentControls(uac, userId);
    } catch (err) {
      clearTimeout(timer);
      this.pendingAgentInvite = null;
      await this.dropLeg(leg);
      const status = (err as { status?: number }).status ?? 0;
      await ports.calls.leg(this.id, {
        kind: 'agent',
        userId,
        startedAt,
        endedAt: new Date(this.ctx.clock()),
        result: timedOut ? 'no_answer' : this.ended ? 'cancelled' : 'declined',
        sipStatus: status || null,
      });
      if (this.ended) return;
      if (!status)
        ports.log('warn', `call ${this.sipCallId}: offer to agent ${userId} failed: ${(err as Error).message}`);
      await this.backToQueue(userId, timedOut);
    }
  }

  /** The agent did not take it: never ring them again for this call; if they let it ring out, they are away. */
  private async backToQueue(userId: number, ringOut: boolean): Promise<void> {
    const at = this.ctx.clock();
    await this.note(ringOut ? { type: 'ring_timeout', at, userId } : { type: 'declined', at, userId });
    if (ringOut) {
      const change = agentStateAfter('ring_timeout', 'ready', this.ctx.cfg.wrapUpSeconds);
      if (change) await this.ctx.ports.agents.setState(userId, change.state, change.reason).catch(() => undefined);
    }
    this.ctx.ports.desk.ended(userId, this.id);
    this.waiting = afterRingTimeout(this.waiting, userId);
    if (!this.ended) this.ctx.acd.enqueue(this);
  }

  /** CANCEL before anyone answered: abandoned in the queue or while an agent's phone rang. */
  private async callerGone(): Promise<void> {
    if (this.ended || this.uas) return;
    this.ctx.acd.remove(this.sipCallId);
    this.pendingAgentInvite?.cancel(() => undefined);
    await this.finish('caller');
  }

  private async hangUp(by: 'caller' | 'agent'): Promise<void> {
    if (this.ended) return;
    // a transferred caller may be waiting again, or ringing a new agent
    this.ctx.acd.remove(this.sipCallId);
    this.pendingAgentInvite?.cancel(() => undefined);
    if (by === 'caller') this.bye(this.uac);
    else this.bye(this.uas);
    await this.finish(by);
  }

  /** What the agent's phone may do on a connected call: hold / resume, blind or attended transfer. */
  private agentControls(leg: Srf.Dialog, userId: number): void {
    leg.on('refer', (req: Srf.SrfRequest, res: Srf.SrfResponse) => {
      const consult = replacesCallId(req.get('Refer-To'));
      this.bg(
        consult ? this.attendedTransfer(leg, userId, consult, res) : this.blindTransfer(leg, userId, req, res),
        'transfer',
      );
    });
    // the agent's hold / resume (re-INVITE from the softphone): answered here, the media stays anchored
    leg.on('modify', (req: Srf.SrfRequest, res: Srf.SrfResponse) =>
      res.send(200, { body: holdAnswer(leg.local.sdp, req.body), headers: { 'Content-Type': 'application/sdp' } }),
    );
  }

  /** Tells the transferring phone the transfer went through (RFC 3515 NOTIFY with a sipfrag). */
  private async notifyReferDone(leg: Srf.Dialog): Promise<void> {
    await leg
      .request({
        method: 'NOTIFY',
        headers: {
          Event: 'refer',
          'Subscription-State': 'terminated;reason=noresource',
          'Content-Type': 'message/sipfrag;version=2.0',
        },
        body: 'SIP/2.0 200 OK\r\n',
      } as unknown as Srf.SrfRequest)
      .catch(() => undefined);
  }

  /**
   * Consult-then-transfer: the agent talked to a colleague in a consultation call (caller on hold) and now
   * REFERs the caller with Replaces naming that call. The caller is moved into the consultation's media in
   * the agent's place (a re-INVITE to the caller; the colleague's WebRTC session is left as it is), both of
   * the agent's legs end, and the colleague is the call's agent from now on.
   */
  private async attendedTransfer(leg: Srf.Dialog, userId: number, consultCallId: string, res: Srf.SrfResponse) {
    const consult = this.ctx.consults.get(consultCallId);
    if (!consult || consult.agentId !== userId || !this.uas) {
      res.send(481, 'Consultation Not Found', {});
      return;
    }
    const h = consult.handOver();
    if (!h) {
      res.send(481, 'Consultation Not Found', {});
      return;
    }
    res.send(202);
    await this.notifyReferDone(leg);
    this.uac = null;
    this.bye(leg);
    const { media, ports } = this.ctx;
    try {
      if (media) {
        // the caller takes the agent's side of the consultation's rtpengine call. rtpengine gives the moved
        // leg new ports, so both phones are told: the colleague first, with a proper offer for their profile
        // (a browser needs ICE, DTLS and rtcp-mux offered), then the caller (plain RTP) with the answer
        const towardColleague = await media.offer(
          h.mediaKey,
          h.agentTag,
          this.callerSdp,
          h.colleagueProfile,
          !!this.ctx.cfg.recordingDir,
        );
        await h.leg.modify(towardColleague);
        const towardCaller = await media.answer(h.mediaKey, h.agentTag, h.colleagueTag, h.leg.remote.sdp, 'rtp');
        await this.uas.modify(towardCaller);
        await this.reanchor({ key: h.mediaKey, callerTag: h.agentTag });
      }
    } catch (e) {
      ports.log('warn', `call ${this.sipCallId}: attended transfer media: ${(e as Error).message}`);
    }
    const at = this.ctx.clock();
    await this.note({ type: 'transferred', at, to: `agent:${h.colleagueId}` });
    await this.releaseAgent(userId);
    if (this.ended) return this.bye(h.leg);
    this.uac = h.leg;
    this.agentId = h.colleagueId;
    await this.note({ type: 'answered', at, userId: h.colleagueId });
    await ports.calls.leg(this.id, {
      kind: 'agent',
      userId: h.colleagueId,
      sipCallId: h.leg.sip.callId,
      startedAt: new Date(at),
      answeredAt: new Date(at),
      result: 'answered',
      sipStatus: 200,
    });
    ports.desk.answered(h.colleagueId, this.pop);
    h.leg.on('destroy', () => {
      if (this.uac === h.leg) this.bg(this.hangUp('agent'), 'hang-up');
    });
    this.agentControls(h.leg, h.colleagueId);
  }

  /**
   * Blind transfer (REFER from the agent's phone): accept, tell the agent's phone it worked, let the agent go
   * (after-call work), and put the caller — still connected — to the target: a hotline line's queue
   * (Refer-To its number) or an agent (their softphone user). Other targets are refused for now.
   */
  private async blindTransfer(leg: Srf.Dialog, userId: number, req: Srf.SrfRequest, res: Srf.SrfResponse) {
    const { ports, cfg } = this.ctx;
    const target = /sips?:([^@;>]+)@/.exec(req.get('Refer-To') ?? '')?.[1] ?? '';
    const line = cfg.lines.find((l) => l.did === target);
    const agent = line ? null : await ports.softphones.ha1For(target);
    // anything else that is a phone number goes out through the trunk (a unit's duty phone, a hospital …)
    const outside = !line && !agent && cfg.trunk && /^\+?[0-9]{3,20}$/.test(target) ? target : null;
    if (!line && !agent && !outside) {
      res.send(488, 'Unsupported Transfer Target', {});
      return;
    }
    res.send(202);
    await this.notifyReferDone(leg);
    this.uac = null;
    this.bye(leg);
    const at = this.ctx.clock();
    const to = line ? `queue:${line.queue}` : agent ? `agent:${agent.userId}` : `number:${maskNumber(outside!)}`;
    await this.note({ type: 'transferred', at, to });
    await this.releaseAgent(userId);
    if (this.ended) return;
    if (agent) this.bg(this.offerTo(agent.userId), `offer to agent ${agent.userId}`);
    else if (outside) this.bg(this.connectOutside(outside), 'transfer to an outside number');
    else await this.requeue(line!, userId);
  }

  /** Into a line's queue again (a transfer to a queue, or a transfer that could not be completed). */
  private async requeue(line: LineConfig, excludeUserId: number | null): Promise<void> {
    const at = this.ctx.clock();
    this.waiting = {
      callId: this.sipCallId,
      queue: line.queue,
      priority: line.priority,
      enqueuedAt: at,
      excluded: excludeUserId === null ? [] : [excludeUserId],
      ...(line.skill ? { skill: line.skill } : {}),
    };
    await this.note({ type: 'queued', at, queue: line.queue });
    this.ctx.ports.desk.queuesChanged();
    this.ctx.acd.enqueue(this);
  }

  /** Blind transfer to an outside number: called through the trunk; if nobody answers, back to the queue. */
  private async connectOutside(number: string): Promise<void> {
    const { srf, cfg, media, ports, clock } = this.ctx;
    const startedAt = new Date(clock());
    const leg = this.legKey();
    try {
      const sdpOut = media
        ? await media.offer(leg.key, leg.callerTag, this.callerSdp, 'rtp', !!cfg.recordingDir)
        : this.callerSdp;
      const far = await srf.createUAC(`sip:${number}@${cfg.trunk!.uri.replace(/^sips?:/, '')}`, {
        localSdp: sdpOut,
        headers: { From: `<sip:${cfg.trunk!.callerId}@${cfg.sipDomain}>` },
      });
      if (this.ended) {
        this.bye(far);
        await this.dropLeg(leg);
        return;
      }
      const sdpBack = media
        ? await media.answer(leg.key, leg.callerTag, far.sip.remoteTag, far.remote.sdp, 'rtp')
        : far.remote.sdp;
      if (this.uas && !sameMedia(this.uas.local.sdp, sdpBack)) await this.uas.modify(sdpBack);
      await this.reanchor(leg);
      this.uac = far;
      far.on('destroy', () => {
        if (this.uac === far) this.bg(this.hangUp('agent'), 'hang-up');
      });
      await ports.calls.leg(this.id, {
        kind: 'transfer',
        target: number,
        sipCallId: far.sip.callId,
        startedAt,
        answeredAt: new Date(clock()),
        result: 'answered',
        sipStatus: 200,
      });
    } catch (err) {
      await this.dropLeg(leg);
      const status = (err as { status?: number }).status ?? null;
      await ports.calls.leg(this.id, {
        kind: 'transfer',
        target: number,
        startedAt,
        endedAt: new Date(clock()),
        result: 'failed',
        sipStatus: status,
      });
      if (!this.ended) await this.requeue(this.line, null);
    }
  }

  /** The agent is off the call: after-call work, then ready when the wrap-up time is over. */
  private async releaseAgent(agentId: number): Promise<void> {
    if (this.agentId === agentId) this.agentId = null;
    this.ctx.ports.desk.ended(agentId, this.id);
    await releaseAfterCall(this.ctx, agentId);
  }

  private async finish(by: 'caller' | 'agent' | 'system'): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await this.note({ type: 'ended', at: this.ctx.clock(), by });
    await this.unpark();
    await this.ctx.media?.delete(this.anchor.key);
    this.ctx.ports.desk.queuesChanged();
    if (this.agentId !== null) await this.releaseAgent(this.agentId);
  }
}
