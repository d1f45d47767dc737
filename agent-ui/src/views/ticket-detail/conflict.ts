// What changed between the ticket the user acted on and the one the server has now (after a 409
// VERSION_CONFLICT): the status, and every timeline event written since, with who did it.
import type { TicketDetail, TimelineEvent } from '../../api/types';

export interface Snapshot {
  status: TicketDetail['status'];
  version: number;
  lastEventId: number;
}

export interface Change {
  kind: 'status' | 'event';
  /** status: [from, to]; event: the audit action */
  from?: string;
  to?: string;
  action?: string;
  actor?: string;
  at?: string;
}

export function snapshotOf(ticket: TicketDetail, timeline: TimelineEvent[]): Snapshot {
  return {
    status: ticket.status,
    version: ticket.version,
    lastEventId: timeline.reduce((m, e) => Math.max(m, e.id), 0),
  };
}

export function changesSince(before: Snapshot, ticket: TicketDetail, timeline: TimelineEvent[]): Change[] {
  const out: Change[] = [];
  if (ticket.status !== before.status) out.push({ kind: 'status', from: before.status, to: ticket.status });
  for (const e of timeline) {
    if (e.id <= before.lastEventId) continue;
    out.push({ kind: 'event', action: e.action, actor: e.actor?.displayName ?? '', at: e.at });
  }
  return out;
}
