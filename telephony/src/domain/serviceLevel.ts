// Wallboard arithmetic per queue. Service level = calls answered within the threshold ÷ calls offered to the
// queue (the common hotline definition: abandoned calls count against it, however short).
import type { CallRecord } from './callRecord';

export interface QueueStats {
  offered: number;
  answered: number;
  abandoned: number;
  noAgent: number;
  answeredWithinThreshold: number;
  /** 0..1; null when nothing was offered yet */
  serviceLevel: number | null;
  /** average talk + after-call work of answered calls, ms; null when none */
  averageHandleMs: number | null;
  /** average wait of answered calls, ms; null when none */
  averageAnswerMs: number | null;
}

export interface RecordWithWrap extends CallRecord {
  /** after-call work that followed the call, ms */
  wrapMs?: number | null;
}

/** A queue nobody called today. */
export function emptyQueueStats(): QueueStats {
  return {
    offered: 0,
    answered: 0,
    abandoned: 0,
    noAgent: 0,
    answeredWithinThreshold: 0,
    serviceLevel: null,
    averageHandleMs: null,
    averageAnswerMs: null,
  };
}

export function queueStats(records: readonly RecordWithWrap[], thresholdMs: number): Record<string, QueueStats> {
  const out: Record<string, QueueStats> = {};
  const sums: Record<string, { handle: number; wait: number }> = {};
  for (const r of records) {
    if (!r.queue || r.outcome === 'in_progress') continue;
    const s = (out[r.queue] ??= emptyQueueStats());
    const sum = (sums[r.queue] ??= { handle: 0, wait: 0 });
    s.offered += 1;
    if (r.outcome === 'answered') {
      s.answered += 1;
      if ((r.waitMs ?? 0) <= thresholdMs) s.answeredWithinThreshold += 1;
      sum.handle += (r.talkMs ?? 0) + (r.wrapMs ?? 0);
      sum.wait += r.waitMs ?? 0;
    } else if (r.outcome === 'no_agent') s.noAgent += 1;
    else s.abandoned += 1;
  }
  for (const [queue, s] of Object.entries(out)) {
    s.serviceLevel = s.offered ? s.answeredWithinThreshold / s.offered : null;
    s.averageHandleMs = s.answered ? sums[queue].handle / s.answered : null;
    s.averageAnswerMs = s.answered ? sums[queue].wait / s.answered : null;
  }
  return out;
}
