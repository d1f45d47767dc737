// A call's record, built from what happened to it, in order. Pure, so the same events always give the
// same record, and abandoned-while-ringing is told apart from abandoned-in-queue by the event order alone.

export type CallEvent =
  | { type: 'arrived'; at: number }
  | { type: 'queued'; at: number; queue: string }
  | { type: 'offered'; at: number; userId: number }
  | { type: 'ring_timeout'; at: number; userId: number }
  | { type: 'declined'; at: number; userId: number }
  | { type: 'answered'; at: number; userId: number }
  | { type: 'transferred'; at: number; to: string }
  /** the caller's media moved to this rtpengine call (a transfer): where the next part of the recording is */
  | { type: 'media'; at: number; key: string }
  | { type: 'no_agent'; at: number }
  /** an outbound call whose far end never answered (busy, no answer, unreachable) */
  | { type: 'failed'; at: number; status: number | null }
  | { type: 'ended'; at: number; by: 'caller' | 'agent' | 'system' };

export type CallOutcome = 'answered' | 'abandoned_queue' | 'abandoned_ringing' | 'no_agent' | 'failed' | 'in_progress';

export interface CallRecord {
  arrivedAt: number | null;
  queue: string | null;
  queuedAt: number | null;
  firstOfferedAt: number | null;
  answeredAt: number | null;
  endedAt: number | null;
  agentId: number | null;
  /** how many agents it rang at */
  offers: number;
  /** queue entry (or arrival) → answer, or → hang-up when never answered */
  waitMs: number | null;
  /** answer → end */
  talkMs: number | null;
  transferredTo: string | null;
  endedBy: 'caller' | 'agent' | 'system' | null;
  outcome: CallOutcome;
}

export function buildCallRecord(events: readonly CallEvent[]): CallRecord {
  const r: CallRecord = {
    arrivedAt: null,
    queue: null,
    queuedAt: null,
    firstOfferedAt: null,
    answeredAt: null,
    endedAt: null,
    agentId: null,
    offers: 0,
    waitMs: null,
    talkMs: null,
    transferredTo: null,
    endedBy: null,
    outcome: 'in_progress',
  };
  let ringing: number | null = null; // agent the call is ringing at
  let noAgent = false;
  let failed = false;
  for (const e of events) {
    switch (e.type) {
      case 'arrived':
        r.arrivedAt ??= e.at;
        break;
      case 'queued':
        r.queuedAt ??= e.at;
        r.queue ??= e.queue;
        break;
      case 'offered':
        r.offers += 1;
        r.firstOfferedAt ??= e.at;
        ringing = e.userId;
        break;
      case 'ring_timeout':
      case 'declined':
        if (ringing === e.userId) ringing = null;
        break;
      case 'answered':
        r.answeredAt ??= e.at;
        r.agentId ??= e.userId;
        ringing = null;
        break;
      case 'transferred':
        r.transferredTo = e.to;
        break;
      case 'no_agent':
        noAgent = true;
        break;
      case 'failed':
        failed = true;
        break;
      case 'ended':
        if (r.endedAt === null) {
          r.endedAt = e.at;
          r.endedBy = e.by;
        }
        break;
    }
  }
  const start = r.queuedAt ?? r.arrivedAt;
  if (start !== null) {
    const until = r.answeredAt ?? r.endedAt;
    r.waitMs = until === null ? null : Math.max(0, until - start);
  }
  if (r.answeredAt !== null && r.endedAt !== null) r.talkMs = Math.max(0, r.endedAt - r.answeredAt);
  if (r.answeredAt !== null) r.outcome = 'answered';
  else if (r.endedAt === null) r.outcome = 'in_progress';
  else if (noAgent) r.outcome = 'no_agent';
  else if (failed) r.outcome = 'failed';
  else if (ringing !== null) r.outcome = 'abandoned_ringing';
  else r.outcome = 'abandoned_queue';
  return r;
}
