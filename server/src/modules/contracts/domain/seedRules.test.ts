// One hand-computed example per money rule of each seed contract (the figures of /work/shared/seeds/README.md).
import type { Contract } from './contract';
import type { Assessment, Device, Fact, SettlementInput } from './input';
import { SettlementInputError } from './input';
import { chaoyangCaseHandling, haidianSeats, xianAssessment, xichengOneKeyCall, xichengSupervision } from './seeds';
import { settle } from './settlement';
import type { Statement } from './statement';

const fact = (id: string, metric: Fact['metric'], day: string, quantity = 1): Fact => ({
  id,
  metric,
  day,
  quantity,
  label: id,
});
const whole = (c: Contract) => ({ from: c.period.from, to: c.period.to });
const line = (s: Statement, ruleId: string) => {
  const found = s.lines.filter((l) => l.ruleId === ruleId);
  if (found.length !== 1) throw new Error(`expected one line of '${ruleId}', got ${found.length}`);
  return found[0];
};
const settleWhole = (c: Contract, input: Omit<SettlementInput, 'period'>) => settle(c, { period: whole(c), ...input });

describe('Haidian 12345 seats (003)', () => {
  // seat gap, unattended seat and the manual ¥1,000–10,000 assessment: settlement.test.ts (acceptance example)
  it('breach after the grace period → 5 % of ¥6,695,568 = ¥334,778.40', () => {
    const s = settleWhole(haidianSeats, { facts: [fact('b1', 'breaches', '2022-12-01')] });
    expect(line(s, 'breach_termination')).toMatchObject({
      count: 1,
      percent: 5,
      baseFen: 669_556_800,
      amountFen: 33_477_840,
      cappedFen: 33_477_840,
    });
  });

  it('confidentiality breach → 5 % of the total each time', () => {
    const s = settleWhole(haidianSeats, {
      facts: [
        fact('c1', 'confidentiality_breaches', '2022-05-01'),
        fact('c2', 'confidentiality_breaches', '2022-08-01'),
      ],
    });
    expect(line(s, 'confidentiality_breach')).toMatchObject({ count: 2, amountFen: 66_955_680 });
    expect(line(s, 'confidentiality_breach').formula).toBe('2 × 5% × ¥6,695,568.00 = ¥669,556.80');
  });

  it('a night and a holiday-day gap cost ¥300 per missing seat per day like a working day', () => {
    const s = settle(haidianSeats, {
      period: { from: '2022-10-01', to: '2022-10-31' },
      slots: [
        { day: '2022-10-01', requirementId: 'restday_day', required: 6, staffed: 5, agentIds: [], assignmentIds: [] },
        { day: '2022-10-01', requirementId: 'night', required: 4, staffed: 2, agentIds: [], assignmentIds: [] },
      ],
    });
    expect(line(s, 'seat_gap')).toMatchObject({ count: 3, amountFen: 90_000 });
  });
});

