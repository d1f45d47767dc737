// Rule tables of the ticket state machine: which status, role, scope, sub-state and input each action needs.
// Whole lifecycles (applying effects step by step) are in stateMachine.paths.test.ts.
import { allowedActions, decide, deriveStatus, inScope } from './stateMachine';
import {
  ACTION_NAMES,
  ROLES,
  TICKET_STATUSES,
  type ActionInputs,
  type ActionName,
  type Actor,
  type ActorRole,
  type AssignmentState,
  type Decision,
  type DispatchTarget,
  type SupervisionState,
  type TicketState,
  type TicketStatus,
} from './types';

// ---------------------------------------------------------------------------------------------------
// Factories
// ---------------------------------------------------------------------------------------------------

const UNITS = {
  water: { id: 10, path: '/1/10/' }, // 水务局
  waterPlant: { id: 11, path: '/1/10/11/' }, // 水务局 › 供水所
  street: { id: 20, path: '/1/20/' }, // 街道办
  community: { id: 21, path: '/1/20/21/' }, // 街道办 › 社区
  housing: { id: 30, path: '/1/30/' },
  transport: { id: 40, path: '/1/40/' },
  market: { id: 50, path: '/1/50/' },
  parks: { id: 60, path: '/1/60/' },
} as const;
type Unit = keyof typeof UNITS;

function asg(id: number, unit: Unit, over: Partial<AssignmentState> = {}): AssignmentState {
  const { id: unitId, path: unitPath } = UNITS[unit];
  return {
    id,
    unitId,
    unitPath,
    parentId: null,
    role: 'assisting',
    status: 'signed',
    extension: null,
    redoCount: 0,
    rejectCount: 0,
    ...over,
  };
}

function ticket(status: TicketStatus, assignments: AssignmentState[] = [], supervisions: SupervisionState[] = []) {
  return { id: 100, status, version: 1, assignments, supervisions, mergedIntoId: null } as TicketState;
}

const user = (role: ActorRole): Actor => ({
  userId: role === 'system' ? null : 1,
  roles: [role],
  unitId: null,
  unitPath: null,
});
const handlerAt = (unitPath: string | null): Actor => ({
  userId: 2,
  roles: ['department_handler'],
  unitId: 1,
  unitPath,
});
const handler = (unit: Unit) => handlerAt(UNITS[unit].path);
const ADMIN = user('admin');
const target = (unit: Unit, role: DispatchTarget['role'] = 'assisting'): DispatchTarget => ({
  unitId: UNITS[unit].id,
  unitPath: UNITS[unit].path,
  role,
});
const isActive = (a: AssignmentState) =>
  ['pending_sign', 'signed', 'feedback_submitted', 'accepted'].includes(a.status);
const pending = (days: number) => ({ status: 'pending' as const, days });
const allAccepted = () => [
  asg(1, 'water', { role: 'primary', status: 'accepted' }),
  asg(2, 'street', { status: 'accepted' }),
  asg(6, 'waterPlant', { parentId: 1, role: 'primary', status: 'accepted' }),
];

/** One realistic ticket per status, plus a second 'received' one: the primary sent back while assisting
 *  units keep working, which is the only way a received ticket has work in progress. */
const FIXTURES: Record<string, TicketState> = {
  received: ticket('received'),
  receivedAfterSendBack: ticket('received', [
    asg(1, 'water', { role: 'primary', status: 'sent_back' }),
    asg(2, 'street', { status: 'signed' }),
    asg(3, 'housing', { status: 'signed', extension: pending(2) }),
    asg(4, 'transport', { status: 'pending_sign' }),
    asg(5, 'market', { status: 'feedback_submitted' }),
  ]),
  processing: ticket('processing', [
    asg(1, 'water', { role: 'primary', status: 'signed' }),
    asg(2, 'street', { status: 'pending_sign' }),
    asg(3, 'housing', { status: 'signed', extension: pending(2) }),
    asg(4, 'transport', { status: 'feedback_submitted' }),
    asg(6, 'waterPlant', { parentId: 1, role: 'primary', status: 'accepted' }),
  ]),
  pendingReview: ticket('pending_review', [
    // asked for more time, then managed to feed back before the decision
    asg(1, 'water', { role: 'primary', status: 'feedback_submitted', extension: pending(3) }),
    asg(2, 'street', { status: 'accepted' }),
    asg(6, 'waterPlant', { parentId: 1, role: 'primary', status: 'accepted' }),
  ]),
  pendingRevisit: ticket('pending_revisit', allAccepted()),
  revisitFailed: ticket('revisit_failed', allAccepted()),
  closed: ticket('closed', allAccepted(), [{ id: 1, status: 'closed' }]),
  merged: {
    ...ticket(
      'merged',
      allAccepted().map((a) => ({ ...a, status: 'cancelled' as const })),
    ),
    mergedIntoId: 99,
  },
};

