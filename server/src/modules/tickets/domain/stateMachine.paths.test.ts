// Whole ticket lifecycles: each step asks decide() and applies the effects the way the service would, so the
// effects must be complete and in an order that can be applied one by one.
import { allowedActions, decide, deriveStatus } from './stateMachine';
import type {
  ActionInputs,
  ActionName,
  Actor,
  ActorRole,
  AssignmentState,
  DispatchTarget,
  Effect,
  TicketState,
} from './types';

const UNITS = {
  water: { id: 10, path: '/1/10/' },
  waterPlant: { id: 11, path: '/1/10/11/' },
  plantTeam: { id: 12, path: '/1/10/11/12/' },
  street: { id: 20, path: '/1/20/' },
  community: { id: 21, path: '/1/20/21/' },
  housing: { id: 30, path: '/1/30/' },
} as const;
type Unit = keyof typeof UNITS;

const user = (role: ActorRole): Actor => ({ userId: 1, roles: [role], unitId: null, unitPath: null });
const handler = (unit: Unit): Actor => ({
  userId: 2,
  roles: ['department_handler'],
  unitId: UNITS[unit].id,
  unitPath: UNITS[unit].path,
});
const agent = user('agent');
const supervisor = user('supervisor');
const revisitAgent = user('revisit_agent');
const target = (unit: Unit, role: DispatchTarget['role'] = 'assisting'): DispatchTarget => ({
  unitId: UNITS[unit].id,
  unitPath: UNITS[unit].path,
  role,
});
const fresh = (): TicketState => ({
  id: 100,
  status: 'received',
  version: 1,
  assignments: [],
  supervisions: [],
  mergedIntoId: null,
});
const FEEDBACK = { content: '已现场处理', result: 'resolved' } as const;

// ---------------------------------------------------------------------------------------------------
// Test-only effect application, strict like the service's: an effect on a row in an unexpected state fails.
// ---------------------------------------------------------------------------------------------------

function apply(state: TicketState, effects: Effect[]): TicketState {
  const s: TicketState = structuredClone(state);
  s.version += 1;
  const assignment = (id: number): AssignmentState => {
    const a = s.assignments.find((x) => x.id === id);
    if (!a) throw new Error(`effect on unknown assignment ${id}`);
    return a;
  };
  const nextId = (rows: { id: number }[]) => Math.max(0, ...rows.map((r) => r.id)) + 1;
  for (const e of effects) {
    switch (e.type) {
      case 'ticket.status':
        s.status = e.to;
        break;
      case 'ticket.merge':
        s.mergedIntoId = e.masterTicketId;
        break;
      case 'ticket.reopen': // reopenCount lives outside TicketState
      case 'revisit.record': // a row of its own, asserted on the effects
        break;
      case 'assignment.create': {
        const unit = Object.values(UNITS).find((u) => u.id === e.unitId);
        if (!unit) throw new Error(`unknown unit ${e.unitId}`);
        s.assignments.push({
          id: nextId(s.assignments),
          unitId: e.unitId,
          unitPath: unit.path,
          parentId: e.parentId,
          role: e.role,
          status: 'pending_sign',
          extension: null,
          redoCount: 0,
          rejectCount: 0,
        });
        break;
      }
      case 'assignment.status': {
        const a = assignment(e.assignmentId);
        expect(a.status).toBe(e.from);
        a.status = e.to;
        break;
      }
      case 'assignment.reject': {
        const a = assignment(e.assignmentId);
        expect(a.status).toBe('feedback_submitted');
        Object.assign(a, { status: 'signed', rejectCount: a.rejectCount + 1 });
        break;
      }
      case 'assignment.redo': {
        const a = assignment(e.assignmentId);
        expect(a.status).toBe('accepted');
        Object.assign(a, { status: 'signed', redoCount: a.redoCount + 1 });
        break;
      }
      case 'assignment.extension':
        assignment(e.assignmentId).extension = { status: e.status, days: e.days };
        break;
      case 'supervision.open':
        s.supervisions.push({ id: nextId(s.supervisions), status: 'open' });
        break;
      case 'supervision.status': {
        const sup = s.supervisions.find((x) => x.id === e.supervisionId);
        if (!sup) throw new Error(`unknown supervision ${e.supervisionId}`);
        sup.status = e.to;
        break;
      }
    }
  }
  return s;
}

