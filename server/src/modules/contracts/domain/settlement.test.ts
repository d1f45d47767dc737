// The settlement engine: acceptance example, statement shape, evidence, input errors. Sub-periods, caps and
// determinism: settlement.periods.test.ts; per-contract money rules: seedRules.test.ts.
import type { Contract } from './contract';
import type { SettlementInput } from './input';
import { SettlementInputError } from './input';
import { haidianSeats } from './seeds';
import { settle } from './settlement';
import { fact, HAIDIAN_JUNE_FEE, haidianJune, incident, JUNE_2022, lineOf, slot } from './fixtures.testing';

describe('settle — Haidian acceptance example', () => {
  const s = settle(haidianSeats, haidianJune());

  it('3 days at 46 of 48 seats and 2 unattended seats → ¥300 × 6 + ¥1,000 × 2 = ¥3,800', () => {
    expect(s.deductionsFen).toBe(380_000);
    const [gap] = lineOf(s, 'seat_gap');
    expect(gap).toMatchObject({
      period: '2022-06',
      measured: 6,
      count: 6,
      unitFen: 30_000,
      amountFen: 180_000,
      cappedFen: 180_000,
    });
    const [unattended] = lineOf(s, 'unattended_seat');
    expect(unattended).toMatchObject({ measured: 2, count: 2, unitFen: 100_000, amountFen: 200_000 });
  });

  it('grosses the month as the total prorated by days, and pays gross − deductions', () => {
    expect(s.fee.lines).toEqual([
      expect.objectContaining({ metric: 'contract_days', count: 30, amountFen: HAIDIAN_JUNE_FEE }),
    ]);
    expect(s.grossFen).toBe(HAIDIAN_JUNE_FEE);
    expect(s.payableFen).toBe(HAIDIAN_JUNE_FEE - 380_000);
    expect(s.excessDeductionsFen).toBe(0);
  });

  it('points every charged unit back to its input row', () => {
    const [gap] = lineOf(s, 'seat_gap');
    expect(gap.evidence).toEqual([
      {
        kind: 'slot',
        ref: '2022-06-01/workday_day',
        day: '2022-06-01',
        label: 'workday_day：应 48 人，实到 46 人，缺 2 人',
      },
      {
        kind: 'slot',
        ref: '2022-06-02/workday_day',
        day: '2022-06-02',
        label: 'workday_day：应 48 人，实到 46 人，缺 2 人',
      },
      {
        kind: 'slot',
        ref: '2022-06-06/workday_day',
        day: '2022-06-06',
        label: 'workday_day：应 48 人，实到 46 人，缺 2 人',
      },
    ]);
    const [unattended] = lineOf(s, 'unattended_seat');
    expect(unattended.evidence.map((e) => [e.kind, e.ref])).toEqual([
      ['incident', 'asg-agent-7-2022-06-02@2022-06-02T02:00:00.000Z'],
      ['incident', 'asg-agent-9-2022-06-20@2022-06-20T02:00:00.000Z'],
    ]);
    expect(gap.formula).toBe('6 × ¥300.00 = ¥1,800.00');
  });

  it('lists one line per rule and sub-period, zero lines included, in contract order', () => {
    expect(s.lines.map((l) => [l.ruleId, l.period, l.cappedFen])).toEqual([
      ['seat_gap', '2022-06', 180_000],
      ['unattended_seat', '2022-06', 200_000],
      ['assessment_markdown', '2022-06', 0],
      ['breach_termination', 'contract', 0],
      ['confidentiality_breach', 'contract', 0],
    ]);
    expect(s.ignored).toEqual([]);
    expect(s.deferred).toEqual([]);
  });
});

