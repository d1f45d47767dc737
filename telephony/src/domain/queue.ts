// Waiting calls in the order they are answered: higher line priority first (an emergency call overtakes
// everyone), then first come first served; the call id breaks ties so the order never depends on input order.
import type { WaitingCall } from './types';

export function compareCalls(a: WaitingCall, b: WaitingCall): number {
  return (
    b.priority - a.priority || a.enqueuedAt - b.enqueuedAt || (a.callId < b.callId ? -1 : a.callId > b.callId ? 1 : 0)
  );
}

export function orderQueue<T extends WaitingCall>(calls: readonly T[]): T[] {
  return [...calls].sort(compareCalls);
}

/** A waiting caller as the wallboard shows them: their place in their own queue and how long they have waited. */
export interface QueuePlace {
  callId: string;
  /** 1-based: 1 is answered next */
  position: number;
  waitMs: number;
  priority: number;
}

/** Each queue's waiting calls in answer order, with each caller's place and wait so far. */
export function lineups(calls: readonly WaitingCall[], now: number): Record<string, QueuePlace[]> {
  const out: Record<string, QueuePlace[]> = {};
  for (const c of orderQueue(calls)) {
    const line = (out[c.queue] ??= []);
    line.push({ callId: c.callId, position: line.length + 1, waitMs: now - c.enqueuedAt, priority: c.priority });
  }
  return out;
}

/** Longest current wait per queue, in ms (queues with nobody waiting are absent). */
export function longestWaits(calls: readonly WaitingCall[], now: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of calls) out[c.queue] = Math.max(out[c.queue] ?? 0, now - c.enqueuedAt);
  return out;
}