/** decide + apply; checks the returned status and that open tickets stay consistent with their assignments. */
function step<A extends ActionName>(s: TicketState, actor: Actor, action: A, input: ActionInputs[A]): TicketState {
  const d = decide(s, actor, action, input);
  if (!d.ok) throw new Error(`${action} refused: ${d.code} ${d.message}`);
  const next = apply(s, d.effects);
  expect(next.status).toBe(d.status);
  if (['received', 'processing', 'pending_review', 'pending_revisit'].includes(next.status)) {
    expect(deriveStatus(next.assignments)).toBe(next.status);
  }
  return next;
}

const effectsOf = <A extends ActionName>(s: TicketState, actor: Actor, action: A, input: ActionInputs[A]) => {
  const d = decide(s, actor, action, input);
  if (!d.ok) throw new Error(`${action} refused: ${d.code} ${d.message}`);
  return d.effects;
};
const statusOf = (s: TicketState, id: number) => s.assignments.find((a) => a.id === id)?.status;

/** Water (primary) and street (assisting) dispatched and signed. */
function signedTicket(): TicketState {
  let t = step(fresh(), agent, 'dispatch', { targets: [target('water', 'primary'), target('street')] });
  t = step(t, handler('water'), 'sign', { assignmentId: 1 });
  return step(t, handler('street'), 'sign', { assignmentId: 2 });
}

/** Both units fed back and accepted, the plant (3) below water included. */
function acceptedTicket(): TicketState {
  let t = signedTicket();
  t = step(t, handler('water'), 'dispatch', {
    parentAssignmentId: 1,
    targets: [target('waterPlant', 'primary')],
  });
  t = step(t, handler('waterPlant'), 'sign', { assignmentId: 3 });
  t = step(t, handler('waterPlant'), 'feedback', { assignmentId: 3, ...FEEDBACK });
  t = step(t, handler('water'), 'review', { assignmentId: 3, accept: true });
  t = step(t, handler('water'), 'feedback', { assignmentId: 1, ...FEEDBACK });
  t = step(t, handler('street'), 'feedback', { assignmentId: 2, ...FEEDBACK });
  t = step(t, supervisor, 'review', { assignmentId: 1, accept: true });
  return step(t, supervisor, 'review', { assignmentId: 2, accept: true });
}