describe('Chaoyang 接诉即办 (004)', () => {
  it('1 training in the contract year (2 required) → ¥50,000', () => {
    const s = settleWhole(chaoyangCaseHandling, { facts: [fact('t1', 'trainings_below_required', '2026-05-20')] });
    expect(line(s, 'trainings')).toMatchObject({
      period: '2026-02-10/2027-02-09',
      measured: 1,
      required: 2,
      count: 1,
      amountFen: 5_000_000,
    });
    expect(line(s, 'trainings').formula).toBe('(应 2 − 实 1 = 1) × ¥50,000.00 = ¥50,000.00');
  });

  it('2 trainings → nothing; no training → ¥100,000', () => {
    const two = settleWhole(chaoyangCaseHandling, {
      facts: [
        fact('t1', 'trainings_below_required', '2026-05-20'),
        fact('t2', 'trainings_below_required', '2026-11-02'),
      ],
    });
    expect(line(two, 'trainings').cappedFen).toBe(0);
    expect(line(settleWhole(chaoyangCaseHandling, {}), 'trainings').cappedFen).toBe(10_000_000);
  });

  it('6 leavers in a quarter (4 allowed) → 2 × ¥10,000 = ¥20,000', () => {
    const s = settle(chaoyangCaseHandling, {
      period: { from: '2026-07-01', to: '2026-09-30' },
      facts: [fact('l1', 'quarterly_leavers', '2026-07-03', 2), fact('l2', 'quarterly_leavers', '2026-08-20', 4)],
    });
    expect(line(s, 'leavers')).toMatchObject({ period: '2026-Q3', measured: 6, count: 2, amountFen: 2_000_000 });
  });

  it('4 leavers in a quarter → nothing', () => {
    const s = settle(chaoyangCaseHandling, {
      period: { from: '2026-07-01', to: '2026-09-30' },
      facts: [fact('l1', 'quarterly_leavers', '2026-07-03', 4)],
    });
    expect(line(s, 'leavers').cappedFen).toBe(0);
  });

  it('2 missing management documents → 2 × ¥5,000 = ¥10,000', () => {
    const s = settle(chaoyangCaseHandling, {
      period: { from: '2026-03-01', to: '2026-03-31' },
      facts: [
        fact('doc-training', 'missing_documents', '2026-03-05'),
        fact('doc-security', 'missing_documents', '2026-03-05'),
      ],
    });
    expect(line(s, 'missing_documents')).toMatchObject({ period: 'contract', count: 2, amountFen: 1_000_000 });
  });

  it('handling mistakes ¥2,000, verified complaints ¥5,000, other violations ¥5,000 each', () => {
    const s = settle(chaoyangCaseHandling, {
      period: { from: '2026-04-01', to: '2026-04-30' },
      facts: [
        fact('m1', 'handling_mistakes', '2026-04-02', 3),
        fact('c1', 'verified_complaints', '2026-04-09'),
        fact('v1', 'other_violations', '2026-04-30'),
      ],
    });
    expect(line(s, 'handling_mistakes')).toMatchObject({ count: 3, amountFen: 600_000 });
    expect(line(s, 'verified_complaints')).toMatchObject({ count: 1, amountFen: 500_000 });
    expect(line(s, 'other_violations')).toMatchObject({ count: 1, amountFen: 500_000 });
    expect(s.deductionsFen).toBe(1_600_000);
  });

  // March 2026 fee: R(296,000,000 × 50/365) − R(296,000,000 × 19/365) = 40,547,945 − 15,408,219 = 25,139,726
  const MARCH_FEE = 25_139_726;

  it('late monthly work report → 2 % of the month’s fee = R(502,794.52) = ¥5,027.95', () => {
    const s = settle(chaoyangCaseHandling, {
      period: { from: '2026-03-01', to: '2026-03-31' },
      facts: [fact('r-2026-03', 'late_reports', '2026-03-06')],
    });
    expect(s.grossFen).toBe(MARCH_FEE);
    expect(line(s, 'late_reports')).toMatchObject({
      count: 1,
      percent: 2,
      baseFen: MARCH_FEE,
      amountFen: 502_795,
      assumed: true,
    });
  });

  it('replacement not in place within 20 days → 2 % of the month’s fee', () => {
    const s = settle(chaoyangCaseHandling, {
      period: { from: '2026-03-01', to: '2026-03-31' },
      facts: [fact('rep-1', 'late_replacements', '2026-03-25')],
    });
    expect(line(s, 'late_replacements')).toMatchObject({ amountFen: 502_795 });
  });

  it('the first, partial month starts on 2026-02-10: 19 days → R(296,000,000 × 19/365) = ¥154,082.19', () => {
    const s = settle(chaoyangCaseHandling, { period: { from: '2026-02-01', to: '2026-02-28' } });
    expect(s.covered).toEqual({ from: '2026-02-10', to: '2026-02-28' });
    expect(s.grossFen).toBe(15_408_219);
  });
});

