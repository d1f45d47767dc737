// Pure rules for call recordings: which rtpengine file belongs to a call, where the encrypted copy goes,
// who may listen, and what retention removes.
import type { Role } from '../tickets/domain/types';

/** Roles that may listen to any call; an agent may listen to the calls they took. */
export const RECORDING_LISTENER_ROLES: readonly Role[] = ['supervisor', 'shift_leader', 'admin'];

export function canListen(user: { id: number; roles: readonly string[] }, call: { agentId: number | null }): boolean {
  if (user.roles.some((r) => (RECORDING_LISTENER_ROLES as readonly string[]).includes(r))) return true;
  return call.agentId !== null && call.agentId === user.id;
}

/**
 * rtpengine names a call's pcap `<call-id>-<random hex>.pcap` in `<recording-dir>/pcaps/`; it URI-escapes the
 * call-id (a Call-ID usually has an `@`), so both spellings are accepted.
 */
export function pcapPrefixes(sipCallId: string): string[] {
  const glibEscaped = sipCallId.replace(/[^A-Za-z0-9\-._~]/g, (c) =>
    Array.from(Buffer.from(c, 'utf8'))
      .map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
      .join(''),
  );
  return [...new Set([sipCallId, encodeURIComponent(sipCallId), glibEscaped].map((p) => `${p}-`))];
}

export function isPcapOf(fileName: string, sipCallId: string): boolean {
  return fileName.endsWith('.pcap') && pcapPrefixes(sipCallId).some((p) => fileName.startsWith(p));
}

/** rtpengine's metadata for a pcap `<base>.pcap`: `rtpengine-meta-<base>.txt` (10.x), or `<base>.txt`. */
export function isMetadataOf(fileName: string, pcapBase: string): boolean {
  const name = fileName.replace(/^rtpengine-meta-/, '');
  return name.startsWith(`${pcapBase}.`) && !name.endsWith('.tmp');
}

/** Call length from rtpengine's metadata ("Timestamp started ms: …", "Timestamp terminated ms…: …"). */
export function durationFromMetadata(text: string): number | null {
  const started = /^Timestamp started ms: ([\d.]+)/m.exec(text);
  const ended = /^Timestamp terminated ms[^:]*: ([\d.]+)/m.exec(text);
  if (!started || !ended) return null;
  const ms = Math.round(Number(ended[1]) - Number(started[1]));
  return Number.isFinite(ms) && ms >= 0 ? ms : null;
}

/**
 * The rtpengine calls a call's media ran through, in order: its own Call-ID, then each one a transfer moved
 * the caller to (the telephony app notes them as `media` events). Each holds one part of the recording.
 */
export function mediaKeysOf(sipCallId: string, events: unknown): string[] {
  const keys = [sipCallId];
  if (Array.isArray(events))
    for (const e of events as { type?: unknown; key?: unknown }[])
      if (e?.type === 'media' && typeof e.key === 'string' && !keys.includes(e.key)) keys.push(e.key);
  return keys;
}

const PCAP_HEADER = 24;
const PCAP_MAGICS = new Set([0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1]);

/**
 * One pcap from the parts of a call (before and after a transfer): the first file whole, the packet records of
 * the others after it. Parts must share byte order and link type (rtpengine writes them all alike).
 */
export function mergePcaps(parts: Buffer[]): Buffer {
  if (parts.length === 1) return parts[0];
  const head = parts[0];
  for (const p of parts) {
    if (p.length < PCAP_HEADER || !PCAP_MAGICS.has(p.readUInt32BE(0))) throw new Error('not a pcap file');
    if (p.readUInt32BE(0) !== head.readUInt32BE(0) || p.readUInt32BE(20) !== head.readUInt32BE(20))
      throw new Error('pcap parts differ in byte order or link type');
  }
  return Buffer.concat([head, ...parts.slice(1).map((p) => p.subarray(PCAP_HEADER))]);
}

/** `encrypted/YYYY/MM/DD/<callId>.pcap.enc`, dated in Beijing time (the centre's day), relative to the root. */
export function encryptedPathFor(callId: number, at: Date): string {
  const d = new Date(at.getTime() + 8 * 3600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return [
    'encrypted',
    String(d.getUTCFullYear()),
    two(d.getUTCMonth() + 1),
    two(d.getUTCDate()),
    `${callId}.pcap.enc`,
  ].join('/');
}

/** Recordings made before this instant are past retention. */
export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * 86_400_000);
}