describe('lifecycle paths', () => {
  it('happy path: dispatch, sub-dispatch, feedback, review, revisit, closed', () => {
    let t = fresh();
    expect(effectsOf(t, agent, 'dispatch', { targets: [target('water', 'primary'), target('street')] })).toEqual([
      { type: 'assignment.create', unitId: 10, role: 'primary', parentId: null },
      { type: 'assignment.create', unitId: 20, role: 'assisting', parentId: null },
      { type: 'ticket.status', to: 'processing' },
    ]);
    t = signedTicket();
    expect(t.status).toBe('processing');

    t = step(t, handler('water'), 'dispatch', {
      parentAssignmentId: 1,
      targets: [target('waterPlant', 'primary')],
    });
    expect(t.assignments[2]).toMatchObject({ id: 3, parentId: 1, unitId: 11, status: 'pending_sign' });
    expect(allowedActions(t, handler('water'))).not.toContain('feedback'); // the plant has not finished
    t = step(t, handler('waterPlant'), 'sign', { assignmentId: 3 });
    t = step(t, handler('waterPlant'), 'feedback', { assignmentId: 3, ...FEEDBACK });
    expect(allowedActions(t, handler('water'))).toContain('review');
    t = step(t, handler('water'), 'review', { assignmentId: 3, accept: true });
    t = step(t, handler('water'), 'feedback', { assignmentId: 1, ...FEEDBACK });
    expect(t.status).toBe('processing'); // street is still working
    t = step(t, handler('street'), 'feedback', { assignmentId: 2, ...FEEDBACK });
    expect(t.status).toBe('pending_review');
    t = step(t, supervisor, 'review', { assignmentId: 1, accept: true });
    expect(t.status).toBe('pending_review');
    t = step(t, supervisor, 'review', { assignmentId: 2, accept: true });
    expect(t.status).toBe('pending_revisit');

    expect(effectsOf(t, revisitAgent, 'revisit', { reached: false, resolved: true })).toEqual([
      { type: 'revisit.record', reached: false, resolved: null, satisfaction: null },
    ]);
    t = step(t, revisitAgent, 'revisit', { reached: false });
    expect(t.status).toBe('pending_revisit');
    const answer = { reached: true, resolved: true, satisfaction: 'basically_satisfied' } as const;
    expect(effectsOf(t, revisitAgent, 'revisit', answer)).toEqual([
      { type: 'revisit.record', reached: true, resolved: true, satisfaction: 'basically_satisfied' },
      { type: 'ticket.status', to: 'closed' },
    ]);
    t = step(t, revisitAgent, 'revisit', answer);
    expect(t.status).toBe('closed');
    expect(allowedActions(t, supervisor)).toEqual(['reopen']);
  });

  it('close on the call', () => {
    const t = step(fresh(), agent, 'close_on_call', { resolution: '已电话解答政策' });
    expect(t.status).toBe('closed');
  });

  it('send-back: the unit work below is cancelled and the centre dispatches again', () => {
    let t = signedTicket();
    t = step(t, handler('water'), 'dispatch', { parentAssignmentId: 1, targets: [target('waterPlant')] });
    t = step(t, handler('waterPlant'), 'sign', { assignmentId: 3 });
    t = step(t, handler('waterPlant'), 'dispatch', { parentAssignmentId: 3, targets: [target('plantTeam')] });
    expect(effectsOf(t, handler('water'), 'send_back', { assignmentId: 1, reason: '不属于水务职责' })).toEqual([
      { type: 'assignment.status', assignmentId: 1, from: 'signed', to: 'sent_back' },
      { type: 'assignment.status', assignmentId: 3, from: 'signed', to: 'cancelled' },
      { type: 'assignment.status', assignmentId: 4, from: 'pending_sign', to: 'cancelled' },
      { type: 'ticket.status', to: 'received' },
    ]);
    t = step(t, handler('water'), 'send_back', { assignmentId: 1, reason: '不属于水务职责' });
    expect(t.status).toBe('received');
    // the assisting street unit keeps working meanwhile
    expect(allowedActions(t, handler('street'))).toEqual(['send_back', 'request_extension', 'feedback']);
    t = step(t, agent, 'dispatch', { targets: [target('housing', 'primary')] });
    expect(t.status).toBe('processing');

    // a sub-level send-back leaves the ticket alone and lets the parent unit dispatch again
    t = step(t, handler('street'), 'dispatch', { parentAssignmentId: 2, targets: [target('community')] });
    const id = t.assignments.length;
    expect(effectsOf(t, handler('community'), 'send_back', { assignmentId: id, reason: '非本社区' })).toEqual([
      { type: 'assignment.status', assignmentId: id, from: 'pending_sign', to: 'sent_back' },
    ]);
    t = step(t, handler('community'), 'send_back', { assignmentId: id, reason: '非本社区' });
    t = step(t, handler('street'), 'dispatch', { parentAssignmentId: 2, targets: [target('community')] });
    expect(t.status).toBe('processing');
  });

  it('extension: one request at a time, decided by the centre or by the parent unit', () => {
    let t = signedTicket();
    t = step(t, handler('water'), 'request_extension', { assignmentId: 1, days: 3, reason: '需现场勘查' });
    expect(t.assignments[0].extension).toEqual({ status: 'pending', days: 3 });
    const again = decide(t, handler('water'), 'request_extension', { assignmentId: 1, days: 2, reason: 'x' });
    expect(again).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    t = step(t, supervisor, 'decide_extension', { assignmentId: 1, approve: false, comment: '时限充足' });
    expect(t.assignments[0].extension).toEqual({ status: 'rejected', days: 3 });
    t = step(t, handler('water'), 'request_extension', { assignmentId: 1, days: 5, reason: '需协调供水所' });
    t = step(t, user('shift_leader'), 'decide_extension', { assignmentId: 1, approve: true });
    expect(t.assignments[0].extension).toEqual({ status: 'approved', days: 5 });
    expect(t.status).toBe('processing');

    t = step(t, handler('water'), 'dispatch', { parentAssignmentId: 1, targets: [target('waterPlant')] });
    t = step(t, handler('waterPlant'), 'sign', { assignmentId: 3 });
    t = step(t, handler('waterPlant'), 'request_extension', { assignmentId: 3, days: 2, reason: '等待配件' });
    t = step(t, handler('water'), 'decide_extension', { assignmentId: 3, approve: true });
    expect(t.assignments[2].extension).toEqual({ status: 'approved', days: 2 });
  });

  it('reject: feedback goes back to the unit until it is good enough', () => {
    let t = step(fresh(), agent, 'dispatch', { targets: [target('water', 'primary')] });
    t = step(t, handler('water'), 'sign', { assignmentId: 1 });
    t = step(t, handler('water'), 'feedback', {
      assignmentId: 1,
      content: '已处理',
      result: 'partly_resolved',
    });
    expect(t.status).toBe('pending_review');
    expect(effectsOf(t, supervisor, 'review', { assignmentId: 1, accept: false, comment: '未说明处理结果' })).toEqual([
      { type: 'assignment.reject', assignmentId: 1 },
      { type: 'ticket.status', to: 'processing' },
    ]);
    t = step(t, supervisor, 'review', { assignmentId: 1, accept: false });
    expect(t.assignments[0]).toMatchObject({ status: 'signed', rejectCount: 1 });
    t = step(t, handler('water'), 'feedback', { assignmentId: 1, ...FEEDBACK });
    t = step(t, supervisor, 'review', { assignmentId: 1, accept: true });
    expect(t.status).toBe('pending_revisit');
  });

  it('unsatisfied revisit → redo with an automatic supervision → closed', () => {
    let t = acceptedTicket();
    const unhappy = { reached: true, resolved: true, satisfaction: 'unsatisfied' } as const;
    expect(effectsOf(t, revisitAgent, 'revisit', unhappy)).toEqual([
      { type: 'revisit.record', reached: true, resolved: true, satisfaction: 'unsatisfied' },
      { type: 'ticket.status', to: 'revisit_failed' },
    ]);
    t = step(t, revisitAgent, 'revisit', unhappy);
    expect(effectsOf(t, supervisor, 'redo', { reason: '来电人不满意' })).toEqual([
      { type: 'assignment.redo', assignmentId: 1 },
      { type: 'assignment.redo', assignmentId: 2 },
      { type: 'supervision.open', reason: '来电人不满意', automatic: true },
      { type: 'ticket.status', to: 'processing' },
    ]);
    t = step(t, supervisor, 'redo', { reason: '来电人不满意' });
    expect(t.assignments.map((a) => [a.id, a.status, a.redoCount])).toEqual([
      [1, 'signed', 1],
      [2, 'signed', 1],
      [3, 'accepted', 0], // the plant's part was fine; water decides whether to send it more work
    ]);
    t = step(t, handler('water'), 'supervise_respond', { supervisionId: 1, response: '已安排复查' });
    expect(t.supervisions).toEqual([{ id: 1, status: 'responded' }]);
    t = step(t, handler('water'), 'feedback', { assignmentId: 1, ...FEEDBACK });
    t = step(t, handler('street'), 'feedback', { assignmentId: 2, ...FEEDBACK });
    t = step(t, supervisor, 'review', { assignmentId: 1, accept: true });
    t = step(t, supervisor, 'review', { assignmentId: 2, accept: true });
    // the supervision ends with the ticket, since a closed ticket accepts no supervise_close
    t = step(t, revisitAgent, 'revisit', { reached: true, resolved: true, satisfaction: 'satisfied' });
    expect(t.status).toBe('closed');
    expect(t.supervisions).toEqual([{ id: 1, status: 'closed' }]);
  });

  it('unresolved revisit fails too; a running supervision is not doubled; the centre may close instead', () => {
    let t = acceptedTicket();
    t = step(t, supervisor, 'supervise_open', { reason: '重点关注' });
    t = step(t, revisitAgent, 'revisit', { reached: true, resolved: false, satisfaction: 'satisfied' });
    expect(t.status).toBe('revisit_failed');
    expect(effectsOf(t, supervisor, 'redo', { reason: '未解决' }).map((e) => e.type)).toEqual([
      'assignment.redo',
      'assignment.redo',
      'ticket.status',
    ]);
    t = step(t, revisitAgent, 'close', { reason: '来电人诉求不合理' });
    expect(t.status).toBe('closed');
    expect(t.supervisions).toEqual([{ id: 1, status: 'closed' }]);
  });

  it('merge: a repeat ticket hands over to its master and then accepts nothing', () => {
    let t = signedTicket();
    t = step(t, handler('water'), 'dispatch', { parentAssignmentId: 1, targets: [target('waterPlant')] });
    t = step(t, user('system'), 'supervise_open', { reason: '签收超时' });
    t = step(t, handler('street'), 'send_back', { assignmentId: 2, reason: 'x' });
    expect(effectsOf(t, agent, 'merge', { masterTicketId: 200, masterStatus: 'processing' })).toEqual([
      { type: 'assignment.status', assignmentId: 1, from: 'signed', to: 'cancelled' },
      { type: 'assignment.status', assignmentId: 3, from: 'pending_sign', to: 'cancelled' },
      { type: 'supervision.status', supervisionId: 1, to: 'closed' },
      { type: 'ticket.merge', masterTicketId: 200 },
      { type: 'ticket.status', to: 'merged' },
    ]);
    t = step(t, agent, 'merge', { masterTicketId: 200, masterStatus: 'processing' });
    expect(t).toMatchObject({ status: 'merged', mergedIntoId: 200 });
    expect(allowedActions(t, user('admin'))).toEqual([]);
  });

  it('reopen: old assignments stop counting and the centre dispatches afresh', () => {
    let t = acceptedTicket();
    t = step(t, revisitAgent, 'revisit', { reached: true, resolved: true, satisfaction: 'satisfied' });
    expect(effectsOf(t, supervisor, 'reopen', { reason: '市民再次来电' })).toEqual([
      { type: 'assignment.status', assignmentId: 1, from: 'accepted', to: 'cancelled' },
      { type: 'assignment.status', assignmentId: 2, from: 'accepted', to: 'cancelled' },
      { type: 'assignment.status', assignmentId: 3, from: 'accepted', to: 'cancelled' },
      { type: 'ticket.reopen' },
      { type: 'ticket.status', to: 'received' },
    ]);
    t = step(t, supervisor, 'reopen', { reason: '市民再次来电' });
    expect(t.status).toBe('received');
    // the water unit may be sent the ticket again: its old assignment no longer counts
    t = step(t, agent, 'dispatch', { targets: [target('water', 'primary')] });
    expect(t.status).toBe('processing');
    expect(statusOf(t, 4)).toBe('pending_sign');
  });
});