describe('Xicheng one-key call (001)', () => {
  const device = (id: string, from: string, to: string | null): Device => ({ id, label: `终端 ${id}`, from, to });

  it('a device in use 73 days of the 365-day term → ¥39.9 × 73 ÷ 365 = ¥7.98', () => {
    const s = settleWhole(xichengOneKeyCall, { devices: [device('D1', '2025-07-24', '2025-10-04')] });
    expect(s.fee.lines).toEqual([
      {
        metric: 'device_days',
        label: '正常使用的设备',
        count: 73,
        unitFen: 3_990,
        formula: '¥39.90 × 73 设备·天 ÷ 365 天',
        amountFen: 798,
        evidence: [
          {
            kind: 'device',
            ref: 'D1',
            day: '2025-07-24',
            label: '终端 D1：正常使用 73 天（2025-07-24 至 2025-10-04）',
          },
        ],
      },
    ]);
    expect(s.grossFen).toBe(798);
  });

  it('rounds the sum once: ten devices for one day → R(39,900 ÷ 365) = 109 fen, not 10 × 11', () => {
    const devices = Array.from({ length: 10 }, (_, i) => device(`D${i}`, '2025-09-01', '2025-09-01'));
    expect(settleWhole(xichengOneKeyCall, { devices }).grossFen).toBe(109);
  });

  it('a device still in use counts to the end of the statement period', () => {
    const s = settle(xichengOneKeyCall, {
      period: { from: '2025-09-01', to: '2025-09-30' },
      devices: [device('D1', '2025-08-15', null)],
    });
    expect(s.fee.lines[0].count).toBe(30);
    expect(s.grossFen).toBe(328); // R(3,990 × 30 ÷ 365) = R(327.95)
  });

  it('50,001 devices for the whole year exceed the cap → ¥1,995,000', () => {
    const devices = Array.from({ length: 50_001 }, (_, i) => device(`D${i}`, '2025-07-24', null));
    const s = settleWhole(xichengOneKeyCall, { devices });
    expect(s.fee).toMatchObject({ amountFen: 199_503_990, capFen: 199_500_000, cappedFen: 199_500_000 });
    expect(s.fee.capNote).toBe('封顶 ¥1,995,000.00：服务费上限 ¥1,995,000.00 − 此前已结算 ¥0.00');
  });

  it('the cap applies to the running total of the contract', () => {
    const devices = Array.from({ length: 2_000 }, (_, i) => device(`D${i}`, '2025-07-24', null));
    // R(3,990 × 2,000 × 31 ÷ 365) = R(677,753.42) = 677,753 fen, but only ¥5,000 of the cap is left
    const s = settle(xichengOneKeyCall, {
      period: { from: '2026-03-01', to: '2026-03-31' },
      devices,
      priorGrossFen: 199_000_000,
    });
    expect(s.fee).toMatchObject({ amountFen: 677_753, capFen: 500_000, cappedFen: 500_000 });
  });

  it('3 days late → 3 × 5 ‰ × ¥1,995,000 = ¥29,925', () => {
    const s = settle(xichengOneKeyCall, {
      period: { from: '2025-10-01', to: '2025-10-31' },
      facts: [fact('monthly-report-2025-09', 'days_late', '2025-10-08', 3)],
    });
    expect(line(s, 'late_obligation')).toMatchObject({ count: 3, perMille: 5, amountFen: 2_992_500 });
    expect(line(s, 'late_obligation').formula).toBe('3 天 × 5‰ × ¥1,995,000.00 = ¥29,925.00');
  });

  it('termination → 10 % of the total = ¥199,500', () => {
    const s = settleWhole(xichengOneKeyCall, { facts: [fact('t', 'breaches', '2026-05-01')] });
    expect(line(s, 'termination').amountFen).toBe(19_950_000);
  });
});

