// The ticket (工单) state machine. Pure: the service loads a TicketState, asks decide() what an action would
// do, and writes the returned effects in order inside one transaction. No I/O and no clock here, so every
// rule is testable without a database and replays the same way in an audit.
//
// Each action is one rule in RULES below, and every rule is checked in the same order, so a client always
// gets the most basic reason first:
//   1. the ticket status admits the action at all              → INVALID_TRANSITION
//   2. the assignment / supervision the input names exists     → NOT_FOUND (field = the input key)
//   3. the actor's role and unit scope                         → FORBIDDEN
//   4. the sub-state (assignment status, pending extension...) → INVALID_TRANSITION
//   5. input sanity                                            → VALIDATION (field = the input key)
// allowedActions() runs steps 1–4 only, which is why a rule keeps input checks out of steps 1–4.

import {
  ACTION_NAMES,
  ACTIVE_ASSIGNMENT_STATUSES,
  type ActionInputs,
  type ActionName,
  type Actor,
  type ActorRole,
  type AssignmentState,
  type AssignmentStatus,
  type Decision,
  type DecisionError,
  type DispatchTarget,
  type Effect,
  type FeedbackResult,
  type Satisfaction,
  type SupervisionState,
  type SupervisionStatus,
  type TicketState,
  type TicketStatus,
} from './types';

// ---------------------------------------------------------------------------------------------------
// Scope, roles and derived status
// ---------------------------------------------------------------------------------------------------

/** True when unitPath is the actor's unit or one of its sub-units. Paths end with '/', so '/1/1/' never
 *  matches '/1/10/'. An actor without a unit is in scope of nothing. */
export function inScope(actor: Actor, unitPath: string): boolean {
  // '' would be a prefix of every path and silently grant the whole tree.
  if (!actor.unitPath) return false;
  return unitPath.startsWith(actor.unitPath);
}

/** Status of a non-terminal ticket from its top-level assignments (sub-assignments are the business of the
 *  unit that dispatched them and never move the ticket). */
export function deriveStatus(assignments: AssignmentState[]): TicketStatus {
  const top = assignments.filter((a) => a.parentId === null && isActive(a));
  if (!top.some((a) => a.role === 'primary')) return 'received';
  if (top.some((a) => a.status === 'pending_sign' || a.status === 'signed')) return 'processing';
  if (top.some((a) => a.status === 'feedback_submitted')) return 'pending_review';
  return 'pending_revisit';
}

const CENTRE_ROLES: readonly ActorRole[] = ['agent', 'shift_leader', 'supervisor', 'admin'];
const OPEN_STATUSES: readonly TicketStatus[] = [
  'received',
  'processing',
  'pending_review',
  'pending_revisit',
  'revisit_failed',
];
// Units work on their assignments while the ticket is received (assisting units keep working after the
// primary sent back) or processing. Once every top-level unit has fed back (pending_review) nothing can be
// pending_sign or signed any more: feedback requires accepted children, and a sub-dispatch a signed parent.
const HANDLING: readonly TicketStatus[] = ['received', 'processing'];
// ...but the centre may still be reviewing feedback, and an extension asked before feeding back may still
// be waiting for its decision.
const REVIEWING: readonly TicketStatus[] = [...HANDLING, 'pending_review'];
const FEEDBACK_RESULTS: readonly FeedbackResult[] = ['resolved', 'partly_resolved', 'unresolved'];
const SATISFACTIONS: readonly Satisfaction[] = ['satisfied', 'basically_satisfied', 'unsatisfied'];

function isActive(a: AssignmentState): boolean {
  return ACTIVE_ASSIGNMENT_STATUSES.includes(a.status);
}

