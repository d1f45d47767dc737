// What each action's dialog asks for. The server validates; these only shape the form and the payload.
import type { ActionName, Assignment, SupervisionStatus } from '../../api/types';
import type { LabelGroup } from '../../i18n/labels';

interface Base {
  /** payload key, also the i18n key under actionForm.* */
  key: string;
  required?: boolean;
  /** only shown (and sent) when this returns true */
  showIf?: (bools: Record<string, boolean>) => boolean;
}

export type FieldSpec = Base &
  (
    | { kind: 'text' | 'textarea' }
    | { kind: 'number'; min?: number; max?: number; initial?: number }
    | { kind: 'boolean'; initial: boolean }
    | { kind: 'choice'; options: readonly string[]; labelGroup: LabelGroup; initial?: string }
    /** pick one of the ticket's assignments; `match` narrows to the ones that make sense */
    | { kind: 'assignment'; match?: (a: Assignment) => boolean }
    | { kind: 'supervision'; statuses: SupervisionStatus[] }
    /** dispatch targets: [{unitId, role}] */
    | { kind: 'targets' }
    /** optional: the user's own signed assignment when sub-dispatching */
    | { kind: 'parentAssignment' }
  );

const reason: FieldSpec = { key: 'reason', kind: 'textarea', required: true };
const comment: FieldSpec = { key: 'comment', kind: 'textarea' };
const reached = (b: Record<string, boolean>) => b.reached === true;

export const ACTION_FORMS: Record<ActionName, FieldSpec[]> = {
  close_on_call: [{ key: 'resolution', kind: 'textarea', required: true }],
  dispatch: [
    { key: 'targets', kind: 'targets', required: true },
    { key: 'parentAssignmentId', kind: 'parentAssignment' },
  ],
  sign: [{ key: 'assignmentId', kind: 'assignment', required: true, match: (a) => a.status === 'pending_sign' }],
  send_back: [
    {
      key: 'assignmentId',
      kind: 'assignment',
      required: true,
      match: (a) => a.status === 'pending_sign' || a.status === 'signed',
    },
    reason,
  ],
  request_extension: [
    { key: 'assignmentId', kind: 'assignment', required: true, match: (a) => a.status === 'signed' },
    { key: 'days', kind: 'number', required: true, min: 1, max: 30, initial: 3 },
    reason,
  ],
  decide_extension: [
    { key: 'assignmentId', kind: 'assignment', required: true, match: (a) => a.extension?.status === 'pending' },
    { key: 'approve', kind: 'boolean', initial: true },
    comment,
  ],
  feedback: [
    { key: 'assignmentId', kind: 'assignment', required: true, match: (a) => a.status === 'signed' },
    { key: 'content', kind: 'textarea', required: true },
    {
      key: 'result',
      kind: 'choice',
      required: true,
      options: ['resolved', 'partly_resolved', 'unresolved'],
      labelGroup: 'feedbackResult',
      initial: 'resolved',
    },
  ],
  review: [
    { key: 'assignmentId', kind: 'assignment', required: true, match: (a) => a.status === 'feedback_submitted' },
    { key: 'accept', kind: 'boolean', initial: true },
    comment,
  ],
  revisit: [
    { key: 'reached', kind: 'boolean', initial: true },
    { key: 'resolved', kind: 'boolean', initial: true, showIf: reached },
    {
      key: 'satisfaction',
      kind: 'choice',
      options: ['satisfied', 'basically_satisfied', 'unsatisfied'],
      labelGroup: 'satisfaction',
      initial: 'satisfied',
      showIf: reached,
    },
    { key: 'note', kind: 'textarea' },
  ],
  redo: [reason],
  supervise_open: [reason],
  supervise_respond: [
    { key: 'supervisionId', kind: 'supervision', required: true, statuses: ['open'] },
    { key: 'response', kind: 'textarea', required: true },
  ],
  supervise_close: [
    { key: 'supervisionId', kind: 'supervision', required: true, statuses: ['open', 'responded'] },
    comment,
  ],
  merge: [{ key: 'masterTicketId', kind: 'number', required: true, min: 1 }],
  close: [reason],
  reopen: [reason],
};
