// The five seed contracts are valid documents and carry the numbers of their texts.
import { FACT_METRICS } from './contract';
import { daysInclusive } from './days';
import { validateContract } from './schema';
import {
  SEED_CONTRACTS,
  chaoyangCaseHandling,
  haidianSeats,
  xianAssessment,
  xichengOneKeyCall,
  xichengSupervision,
} from './seeds';

describe('seed contracts', () => {
  it.each(SEED_CONTRACTS.map((c) => [c.code, c] as const))('%s passes the schema', (_code, contract) => {
    const r = validateContract(JSON.parse(JSON.stringify(contract)));
    if (!r.ok) throw new Error(JSON.stringify(r.fields, null, 2));
    expect(r.value).toEqual(contract);
  });

  it('have distinct codes and cite a clause of their own text for every rule', () => {
    expect(new Set(SEED_CONTRACTS.map((c) => c.code)).size).toBe(5);
    for (const c of SEED_CONTRACTS) {
      const prefix = c.document!.slice(0, 3);
      for (const r of c.rules) expect(r.source.startsWith(`${prefix} `)).toBe(true);
    }
  });

  it('explain every assumed number', () => {
    for (const c of SEED_CONTRACTS) {
      const assumed = [...c.rules, ...c.staffing, ...(c.attendance ? [c.attendance] : [])].filter((x) => x.assumed);
      for (const a of assumed) expect(a.note).toBeTruthy();
    }
  });

  it('Haidian: the staffing the roster plans against', () => {
    expect(
      haidianSeats.staffing.map(({ id, dayTypes, start, end, seats }) => ({ id, dayTypes, start, end, seats })),
    ).toEqual([
      { id: 'workday_day', dayTypes: ['workday'], start: '09:00', end: '18:00', seats: 48 },
      { id: 'night', dayTypes: ['workday', 'restday', 'holiday'], start: '18:00', end: '09:00', seats: 4 },
      { id: 'restday_day', dayTypes: ['restday', 'holiday'], start: '09:00', end: '18:00', seats: 6 },
    ]);
    expect(haidianSeats.staffing.find((s) => s.id === 'night')?.assumed).toBe(true);
  });

  it('Haidian: four quarterly instalments of ¥1,641,000 and a final ≤ ¥131,568 add up to the total', () => {
    const fixed = haidianSeats.paymentSchedule.reduce((s, p) => s + (p.amount.kind === 'fixed' ? p.amount.fen : 0), 0);
    const final = haidianSeats.paymentSchedule.find((p) => p.amount.kind === 'balance');
    expect(fixed + (final?.maxFen ?? 0)).toBe(haidianSeats.totalFen);
    expect(haidianSeats.totalFen).toBe(669_556_800);
  });

  it('Haidian: staff requirements of §四(二)', () => {
    const s = haidianSeats.staffRequirements;
    expect(s.headCount?.min).toBe(48);
    expect(s.education).toEqual([expect.objectContaining({ level: 'bachelor', minPercent: 60 })]);
    expect(s.trainings).toEqual([expect.objectContaining({ per: 'week', min: 1 })]);
    expect(s.exams).toEqual([expect.objectContaining({ per: 'month', min: 1 })]);
  });

  it('Chaoyang: team of 25, 40 % bachelor / 100 % college, 18 analysis reports, 20-day replacement', () => {
    const s = chaoyangCaseHandling.staffRequirements;
    expect(s.headCount?.min).toBe(25);
    expect(s.education.map((e) => [e.level, e.minPercent])).toEqual([
      ['bachelor', 40],
      ['college', 100],
    ]);
    // 12 monthly + 4 quarterly + 1 half-year + 1 annual (the second half-year is covered by the annual one)
    const inOneYear = { month: 12, quarter: 4, half_year: 1, year: 1 } as Record<string, number>;
    const analysis = s.reports.filter((r) => r.id.startsWith('analysis_'));
    expect(analysis.reduce((n, r) => n + inOneYear[r.per], 0)).toBe(18);
    expect(analysis[0]).toMatchObject({ dueWithinDays: 10, dueDayKind: 'calendar' });
    expect(s.replacement).toMatchObject({ withinDays: 20, dayKind: 'calendar' });
    expect(s.turnover?.maxQuarterlyPercent).toBe(15);
  });

  it('Xicheng one-key call: per-device fee over a 365-day term, capped at the provisional total', () => {
    expect(xichengOneKeyCall.fee).toMatchObject({ kind: 'per_device_year', unitFen: 3_990, capFen: 199_500_000 });
    expect(daysInclusive(xichengOneKeyCall.period.from, xichengOneKeyCall.period.to)).toBe(365);
  });

  it('Xi’an: ¥78 / ¥108 per assessment capped at ¥666,600; Xicheng supervision capped by its budget', () => {
    expect(xianAssessment.fee).toMatchObject({
      kind: 'per_unit',
      prices: [
        expect.objectContaining({ unit: 'institution', unitFen: 7_800 }),
        expect.objectContaining({ unit: 'individual', unitFen: 10_800 }),
      ],
      capFen: 66_660_000,
    });
    expect(xichengSupervision.totalFen).toBe(136_800_000);
  });

  it('use only metrics the engine can count', () => {
    const countable = new Set<string>([
      ...FACT_METRICS,
      'seat_gap_person_days',
      'unattended_incidents',
      'manual_assessment',
    ]);
    for (const c of SEED_CONTRACTS) for (const r of c.rules) expect(countable.has(r.metric)).toBe(true);
  });
});
