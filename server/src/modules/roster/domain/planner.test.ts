import type { StaffingRequirement } from '../../contracts/domain/types';
import { checkRoster } from './constraints';
import { dayTypeFromCalendar } from './coverage';
import { type PlanInput, autoPlan } from './planner';
import { type Assignment, DEFAULT_TEMPLATES, daysBetween } from './shifts';

// Haidian 12345 seats (contract 003): 48 seats on working days, 4 at night every day, 6 by day on rest days.
const HAIDIAN: StaffingRequirement[] = [
  { id: 'workday_day', label: '工作日白班', dayTypes: ['workday'], start: '09:00', end: '18:00', seats: 48 },
  { id: 'night', label: '夜班', dayTypes: ['workday', 'restday', 'holiday'], start: '18:00', end: '09:00', seats: 4 },
  { id: 'restday_day', label: '休息日白班', dayTypes: ['restday', 'holiday'], start: '09:00', end: '18:00', seats: 6 },
];
const small = (workday: number, night: number, restday: number) =>
  HAIDIAN.map((r) => ({ ...r, seats: r.id === 'night' ? night : r.id === 'workday_day' ? workday : restday }));

// 2026 State Council notice: 国庆节 10-01 … 10-07, make-up workday Saturday 10-10 (and Sunday 09-20).
const dayType = dayTypeFromCalendar({
  holidayName: (d) =>
    d >= '2026-10-01' && d <= '2026-10-07' ? '国庆节' : d >= '2026-09-25' && d <= '2026-09-27' ? '中秋节' : null,
  isWorkingDay: (d) => {
    if (d === '2026-10-10' || d === '2026-09-20') return true;
    const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
    return wd !== 0 && wd !== 6;
  },
});
const OCTOBER = daysBetween('2026-10-01', '2026-10-31');
const agents = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `a${String(i + 1).padStart(2, '0')}`, name: `坐席${i + 1}` }));
const base = (over: Partial<PlanInput>): PlanInput => ({
  agents: agents(10),
  days: OCTOBER,
  dayType,
  requirements: HAIDIAN,
  templates: DEFAULT_TEMPLATES,
  ...over,
});
const violations = (input: PlanInput, assignments: Assignment[]) =>
  checkRoster({ ...input, assignments }).filter((v) => v.code !== 'COVERAGE_GAP');

describe('autoPlan on a real month (October 2026, Haidian seats)', () => {
  // Plan September first so October starts with real rest and run context, as the service will.
  const september = autoPlan(base({ agents: agents(60), days: daysBetween('2026-09-01', '2026-09-30') }));
  const previous = september.assignments.filter((a) => a.day >= '2026-09-24');
  const input = base({ agents: agents(60), previous });
  const plan = autoPlan(input);

  it('staffs every seat with 60 agents and breaks no rule', () => {
    expect(september.gaps).toEqual([]);
    expect(plan.gaps).toEqual([]);
    // 18 workdays × 48 + 31 nights × 4 + 13 rest/holiday days × 6
    expect(plan.stats).toMatchObject({ requiredSeats: 1066, staffedSeats: 1066, missingSeats: 0, planned: 1066 });
    expect(checkRoster({ ...input, assignments: plan.assignments })).toEqual([]);
  });

  it('spreads nights, weekend days, holiday days and shifts within one of each other', () => {
    const { nights, weekends, holidays, shifts } = plan.fairness;
    for (const s of [nights, weekends, holidays, shifts]) expect(s.spread).toBeLessThanOrEqual(1);
    // 124 nights over 60 agents: 2 or 3 each
    expect([nights.min, nights.max]).toEqual([2, 3]);
    expect(plan.fairness.perAgent.reduce((s, p) => s + p.nights, 0)).toBe(124);
    expect(plan.fairness.perAgent.reduce((s, p) => s + p.holidays, 0)).toBe(70);
  });

  it('staffs the 09:00–18:00 seats with the template that spans them', () => {
    expect(new Set(plan.assignments.map((a) => a.templateCode))).toEqual(new Set(['day', 'night', 'duty']));
  });

  it('is deterministic, whatever the order of the agents', () => {
    const again = autoPlan({ ...input, agents: [...input.agents].reverse() });
    expect(again).toEqual(plan);
  });
});