describe('settle — unattended incidents follow the contract’s attendance settings', () => {
  it('leaves out approved reasons, short gaps and states that keep the seat, and says why', () => {
    const s = settle(haidianSeats, {
      period: JUNE_2022,
      incidents: [
        incident('a1', '2022-06-03'),
        incident('a2', '2022-06-03', { state: 'not_ready', reason: 'meal', minutes: 45 }),
        incident('a3', '2022-06-03', { minutes: 15 }),
        incident('a4', '2022-06-03', { state: 'after_call_work' }),
      ],
    });
    expect(lineOf(s, 'unattended_seat')[0].count).toBe(1);
    expect(s.ignored).toEqual([
      { list: 'incidents', ref: 'asg-a2-2022-06-03@2022-06-03T02:00:00.000Z', reason: "approved reason 'meal'" },
      {
        list: 'incidents',
        ref: 'asg-a3-2022-06-03@2022-06-03T02:00:00.000Z',
        reason: '15 min is not over the 15 min threshold',
      },
      {
        list: 'incidents',
        ref: 'asg-a4-2022-06-03@2022-06-03T02:00:00.000Z',
        reason: "state 'after_call_work' does not leave the seat unattended",
      },
    ]);
  });
});

describe('settle — manual assessment (¥1,000 – ¥10,000 per case)', () => {
  it('charges the entered amounts with their reasons as evidence', () => {
    const s = settle(haidianSeats, {
      period: JUNE_2022,
      manualItems: [
        {
          id: 'm1',
          metric: 'manual_assessment',
          day: '2022-06-10',
          amountFen: 500_000,
          reason: '政风行风考核扣分',
          ref: 'T-2022-0610-0007',
        },
        { id: 'm2', metric: 'manual_assessment', day: '2022-06-12', amountFen: 100_000, reason: '市局考核扣分' },
      ],
    });
    const [line] = lineOf(s, 'assessment_markdown');
    expect(line).toMatchObject({ count: 2, amountFen: 600_000, cappedFen: 600_000 });
    expect(line.evidence[0]).toEqual({
      kind: 'manual',
      ref: 'm1',
      day: '2022-06-10',
      label: '¥5,000.00 政风行风考核扣分 [T-2022-0610-0007]',
    });
  });

  it('rejects ¥12,000 as outside ¥1,000 – ¥10,000', () => {
    const run = () =>
      settle(haidianSeats, {
        period: JUNE_2022,
        manualItems: [
          { id: 'm1', metric: 'manual_assessment', day: '2022-06-10', amountFen: 1_200_000, reason: '扣分' },
        ],
      });
    expect(run).toThrow(SettlementInputError);
    try {
      run();
    } catch (e) {
      expect((e as SettlementInputError).fields).toEqual({
        'manualItems.0.amountFen': "must be between 100000 and 1000000 fen (rule 'assessment_markdown')",
      });
    }
  });

  it('needs an amount for a manual assessment item', () => {
    expect(() =>
      settle(haidianSeats, {
        period: JUNE_2022,
        manualItems: [{ id: 'm1', metric: 'manual_assessment', day: '2022-06-10', reason: 'x' }],
      }),
    ).toThrow(
      expect.objectContaining({ fields: { 'manualItems.0.amountFen': "required by rule 'assessment_markdown'" } }),
    );
  });
});