function hasRole(actor: Actor, roles: readonly ActorRole[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}

/** A unit works on assignments of its own subtree; admin everywhere. */
function handles(actor: Actor, unitPath: string): boolean {
  return hasRole(actor, ['admin']) || (hasRole(actor, ['department_handler']) && inScope(actor, unitPath));
}

/** Feedback and extensions are judged by whoever dispatched the assignment: the centre for top-level ones,
 *  the parent unit for sub-level ones (supervisors keep an override, shift leaders do not). */
function reviews(actor: Actor, a: AssignmentState, state: TicketState): boolean {
  if (a.parentId === null) return hasRole(actor, ['supervisor', 'shift_leader', 'admin']);
  if (hasRole(actor, ['supervisor', 'admin'])) return true;
  const parent = state.assignments.find((p) => p.id === a.parentId);
  return parent !== undefined && hasRole(actor, ['department_handler']) && inScope(actor, parent.unitPath);
}

// ---------------------------------------------------------------------------------------------------
// Small builders
// ---------------------------------------------------------------------------------------------------

function fail(code: DecisionError['code'], message: string, field?: string): DecisionError {
  return field === undefined ? { ok: false, code, message } : { ok: false, code, message, field };
}

function isError(x: unknown): x is DecisionError {
  return typeof x === 'object' && x !== null && (x as { ok?: unknown }).ok === false;
}

function requireText(value: unknown, field: string): DecisionError | null {
  return typeof value === 'string' && value.trim() !== '' ? null : fail('VALIDATION', `${field} is required`, field);
}

function requireBoolean(value: unknown, field: string): DecisionError | null {
  return typeof value === 'boolean' ? null : fail('VALIDATION', `${field} must be true or false`, field);
}

function requireOneOf(value: unknown, allowed: readonly string[], field: string): DecisionError | null {
  return typeof value === 'string' && allowed.includes(value)
    ? null
    : fail('VALIDATION', `${field} must be one of ${allowed.join(', ')}`, field);
}

function ticketStatus(to: TicketStatus): Effect {
  return { type: 'ticket.status', to };
}

function assignmentStatus(a: AssignmentState, to: AssignmentStatus): Effect {
  return { type: 'assignment.status', assignmentId: a.id, from: a.status, to };
}

function supervisionStatus(s: SupervisionState, to: SupervisionStatus): Effect {
  return { type: 'supervision.status', supervisionId: s.id, to };
}

function hasOpenSupervision(state: TicketState): boolean {
  return state.supervisions.some((s) => s.status === 'open' || s.status === 'responded');
}

/** Supervision pressure ends with the ticket: a closed or merged ticket allows no supervise_close. */
function closeOpenSupervisions(state: TicketState): Effect[] {
  return state.supervisions
    .filter((s) => s.status === 'open' || s.status === 'responded')
    .map((s) => supervisionStatus(s, 'closed'));
}

function cancelActiveAssignments(state: TicketState): Effect[] {
  return state.assignments.filter(isActive).map((a) => assignmentStatus(a, 'cancelled'));
}

function activeChildren(state: TicketState, parent: AssignmentState): AssignmentState[] {
  return state.assignments.filter((a) => a.parentId === parent.id && isActive(a));
}

/** Every assignment below `root`, at any depth. The visited set guards against a corrupt parent cycle. */
function descendants(state: TicketState, root: AssignmentState): AssignmentState[] {
  const found: AssignmentState[] = [];
  const seen = new Set<number>([root.id]);
  let frontier = [root.id];
  while (frontier.length > 0) {
    const next = state.assignments.filter((a) => a.parentId !== null && frontier.includes(a.parentId));
    frontier = [];
    for (const a of next) {
      if (seen.has(a.id)) continue;
      seen.add(a.id);
      found.push(a);
      frontier.push(a.id);
    }
  }
  return found;
}

/** Append the ticket.status change that assignment effects cause, if any. New assignments start pending_sign;
 *  their ids are unknown until the service inserts them, but only statuses matter for the derivation. */
function withDerivedStatus(state: TicketState, effects: Effect[]): Effect[] {
  let nextId = -1;
  const after = state.assignments.map((a) => ({ ...a }));
  for (const e of effects) {
    const target = 'assignmentId' in e ? after.find((a) => a.id === e.assignmentId) : undefined;
    if (e.type === 'assignment.create') {
      after.push({
        id: nextId--,
        unitId: e.unitId,
        unitPath: '',
        parentId: e.parentId,
        role: e.role,
        status: 'pending_sign',
        extension: null,
        redoCount: 0,
        rejectCount: 0,
      });
    } else if (e.type === 'assignment.status' && target) target.status = e.to;
    else if ((e.type === 'assignment.reject' || e.type === 'assignment.redo') && target) target.status = 'signed';
  }
  const derived = deriveStatus(after);
  return derived === state.status ? effects : [...effects, ticketStatus(derived)];
}

// ---------------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------------

interface Rule<A extends ActionName, R> {
  /** Step 1. */
  statuses: readonly TicketStatus[] | ((input: ActionInputs[A]) => readonly TicketStatus[]);
  /** Step 2: resolve what the input refers to (null when nothing). */
  find: (state: TicketState, input: ActionInputs[A]) => R | DecisionError;
  /** Step 3. */
  mayAct: (actor: Actor, ref: R, state: TicketState) => boolean;
  /** Step 4: why the ticket or the referenced object is not in a state for this action; null when it is. */
  blocked?: (ref: R, state: TicketState) => string | null;
  /** Step 5. */
  validate?: (input: ActionInputs[A], ref: R, state: TicketState) => DecisionError | null;
  effects: (ref: R, input: ActionInputs[A], state: TicketState, actor: Actor) => Effect[];
  /** Inputs naming every object allowedActions should try; fields steps 1–4 ignore hold placeholders. */
  probes: (state: TicketState) => ActionInputs[A][];
  /** The timer actor may only open supervisions. */
  allowSystem?: boolean;
}

interface Runner<A extends ActionName> {
  /** With checkOnly the run stops after step 4 and returns no effects. */
  run(state: TicketState, actor: Actor, input: ActionInputs[A], checkOnly: boolean): Decision;
  probes(state: TicketState): ActionInputs[A][];
}

function define<A extends ActionName, R>(action: A, rule: Rule<A, R>): Runner<A> {
  return {
    probes: rule.probes,
    run(state, actor, input, checkOnly) {
      const statuses = typeof rule.statuses === 'function' ? rule.statuses(input) : rule.statuses;
      if (!statuses.includes(state.status)) {
        return fail('INVALID_TRANSITION', `${action} is not possible while the ticket is ${state.status}`);
      }
      const ref = rule.find(state, input);
      if (isError(ref)) return ref;
      const systemOk = rule.allowSystem === true || !actor.roles.includes('system');
      if (!systemOk || !rule.mayAct(actor, ref, state)) return fail('FORBIDDEN', `You may not ${action} here`);
      const blocked = rule.blocked?.(ref, state) ?? null;
      if (blocked !== null) return fail('INVALID_TRANSITION', blocked);
      if (checkOnly) return { ok: true, effects: [], status: state.status };
      const invalid = rule.validate?.(input, ref, state) ?? null;
      if (invalid) return invalid;
      const effects = rule.effects(ref, input, state, actor);
      const status = effects.reduce((s, e) => (e.type === 'ticket.status' ? e.to : s), state.status);
      return { ok: true, effects, status };
    },
  };
}

const noRef = (): null => null;

function findAssignment(state: TicketState, input: { assignmentId: number }): AssignmentState | DecisionError {
  const found = state.assignments.find((a) => a.id === input.assignmentId);
  return found ?? fail('NOT_FOUND', 'Assignment not found on this ticket', 'assignmentId');
}

function findSupervision(state: TicketState, input: { supervisionId: number }): SupervisionState | DecisionError {
  const found = state.supervisions.find((s) => s.id === input.supervisionId);
  return found ?? fail('NOT_FOUND', 'Supervision not found on this ticket', 'supervisionId');
}

const assignmentProbes = (state: TicketState) => state.assignments.map((a) => ({ assignmentId: a.id }));
const handlesAssignment = (actor: Actor, a: AssignmentState) => handles(actor, a.unitPath);
const notIn = (a: AssignmentState, allowed: readonly AssignmentStatus[]) =>
  allowed.includes(a.status) ? null : `The assignment is ${a.status}, expected ${allowed.join(' or ')}`;

// --- dispatch ----------------------------------------------------------------------------------------

/** parent null = the centre dispatches top-level assignments; otherwise a unit sub-dispatches below it. */
type DispatchRef = { parent: AssignmentState | null };

const isSubDispatch = (input: ActionInputs['dispatch']) =>
  input.parentAssignmentId !== null && input.parentAssignmentId !== undefined;

function validateTargets(targets: DispatchTarget[], parent: AssignmentState | null, state: TicketState) {
  const bad = (message: string) => fail('VALIDATION', message, 'targets');
  if (!Array.isArray(targets) || targets.length === 0) return bad('At least one target unit is required');
  if (targets.some((t) => t.role !== 'primary' && t.role !== 'assisting')) {
    return bad('A target role must be primary or assisting');
  }
  if (new Set(targets.map((t) => t.unitId)).size !== targets.length) return bad('A unit may be named only once');
  // A unit works one assignment per level; sending it a second one would split its deadlines and feedback.
  const siblings = state.assignments.filter((a) => isActive(a) && a.parentId === (parent?.id ?? null));
  const taken = targets.find((t) => siblings.some((a) => a.unitId === t.unitId));
  if (taken) return bad(`Unit ${taken.unitId} already has an active assignment`);
  if (parent) {
    // A unit can only hand work down its own tree, never sideways or to itself.
    const outside = targets.find((t) => t.unitPath === parent.unitPath || !t.unitPath.startsWith(parent.unitPath));
    return outside ? bad(`Unit ${outside.unitId} is not below the dispatching unit`) : null;
  }
  // Exactly one unit answers for the ticket (主办); the others assist (协办).
  const primaries = [...siblings, ...targets].filter((x) => x.role === 'primary').length;
  return primaries === 1 ? null : bad('The ticket must have exactly one primary unit');
}

const dispatch = define('dispatch', {
  // A sub-dispatch needs a signed parent, which only exists while the ticket is processing.
  statuses: (input) => (isSubDispatch(input) ? ['processing'] : HANDLING),
  find: (state, input): DispatchRef | DecisionError => {
    if (!isSubDispatch(input)) return { parent: null };
    const parent = state.assignments.find((a) => a.id === input.parentAssignmentId);
    return parent ? { parent } : fail('NOT_FOUND', 'Parent assignment not found', 'parentAssignmentId');
  },
  mayAct: (actor, { parent }) => (parent ? handles(actor, parent.unitPath) : hasRole(actor, CENTRE_ROLES)),
  blocked: ({ parent }) => (parent ? notIn(parent, ['signed']) : null),
  validate: (input, { parent }, state) => validateTargets(input.targets, parent, state),
  effects: ({ parent }, input, state) => {
    const creates: Effect[] = input.targets.map((t) => ({
      type: 'assignment.create',
      unitId: t.unitId,
      role: t.role,
      parentId: parent?.id ?? null,
    }));
    return parent ? creates : withDerivedStatus(state, creates);
  },
  probes: (state) => [{ targets: [] }, ...state.assignments.map((a) => ({ parentAssignmentId: a.id, targets: [] }))],
});

// --- the rule table ----------------------------------------------------------------------------------

const RULES: { [A in ActionName]: Runner<A> } = {
  close_on_call: define('close_on_call', {
    statuses: ['received'],
    find: noRef,
    mayAct: (actor) => hasRole(actor, CENTRE_ROLES),
    blocked: (_, state) =>
      state.assignments.some(isActive)
        ? 'Units are still working on the ticket; it cannot be closed on the call'
        : null,
    validate: (input) => requireText(input.resolution, 'resolution'),
    effects: (_, __, state) => [...closeOpenSupervisions(state), ticketStatus('closed')],
    probes: () => [{ resolution: '' }],
  }),

  dispatch,

  sign: define('sign', {
    statuses: HANDLING,
    find: findAssignment,
    mayAct: handlesAssignment,
    blocked: (a) => notIn(a, ['pending_sign']),
    effects: (a) => [assignmentStatus(a, 'signed')],
    probes: assignmentProbes,
  }),

  send_back: define('send_back', {
    statuses: HANDLING,
    find: findAssignment,
    mayAct: handlesAssignment,
    blocked: (a) => notIn(a, ['pending_sign', 'signed']),
    validate: (input) => requireText(input.reason, 'reason'),
    // Work the unit handed further down dies with its own assignment.
    effects: (a, _, state) =>
      withDerivedStatus(state, [
        assignmentStatus(a, 'sent_back'),
        ...descendants(state, a)
          .filter(isActive)
          .map((d) => assignmentStatus(d, 'cancelled')),
      ]),
    probes: (state) => state.assignments.map((a) => ({ assignmentId: a.id, reason: '' })),
  }),

  request_extension: define('request_extension', {
    statuses: HANDLING,
    find: findAssignment,
    mayAct: handlesAssignment,
    blocked: (a) =>
      notIn(a, ['signed']) ?? (a.extension?.status === 'pending' ? 'An extension request is already pending' : null),
    validate: (input) =>
      Number.isInteger(input.days) && input.days >= 1 && input.days <= 30
        ? requireText(input.reason, 'reason')
        : fail('VALIDATION', 'days must be a whole number from 1 to 30', 'days'),
    effects: (a, input) => [{ type: 'assignment.extension', assignmentId: a.id, status: 'pending', days: input.days }],
    probes: (state) => state.assignments.map((a) => ({ assignmentId: a.id, days: 1, reason: '' })),
  }),

  decide_extension: define('decide_extension', {
    statuses: REVIEWING,
    find: findAssignment,
    mayAct: (actor, a, state) => reviews(actor, a, state),
    blocked: (a) => (a.extension?.status === 'pending' ? null : 'No extension request is pending'),
    validate: (input) => requireBoolean(input.approve, 'approve'),
    effects: (a, input) => [
      {
        type: 'assignment.extension',
        assignmentId: a.id,
        status: input.approve ? 'approved' : 'rejected',
        days: a.extension?.days ?? 0,
      },
    ],
    probes: (state) => state.assignments.map((a) => ({ assignmentId: a.id, approve: false })),
  }),

  feedback: define('feedback', {
    statuses: HANDLING,
    find: findAssignment,
    mayAct: handlesAssignment,
    // A unit answers for the work it handed down, so that work must be reviewed and accepted first.
    blocked: (a, state) =>
      notIn(a, ['signed']) ??
      (activeChildren(state, a).every((c) => c.status === 'accepted')
        ? null
        : 'Every sub-assignment must be accepted before feeding back'),
    validate: (input) =>
      requireText(input.content, 'content') ?? requireOneOf(input.result, FEEDBACK_RESULTS, 'result'),
    effects: (a, _, state) => withDerivedStatus(state, [assignmentStatus(a, 'feedback_submitted')]),
    probes: (state) =>
      state.assignments.map((a) => ({
        assignmentId: a.id,
        content: '',
        result: 'resolved' as FeedbackResult,
      })),
  }),

  review: define('review', {
    statuses: REVIEWING,
    find: findAssignment,
    mayAct: (actor, a, state) => reviews(actor, a, state),
    blocked: (a) => notIn(a, ['feedback_submitted']),
    validate: (input) => requireBoolean(input.accept, 'accept'),
    effects: (a, input, state) =>
      withDerivedStatus(state, [
        input.accept ? assignmentStatus(a, 'accepted') : { type: 'assignment.reject', assignmentId: a.id },
      ]),
    probes: (state) => state.assignments.map((a) => ({ assignmentId: a.id, accept: false })),
  }),

  revisit: define('revisit', {
    statuses: ['pending_revisit'],
    find: noRef,
    mayAct: (actor) => hasRole(actor, ['revisit_agent', 'supervisor', 'admin']),
    validate: (input) =>
      requireBoolean(input.reached, 'reached') ??
      (input.reached
        ? (requireBoolean(input.resolved, 'resolved') ??
          requireOneOf(input.satisfaction, SATISFACTIONS, 'satisfaction'))
        : null),
    effects: (_, input, state) => {
      // Answers given without reaching the caller are meaningless for the three rates; store none.
      const record: Effect = {
        type: 'revisit.record',
        reached: input.reached,
        resolved: input.reached ? (input.resolved ?? null) : null,
        satisfaction: input.reached ? (input.satisfaction ?? null) : null,
      };
      // Not reached: the revisit agent calls again later, the ticket waits.
      if (!input.reached) return [record];
      if (input.resolved && input.satisfaction !== 'unsatisfied') {
        return [record, ...closeOpenSupervisions(state), ticketStatus('closed')];
      }
      return [record, ticketStatus('revisit_failed')];
    },
    probes: () => [{ reached: false }],
  }),

  redo: define('redo', {
    statuses: ['revisit_failed'],
    find: noRef,
    mayAct: (actor) => hasRole(actor, ['revisit_agent', 'supervisor', 'shift_leader', 'admin']),
    blocked: (_, state) =>
      state.assignments.some((a) => a.parentId === null && a.role === 'primary' && a.status === 'accepted')
        ? null
        : 'There is no accepted primary assignment to send back for redo',
    validate: (input) => requireText(input.reason, 'reason'),
    // A redo is an escalation by rule: it always comes with a supervision unless one is already running.
    effects: (_, input, state) => [
      ...state.assignments
        .filter((a) => a.parentId === null && a.status === 'accepted')
        .map((a): Effect => ({ type: 'assignment.redo', assignmentId: a.id })),
      ...(hasOpenSupervision(state)
        ? []
        : [{ type: 'supervision.open', reason: input.reason, automatic: true } as const]),
      ticketStatus('processing'),
    ],
    probes: () => [{ reason: '' }],
  }),

  supervise_open: define('supervise_open', {
    statuses: OPEN_STATUSES,
    find: noRef,
    allowSystem: true,
    mayAct: (actor) => hasRole(actor, ['supervisor', 'admin', 'system']),
    blocked: (_, state) => (hasOpenSupervision(state) ? 'A supervision is already open on this ticket' : null),
    validate: (input) => requireText(input.reason, 'reason'),
    effects: (_, input, __, actor) => [
      { type: 'supervision.open', reason: input.reason, automatic: actor.roles.includes('system') },
    ],
    probes: () => [{ reason: '' }],
  }),

  supervise_respond: define('supervise_respond', {
    statuses: OPEN_STATUSES,
    find: findSupervision,
    // Any unit still working on the ticket may answer the supervision, as may the centre's leads.
    mayAct: (actor, _, state) =>
      hasRole(actor, ['shift_leader', 'supervisor', 'admin']) ||
      (hasRole(actor, ['department_handler']) &&
        state.assignments.some((a) => isActive(a) && inScope(actor, a.unitPath))),
    blocked: (s) => (s.status === 'open' ? null : `The supervision is ${s.status}, expected open`),
    validate: (input) => requireText(input.response, 'response'),
    effects: (s) => [supervisionStatus(s, 'responded')],
    probes: (state) => state.supervisions.map((s) => ({ supervisionId: s.id, response: '' })),
  }),

  supervise_close: define('supervise_close', {
    statuses: OPEN_STATUSES,
    find: findSupervision,
    mayAct: (actor) => hasRole(actor, ['supervisor', 'admin']),
    blocked: (s) => (s.status === 'closed' ? 'The supervision is already closed' : null),
    effects: (s) => [supervisionStatus(s, 'closed')],
    probes: (state) => state.supervisions.map((s) => ({ supervisionId: s.id })),
  }),

  merge: define('merge', {
    statuses: OPEN_STATUSES,
    find: noRef,
    mayAct: (actor) => hasRole(actor, CENTRE_ROLES),
    validate: (input, _, state) => {
      const bad = (message: string) => fail('VALIDATION', message, 'masterTicketId');
      if (!Number.isInteger(input.masterTicketId) || input.masterTicketId <= 0)
        return bad('A master ticket is required');
      if (input.masterTicketId === state.id) return bad('A ticket cannot be merged into itself');
      // Merging into a finished ticket would silently drop the caller's matter.
      if (input.masterStatus === 'closed' || input.masterStatus === 'merged') {
        return bad(`The master ticket is ${input.masterStatus}`);
      }
      return null;
    },
    effects: (_, input, state) => [
      ...cancelActiveAssignments(state),
      ...closeOpenSupervisions(state),
      { type: 'ticket.merge', masterTicketId: input.masterTicketId },
      ticketStatus('merged'),
    ],
    probes: () => [{ masterTicketId: 0, masterStatus: 'received' as TicketStatus }],
  }),

  close: define('close', {
    statuses: ['pending_revisit', 'revisit_failed'],
    find: noRef,
    mayAct: (actor) => hasRole(actor, ['revisit_agent', 'supervisor', 'admin']),
    validate: (input) => requireText(input.reason, 'reason'),
    effects: (_, __, state) => [...closeOpenSupervisions(state), ticketStatus('closed')],
    probes: () => [{ reason: '' }],
  }),

  reopen: define('reopen', {
    statuses: ['closed'],
    find: noRef,
    mayAct: (actor) => hasRole(actor, ['supervisor', 'admin']),
    validate: (input) => requireText(input.reason, 'reason'),
    // The old assignments keep their history but stop counting; the centre dispatches afresh.
    effects: (_, __, state) => [...cancelActiveAssignments(state), { type: 'ticket.reopen' }, ticketStatus('received')],
    probes: () => [{ reason: '' }],
  }),
};

// ---------------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------------

/** What `action` by `actor` does to the ticket: an error, or the effects to write and the resulting status. */
export function decide<A extends ActionName>(
  state: TicketState,
  actor: Actor,
  action: A,
  input: ActionInputs[A],
): Decision {
  // Routes validate the shape, but a bad action name must not crash the service with a TypeError.
  if (!Object.prototype.hasOwnProperty.call(RULES, action)) return fail('VALIDATION', 'Unknown action', 'action');
  if (typeof input !== 'object' || input === null) return fail('VALIDATION', 'Input is required', 'input');
  const runner: Runner<A> = RULES[action];
  return runner.run(state, actor, input, false);
}

/** Actions that could succeed for this actor with suitable input, in ACTION_NAMES order (for the UI's
 *  buttons). Actions on an assignment or supervision count when any one of them qualifies. */
export function allowedActions(state: TicketState, actor: Actor): ActionName[] {
  return ACTION_NAMES.filter((action) => couldRun(state, actor, action));
}

function couldRun<A extends ActionName>(state: TicketState, actor: Actor, action: A): boolean {
  const runner: Runner<A> = RULES[action];
  return runner.probes(state).some((input) => runner.run(state, actor, input, true).ok);
}
