// Plain data the ticket state machine works on. No I/O, no ORM types: the service maps rows to these.

export const ROLES = [
  'agent',
  'shift_leader',
  'supervisor',
  'revisit_agent',
  'department_handler',
  'admin',
  /** 审计管理员: reads and verifies the audit trail, nothing else (等保 2.0 三员分立) */
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];
/** Internal actor used by timers (automatic supervision). Never assigned to a user. */
export type ActorRole = Role | 'system';

export const TICKET_STATUSES = [
  'received', // 受理: created, waiting for dispatch (or re-dispatch after a send-back)
  'processing', // 办理中: at least one active top-level primary assignment is being handled
  'pending_review', // 待审核: top-level assignments have fed back, centre reviews
  'pending_revisit', // 待回访: feedback accepted, caller to be called back
  'revisit_failed', // 回访不满意/未解决: centre decides redo or close
  'closed', // 办结
  'merged', // 已合并 into a master ticket
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const ASSIGNMENT_STATUSES = [
  'pending_sign', // 待签收
  'signed', // 已签收, handling
  'feedback_submitted', // 已反馈, waiting for review by whoever dispatched it
  'accepted', // 审核通过
  'sent_back', // 已退单 (inactive)
  'cancelled', // cancelled by merge / reopen / parent send-back (inactive)
] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];
export const ACTIVE_ASSIGNMENT_STATUSES: readonly AssignmentStatus[] = [
  'pending_sign',
  'signed',
  'feedback_submitted',
  'accepted',
];

export type AssignmentRole = 'primary' | 'assisting'; // 主办 / 协办
export type ExtensionStatus = 'pending' | 'approved' | 'rejected';
export type FeedbackResult = 'resolved' | 'partly_resolved' | 'unresolved';
export type Satisfaction = 'satisfied' | 'basically_satisfied' | 'unsatisfied';
export type SupervisionStatus = 'open' | 'responded' | 'closed';

export interface Actor {
  userId: number | null; // null for the system actor
  roles: ActorRole[];
  unitId: number | null;
  /** Materialized path of the actor's unit, e.g. '/1/4/'. A unit's subtree = paths starting with it. */
  unitPath: string | null;
}

export interface AssignmentState {
  id: number;
  unitId: number;
  unitPath: string;
  /** null = dispatched by the centre; otherwise the assignment of the unit that sub-dispatched it */
  parentId: number | null;
  role: AssignmentRole;
  status: AssignmentStatus;
  /** latest extension request on this assignment, if any */
  extension: { status: ExtensionStatus; days: number } | null;
  redoCount: number;
  rejectCount: number;
}

export interface SupervisionState {
  id: number;
  status: SupervisionStatus;
}

export interface TicketState {
  id: number;
  status: TicketStatus;
  version: number;
  assignments: AssignmentState[];
  supervisions: SupervisionState[];
  mergedIntoId: number | null;
}

/** A unit the service resolved for a dispatch target. */
export interface DispatchTarget {
  unitId: number;
  unitPath: string;
  role: AssignmentRole;
}

export interface ActionInputs {
  close_on_call: { resolution: string };
  dispatch: { parentAssignmentId?: number | null; targets: DispatchTarget[]; note?: string };
  sign: { assignmentId: number };
  send_back: { assignmentId: number; reason: string };
  request_extension: { assignmentId: number; days: number; reason: string };
  decide_extension: { assignmentId: number; approve: boolean; comment?: string };
  feedback: { assignmentId: number; content: string; result: FeedbackResult };
  review: { assignmentId: number; accept: boolean; comment?: string };
  revisit: { reached: boolean; resolved?: boolean; satisfaction?: Satisfaction; note?: string };
  redo: { reason: string };
  supervise_open: { reason: string };
  supervise_respond: { supervisionId: number; response: string };
  supervise_close: { supervisionId: number; comment?: string };
  /** masterStatus is looked up by the service */
  merge: { masterTicketId: number; masterStatus: TicketStatus };
  close: { reason: string };
  reopen: { reason: string };
}
export type ActionName = keyof ActionInputs;
export const ACTION_NAMES: ActionName[] = [
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
];

/** What the service must write. The service applies effects in order inside one transaction. */
export type Effect =
  | { type: 'ticket.status'; to: TicketStatus }
  | { type: 'ticket.merge'; masterTicketId: number }
  | { type: 'ticket.reopen' } // reopenCount + 1
  | { type: 'assignment.create'; unitId: number; role: AssignmentRole; parentId: number | null }
  | { type: 'assignment.status'; assignmentId: number; from: AssignmentStatus; to: AssignmentStatus }
  | { type: 'assignment.reject'; assignmentId: number } // feedback_submitted -> signed, rejectCount + 1
  | { type: 'assignment.redo'; assignmentId: number } // accepted -> signed, redoCount + 1, new feedback deadline
  | { type: 'assignment.extension'; assignmentId: number; status: ExtensionStatus; days: number }
  | { type: 'supervision.open'; reason: string; automatic: boolean }
  | { type: 'supervision.status'; supervisionId: number; to: SupervisionStatus }
  | { type: 'revisit.record'; reached: boolean; resolved: boolean | null; satisfaction: Satisfaction | null };

export type DecisionError = {
  ok: false;
  code: 'INVALID_TRANSITION' | 'FORBIDDEN' | 'VALIDATION' | 'NOT_FOUND';
  message: string;
  field?: string;
};
export type Decision = { ok: true; effects: Effect[]; status: TicketStatus } | DecisionError;
