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