// ---------------------------------------------------------------------------------------------------
// Check order and input validation, on tickets built by the flows above
// ---------------------------------------------------------------------------------------------------

type Outcome = { code: string; field?: string };
function outcome<A extends ActionName>(s: TicketState, actor: Actor, action: A, input: ActionInputs[A]): Outcome {
  const d = decide(s, actor, action, input);
  return d.ok ? { code: 'ok' } : { code: d.code, field: d.field };
}
const dispatched = () => step(fresh(), agent, 'dispatch', { targets: [target('water', 'primary'), target('street')] });
const fedBack = () => step(signedTicket(), handler('water'), 'feedback', { assignmentId: 1, ...FEEDBACK });
const revisitFailed = () =>
  step(acceptedTicket(), revisitAgent, 'revisit', {
    reached: true,
    resolved: false,
    satisfaction: 'satisfied',
  });
const closed = () => step(fresh(), agent, 'close_on_call', { resolution: '已解答' });

describe('check order', () => {
  it('status before anything: a closed ticket refuses even a missing assignment', () => {
    expect(outcome(closed(), agent, 'sign', { assignmentId: 999 })).toMatchObject({
      code: 'INVALID_TRANSITION',
    });
  });
  it('NOT_FOUND before FORBIDDEN', () => {
    const t = step(signedTicket(), supervisor, 'supervise_open', { reason: 'x' });
    expect(outcome(t, agent, 'sign', { assignmentId: 999 })).toEqual({
      code: 'NOT_FOUND',
      field: 'assignmentId',
    });
    expect(outcome(t, agent, 'supervise_close', { supervisionId: 999 })).toEqual({
      code: 'NOT_FOUND',
      field: 'supervisionId',
    });
    expect(outcome(t, agent, 'dispatch', { parentAssignmentId: 999, targets: [] })).toEqual({
      code: 'NOT_FOUND',
      field: 'parentAssignmentId',
    });
  });
  it('FORBIDDEN before the sub-state', () => {
    // 1 is already signed, but the housing unit has no business with it in the first place
    expect(outcome(signedTicket(), handler('housing'), 'sign', { assignmentId: 1 })).toMatchObject({
      code: 'FORBIDDEN',
    });
  });
  it('sub-state before input: a bad input on the wrong assignment is still a wrong transition', () => {
    const input = { assignmentId: 1, days: 99, reason: '' }; // 1 is still pending_sign
    expect(outcome(dispatched(), handler('water'), 'request_extension', input)).toMatchObject({
      code: 'INVALID_TRANSITION',
    });
  });
  it('an unknown action or a missing input is a validation error, not a crash', () => {
    expect(outcome(fresh(), user('admin'), 'teleport' as ActionName, { reason: 'x' })).toEqual({
      code: 'VALIDATION',
      field: 'action',
    });
    expect(outcome(fresh(), user('admin'), 'close', null as never)).toMatchObject({ code: 'VALIDATION' });
  });
});

