// The socket.io event map, shared by server and agent-ui (type-only import). Every ticket payload carries
// the ticket version so clients can drop events older than what they already show.

import type { TicketStatus } from '../modules/tickets/domain/types';

export interface TicketEventPayload {
  ticketId: number;
  number: string;
  version: number;
  status: TicketStatus;
  action: string;
}

export interface DeadlineEventPayload {
  ticketId: number;
  number: string;
  version: number;
  kind: 'assignment_sign' | 'assignment_feedback' | 'ticket_close';
  phase: 'warn' | 'overdue';
  dueAt: string;
  assignmentId: number | null;
  unitId: number | null;
}

export interface ServerToClientEvents {
  'ticket:created': (p: TicketEventPayload) => void;
  'ticket:updated': (p: TicketEventPayload) => void;
  'deadline:warning': (p: DeadlineEventPayload) => void;
  'deadline:overdue': (p: DeadlineEventPayload) => void;
  'session:expired': () => void;
}

export interface ClientToServerEvents {
  'ticket:watch': (p: { ticketId: number }, ack?: (r: { ok: boolean; error?: string }) => void) => void;
  'ticket:unwatch': (p: { ticketId: number }) => void;
}