// ---------------------------------------------------------------------------------------------------
// A valid input and an authorized, realistic actor for each action on a given ticket (null when the
// ticket has nothing the action could work on)
// ---------------------------------------------------------------------------------------------------

type Scenario<A extends ActionName> = { state: TicketState; actor: Actor; input: ActionInputs[A] };

const handlerOf = (a: AssignmentState) => handlerAt(a.unitPath);
/** Whoever dispatched the assignment: the centre, or the parent unit. */
function reviewerOf(a: AssignmentState, s: TicketState): Actor {
  const parent = s.assignments.find((p) => p.id === a.parentId);
  return parent ? handlerOf(parent) : user('supervisor');
}

function onAssignment<A extends ActionName>(
  pick: (a: AssignmentState, s: TicketState) => boolean,
  input: (a: AssignmentState) => ActionInputs[A],
  who: (a: AssignmentState, s: TicketState) => Actor = handlerOf,
) {
  return (s: TicketState): Scenario<A> | null => {
    const a = s.assignments.find((x) => pick(x, s));
    return a ? { state: s, actor: who(a, s), input: input(a) } : null;
  };
}

const withSupervision = (s: TicketState, status: SupervisionState['status']) => ({
  ...s,
  supervisions: [...s.supervisions, { id: 9, status }],
});

const SCENARIOS: { [A in ActionName]: (s: TicketState) => Scenario<A> | null } = {
  close_on_call: (s) =>
    s.assignments.some(isActive) ? null : { state: s, actor: user('agent'), input: { resolution: '已电话解答' } },
  dispatch: (s) => {
    const hasPrimary = s.assignments.some((a) => a.parentId === null && a.role === 'primary' && isActive(a));
    const targets = [hasPrimary ? target('parks') : target('water', 'primary')];
    return { state: s, actor: user('agent'), input: { targets } };
  },
  sign: onAssignment(
    (a) => a.status === 'pending_sign',
    (a) => ({ assignmentId: a.id }),
  ),
  send_back: onAssignment(
    (a) => a.status === 'pending_sign' || a.status === 'signed',
    (a) => ({ assignmentId: a.id, reason: '不属于本单位职责' }),
  ),
  request_extension: onAssignment(
    (a) => a.status === 'signed' && a.extension?.status !== 'pending',
    (a) => ({ assignmentId: a.id, days: 3, reason: '需现场勘查' }),
  ),
  decide_extension: onAssignment(
    (a) => a.extension?.status === 'pending',
    (a) => ({ assignmentId: a.id, approve: true }),
    reviewerOf,
  ),
  feedback: onAssignment(
    (a, s) => a.status === 'signed' && s.assignments.every((c) => c.parentId !== a.id || c.status === 'accepted'),
    (a) => ({ assignmentId: a.id, content: '已现场处理', result: 'resolved' }),
  ),
  review: onAssignment(
    (a) => a.status === 'feedback_submitted',
    (a) => ({ assignmentId: a.id, accept: true }),
    reviewerOf,
  ),
  revisit: (s) => ({
    state: s,
    actor: user('revisit_agent'),
    input: { reached: true, resolved: true, satisfaction: 'satisfied' },
  }),
  redo: (s) => ({ state: s, actor: user('revisit_agent'), input: { reason: '来电人不满意' } }),
  supervise_open: (s) =>
    s.supervisions.some((x) => x.status !== 'closed')
      ? null
      : { state: s, actor: user('supervisor'), input: { reason: '超期未签收' } },
  supervise_respond: (s) => {
    const working = s.assignments.find(isActive);
    const actor = working ? handlerOf(working) : user('shift_leader');
    return { state: withSupervision(s, 'open'), actor, input: { supervisionId: 9, response: '已加派人手' } };
  },
  supervise_close: (s) => ({
    state: withSupervision(s, 'responded'),
    actor: user('supervisor'),
    input: { supervisionId: 9 },
  }),
  merge: (s) => ({
    state: s,
    actor: user('agent'),
    input: { masterTicketId: 200, masterStatus: 'processing' },
  }),
  close: (s) => ({ state: s, actor: user('revisit_agent'), input: { reason: '来电人表示无需继续处理' } }),
  reopen: (s) => ({ state: s, actor: user('supervisor'), input: { reason: '市民再次来电反映未解决' } }),
};

