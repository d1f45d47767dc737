import type { StaffingRequirement } from '../../contracts/domain/types';
import { AgentSchedule, type CheckInput, DEFAULT_RULES, checkRoster, placeShift } from './constraints';
import { type Assignment, DEFAULT_TEMPLATES, type ShiftTemplate, addDays, daysBetween, templateMap } from './shifts';

const a = (day: string, templateCode: string, id?: string, agentId = 'a1'): Assignment => ({
  id: id ?? `${agentId}-${day}-${templateCode}`,
  agentId,
  day,
  templateCode,
});
const check = (assignments: Assignment[], extra: Partial<CheckInput> = {}) =>
  checkRoster({ assignments, templates: DEFAULT_TEMPLATES, ...extra });
const codes = (assignments: Assignment[], extra: Partial<CheckInput> = {}) =>
  check(assignments, extra).map((v) => v.code);
const run = (from: string, n: number, code: string) => daysBetween(from, addDays(from, n - 1)).map((d) => a(d, code));

describe('checkRoster: one rule at a time', () => {
  it('accepts a clean week', () => {
    const week = [...run('2026-10-12', 5, 'day'), a('2026-10-17', 'night')];
    expect(check(week)).toEqual([]);
  });

  it('OVERLAP: a night and the next morning’s early shift (08:00 < 09:00), no MIN_REST on top', () => {
    const v = check([a('2026-10-12', 'night', 'n'), a('2026-10-13', 'early', 'e')]);
    expect(v.map((x) => [x.code, x.day, x.assignmentIds.join()])).toEqual([
      ['DAY_AFTER_NIGHT', '2026-10-13', 'n,e'],
      ['OVERLAP', '2026-10-13', 'n,e'],
    ]);
  });

  it('OVERLAP: the same shift twice', () => {
    expect(codes([a('2026-10-12', 'day', 'x'), a('2026-10-12', 'day', 'y')])).toEqual(['OVERLAP']);
  });

  it('MIN_REST: 9 h between two 18:00–09:00 nights', () => {
    const v = check([a('2026-10-12', 'night'), a('2026-10-13', 'night')]);
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ code: 'MIN_REST', day: '2026-10-13', days: ['2026-10-12', '2026-10-13'] });
    expect(v[0].message).toContain('9 h < 11 h');
  });

  it('MIN_REST: 10 h from a late shift (ends 18:00) to a 04:00 start; 11 h is enough', () => {
    const dawn: ShiftTemplate = {
      code: 'dawn',
      name: '',
      start: '04:00',
      end: '12:00',
      kind: 'day',
      covers: [],
      countsAsWork: true,
    };
    const five: ShiftTemplate = { ...dawn, code: 'five', start: '05:00', end: '13:00' };
    const templates = [...DEFAULT_TEMPLATES, dawn, five];
    expect(
      checkRoster({ assignments: [a('2026-10-12', 'late'), a('2026-10-13', 'dawn')], templates }).map((v) => v.code),
    ).toEqual(['MIN_REST']);
    expect(checkRoster({ assignments: [a('2026-10-12', 'late'), a('2026-10-13', 'five')], templates })).toEqual([]);
  });

  it('MIN_REST ignores standby, which is not work', () => {
    // standby 09:00–09:00 ends as the day shift starts: 0 h rest would break the rule between work shifts
    expect(codes([a('2026-10-12', 'standby'), a('2026-10-13', 'day')])).toEqual([]);
    expect(codes([a('2026-10-12', 'standby'), a('2026-10-13', 'early')])).toEqual(['OVERLAP']);
  });

  it('DAY_AFTER_NIGHT on its own when the rest rule is relaxed', () => {
    const rules = { minRestHours: 1 };
    expect(codes([a('2026-10-12', 'night'), a('2026-10-13', 'late')], { rules })).toEqual(['DAY_AFTER_NIGHT']);
    // a night two days earlier is fine
    expect(codes([a('2026-10-11', 'night'), a('2026-10-13', 'late')], { rules })).toEqual([]);
    // switched off
    expect(
      codes([a('2026-10-12', 'night'), a('2026-10-13', 'late')], { rules: { ...rules, forbidDayAfterNight: false } }),
    ).toEqual([]);
  });

  it('DAY_AFTER_NIGHT after a 24 h holiday duty too', () => {
    expect(codes([a('2026-10-01', 'duty24'), a('2026-10-02', 'day')])).toEqual(['DAY_AFTER_NIGHT', 'MIN_REST']);
  });

  it('MAX_CONSECUTIVE_NIGHTS: 4 nights in a row break a limit of 3 (with night blocks allowed)', () => {
    const rules = { minRestHours: 9 };
    expect(codes(run('2026-10-12', 3, 'night'), { rules })).toEqual([]);
    const v = check(run('2026-10-12', 4, 'night'), { rules });
    expect(v.map((x) => [x.code, x.day, x.days.length, x.assignmentIds.length])).toEqual([
      ['MAX_CONSECUTIVE_NIGHTS', '2026-10-15', 4, 4],
    ]);
  });

  it('MAX_CONSECUTIVE_WORK_DAYS: the 7th day in a row, once per run', () => {
    expect(codes(run('2026-10-12', 6, 'day'))).toEqual([]);
    const v = check(run('2026-10-12', 8, 'day'));
    expect(v.map((x) => [x.code, x.day, x.days.length])).toEqual([['MAX_CONSECUTIVE_WORK_DAYS', '2026-10-18', 8]]);
  });

  it('MAX_CONSECUTIVE_WORK_DAYS: standby breaks a run, the morning after a night is a day off', () => {
    const standby = [...run('2026-10-12', 3, 'day'), a('2026-10-15', 'standby'), ...run('2026-10-16', 4, 'day')];
    expect(codes(standby)).toEqual([]);
    const afterNight = [...run('2026-10-12', 3, 'day'), a('2026-10-15', 'night'), ...run('2026-10-17', 4, 'day')];
    expect(codes(afterNight)).toEqual([]);
  });

  it('counts the previous month for runs and rest, but only reports this roster’s shifts', () => {
    const previous = run('2026-09-27', 4, 'day'); // 09-27 … 09-30
    const v = check(run('2026-10-01', 3, 'day'), { previous });
    expect(v.map((x) => [x.code, x.day, x.assignmentIds.length])).toEqual([
      ['MAX_CONSECUTIVE_WORK_DAYS', '2026-10-03', 3],
    ]);
    // a violation inside the previous month alone is not this roster's
    expect(check([a('2026-10-10', 'day')], { previous: run('2026-09-01', 10, 'day') })).toEqual([]);
    const afterNight = check([a('2026-10-01', 'day', 'mine')], { previous: [a('2026-09-30', 'night', 'old')] });
    expect(afterNight.map((x) => [x.code, x.assignmentIds])).toEqual([
      ['DAY_AFTER_NIGHT', ['mine']],
      ['MIN_REST', ['mine']],
    ]);
  });

  it('ON_LEAVE: a shift starting inside approved leave, both ends included', () => {
    const leave = [{ agentId: 'a1', from: '2026-10-13', to: '2026-10-14' }];
    const v = check([a('2026-10-12', 'day'), a('2026-10-13', 'day'), a('2026-10-14', 'day'), a('2026-10-15', 'day')], {
      leave,
    });
    expect(v.map((x) => [x.code, x.day])).toEqual([
      ['ON_LEAVE', '2026-10-13'],
      ['ON_LEAVE', '2026-10-14'],
    ]);
    expect(codes([a('2026-10-13', 'day', 'x', 'a2')], { leave })).toEqual([]);
  });

  it('COVERAGE_GAP per day and requirement, with the arithmetic in the message', () => {
    const requirements: StaffingRequirement[] = [
      {
        id: 'night',
        label: '夜班',
        dayTypes: ['workday', 'restday', 'holiday'],
        start: '18:00',
        end: '09:00',
        seats: 2,
      },
    ];
    const v = check(
      [
        a('2026-10-12', 'night', 'n1', 'a1'),
        a('2026-10-12', 'night', 'n2', 'a2'),
        a('2026-10-13', 'night', 'n3', 'a3'),
      ],
      {
        requirements,
        days: ['2026-10-12', '2026-10-13', '2026-10-14'],
        dayType: () => 'workday',
      },
    );
    expect(v.map((x) => [x.code, x.day, x.agentId, x.message, x.assignmentIds.join()])).toEqual([
      ['COVERAGE_GAP', '2026-10-13', null, 'night: 1 of 2 planned, 1 missing', 'n3'],
      ['COVERAGE_GAP', '2026-10-14', null, 'night: 0 of 2 planned, 2 missing', ''],
    ]);
  });

  it('UNKNOWN_TEMPLATE', () => {
    expect(codes([a('2026-10-12', 'siesta')])).toEqual(['UNKNOWN_TEMPLATE']);
  });
});

describe('AgentSchedule.conflicts agrees with checkRoster', () => {
  const T = templateMap(DEFAULT_TEMPLATES);
  const rulesets = [
    DEFAULT_RULES,
    { ...DEFAULT_RULES, minRestHours: 1 },
    { ...DEFAULT_RULES, minRestHours: 9, maxConsecutiveNights: 1 },
  ];
  it.each(rulesets.map((r, i) => [i, r]))(
    'for every pair of templates on the same or adjacent days (rules #%i)',
    (_i, rules) => {
      for (const x of DEFAULT_TEMPLATES) {
        for (const y of DEFAULT_TEMPLATES) {
          for (const offset of [-1, 0, 1]) {
            const first = a('2026-10-12', x.code, 'x');
            const second = a(addDays('2026-10-12', offset), y.code, 'y');
            const s = new AgentSchedule('a1');
            s.add(placeShift(first, T.get(x.code)!));
            const incremental = s.conflicts(placeShift(second, T.get(y.code)!), rules).sort();
            const whole = [...new Set(check([first, second], { rules }).map((v) => v.code))].sort();
            expect([x.code, y.code, offset, incremental]).toEqual([x.code, y.code, offset, whole]);
          }
        }
      }
    },
  );
});
