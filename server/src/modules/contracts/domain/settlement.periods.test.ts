// Sub-periods (thresholds, required counts and caps over whole periods) and determinism of the engine.
import type { Contract, Rule } from './contract';
import type { SettlementInput } from './input';
import { chaoyangCaseHandling, haidianSeats } from './seeds';
import { inputWindow, settle } from './settlement';
import { fact, haidianJune, incident, JUNE_2022, lineOf } from './fixtures.testing';

describe('settle — thresholds, required counts and caps are assessed over whole sub-periods', () => {
  const JUNE_2026 = { from: '2026-06-01', to: '2026-06-30' };
  const leavers = [
    fact('l1', 'quarterly_leavers', '2026-04-15', 3, '离职 3 人'),
    fact('l2', 'quarterly_leavers', '2026-06-10', 3, '离职 3 人'),
  ];

  it('needs the rows from the start of the quarter for a June statement', () => {
    expect(inputWindow(chaoyangCaseHandling, JUNE_2026)).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    // May ends no quarter, year or contract: only its own days are needed.
    expect(inputWindow(chaoyangCaseHandling, { from: '2026-05-01', to: '2026-05-31' })).toEqual({
      from: '2026-05-01',
      to: '2026-05-31',
    });
  });

  it('assesses Q2 in the June statement over all of Q2', () => {
    const s = settle(chaoyangCaseHandling, { period: JUNE_2026, facts: leavers });
    const [line] = lineOf(s, 'leavers');
    expect(line).toMatchObject({
      period: '2026-Q2',
      from: '2026-04-01',
      to: '2026-06-30',
      measured: 6,
      threshold: 4,
      count: 2,
      amountFen: 2_000_000,
    });
    expect(line.formula).toBe('(6 − 允许 4 = 2) × ¥10,000.00 = ¥20,000.00');
    expect(line.evidence.map((e) => e.ref)).toEqual(['l1', 'l2']);
  });

  it('defers Q2 in the May statement and says where it will be assessed', () => {
    const s = settle(chaoyangCaseHandling, { period: { from: '2026-05-01', to: '2026-05-31' }, facts: [leavers[0]] });
    expect(lineOf(s, 'leavers')).toEqual([]);
    expect(s.deferred).toEqual([
      {
        ruleId: 'trainings',
        period: '2026-02-10/2027-02-09',
        from: '2026-02-10',
        to: '2027-02-09',
        reason: '整期考核，计入包含 2027-02-09 的结算单',
      },
      {
        ruleId: 'leavers',
        period: '2026-Q2',
        from: '2026-04-01',
        to: '2026-06-30',
        reason: '整期考核，计入包含 2026-06-30 的结算单',
      },
    ]);
    expect(s.ignored).toEqual([{ list: 'facts', ref: 'l1', reason: '在 2026-Q2 考核时计入（2026-06-30 结束）' }]);
  });

  const capped = (cap: Rule['cap'], amount: Rule['amount'] = { kind: 'unit', unitFen: 100_000 }): Contract => ({
    ...haidianSeats,
    rules: [
      {
        id: 'unattended_seat',
        label: 'x',
        metric: 'unattended_incidents',
        period: 'month',
        amount,
        cap,
        source: 'test',
      },
    ],
  });
  const fiveIncidents = { period: JUNE_2022, incidents: [1, 2, 3, 4, 5].map((n) => incident(`a${n}`, '2022-06-01')) };

  it('caps a line at a fixed amount and says so', () => {
    const [line] = settle(capped({ kind: 'fen', fen: 300_000 }), fiveIncidents).lines;
    expect(line).toMatchObject({
      amountFen: 500_000,
      cappedFen: 300_000,
      capNote: '封顶 ¥3,000.00（本条规则上限）',
    });
  });

  it('caps a line at a percentage of the period fee or of the total', () => {
    // 1 % of the June fee = R(550,320.65) = 550,321 fen
    const [byFee] = settle(
      capped({ kind: 'percent_of_fee', percent: 1 }, { kind: 'unit', unitFen: 1_000_000 }),
      fiveIncidents,
    ).lines;
    expect(byFee).toMatchObject({
      amountFen: 5_000_000,
      cappedFen: 550_321,
      capNote: '封顶 ¥5,503.21（服务费的 1%）',
    });
    const [byTotal] = settle(capped({ kind: 'percent_of_total', percent: 0.01 }), fiveIncidents).lines;
    expect(byTotal).toMatchObject({
      amountFen: 500_000,
      cappedFen: 66_956,
      capNote: '封顶 ¥669.56（合同总额的 0.01%）',
    });
  });

  it('does not touch an amount under its cap', () => {
    const [line] = settle(capped({ kind: 'fen', fen: 10_000_000 }), fiveIncidents).lines;
    expect(line.cappedFen).toBe(500_000);
    expect(line.capNote).toBeUndefined();
  });
});

describe('settle — determinism', () => {
  const shuffled = <T>(xs: T[] | undefined, seed: number): T[] => {
    const out = [...(xs ?? [])];
    let x = seed;
    for (let i = out.length - 1; i > 0; i -= 1) {
      x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
      const j = x % (i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };

  function busyInput(): SettlementInput {
    const base = haidianJune();
    return {
      ...base,
      incidents: [
        ...(base.incidents ?? []),
        incident('agent-3', '2022-06-02', { reason: 'meal', state: 'not_ready' }),
        incident('agent-5', '2022-06-08'),
      ],
      manualItems: [
        { id: 'm2', metric: 'manual_assessment', day: '2022-06-09', amountFen: 200_000, reason: 'b' },
        { id: 'm1', metric: 'manual_assessment', day: '2022-06-09', amountFen: 300_000, reason: 'a' },
        { id: 'm3', metric: 'confidentiality_breaches', day: '2022-06-09', reason: '泄露来电内容' },
      ],
      facts: [fact('x', 'verified_complaints', '2022-06-01'), fact('b', 'breaches', '2022-06-30')],
    };
  }

  it('gives deep-equal statements for the same input and for the input in another order', () => {
    const a = settle(haidianSeats, busyInput());
    const b = settle(haidianSeats, busyInput());
    expect(b).toEqual(a);
    for (const seed of [1, 7, 42]) {
      const input = busyInput();
      const reordered: SettlementInput = {
        ...input,
        slots: shuffled(input.slots, seed),
        incidents: shuffled(input.incidents, seed + 1),
        manualItems: shuffled(input.manualItems, seed + 2),
        facts: shuffled(input.facts, seed + 3),
      };
      expect(settle(haidianSeats, reordered)).toEqual(a);
    }
  });

  it('does not change its input', () => {
    const input = busyInput();
    const before = JSON.stringify(input);
    settle(haidianSeats, input);
    expect(JSON.stringify(input)).toBe(before);
  });
});
