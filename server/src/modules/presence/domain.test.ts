// Every current state × target state × source of the presence machine, against a table written out by hand.
import {
  decide,
  PRESENCE_SOURCES,
  PRESENCE_STATES,
  type Presence,
  type PresenceSource,
  type PresenceState,
} from './domain';

const S = PRESENCE_STATES;
/** The current state as the tests start from it: not_ready with a reason different from the target's. */
const current = (state: PresenceState): Presence => ({ state, reason: state === 'not_ready' ? 'meal' : null });

type Table = Record<PresenceState, PresenceState[]>;
const AGENT: Table = {
  offline: ['offline', 'ready', 'not_ready'],
  ready: ['offline', 'ready', 'not_ready', 'after_call_work'],
  not_ready: ['offline', 'ready', 'not_ready', 'after_call_work'],
  after_call_work: ['offline', 'ready', 'not_ready', 'after_call_work'],
  on_call: [],
};
const EXPECTED: Record<PresenceSource, Table> = {
  ui: AGENT,
  rest: AGENT,
  socket: AGENT,
  telephony: {
    offline: ['offline'],
    ready: ['offline', 'ready', 'not_ready', 'on_call'],
    not_ready: ['offline', 'ready', 'not_ready', 'on_call'],
    after_call_work: ['offline', 'ready', 'after_call_work', 'on_call'],
    on_call: ['offline', 'ready', 'after_call_work', 'on_call'],
  },
  grace: {
    offline: ['offline'],
    ready: ['offline'],
    not_ready: ['offline'],
    after_call_work: ['offline'],
    on_call: ['offline'],
  },
  system: {
    offline: ['offline'],
    ready: ['offline', 'ready', 'not_ready'],
    not_ready: ['offline', 'not_ready'],
    after_call_work: ['offline', 'ready'],
    on_call: ['offline'],
  },
  leader: {
    offline: ['offline'],
    ready: ['offline', 'ready', 'not_ready'],
    not_ready: ['offline', 'ready', 'not_ready'],
    after_call_work: ['offline', 'ready', 'not_ready'],
    on_call: [],
  },
};

/** The machine's reasons: telephony and the system report unanswered calls, people pick a break. */
const reasonFor = (source: PresenceSource) => (source === 'telephony' || source === 'system' ? 'no_answer' : 'break');

describe.each(PRESENCE_SOURCES.map((s) => [s]))('source %s', (source) => {
  for (const from of S) {
    for (const to of S) {
      const allowed = EXPECTED[source][from].includes(to);
      test(`${from} -> ${to}: ${allowed ? 'allowed' : 'refused'}`, () => {
        const d = decide(current(from), { state: to, reason: to === 'not_ready' ? reasonFor(source) : null }, source);
        if (allowed) {
          expect(d).toEqual({
            ok: true,
            changed: from !== to || to === 'not_ready', // not_ready: meal -> another reason is a change
            next: { state: to, reason: to === 'not_ready' ? reasonFor(source) : null },
          });
        } else {
          expect(d).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
        }
      });
    }
  }
});

describe('reasons', () => {
  test('not_ready without a reason is a validation error naming the field', () => {
    expect(decide(current('ready'), { state: 'not_ready' }, 'rest')).toEqual({
      ok: false,
      code: 'VALIDATION',
      fields: { reason: expect.any(String) },
    });
  });
  test('a reason on any other state is refused', () => {
    for (const state of S.filter((s) => s !== 'not_ready'))
      expect(decide(current('ready'), { state, reason: 'break' }, 'telephony')).toMatchObject({
        code: 'VALIDATION',
        fields: { reason: expect.any(String) },
      });
  });
  test.each(['ui', 'rest', 'socket', 'leader', 'grace'] as const)('%s may not pick no_answer', (source) => {
    expect(decide(current('ready'), { state: 'not_ready', reason: 'no_answer' }, source)).toMatchObject({
      code: 'VALIDATION',
      fields: { reason: expect.any(String) },
    });
  });
  test('the same state with the same reason is a no-op; another reason is a change', () => {
    expect(decide(current('not_ready'), { state: 'not_ready', reason: 'meal' }, 'ui')).toEqual({
      ok: true,
      changed: false,
      next: { state: 'not_ready', reason: 'meal' },
    });
    expect(decide(current('not_ready'), { state: 'not_ready', reason: 'training' }, 'ui')).toMatchObject({
      ok: true,
      changed: true,
    });
  });
  test('an agent cannot set on_call even while on a call', () => {
    expect(decide(current('on_call'), { state: 'on_call' }, 'ui')).toMatchObject({ code: 'INVALID_TRANSITION' });
  });
});
