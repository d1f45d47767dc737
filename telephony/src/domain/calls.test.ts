import { agentStateAfter } from './agentState';
import { buildCallRecord, type CallEvent } from './callRecord';
import { queueStats } from './serviceLevel';

describe('agent state through a call', () => {
  test('answer → on call; end → after-call work; wrap-up done → ready', () => {
    expect(agentStateAfter('answered', 'ready', 30)).toEqual({ state: 'on_call' });
    expect(agentStateAfter('ended', 'on_call', 30)).toEqual({ state: 'after_call_work' });
    expect(agentStateAfter('wrap_up_done', 'after_call_work', 30)).toEqual({ state: 'ready' });
  });
  test('no wrap-up time: straight back to ready', () => {
    expect(agentStateAfter('ended', 'on_call', 0)).toEqual({ state: 'ready' });
  });
  test('an agent who left after-call work by hand keeps what they chose', () => {
    expect(agentStateAfter('wrap_up_done', 'not_ready', 30)).toBeNull();
    expect(agentStateAfter('wrap_up_done', 'ready', 30)).toBeNull();
  });
  test('ring-no-answer sets a ready agent not-ready (no answer), nobody else', () => {
    expect(agentStateAfter('ring_timeout', 'ready', 30)).toEqual({ state: 'not_ready', reason: 'no_answer' });
    expect(agentStateAfter('ring_timeout', 'offline', 30)).toBeNull();
  });
  test('the end of a call does not touch an agent who was not on it', () => {
    expect(agentStateAfter('ended', 'ready', 30)).toBeNull();
  });
});

describe('call records', () => {
  const base: CallEvent[] = [
    { type: 'arrived', at: 1000 },
    { type: 'queued', at: 1010, queue: 'citizen' },
  ];

  test('answered: wait from queue entry to answer, talk from answer to end', () => {
    const r = buildCallRecord([
      ...base,
      { type: 'offered', at: 3000, userId: 7 },
      { type: 'answered', at: 6010, userId: 7 },
      { type: 'ended', at: 66010, by: 'caller' },
    ]);
    expect(r).toMatchObject({
      outcome: 'answered',
      agentId: 7,
      waitMs: 5000,
      talkMs: 60000,
      offers: 1,
      endedBy: 'caller',
    });
  });

  test('ring-no-answer then the next agent answers: two offers, the second agent', () => {
    const r = buildCallRecord([
      ...base,
      { type: 'offered', at: 1100, userId: 1 },
      { type: 'ring_timeout', at: 16100, userId: 1 },
      { type: 'offered', at: 16110, userId: 2 },
      { type: 'answered', at: 18110, userId: 2 },
      { type: 'ended', at: 20110, by: 'agent' },
    ]);
    expect(r).toMatchObject({ outcome: 'answered', agentId: 2, offers: 2, waitMs: 17100, talkMs: 2000 });
  });

  test('hang-up while waiting: abandoned in queue', () => {
    const r = buildCallRecord([...base, { type: 'ended', at: 9010, by: 'caller' }]);
    expect(r).toMatchObject({ outcome: 'abandoned_queue', waitMs: 8000, talkMs: null, agentId: null });
  });

  test('hang-up while an agent’s phone rings: abandoned ringing', () => {
    const r = buildCallRecord([
      ...base,
      { type: 'offered', at: 2000, userId: 3 },
      { type: 'ended', at: 4000, by: 'caller' },
    ]);
    expect(r.outcome).toBe('abandoned_ringing');
  });

  test('hang-up after a ring timeout, back in the queue: abandoned in queue', () => {
    const r = buildCallRecord([
      ...base,
      { type: 'offered', at: 2000, userId: 3 },
      { type: 'ring_timeout', at: 17000, userId: 3 },
      { type: 'ended', at: 18000, by: 'caller' },
    ]);
    expect(r.outcome).toBe('abandoned_queue');
  });

  test('no agent to take it', () => {
    const r = buildCallRecord([...base, { type: 'no_agent', at: 1020 }, { type: 'ended', at: 1030, by: 'system' }]);
    expect(r.outcome).toBe('no_agent');
  });

  test('an outbound call the far end never answers has failed', () => {
    const r = buildCallRecord([
      { type: 'arrived', at: 0 },
      { type: 'offered', at: 0, userId: 4 },
      { type: 'failed', at: 5000, status: 486 },
      { type: 'ended', at: 5000, by: 'system' },
    ]);
    expect(r).toMatchObject({ outcome: 'failed', talkMs: null, waitMs: 5000 });
  });

  test('a call still going is in progress; a transfer is recorded', () => {
    expect(buildCallRecord(base).outcome).toBe('in_progress');
    const r = buildCallRecord([
      ...base,
      { type: 'offered', at: 1100, userId: 1 },
      { type: 'answered', at: 1200, userId: 1 },
      { type: 'transferred', at: 5000, to: 'queue:elder' },
    ]);
    expect(r).toMatchObject({ outcome: 'answered', transferredTo: 'queue:elder', talkMs: null });
  });

  test('the same events always give the same record', () => {
    const events: CallEvent[] = [
      ...base,
      { type: 'offered', at: 2000, userId: 3 },
      { type: 'answered', at: 2500, userId: 3 },
    ];
    expect(buildCallRecord(events)).toEqual(buildCallRecord([...events]));
  });
});

describe('service level', () => {
  const rec = (
    queue: string,
    outcome: 'answered' | 'abandoned_queue' | 'no_agent',
    waitMs: number,
    talkMs = 0,
    wrapMs = 0,
  ) => ({
    ...buildCallRecord([]),
    queue,
    outcome,
    waitMs,
    talkMs: outcome === 'answered' ? talkMs : null,
    wrapMs,
  });

  test('answered within 20 s ÷ offered, abandons count against it; handle time = talk + wrap-up', () => {
    const stats = queueStats(
      [
        rec('citizen', 'answered', 5_000, 60_000, 10_000),
        rec('citizen', 'answered', 20_000, 120_000, 30_000), // exactly at the threshold counts
        rec('citizen', 'answered', 45_000, 30_000, 0),
        rec('citizen', 'abandoned_queue', 8_000),
        rec('elder', 'no_agent', 0),
      ],
      20_000,
    );
    expect(stats.citizen).toEqual({
      offered: 4,
      answered: 3,
      abandoned: 1,
      noAgent: 0,
      answeredWithinThreshold: 2,
      serviceLevel: 0.5,
      averageHandleMs: (70_000 + 150_000 + 30_000) / 3,
      averageAnswerMs: (5_000 + 20_000 + 45_000) / 3,
    });
    expect(stats.elder).toMatchObject({ offered: 1, noAgent: 1, serviceLevel: 0, averageHandleMs: null });
  });

  test('calls in progress and calls without a queue are not counted', () => {
    expect(queueStats([{ ...buildCallRecord([]), queue: 'citizen' }], 20_000)).toEqual({});
  });
});
