// Media through rtpengine (ng protocol): it anchors every call, converts between the agents' WebRTC media
// (DTLS-SRTP, ICE) and the trunk's plain RTP, and records. One call-id per call; from/to tags per leg.
import { Client } from 'rtpengine-client';
import { blackholeSdp } from './sdp';

export type Profile = 'rtp' | 'webrtc';

const FLAGS: Record<Profile, Record<string, unknown>> = {
  rtp: { 'transport-protocol': 'RTP/AVP', ICE: 'remove', DTLS: 'off', 'rtcp-mux': ['demux'] },
  webrtc: {
    'transport-protocol': 'UDP/TLS/RTP/SAVPF',
    ICE: 'force',
    DTLS: 'passive',
    'rtcp-mux': ['offer', 'require'],
  },
};

export class Media {
  private readonly client = new Client({ timeout: 3000 });

  constructor(private readonly dest: { host: string; port: number }) {}

  /** The SDP to send to the leg being called, converted for its profile. */
  async offer(callId: string, fromTag: string, sdp: string, toProfile: Profile, record: boolean): Promise<string> {
    const r = await this.client.offer(this.dest, {
      'call-id': callId,
      'from-tag': fromTag,
      sdp,
      replace: ['origin', 'session-connection'],
      ...(record ? { 'record call': 'yes' } : {}),
      ...FLAGS[toProfile],
    });
    if (r.result !== 'ok' || !r.sdp) throw new Error(`rtpengine offer: ${r['error-reason'] ?? r.result}`);
    return r.sdp;
  }

  /** The SDP to answer the calling leg with, from the called leg's answer. */
  async answer(callId: string, fromTag: string, toTag: string, sdp: string, toProfile: Profile): Promise<string> {
    const r = await this.client.answer(this.dest, {
      'call-id': callId,
      'from-tag': fromTag,
      'to-tag': toTag,
      sdp,
      replace: ['origin', 'session-connection'],
      ...FLAGS[toProfile],
    });
    if (r.result !== 'ok' || !r.sdp) throw new Error(`rtpengine answer: ${r['error-reason'] ?? r.result}`);
    return r.sdp;
  }

  /**
   * A waiting call: rtpengine answers the caller itself (the other side is parked on a discard address), so
   * the caller can hear the greeting and music rtpengine plays. Returns the SDP to answer the caller with.
   */
  async park(callId: string, fromTag: string, sdp: string, record: boolean): Promise<string> {
    await this.offer(callId, fromTag, sdp, 'rtp', record);
    return this.answer(callId, fromTag, `queue-${fromTag}`, blackholeSdp(), 'rtp');
  }

  /** Plays a file (on rtpengine's host) to the party with this tag; resolves with its length in ms. */
  async play(callId: string, toTag: string, file: string, repeatTimes = 1): Promise<number> {
    const r = await this.client.playMedia(this.dest, {
      'call-id': callId,
      'from-tag': toTag,
      file,
      'repeat-times': repeatTimes,
    });
    if (r.result !== 'ok') throw new Error(`rtpengine play media: ${r['error-reason'] ?? r.result}`);
    return Number(r.duration ?? 0);
  }

  async stopPlaying(callId: string, toTag: string): Promise<void> {
    await this.client.stopMedia(this.dest, { 'call-id': callId, 'from-tag': toTag }).catch(() => undefined);
  }

  async delete(callId: string): Promise<void> {
    await this.client.delete(this.dest, { 'call-id': callId }).catch(() => undefined);
  }

  async ping(): Promise<boolean> {
    return this.client.ping(this.dest).then(
      (r) => r.result === 'pong',
      () => false,
    );
  }

  close(): void {
    this.client.close();
  }
}
