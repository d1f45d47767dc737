// What the telephony application needs to know, built by the host (server) from its validated settings.
import type { LineConfig } from './domain/types';

export interface TelephonyConfig {
  drachtio: { host: string; port: number; secret: string };
  rtpengine: { host: string; port: number } | null;
  /** digest realm and the host part of agents' addresses */
  sipDomain: string;
  lines: LineConfig[];
  /** a ringing agent who does not answer within this is skipped (and set not-ready, reason no answer) */
  ringTimeoutSeconds: number;
  /** after-call work before the agent is offered calls again */
  wrapUpSeconds: number;
  /** longest registration we grant, whatever the client asks */
  maxRegisterSeconds: number;
  /** secret for stateless digest nonces */
  nonceSecret: string;
  /** outbound calls: the carrier trunk (`sip:host:port`) and the centre's number shown to the called party */
  trunk: { uri: string; callerId: string } | null;
  /** waiting callers are answered and hear these files (paths on rtpengine's host); null: they hear ringing */
  queueAudio: { greeting: string; music: string } | null;
  /** where rtpengine writes recordings (pcap) — null: no recording */
  recordingDir: string | null;
}
