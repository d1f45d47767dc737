// The browser softphone: a thin wrapper over sip.js 0.21 (UserAgent + Registerer, one call at a time).
// It knows SIP, nothing about Vue: the Pinia store gives it a few callbacks and calls its methods.
// Loaded lazily by the store, so sip.js never weighs on the login route or pages without a phone.
import {
  Invitation,
  Inviter,
  Registerer,
  RegistererState,
  SessionState,
  UserAgent,
  type Session,
  type SessionDescriptionHandlerOptions,
  Web,
} from 'sip.js';

export interface SoftphoneSettings {
  sipUser: string;
  password: string;
  domain: string;
  wsUri: string;
}

/** What the hotline tells the agent's phone about a call (drachtio puts it in the INVITE). */
export interface IncomingInfo {
  /** the call record id (X-Hotline-Call), null when the INVITE did not carry it */
  callId: number | null;
  sipCallId: string;
  /** the dialled hotline number (X-Hotline-Line) */
  lineDid: string | null;
  /** the caller's number (From user); shown masked, used to prefill the ticket */
  callerPhone: string | null;
  /** a colleague's consultation call (X-Hotline-Consult): their SIP user, else null */
  consultFrom?: string | null;
}

/** The <audio> element the remote voice plays in (setSinkId: Chromium's speaker choice). */
export interface AudioSink {
  srcObject: MediaProvider | null;
  play(): Promise<void>;
  setSinkId?(id: string): Promise<void>;
}

export type RegistrationStatus = 'connecting' | 'registered' | 'unavailable';
export type CallPhase = 'ringing' | 'connecting' | 'talking' | 'ended';

export interface PhoneEvents {
  status(s: RegistrationStatus): void;
  incoming(info: IncomingInfo): void;
  call(phase: CallPhase): void;
  remoteStream(stream: MediaStream | null): void;
  /** the agent's own consultation call to a colleague (consult-then-transfer) */
  consult(phase: CallPhase): void;
}

const BACKOFF_MS = [1000, 2000, 5000, 10_000, 30_000];

export class Phone {
  private readonly ua: UserAgent;
  private readonly registerer: Registerer;
  private session: Session | null = null;
  /** the consultation call placed while `session` is on hold */
  private consultation: Inviter | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(
    private readonly settings: SoftphoneSettings,
    private readonly on: PhoneEvents,
  ) {
    const uri = UserAgent.makeURI(`sip:${settings.sipUser}@${settings.domain}`);
    if (!uri) throw new Error(`bad SIP user ${settings.sipUser}@${settings.domain}`);
    this.ua = new UserAgent({
      uri,
      transportOptions: { server: settings.wsUri },
      authorizationUsername: settings.sipUser,
      authorizationPassword: settings.password,
      logLevel: 'warn',
      sessionDescriptionHandlerFactoryOptions: {
        // no STUN: the centre's network reaches rtpengine directly, and there is no internet to ask
        peerConnectionConfiguration: { iceServers: [] },
        iceGatheringTimeout: 1000,
      },
      delegate: {
        onInvite: (inv) => this.onInvite(inv),
        // sip.js does not reconnect by default (reconnectionAttempts 0): our backoff reconnects and re-registers
        onDisconnect: (err) => {
          if (this.stopped) return;
          this.on.status('connecting');
          if (err) this.scheduleReconnect();
        },
      },
    });
    this.registerer = new Registerer(this.ua, { expires: 300 });
    this.registerer.stateChange.addListener((s) => {
      if (this.stopped) return;
      if (s === RegistererState.Registered) {
        this.attempt = 0;
        this.on.status('registered');
      } else this.on.status('connecting');
    });
  }

  async start(): Promise<void> {
    this.on.status('connecting');
    try {
      await this.ua.start();
      await this.registerer.register();
    } catch {
      this.scheduleReconnect();
    }
  }

  /** Network loss or drachtio restart: reconnect with backoff, then register again. */
  private scheduleReconnect(): void {
    if (this.stopped || this.retryTimer) return;
    const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
    this.attempt++;
    // after a few failures say so: the agent should know calls cannot reach them
    if (this.attempt > 2) this.on.status('unavailable');
    this.retryTimer = setTimeout(async () => {
      this.retryTimer = undefined;
      try {
        await this.ua.reconnect();
        await this.registerer.register();
      } catch {
        this.scheduleReconnect();
      }
    }, delay);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.endConsult().catch(() => undefined);
    await this.hangup().catch(() => undefined);
    await this.registerer.unregister().catch(() => undefined);
    await this.ua.stop().catch(() => undefined);
  }

  private onInvite(inv: Invitation): void {
    if (this.session) {
      void inv.reject({ statusCode: 486 }); // one call at a time
      return;
    }
    this.session = inv;
    const call = inv.request.getHeader('X-Hotline-Call');
    const consult = inv.request.getHeader('X-Hotline-Consult');
    this.on.incoming({
      callId: call && /^\d+$/.test(call) ? Number(call) : null,
      sipCallId: inv.request.callId,
      lineDid: inv.request.getHeader('X-Hotline-Line') ?? null,
      callerPhone: /^\+?\d{3,20}$/.test(inv.remoteIdentity.uri.user ?? '') ? inv.remoteIdentity.uri.user! : null,
      consultFrom: consult ? (inv.remoteIdentity.uri.user ?? consult) : null,
    });
    this.on.call('ringing');
    inv.stateChange.addListener((s) => {
      if (s === SessionState.Established) {
        this.on.remoteStream(this.sdh()?.remoteMediaStream ?? null);
        this.on.call('talking');
      } else if (s === SessionState.Terminated) {
        if (this.session === inv) this.session = null;
        this.on.remoteStream(null);
        this.on.call('ended');
      }
    });
  }

