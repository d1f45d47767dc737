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

/** 1-based place of a call among the calls of its own queue (what the caller would be told); 0 if absent. */
export function positionInQueue(calls: readonly WaitingCall[], callId: string): number {
  const call = calls.find((c) => c.callId === callId);
  if (!call) return 0;
  return orderQueue(calls.filter((c) => c.queue === call.queue)).findIndex((c) => c.callId === callId) + 1;
}

/** Longest current wait per queue, in ms (queues with nobody waiting are absent). */
export function longestWaits(calls: readonly WaitingCall[], now: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of calls) out[c.queue] = Math.max(out[c.queue] ?? 0, now - c.enqueuedAt);
  return out;
}
