// Wire types of the /api contract. Kept in one file so they can later be shared with the server.

export const TICKET_STATUSES = [
  'received',
  'processing',
  'pending_review',
  'pending_revisit',
  'revisit_failed',
  'closed',
  'merged',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export type AssignmentStatus =
  'pending_sign' | 'signed' | 'feedback_submitted' | 'accepted' | 'sent_back' | 'cancelled';
export type AssignmentRole = 'primary' | 'assisting';
export type Role =
  | 'agent'
  | 'shift_leader'
  | 'supervisor'
  | 'revisit_agent'
  | 'department_handler'
  | 'admin'
  /** reads the audit trail and security alerts; no case access */
  | 'auditor';
export type Channel = 'phone_12345' | 'elder_hotline' | 'one_key_device' | 'weibo' | 'web' | 'message_board';
export type Urgency = 'normal' | 'urgent' | 'critical';
export type FeedbackResult = 'resolved' | 'partly_resolved' | 'unresolved';
export type Satisfaction = 'satisfied' | 'basically_satisfied' | 'unsatisfied';
export type SupervisionStatus = 'open' | 'responded' | 'closed';
export type ExtensionStatus = 'pending' | 'approved' | 'rejected';

export const ACTION_NAMES = [
  'close_on_call',
  'dispatch',
  'sign',
  'send_back',
  'request_extension',
  'decide_extension',
  'feedback',
  'review',
  'revisit',
  'redo',
  'supervise_open',
  'supervise_respond',
  'supervise_close',
  'merge',
  'close',
  'reopen',
] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

export interface User {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  unitId: number | null;
  unitName: string | null;
  unitPath?: string | null;
  /** while set, only the step that lifts it is open (every other call answers 403) */
  restriction: 'password_change' | 'totp_enrol' | null;
  totpEnabled: boolean;
  /** when the password must be changed (null: no expiry) */
  passwordExpiresAt: string | null;
}

export interface TicketSummary {
  id: number;
  number: string;
  status: TicketStatus;
  version: number;
  channel: Channel;
  callerName: string | null;
  /** masked, e.g. 138****5678 */
  callerPhone: string | null;
  categoryName: string | null;
  urgency: Urgency;
  streetName: string | null;
  communityName: string | null;
  /** list: first 120 chars; detail: full text */
  content: string;
  receivedAt: string;
  closeDueAt: string | null;
  overdue: boolean;
  createdAt: string;
}

export interface Assignment {
  id: number;
  unitId: number;
  unitName: string;
  parentId: number | null;
  role: AssignmentRole;
  status: AssignmentStatus;
  signDueAt: string | null;
  feedbackDueAt: string | null;
  signedAt: string | null;
  feedbackContent: string | null;
  feedbackResult: FeedbackResult | null;
  extension: { status: ExtensionStatus; days: number; reason: string } | null;
  signOverdue: boolean;
  feedbackOverdue: boolean;
}

export interface Supervision {
  id: number;
  status: SupervisionStatus;
  reason: string;
  automatic: boolean;
  openedAt: string;
  response: string | null;
}

export interface Revisit {
  id: number;
  reached: boolean;
  resolved: boolean | null;
  satisfaction: Satisfaction | null;
  note: string | null;
  at: string;
}

export interface TicketDetail extends TicketSummary {
  /** masked */
  address: string | null;
  resolution: string | null;
  mergedIntoId: number | null;
  assignments: Assignment[];
  supervisions: Supervision[];
  revisits: Revisit[];
}

export interface TimelineEvent {
  id: number;
  at: string;
  actor: { id: number; username: string; displayName: string } | null;
  action: string;
  /** ticket | assignment | supervision | revisit | … */
  entityType: string;
  before: unknown;
  after: unknown;
  data: unknown;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface TicketListQuery {
  /** any of these statuses */
  status?: TicketStatus[];
  q?: string;
  overdue?: boolean;
  unitId?: number;
  /** includes sub-categories */
  categoryId?: number;
  channel?: Channel;
  streetId?: number;
  /** received in [from, to), ISO with offset */
  from?: string;
  to?: string;
  /** receivedAt: newest first (default); closeDueAt: nearest deadline first */
  sort?: 'receivedAt' | 'closeDueAt';
  page: number;
  pageSize: number;
}

export interface OrgUnit {
  id: number;
  name: string;
  type: string;
  children: OrgUnit[];
}

export interface Category {
  id: number;
  name: string;
  children: Category[];
}

/** socket.io payloads (server → client): the server's own types, so the two cannot drift. */
export type {
  TicketEventPayload as TicketCreatedEvent,
  TicketEventPayload as TicketUpdatedEvent,
  SecurityAlertPayload,
} from '../../../server/src/realtime/events';