describe('settle — input errors (the service answers 400)', () => {
  const fieldsOf = (input: SettlementInput, contract: Contract = haidianSeats) => {
    try {
      settle(contract, input);
    } catch (e) {
      if (e instanceof SettlementInputError) return e.fields;
      throw e;
    }
    throw new Error('expected a SettlementInputError');
  };

  it('names an unknown metric', () => {
    expect(
      fieldsOf({
        period: JUNE_2022,
        facts: [{ id: 'f1', metric: 'naps' as never, day: '2022-06-01', quantity: 1, label: 'x' }],
      }),
    ).toEqual({
      'facts.0.metric': "unknown metric 'naps'",
    });
  });

  it('refuses fee metrics and seat metrics as facts', () => {
    const f = fieldsOf({
      period: JUNE_2022,
      facts: [fact('f1', 'device_days' as never, '2022-06-01'), fact('f2', 'seat_gap_person_days', '2022-06-01')],
    });
    expect(f).toEqual({
      'facts.0.metric': "metric 'device_days' is not entered as a fact",
      'facts.1.metric': "metric 'seat_gap_person_days' is not entered as a fact",
    });
  });

  it('names slots of requirements the contract does not have, duplicates and bad numbers', () => {
    const f = fieldsOf({
      period: JUNE_2022,
      slots: [
        slot('2022-06-01', 'weekend', 6, 6),
        slot('2022-06-02', 'night', 4, 4),
        slot('2022-06-02', 'night', 4, 3),
      ],
      facts: [fact('f1', 'breaches', '2022-06-01', -1), fact('f1', 'breaches', '2022-06-02')],
    });
    expect(f).toEqual({
      'facts.0.quantity': 'must not be negative',
    });
    const g = fieldsOf({
      period: JUNE_2022,
      slots: [
        slot('2022-06-01', 'weekend', 6, 6),
        slot('2022-06-02', 'night', 4, 4),
        slot('2022-06-02', 'night', 4, 3),
      ],
      facts: [fact('f1', 'breaches', '2022-06-01'), fact('f1', 'breaches', '2022-06-02')],
    });
    expect(g).toEqual({
      'slots.0.requirementId': "no staffing requirement 'weekend' in this contract",
      'slots.2': 'second row for 2022-06-02/night',
      'facts.1.id': "duplicate id 'f1'",
    });
  });

  it('rejects a period that ends before it starts or misses the contract', () => {
    expect(fieldsOf({ period: { from: '2022-06-30', to: '2022-06-01' } })).toEqual({
      'period.to': 'ends before it starts',
    });
    expect(fieldsOf({ period: { from: '2024-01-01', to: '2024-01-31' } })).toEqual({
      period: 'outside the contract period 2022-04-01 – 2023-03-31',
    });
  });
});

describe('settle — statement rules', () => {
  it('never pays less than zero; what the gross cannot absorb is shown', () => {
    const slots = Array.from({ length: 30 }, (_, i) =>
      slot(`2022-06-${String(i + 1).padStart(2, '0')}`, 'workday_day', 48, 0),
    );
    const s = settle(haidianSeats, { period: JUNE_2022, slots, facts: [fact('b1', 'breaches', '2022-06-30')] });
    // 30 × 48 × ¥300 + 5 % × ¥6,695,568
    expect(s.deductionsFen).toBe(30 * 48 * 30_000 + 33_477_840);
    expect(s.payableFen).toBe(0);
    expect(s.excessDeductionsFen).toBe(s.deductionsFen - s.grossFen);
  });

  it('clips the period to the contract', () => {
    const s = settle(haidianSeats, { period: { from: '2023-03-01', to: '2023-04-30' } });
    expect(s.covered).toEqual({ from: '2023-03-01', to: '2023-03-31' });
    expect(s.period).toEqual({ from: '2023-03-01', to: '2023-04-30' });
  });

  it('splits the fee so that the twelve months add up to the contract total exactly', () => {
    const months = [
      '2022-04',
      '2022-05',
      '2022-06',
      '2022-07',
      '2022-08',
      '2022-09',
      '2022-10',
      '2022-11',
      '2022-12',
      '2023-01',
      '2023-02',
      '2023-03',
    ];
    const end = (m: string) =>
      new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5)), 0)).toISOString().slice(0, 10);
    const total = months.reduce(
      (sum, m) => sum + settle(haidianSeats, { period: { from: `${m}-01`, to: end(m) } }).grossFen,
      0,
    );
    expect(total).toBe(haidianSeats.totalFen);
    expect(settle(haidianSeats, { period: haidianSeats.period }).grossFen).toBe(669_556_800);
  });

  it('lists rows no rule counts, and rows outside the period', () => {
    const s = settle(haidianSeats, {
      period: JUNE_2022,
      slots: [slot('2022-07-01', 'workday_day', 48, 40)],
      facts: [fact('mistake-1', 'handling_mistakes', '2022-06-03')],
      devices: [{ id: 'd1', label: 'device', from: '2022-06-01', to: null }],
    });
    expect(s.ignored).toEqual([
      { list: 'devices', ref: 'd1', reason: '本合同不按设备计费' },
      { list: 'facts', ref: 'mistake-1', reason: '本合同没有计“handling_mistakes”的规则' },
      { list: 'slots', ref: '2022-07-01/workday_day', reason: '不在结算期间内' },
    ]);
  });
});
