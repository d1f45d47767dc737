import { afterRingTimeout, chooseAgent, idleSince, nobodyCanTake, planOffers } from './acd';
import { lineups, longestWaits, orderQueue } from './queue';
import type { AgentView, WaitingCall } from './types';

const agent = (userId: number, over: Partial<AgentView> = {}): AgentView => ({
  userId,
  state: 'ready',
  since: 1000,
  lastCallEndedAt: null,
  registered: true,
  skills: ['citizen'],
  offering: false,
  ...over,
});
const call = (callId: string, over: Partial<WaitingCall> = {}): WaitingCall => ({
  callId,
  queue: 'citizen',
  priority: 1,
  enqueuedAt: 0,
  excluded: [],
  ...over,
});

describe('queue order', () => {
  test('higher priority first, then first come first served, call id breaks ties', () => {
    const calls = [
      call('c', { enqueuedAt: 30 }),
      call('a', { enqueuedAt: 10 }),
      call('emergency', { enqueuedAt: 50, priority: 9, queue: 'onekey' }),
      call('b', { enqueuedAt: 10 }),
    ];
    expect(orderQueue(calls).map((c) => c.callId)).toEqual(['emergency', 'a', 'b', 'c']);
  });

  test('lineups: a place counts only the calls of the same queue, an emergency is first, waits run from entry', () => {
    const calls = [
      call('b', { enqueuedAt: 20 }),
      call('x', { enqueuedAt: 5, queue: 'elder' }),
      call('a', { enqueuedAt: 10 }),
      call('sos', { enqueuedAt: 30, priority: 9 }),
    ];
    const l = lineups(calls, 100);
    expect(l.citizen.map((p) => [p.callId, p.position, p.waitMs])).toEqual([
      ['sos', 1, 70],
      ['a', 2, 90],
      ['b', 3, 80],
    ]);
    expect(l.elder).toEqual([{ callId: 'x', position: 1, waitMs: 95, priority: 1 }]);
    expect(lineups([], 100)).toEqual({});
  });

  test('longest wait per queue', () => {
    const calls = [
      call('a', { enqueuedAt: 10 }),
      call('b', { enqueuedAt: 40 }),
      call('e', { enqueuedAt: 90, queue: 'elder' }),
    ];
    expect(longestWaits(calls, 100)).toEqual({ citizen: 90, elder: 10 });
    expect(longestWaits([], 100)).toEqual({});
  });
});

describe('agent choice', () => {
  test('the longest-idle ready agent gets the call', () => {
    const agents = [agent(1, { since: 500 }), agent(2, { since: 100 }), agent(3, { since: 300 })];
    expect(chooseAgent(call('a'), agents)?.userId).toBe(2);
  });

  test('idle time counts from the end of the last call when that is later', () => {
    const a = agent(1, { since: 100, lastCallEndedAt: 900 });
    expect(idleSince(a)).toBe(900);
    expect(chooseAgent(call('a'), [a, agent(2, { since: 500 })])?.userId).toBe(2);
  });

  test('equal idle time: the lower user id, whatever the input order', () => {
    expect(chooseAgent(call('a'), [agent(7), agent(3), agent(5)])?.userId).toBe(3);
  });

  test.each([
    ['not ready', { state: 'not_ready' as const }],
    ['after-call work', { state: 'after_call_work' as const }],
    ['on a call', { state: 'on_call' as const }],
    ['offline', { state: 'offline' as const }],
    ['not registered', { registered: false }],
    ['already ringing', { offering: true }],
    ['without the skill', { skills: ['elder'] }],
  ])('an agent %s is never chosen', (_name, over) => {
    expect(chooseAgent(call('a', { skill: 'citizen' }), [agent(1, over)])).toBeNull();
  });

  test('a line without a skill can go to any ready agent', () => {
    expect(chooseAgent(call('a'), [agent(1, { skills: [] })])?.userId).toBe(1);
  });

  test('an agent who let the call ring out is not offered it again', () => {
    const c = afterRingTimeout(call('a'), 2);
    expect(c.excluded).toEqual([2]);
    expect(afterRingTimeout(c, 2).excluded).toEqual([2]);
    expect(chooseAgent(c, [agent(2, { since: 0 }), agent(4, { since: 500 })])?.userId).toBe(4);
  });
});

describe('planning offers', () => {
  test('an emergency call overtakes earlier calls and takes the longest-idle agent', () => {
    const calls = [
      call('early', { enqueuedAt: 0 }),
      call('sos', { enqueuedAt: 100, priority: 9, queue: 'onekey', skill: 'onekey' }),
    ];
    const agents = [
      agent(1, { since: 50, skills: ['citizen', 'onekey'] }),
      agent(2, { since: 80, skills: ['citizen', 'onekey'] }),
    ];
    expect(planOffers(calls, agents)).toEqual([
      { callId: 'sos', userId: 1 },
      { callId: 'early', userId: 2 },
    ]);
  });

  test('each agent gets at most one call; calls beyond the free agents wait', () => {
    const offers = planOffers(
      [call('a', { enqueuedAt: 1 }), call('b', { enqueuedAt: 2 }), call('c', { enqueuedAt: 3 })],
      [agent(1), agent(2)],
    );
    expect(offers.map((o) => o.callId)).toEqual(['a', 'b']);
    expect(new Set(offers.map((o) => o.userId)).size).toBe(2);
  });

  test('a call nobody free can take does not block the calls behind it', () => {
    const calls = [
      call('elder', { enqueuedAt: 0, skill: 'elder', queue: 'elder' }),
      call('citizen', { enqueuedAt: 5 }),
    ];
    expect(planOffers(calls, [agent(1)])).toEqual([{ callId: 'citizen', userId: 1 }]);
  });

  test('no agents or no calls: no offers', () => {
    expect(planOffers([], [agent(1)])).toEqual([]);
    expect(planOffers([call('a')], [])).toEqual([]);
  });

  test('nobody can take a call when no signed-in agent has the skill or all let it ring out', () => {
    expect(nobodyCanTake(call('a', { skill: 'elder' }), [agent(1)])).toBe(true);
    expect(nobodyCanTake(call('a'), [agent(1, { state: 'offline' })])).toBe(true);
    expect(nobodyCanTake(call('a', { excluded: [1] }), [agent(1)])).toBe(true);
    // busy agents will be free again: the call waits
    expect(nobodyCanTake(call('a'), [agent(1, { state: 'on_call' })])).toBe(false);
  });
});
