// The socket.io event map, shared by server and agent-ui (type-only import). Every ticket payload carries
// the ticket version so clients can drop events older than what they already show.

import type { TicketStatus } from '../modules/tickets/domain/types';

export interface TicketEventPayload {
  ticketId: number;
  number: string;
  version: number;
  status: TicketStatus;
  action: string;
  /** who acted (null: the system); clients skip notifying people about their own actions */
  actorId?: number | null;
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

/** An agent's presence changed (presence module). `since` is ISO; drop events with version <= the known one. */
export interface PresenceChangedPayload {
  userId: number;
  displayName: string;
  state: 'offline' | 'ready' | 'not_ready' | 'after_call_work' | 'on_call';
  reason: string | null;
  since: string;
  version: number;
}
export interface PresenceSetAck {
  ok: boolean;
  error?: string;
  fields?: Record<string, string>;
  presence?: PresenceChangedPayload;
}

/** Screen pop: who is calling, shown on the agent's desk while the phone rings. */
export interface CallPopPayload {
  callId: number;
  sipCallId: string;
  line: { did: string; name: string; queue: string; emergency: boolean };
  callerPhoneMasked: string | null;
  /** the caller's earlier tickets (newest first) and how many are still open */
  history: { id: number; number: string; status: string; receivedAt: string; content: string }[];
  openCases: number;
  /** 一键呼 calls: the elder registered for the calling device (address and contacts in full: an emergency) */
  elder?: {
    name: string;
    age: number | null;
    address: string | null;
    community: string | null;
    medical: string | null;
    contacts: { name: string; relation: string; phone: string }[];
  } | null;
}

/** A security alert for supervisors and administrators (the alert list is GET /api/admin/alerts). */
export interface SecurityAlertPayload {
  id: number;
  kind: 'reveal_limit' | 'export_limit' | 'login_throttled' | 'audit_chain_broken';
  userId: number | null;
  username: string | null;
  at: string;
  data: Record<string, unknown>;
}

export interface ServerToClientEvents {
  'ticket:created': (p: TicketEventPayload) => void;
  'ticket:updated': (p: TicketEventPayload) => void;
  'deadline:warning': (p: DeadlineEventPayload) => void;
  'deadline:overdue': (p: DeadlineEventPayload) => void;
  'session:expired': () => void;
  'presence:changed': (p: PresenceChangedPayload) => void;
  /** an agent's first socket opened / last socket closed (wallboard rooms only) */
  'presence:connection': (p: { userId: number; connected: boolean }) => void;
  /** a call rings at this agent (screen pop), was answered by them, or ended */
  'call:offered': (p: CallPopPayload) => void;
  'call:answered': (p: CallPopPayload) => void;
  'call:ended': (p: { callId: number }) => void;
  /** queue figures changed: wallboards re-read them */
  'queues:changed': () => void;
  'security:alert': (p: SecurityAlertPayload) => void;
}

export interface ClientToServerEvents {
  'ticket:watch': (p: { ticketId: number }, ack?: (r: { ok: boolean; error?: string }) => void) => void;
  'ticket:unwatch': (p: { ticketId: number }) => void;
  'presence:set': (p: { state: string; reason?: string | null }, ack?: (r: PresenceSetAck) => void) => void;
}