describe('Xi’an assessment (002)', () => {
  const assessments = (kind: Assessment['kind'], n: number, day = '2025-09-01'): Assessment[] =>
    Array.from({ length: n }, (_, i) => ({ id: `${kind}-${i}`, kind, day }));

  it('10 institution + 5 individual assessments → 10 × ¥78 + 5 × ¥108 = ¥1,320', () => {
    const s = settleWhole(xianAssessment, {
      assessments: [...assessments('institution', 10), ...assessments('individual', 5)],
    });
    expect(s.fee.lines.map((l) => [l.label, l.count, l.amountFen])).toEqual([
      ['机构评估', 10, 78_000],
      ['个人评估', 5, 54_000],
    ]);
    expect(s.grossFen).toBe(132_000);
  });

  it('5,000 individual + 3,000 institution → ¥774,000, capped at ¥666,600', () => {
    const s = settleWhole(xianAssessment, {
      assessments: [...assessments('individual', 5_000), ...assessments('institution', 3_000)],
    });
    expect(s.fee).toMatchObject({ amountFen: 77_400_000, cappedFen: 66_660_000 });
    expect(s.grossFen).toBe(66_660_000);
  });

  it('unapproved assessor change → 5 % of the total per time', () => {
    const s = settleWhole(xianAssessment, {
      facts: [
        fact('c1', 'unapproved_staff_changes', '2025-08-01'),
        fact('c2', 'unapproved_staff_changes', '2025-10-01'),
      ],
    });
    expect(line(s, 'unapproved_assessor_change')).toMatchObject({ count: 2, amountFen: 6_666_000 });
  });

  it('lost recordings → 15 % of the total, once (capped), assessed at the end of the contract', () => {
    const s = settleWhole(xianAssessment, {
      facts: [fact('v1', 'lost_recordings', '2025-08-01'), fact('v2', 'lost_recordings', '2025-12-01')],
    });
    expect(line(s, 'lost_recordings')).toMatchObject({
      count: 2,
      amountFen: 19_998_000,
      cappedFen: 9_999_000,
      capNote: '封顶 ¥99,990.00（合同总额的 15%）',
    });
    const october = settle(xianAssessment, { period: { from: '2025-10-01', to: '2025-10-31' } });
    expect(october.deferred.map((d) => d.ruleId)).toEqual(['lost_recordings']);
  });

  it('performance shortfall entered by the client → deducted as entered', () => {
    const s = settleWhole(xianAssessment, {
      manualItems: [
        {
          id: 'perf-2026',
          metric: 'manual_assessment',
          day: '2026-03-31',
          amountFen: 2_000_000,
          reason: '年度绩效考核不达标',
        },
      ],
    });
    expect(line(s, 'performance_shortfall')).toMatchObject({ count: 1, amountFen: 2_000_000 });
  });

  it('termination → 15 % of the total', () => {
    expect(
      line(settleWhole(xianAssessment, { facts: [fact('t', 'breaches', '2025-12-01')] }), 'termination').amountFen,
    ).toBe(9_999_000);
  });

  it('rejects an assessment of a kind the contract does not price', () => {
    const contract: Contract = {
      ...xianAssessment,
      fee: {
        ...xianAssessment.fee,
        prices: [{ unit: 'institution', label: '机构评估', unitFen: 7_800 }],
      } as Contract['fee'],
    };
    expect(() => settleWhole(contract, { assessments: assessments('individual', 1) })).toThrow(SettlementInputError);
  });
});

describe('Xicheng supervision (000)', () => {
  it('the whole term grosses exactly the budget ¥1,368,000', () => {
    expect(settleWhole(xichengSupervision, {}).grossFen).toBe(136_800_000);
  });

  it('acceptance shortfall entered by the client → deducted; breach termination → 10 % = ¥136,800', () => {
    const s = settleWhole(xichengSupervision, {
      manualItems: [
        {
          id: 'acc-1',
          metric: 'manual_assessment',
          day: '2026-06-05',
          amountFen: 5_000_000,
          reason: '验收：助餐数据服务未完成',
        },
      ],
      facts: [fact('t', 'breaches', '2026-01-10')],
    });
    expect(line(s, 'acceptance_shortfall').amountFen).toBe(5_000_000);
    expect(line(s, 'termination').amountFen).toBe(13_680_000);
    expect(s.payableFen).toBe(136_800_000 - 5_000_000 - 13_680_000);
  });

  it('an acceptance reduction of 0 is outside its range', () => {
    expect(() =>
      settleWhole(xichengSupervision, {
        manualItems: [{ id: 'a', metric: 'manual_assessment', day: '2026-06-05', amountFen: 0, reason: 'x' }],
      }),
    ).toThrow(SettlementInputError);
  });
});