describe('input validation', () => {
  const withExtension = () =>
    step(signedTicket(), handler('water'), 'request_extension', { assignmentId: 1, days: 2, reason: 'x' });
  const supervised = () => step(signedTicket(), supervisor, 'supervise_open', { reason: 'x' });
  const water = handler('water');
  it.each<[ActionName, () => TicketState, Actor, object, string]>([
    ['close_on_call', fresh, agent, { resolution: ' ' }, 'resolution'],
    ['send_back', signedTicket, water, { assignmentId: 1, reason: '' }, 'reason'],
    ['request_extension', signedTicket, water, { assignmentId: 1, days: 2, reason: '\n' }, 'reason'],
    ['feedback', signedTicket, water, { assignmentId: 1, content: '', result: 'resolved' }, 'content'],
    ['feedback', signedTicket, water, { assignmentId: 1, content: 'x', result: 'fixed' }, 'result'],
    ['review', fedBack, supervisor, { assignmentId: 1 }, 'accept'],
    ['decide_extension', withExtension, supervisor, { assignmentId: 1 }, 'approve'],
    ['redo', revisitFailed, supervisor, { reason: '' }, 'reason'],
    ['supervise_open', signedTicket, supervisor, { reason: '  ' }, 'reason'],
    ['supervise_respond', supervised, water, { supervisionId: 1, response: '' }, 'response'],
    ['close', acceptedTicket, supervisor, { reason: '' }, 'reason'],
    ['reopen', closed, supervisor, { reason: '' }, 'reason'],
  ])('%s: field %#', (action, state, actor, input, field) => {
    expect(outcome(state(), actor, action, input as never)).toEqual({ code: 'VALIDATION', field });
  });

  it.each([0, 31, -1, 1.5, NaN])('an extension of %p days is refused', (days) => {
    const input = { assignmentId: 1, days, reason: '需协调' };
    expect(outcome(signedTicket(), water, 'request_extension', input)).toEqual({
      code: 'VALIDATION',
      field: 'days',
    });
  });
  it.each([1, 30])('an extension of %p days is accepted', (days) => {
    expect(outcome(signedTicket(), water, 'request_extension', { assignmentId: 1, days, reason: 'x' })).toEqual({
      code: 'ok',
    });
  });

  it('a reached revisit needs resolved and satisfaction', () => {
    const t = acceptedTicket();
    expect(outcome(t, revisitAgent, 'revisit', { reached: true, satisfaction: 'satisfied' })).toEqual({
      code: 'VALIDATION',
      field: 'resolved',
    });
    expect(outcome(t, revisitAgent, 'revisit', { reached: true, resolved: true })).toEqual({
      code: 'VALIDATION',
      field: 'satisfaction',
    });
  });

  describe('dispatch targets', () => {
    const TARGETS = { code: 'VALIDATION', field: 'targets' };
    const top = (t: TicketState, targets: DispatchTarget[]) => outcome(t, agent, 'dispatch', { targets });
    it('must be non-empty and name each unit once', () => {
      expect(top(fresh(), [])).toEqual(TARGETS);
      expect(top(fresh(), [target('water', 'primary'), target('water')])).toEqual(TARGETS);
    });
    it('must leave exactly one active top-level primary', () => {
      expect(top(fresh(), [target('water'), target('street')])).toEqual(TARGETS);
      expect(top(fresh(), [target('water', 'primary'), target('street', 'primary')])).toEqual(TARGETS);
      expect(top(signedTicket(), [target('housing', 'primary')])).toEqual(TARGETS);
      expect(top(signedTicket(), [target('housing')])).toEqual({ code: 'ok' });
    });
    it('must skip units with an active assignment, but not one that sent its assignment back', () => {
      expect(top(signedTicket(), [target('street')])).toEqual(TARGETS);
      const sentBack = step(signedTicket(), water, 'send_back', { assignmentId: 1, reason: 'x' });
      expect(top(sentBack, [target('water', 'primary')])).toEqual({ code: 'ok' });
      expect(top(sentBack, [target('street', 'primary')])).toEqual(TARGETS);
    });
    it('below a parent must stay strictly inside its subtree, with free roles', () => {
      const t = signedTicket();
      const sub = (s: TicketState, targets: DispatchTarget[]) =>
        outcome(s, water, 'dispatch', { parentAssignmentId: 1, targets });
      expect(sub(t, [target('water')])).toEqual(TARGETS);
      expect(sub(t, [target('street')])).toEqual(TARGETS);
      expect(sub(t, [target('waterPlant', 'primary'), target('plantTeam', 'primary')])).toEqual({
        code: 'ok',
      });
      const busy = step(t, water, 'dispatch', { parentAssignmentId: 1, targets: [target('waterPlant')] });
      expect(sub(busy, [target('waterPlant')])).toEqual(TARGETS);
    });
  });

  it('merge needs another master ticket that is still open', () => {
    const merge = (masterTicketId: number, masterStatus: TicketState['status']) =>
      outcome(signedTicket(), agent, 'merge', { masterTicketId, masterStatus });
    const BAD = { code: 'VALIDATION', field: 'masterTicketId' };
    expect(merge(100, 'processing')).toEqual(BAD);
    expect(merge(200, 'closed')).toEqual(BAD);
    expect(merge(200, 'merged')).toEqual(BAD);
    expect(merge(200, 'pending_revisit')).toEqual({ code: 'ok' });
  });
});