/** Inputs for statuses where the action must be refused whatever the input says. */
const ANY_INPUT: ActionInputs = {
  close_on_call: { resolution: 'x' },
  dispatch: { targets: [target('parks', 'primary')] },
  sign: { assignmentId: 1 },
  send_back: { assignmentId: 1, reason: 'x' },
  request_extension: { assignmentId: 1, days: 1, reason: 'x' },
  decide_extension: { assignmentId: 1, approve: true },
  feedback: { assignmentId: 1, content: 'x', result: 'resolved' },
  review: { assignmentId: 1, accept: true },
  revisit: { reached: false },
  redo: { reason: 'x' },
  supervise_open: { reason: 'x' },
  supervise_respond: { supervisionId: 1, response: 'x' },
  supervise_close: { supervisionId: 1 },
  merge: { masterTicketId: 200, masterStatus: 'processing' },
  close: { reason: 'x' },
  reopen: { reason: 'x' },
};

function scenario<A extends ActionName>(action: A, s: TicketState): Scenario<A> | null {
  const build: (s: TicketState) => Scenario<A> | null = SCENARIOS[action];
  return build(s);
}
const play = <A extends ActionName>(action: A, sc: Scenario<A>): Decision =>
  decide(sc.state, sc.actor, action, sc.input);
const codeOf = (d: Decision) => (d.ok ? 'ok' : d.code);
const errorOf = (d: Decision) => (d.ok ? { code: 'ok' } : { code: d.code, field: d.field });

// ---------------------------------------------------------------------------------------------------
// Scope and derived status
// ---------------------------------------------------------------------------------------------------

describe('inScope', () => {
  it.each([
    ['/1/10/', '/1/10/', true],
    ['/1/10/', '/1/10/11/', true],
    ['/1/10/11/', '/1/10/', false],
    ['/1/1/', '/1/10/', false],
    ['/1/20/', '/1/10/', false],
    [null, '/1/10/', false],
    ['', '/1/10/', false],
  ])('actor %p on unit %p → %p', (actorPath, unitPath, expected) => {
    expect(inScope(handlerAt(actorPath), unitPath)).toBe(expected);
  });
});