describe('autoPlan when coverage is impossible', () => {
  it('reports the seats nobody may take: 3 agents for 4 night seats', () => {
    const input = base({
      agents: agents(3),
      days: daysBetween('2026-10-12', '2026-10-14'),
      requirements: small(0, 4, 0),
    });
    const plan = autoPlan(input);
    // Day 1: all three on nights. Day 2: an 18:00 night 9 h after the last one ended breaks the 11 h rest: nobody.
    // Day 3: 33 h of rest, all three again.
    expect(plan.gaps).toEqual([
      { day: '2026-10-12', requirementId: 'night', missing: 1 },
      { day: '2026-10-13', requirementId: 'night', missing: 4 },
      { day: '2026-10-14', requirementId: 'night', missing: 1 },
    ]);
    expect(plan.stats).toMatchObject({ requiredSeats: 12, staffedSeats: 6, missingSeats: 6 });
    expect(violations(input, plan.assignments)).toEqual([]);
  });

  it('keeps to the rules with 50 agents on the full month and reports what is left', () => {
    const input = base({ agents: agents(50) });
    const plan = autoPlan(input);
    // A working day needs 48 + 4 on shift and the 4 from last night off: 56 people.
    expect(plan.gaps.length).toBeGreaterThan(0);
    expect(plan.gaps.every((g) => g.requirementId === 'workday_day')).toBe(true);
    expect(violations(input, plan.assignments)).toEqual([]);
    expect(plan.stats.missingSeats).toBe(plan.gaps.reduce((s, g) => s + g.missing, 0));
  });
});

describe('autoPlan inputs', () => {
  const week = daysBetween('2026-10-12', '2026-10-18');

  it('respects approved leave', () => {
    const leave = [{ agentId: 'a01', from: '2026-10-12', to: '2026-10-14' }];
    const input = base({ days: week, requirements: small(4, 1, 2), leave });
    const plan = autoPlan(input);
    expect(plan.gaps).toEqual([]);
    expect(plan.assignments.filter((a) => a.agentId === 'a01' && a.day <= '2026-10-14')).toEqual([]);
    expect(plan.fairness.perAgent.find((p) => p.agentId === 'a01')?.availableDays).toBe(4);
    expect(violations(input, plan.assignments)).toEqual([]);
  });

  it('keeps fixed assignments as they are and counts them', () => {
    const fixed: Assignment[] = [
      { id: 'f1', agentId: 'a05', day: '2026-10-01', templateCode: 'duty24' }, // fills a day and a night seat
      { id: 'f2', agentId: 'a06', day: '2026-10-12', templateCode: 'early' },
    ];
    const input = base({ days: ['2026-10-01', '2026-10-12'], requirements: small(3, 2, 2), fixed });
    const plan = autoPlan(input);
    expect(plan.assignments).toEqual(expect.arrayContaining(fixed));
    const on = (day: string, code: string) => plan.assignments.filter((a) => a.day === day && a.templateCode === code);
    expect([on('2026-10-01', 'night').length, on('2026-10-01', 'duty').length, on('2026-10-12', 'day').length]).toEqual(
      [1, 1, 2],
    );
    // 10-01: 1 night + 1 duty; 10-12: 2 day + 2 nights
    expect(plan.stats).toMatchObject({ fixed: 2, planned: 6, missingSeats: 0 });
    // the fixed agent is not given a second shift that day
    expect(plan.assignments.filter((a) => a.agentId === 'a05' && a.day === '2026-10-01')).toHaveLength(1);
  });

  it('checks the first days against the previous month', () => {
    const previous: Assignment[] = [
      { agentId: 'a01', day: '2026-10-11', templateCode: 'night' },
      ...daysBetween('2026-10-06', '2026-10-11').map((day) => ({ agentId: 'a02', day, templateCode: 'duty' })),
    ];
    // 8 of 10 agents are needed on the first day: a01 (night before) and a02 (6 days in a row) are the two left out.
    const input = base({ days: ['2026-10-12'], requirements: small(8, 0, 0), previous });
    const plan = autoPlan(input);
    expect(plan.gaps).toEqual([]);
    expect(plan.assignments.map((a) => a.agentId).sort()).toEqual([
      'a03',
      'a04',
      'a05',
      'a06',
      'a07',
      'a08',
      'a09',
      'a10',
    ]);
    expect(violations(input, plan.assignments)).toEqual([]);
  });

  it('cycles the templates given for a requirement over its seats', () => {
    const plan = autoPlan(
      base({
        days: ['2026-10-12'],
        requirements: small(6, 0, 0),
        templatesFor: { workday_day: ['early', 'late', 'day'] },
      }),
    );
    expect(plan.assignments.map((a) => a.templateCode).sort()).toEqual([
      'day',
      'day',
      'early',
      'early',
      'late',
      'late',
    ]);
  });

  it('rejects an unknown template code', () => {
    expect(() => autoPlan(base({ days: week, templatesFor: { night: ['siesta'] } }))).toThrow(/siesta/);
  });
});