  private sdh(): Web.SessionDescriptionHandler | undefined {
    return this.session?.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
  }

  async answer(inputDeviceId: string | null): Promise<void> {
    const inv = this.session;
    if (!(inv instanceof Invitation) || inv.state !== SessionState.Initial) return;
    this.on.call('connecting');
    await inv.accept({
      sessionDescriptionHandlerOptions: {
        constraints: { audio: inputDeviceId ? { deviceId: inputDeviceId } : true, video: false },
      } as SessionDescriptionHandlerOptions,
    });
  }

  async reject(): Promise<void> {
    const inv = this.session;
    if (inv instanceof Invitation && inv.state === SessionState.Initial) await inv.reject({ statusCode: 486 });
  }

  async hangup(): Promise<void> {
    const s = this.session;
    if (!s) return;
    if (s.state === SessionState.Established) await s.bye();
    else if (s instanceof Invitation && s.state === SessionState.Initial) await s.reject({ statusCode: 486 });
  }

  /** Hold = re-INVITE offering sendonly; resolves with whether the far end accepted. */
  async hold(on: boolean): Promise<boolean> {
    const s = this.session;
    if (!s || s.state !== SessionState.Established) return false;
    s.sessionDescriptionHandlerOptionsReInvite = { hold: on } as SessionDescriptionHandlerOptions;
    return new Promise<boolean>((resolve) => {
      s.invite({ requestDelegate: { onAccept: () => resolve(true), onReject: () => resolve(false) } }).catch(() =>
        resolve(false),
      );
    });
  }

  /** Mute: stop sending the microphone (the track stays, so unmuting needs no renegotiation). */
  mute(on: boolean): void {
    for (const sender of this.sdh()?.peerConnection?.getSenders() ?? [])
      if (sender.track?.kind === 'audio') sender.track.enabled = !on;
  }

  /** DTMF in the media (RFC 4733) when possible, else SIP INFO with application/dtmf-relay. */
  async dtmf(digit: string): Promise<void> {
    const s = this.session;
    if (!s || s.state !== SessionState.Established || !/^[0-9*#A-D]$/.test(digit)) return;
    if (this.sdh()?.sendDtmf(digit)) return;
    await s.info({
      requestOptions: {
        body: {
          contentDisposition: 'render',
          contentType: 'application/dtmf-relay',
          content: `Signal=${digit}\r\nDuration=160`,
        },
      },
    });
  }

  private uriOf(target: string) {
    return UserAgent.makeURI(target.startsWith('sip:') ? target : `sip:${target}@${this.settings.domain}`);
  }

  /** Blind transfer (REFER) to a number or SIP user at the centre's domain. */
  async transfer(target: string): Promise<void> {
    const s = this.session;
    const uri = this.uriOf(target);
    if (!s || s.state !== SessionState.Established || !uri) return;
    await s.refer(uri);
  }

  /**
   * Consultation: with the caller on hold (the store holds first), call a colleague from this phone. While
   * it lasts, the speaker plays the colleague; when it ends, the caller again.
   */
  async consult(target: string, inputDeviceId: string | null): Promise<void> {
    const uri = this.uriOf(target);
    if (!this.session || this.session.state !== SessionState.Established || this.consultation || !uri) return;
    const c = new Inviter(this.ua, uri, {
      sessionDescriptionHandlerOptions: {
        constraints: { audio: inputDeviceId ? { deviceId: inputDeviceId } : true, video: false },
      } as SessionDescriptionHandlerOptions,
    });
    this.consultation = c;
    this.on.consult('ringing');
    c.stateChange.addListener((st) => {
      const sdh = c.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
      if (st === SessionState.Established) {
        this.on.remoteStream(sdh?.remoteMediaStream ?? null);
        this.on.consult('talking');
      } else if (st === SessionState.Terminated) {
        if (this.consultation === c) this.consultation = null;
        this.on.remoteStream(this.sdh()?.remoteMediaStream ?? null);
        this.on.consult('ended');
      }
    });
    await c.invite();
  }

  /** Consult-then-transfer: REFER the caller to the colleague, replacing the consultation (RFC 3891). */
  async completeTransfer(): Promise<void> {
    const s = this.session;
    const c = this.consultation;
    if (!s || !c || s.state !== SessionState.Established || c.state !== SessionState.Established) return;
    await s.refer(c);
  }

  /** The colleague cannot help: end the consultation (the store then resumes the caller). */
  async endConsult(): Promise<void> {
    const c = this.consultation;
    if (!c) return;
    if (c.state === SessionState.Established) await c.bye();
    else if (c.state === SessionState.Establishing || c.state === SessionState.Initial) await c.cancel();
  }
}