describe('deriveStatus', () => {
  const P = (status: AssignmentState['status'], over: Partial<AssignmentState> = {}) =>
    asg(1, 'water', { role: 'primary', status, ...over });
  const A = (status: AssignmentState['status'], over: Partial<AssignmentState> = {}) =>
    asg(2, 'street', { status, ...over });
  it.each<[string, AssignmentState[], TicketStatus]>([
    ['no assignments', [], 'received'],
    ['primary sent back, assisting still signed', [P('sent_back'), A('signed')], 'received'],
    ['primary cancelled', [P('cancelled')], 'received'],
    ['only a sub-level primary', [A('signed'), P('signed', { id: 7, parentId: 2 })], 'received'],
    ['primary pending_sign', [P('pending_sign')], 'processing'],
    ['primary signed', [P('signed')], 'processing'],
    ['primary fed back, assisting pending_sign', [P('feedback_submitted'), A('pending_sign')], 'processing'],
    ['primary accepted, assisting signed', [P('accepted'), A('signed')], 'processing'],
    ['primary fed back', [P('feedback_submitted')], 'pending_review'],
    ['primary accepted, assisting fed back', [P('accepted'), A('feedback_submitted')], 'pending_review'],
    [
      'sub-level still signed does not count',
      [P('feedback_submitted'), A('signed', { parentId: 1 })],
      'pending_review',
    ],
    ['all accepted', [P('accepted'), A('accepted')], 'pending_revisit'],
    ['accepted primary, assisting sent back', [P('accepted'), A('sent_back')], 'pending_revisit'],
  ])('%s → %s', (_, assignments, expected) => {
    expect(deriveStatus(assignments)).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------------
// Exhaustive: every action × every status
// ---------------------------------------------------------------------------------------------------

const OPEN: TicketStatus[] = TICKET_STATUSES.filter((s) => s !== 'closed' && s !== 'merged');
const ALLOWED: Record<ActionName, TicketStatus[]> = {
  close_on_call: ['received'],
  dispatch: ['received', 'processing'],
  sign: ['received', 'processing'],
  send_back: ['received', 'processing'],
  request_extension: ['received', 'processing'],
  decide_extension: ['received', 'processing', 'pending_review'],
  feedback: ['received', 'processing'],
  review: ['received', 'processing', 'pending_review'],
  revisit: ['pending_revisit'],
  redo: ['revisit_failed'],
  supervise_open: OPEN,
  supervise_respond: OPEN,
  supervise_close: OPEN,
  merge: OPEN,
  close: ['pending_revisit', 'revisit_failed'],
  reopen: ['closed'],
};

/** A ticket on which each action is valid for the scenario's actor. */
const CANONICAL: Partial<Record<ActionName, TicketState>> = {
  close_on_call: FIXTURES.received,
  revisit: FIXTURES.pendingRevisit,
  close: FIXTURES.pendingRevisit,
  redo: FIXTURES.revisitFailed,
  reopen: FIXTURES.closed,
};
function canonicalScenario<A extends ActionName>(action: A): Scenario<A> {
  const sc = scenario(action, CANONICAL[action] ?? FIXTURES.processing);
  if (!sc) throw new Error(`no canonical scenario for ${action}`);
  return sc;
}

describe('every action in every status', () => {
  it('fixtures are realistic: open statuses match their assignments', () => {
    for (const s of Object.values(FIXTURES)) {
      if (s.status !== 'revisit_failed' && OPEN.includes(s.status)) expect(deriveStatus(s.assignments)).toBe(s.status);
    }
  });

  const cells = ACTION_NAMES.flatMap((action) =>
    Object.entries(FIXTURES).map(([name, s]) => [action, name, s] as const),
  );
  it.each(cells)('%s on %s', (action, _, fixture) => {
    const sc = scenario(action, fixture);
    if (ALLOWED[action].includes(fixture.status)) {
      if (!sc) return; // this fixture has nothing to act on; coverage is asserted below
      expect(play(action, sc)).toMatchObject({ ok: true });
      expect(allowedActions(sc.state, sc.actor)).toContain(action);
    } else {
      const input = sc?.input ?? ANY_INPUT[action];
      // Even admin with a sensible input is refused: the status alone decides.
      expect(errorOf(decide(sc?.state ?? fixture, ADMIN, action, input))).toEqual({
        code: 'INVALID_TRANSITION',
      });
      if (sc) expect(codeOf(play(action, sc))).toBe('INVALID_TRANSITION');
      expect(allowedActions(sc?.state ?? fixture, ADMIN)).not.toContain(action);
    }
  });

  // The canonical scenario with nothing changed but the ticket status isolates the status check.
  const swaps = ACTION_NAMES.flatMap((action) => TICKET_STATUSES.map((status) => [action, status] as const));
  it.each(swaps)('%s with the status forced to %s', (action, status) => {
    const sc = canonicalScenario(action);
    const d = play(action, { ...sc, state: { ...sc.state, status } });
    expect(codeOf(d)).toBe(ALLOWED[action].includes(status) ? 'ok' : 'INVALID_TRANSITION');
  });

  it('every allowed (action, status) pair is exercised by some fixture', () => {
    for (const action of ACTION_NAMES) {
      for (const status of ALLOWED[action]) {
        const covered = Object.values(FIXTURES).some((s) => s.status === status && scenario(action, s) !== null);
        expect([action, status, covered]).toEqual([action, status, true]);
      }
    }
  });

  it('closed allows only reopen and merged allows nothing, even for admin', () => {
    const withSups = (s: TicketState) => withSupervision(s, 'open');
    expect(allowedActions(withSups(FIXTURES.closed), ADMIN)).toEqual(['reopen']);
    expect(allowedActions(withSups(FIXTURES.merged), ADMIN)).toEqual([]);
  });

  it('covers every status', () => {
    expect(new Set(Object.values(FIXTURES).map((s) => s.status))).toEqual(new Set(TICKET_STATUSES));
  });
});

// ---------------------------------------------------------------------------------------------------
// Roles
// ---------------------------------------------------------------------------------------------------

const CENTRE: ActorRole[] = ['agent', 'shift_leader', 'supervisor', 'admin'];
/** Who may act, on top-level assignments (sub-level reviewers are under scope tests). A department_handler
 *  here is a handler of the unit the action concerns. */
const WHO: Record<ActionName, ActorRole[]> = {
  close_on_call: CENTRE,
  dispatch: CENTRE,
  sign: ['department_handler', 'admin'],
  send_back: ['department_handler', 'admin'],
  request_extension: ['department_handler', 'admin'],
  decide_extension: ['shift_leader', 'supervisor', 'admin'],
  feedback: ['department_handler', 'admin'],
  review: ['shift_leader', 'supervisor', 'admin'],
  revisit: ['revisit_agent', 'supervisor', 'admin'],
  redo: ['revisit_agent', 'supervisor', 'shift_leader', 'admin'],
  supervise_open: ['supervisor', 'admin', 'system'],
  supervise_respond: ['department_handler', 'shift_leader', 'supervisor', 'admin'],
  supervise_close: ['supervisor', 'admin'],
  merge: CENTRE,
  close: ['revisit_agent', 'supervisor', 'admin'],
  reopen: ['supervisor', 'admin'],
};

function subjectPath(sc: Scenario<ActionName>): string {
  const id = 'assignmentId' in sc.input ? sc.input.assignmentId : null;
  const a = sc.state.assignments.find((x) => x.id === id) ?? sc.state.assignments.find(isActive);
  return a?.unitPath ?? UNITS.water.path;
}

describe('roles', () => {
  const cells = ACTION_NAMES.flatMap((action) => [...ROLES, 'system' as const].map((role) => [action, role] as const));
  it.each(cells)('%s by %s', (action, role) => {
    const sc = canonicalScenario(action);
    const actor = role === 'department_handler' ? handlerAt(subjectPath(sc)) : user(role);
    expect(codeOf(play(action, { ...sc, actor }))).toBe(WHO[action].includes(role) ? 'ok' : 'FORBIDDEN');
  });

  it('any one of several roles is enough', () => {
    const actor: Actor = { ...user('agent'), roles: ['agent', 'revisit_agent'] };
    expect(decide(FIXTURES.pendingRevisit, actor, 'revisit', { reached: false })).toMatchObject({ ok: true });
  });

  it('only the timer actor opens supervisions automatically', () => {
    const input = { reason: '签收超时' };
    expect(decide(FIXTURES.processing, user('system'), 'supervise_open', input)).toMatchObject({
      ok: true,
      effects: [{ type: 'supervision.open', reason: '签收超时', automatic: true }],
    });
    expect(decide(FIXTURES.processing, user('supervisor'), 'supervise_open', input)).toMatchObject({
      effects: [{ automatic: false }],
    });
  });

  it('allowedActions lists what the actor may do now', () => {
    expect(allowedActions(FIXTURES.received, user('agent'))).toEqual(['close_on_call', 'dispatch', 'merge']);
    expect(allowedActions(FIXTURES.processing, handler('street'))).toEqual(['sign', 'send_back']);
    expect(allowedActions(FIXTURES.processing, handler('water'))).toEqual([
      'dispatch', // sub-dispatch below its signed assignment
      'send_back',
      'request_extension',
      'feedback',
    ]);
    expect(allowedActions(FIXTURES.processing, handler('parks'))).toEqual([]);
    expect(allowedActions(FIXTURES.processing, user('system'))).toEqual(['supervise_open']);
    expect(allowedActions(FIXTURES.pendingReview, user('shift_leader'))).toEqual([
      'decide_extension',
      'review',
      'merge',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------
// Scope
// ---------------------------------------------------------------------------------------------------

describe('scope', () => {
  const s = FIXTURES.processing; // 1 water signed (child 6 waterPlant accepted), 2 street pending_sign, 3 housing

  it.each<[ActionName, ActionInputs[ActionName]]>([
    ['sign', { assignmentId: 2 }],
    ['send_back', { assignmentId: 2, reason: 'x' }],
    ['request_extension', { assignmentId: 1, days: 2, reason: 'x' }],
    ['feedback', { assignmentId: 1, content: 'x', result: 'resolved' }],
    ['dispatch', { parentAssignmentId: 1, targets: [target('waterPlant')] }],
  ])('%s: another unit, a sub-unit and a unitless handler are forbidden', (action, input) => {
    const on = action === 'sign' || action === 'send_back' ? 'street' : 'water';
    const sub = on === 'street' ? 'community' : 'waterPlant';
    expect(codeOf(decide(s, handler('parks'), action, input))).toBe('FORBIDDEN');
    expect(codeOf(decide(s, handler(sub), action, input))).toBe('FORBIDDEN');
    expect(codeOf(decide(s, handlerAt(null), action, input))).toBe('FORBIDDEN');
    expect(codeOf(decide(s, handler(on), action, input))).not.toBe('FORBIDDEN');
  });

  it("a unit acts on its sub-units' assignments", () => {
    const t = ticket('processing', [
      asg(1, 'water', { role: 'primary' }),
      asg(6, 'waterPlant', { parentId: 1, status: 'pending_sign' }),
    ]);
    expect(decide(t, handler('water'), 'sign', { assignmentId: 6 })).toMatchObject({ ok: true });
    expect(decide(t, handler('waterPlant'), 'sign', { assignmentId: 6 })).toMatchObject({ ok: true });
    expect(codeOf(decide(t, handler('street'), 'sign', { assignmentId: 6 }))).toBe('FORBIDDEN');
  });

  describe('sub-level review and extension belong to the parent unit', () => {
    const t = ticket('processing', [
      asg(1, 'water', { role: 'primary' }),
      asg(6, 'waterPlant', { parentId: 1, status: 'feedback_submitted', extension: pending(2) }),
    ]);
    it.each<[string, Actor, string]>([
      ['parent unit handler', handler('water'), 'ok'],
      ['the sub-unit itself', handler('waterPlant'), 'FORBIDDEN'],
      ['another unit', handler('street'), 'FORBIDDEN'],
      ['supervisor', user('supervisor'), 'ok'],
      ['admin', ADMIN, 'ok'],
      ['shift leader (centre reviews top-level only)', user('shift_leader'), 'FORBIDDEN'],
      ['agent', user('agent'), 'FORBIDDEN'],
    ])('%s', (_, actor, expected) => {
      expect(codeOf(decide(t, actor, 'review', { assignmentId: 6, accept: true }))).toBe(expected);
      expect(codeOf(decide(t, actor, 'decide_extension', { assignmentId: 6, approve: false }))).toBe(expected);
    });
    it('a top-level assignment is reviewed by the centre, not by a unit', () => {
      const top = ticket('pending_review', [asg(1, 'water', { role: 'primary', status: 'feedback_submitted' })]);
      expect(codeOf(decide(top, handler('water'), 'review', { assignmentId: 1, accept: true }))).toBe('FORBIDDEN');
    });
  });

  it('a handler answers a supervision only while its unit works on the ticket', () => {
    const t = withSupervision(FIXTURES.processing, 'open');
    const input = { supervisionId: 9, response: '已处理' };
    expect(decide(t, handler('housing'), 'supervise_respond', input)).toMatchObject({ ok: true });
    expect(decide(t, handler('waterPlant'), 'supervise_respond', input)).toMatchObject({ ok: true }); // child 6 accepted
    expect(codeOf(decide(t, handler('parks'), 'supervise_respond', input))).toBe('FORBIDDEN');
    const sentBack = withSupervision(FIXTURES.receivedAfterSendBack, 'open');
    expect(codeOf(decide(sentBack, handler('water'), 'supervise_respond', input))).toBe('FORBIDDEN');
  });
});

// ---------------------------------------------------------------------------------------------------
// Sub-states
// ---------------------------------------------------------------------------------------------------

describe('sub-states', () => {
  const s = FIXTURES.processing;
  const invalid = <A extends ActionName>(state: TicketState, actor: Actor, action: A, input: ActionInputs[A]) =>
    expect(codeOf(decide(state, actor, action, input))).toBe('INVALID_TRANSITION');

  it('assignment statuses', () => {
    invalid(s, handler('water'), 'sign', { assignmentId: 1 });
    invalid(s, handler('transport'), 'send_back', { assignmentId: 4, reason: 'x' });
    invalid(s, handler('street'), 'request_extension', { assignmentId: 2, days: 2, reason: 'x' });
    invalid(s, handler('street'), 'feedback', { assignmentId: 2, content: 'x', result: 'resolved' });
    invalid(s, user('supervisor'), 'review', { assignmentId: 1, accept: true });
    invalid(s, user('supervisor'), 'decide_extension', { assignmentId: 1, approve: true });
  });
  it('one extension request at a time', () => {
    invalid(s, handler('housing'), 'request_extension', { assignmentId: 3, days: 2, reason: 'x' });
  });
  it('feedback waits for every active sub-assignment to be accepted', () => {
    const t = ticket('processing', [
      asg(1, 'water', { role: 'primary' }),
      asg(6, 'waterPlant', { parentId: 1, status: 'feedback_submitted' }),
      asg(7, 'waterPlant', { parentId: 1, status: 'sent_back' }),
    ]);
    invalid(t, handler('water'), 'feedback', { assignmentId: 1, content: 'x', result: 'resolved' });
  });
  it('close on the call only while no unit works on the ticket', () => {
    invalid(FIXTURES.receivedAfterSendBack, user('agent'), 'close_on_call', { resolution: 'x' });
  });
  it('sub-dispatch needs a signed parent and a processing ticket', () => {
    const t = ticket('processing', [asg(1, 'water', { role: 'primary', status: 'pending_sign' })]);
    invalid(t, handler('water'), 'dispatch', { parentAssignmentId: 1, targets: [target('waterPlant')] });
    const r = FIXTURES.receivedAfterSendBack; // 2 street is signed, but the ticket has no primary
    invalid(r, handler('street'), 'dispatch', { parentAssignmentId: 2, targets: [target('community')] });
  });
  it('one running supervision at a time; respond to open ones, close open or responded ones', () => {
    invalid(withSupervision(s, 'responded'), user('supervisor'), 'supervise_open', { reason: 'x' });
    invalid(withSupervision(s, 'responded'), user('supervisor'), 'supervise_respond', {
      supervisionId: 9,
      response: 'x',
    });
    invalid(withSupervision(s, 'closed'), user('supervisor'), 'supervise_close', { supervisionId: 9 });
    expect(decide(withSupervision(s, 'closed'), user('supervisor'), 'supervise_open', { reason: 'x' })).toMatchObject({
      ok: true,
    });
  });
  it('redo needs an accepted primary', () => {
    const t = ticket('revisit_failed', [asg(1, 'water', { role: 'primary', status: 'cancelled' })]);
    invalid(t, user('supervisor'), 'redo', { reason: 'x' });
  });
});
