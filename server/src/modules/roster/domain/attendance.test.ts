import type { StaffingRequirement } from '../../contracts/domain/types';
import {
  type AttendanceInput,
  type PresenceInterval,
  attendance,
  slotStaffing,
  unattendedIncidents,
} from './attendance';
import { type Assignment, DEFAULT_TEMPLATES } from './shifts';

// One day shift, 2026-10-08 09:00–18:00 Asia/Shanghai (01:00–10:00 UTC).
const DAY = '2026-10-08';
const at = (hhmm: string, day = DAY) => `${day}T${hhmm}:00+08:00`;
const utc = (hhmm: string, day = DAY) => new Date(at(hhmm, day)).toISOString();
const shift: Assignment = { id: 's1', agentId: 'a1', day: DAY, templateCode: 'day' };
const p = (
  state: PresenceInterval['state'],
  from: string,
  to: string | null,
  reason: string | null = null,
  agentId = 'a1',
) => ({
  agentId,
  state,
  reason,
  from: at(from),
  to: to && at(to),
});
const input = (presence: PresenceInterval[], over: Partial<AttendanceInput> = {}): AttendanceInput => ({
  assignments: [shift],
  templates: DEFAULT_TEMPLATES,
  presence,
  now: at('23:00'),
  ...over,
});
const one = (presence: PresenceInterval[], over: Partial<AttendanceInput> = {}) => {
  const rows = attendance(input(presence, over));
  expect(rows).toHaveLength(1);
  return rows[0];
};
const incidents = (presence: PresenceInterval[], over: Partial<AttendanceInput> = {}) =>
  unattendedIncidents(input(presence, over));

describe('attendance of one shift', () => {
  it('on time: signed in before the start, out after the end', () => {
    expect(one([p('offline', '07:00', '08:55'), p('ready', '08:55', '18:02'), p('offline', '18:02', null)])).toEqual({
      assignmentId: 's1',
      agentId: 'a1',
      day: DAY,
      templateCode: 'day',
      plannedFrom: utc('09:00'),
      plannedTo: utc('18:00'),
      firstIn: utc('08:55'),
      lastOut: utc('18:02'),
      presentMinutes: 540,
      lateMinutes: 0,
      leftEarlyMinutes: 0,
      absent: false,
      counted: true,
      status: 'ok',
      inProgress: false,
    });
  });

  it('10 minutes late', () => {
    expect(one([p('ready', '09:10', '18:00')])).toMatchObject({ status: 'late', lateMinutes: 10, presentMinutes: 530 });
  });

  it('4 minutes late is within the 5-minute grace, and still reported', () => {
    expect(one([p('ready', '09:04', '18:00')])).toMatchObject({ status: 'ok', lateMinutes: 4 });
    expect(one([p('ready', '09:04', '18:00')], { config: { graceMinutes: 0 } }).status).toBe('late');
  });

  it('left 30 minutes early', () => {
    expect(one([p('ready', '09:00', '17:30')])).toMatchObject({
      status: 'left_early',
      leftEarlyMinutes: 30,
      presentMinutes: 510,
    });
  });

  it('late and left early', () => {
    expect(one([p('ready', '09:20', '17:00')])).toMatchObject({
      status: 'late_and_left_early',
      lateMinutes: 20,
      leftEarlyMinutes: 60,
    });
  });

  it('absent: nobody signed in during the shift', () => {
    expect(one([p('ready', '06:00', '08:00'), p('offline', '08:00', null)])).toMatchObject({
      status: 'absent',
      absent: true,
      counted: false,
      presentMinutes: 0,
      firstIn: null,
      lastOut: null,
    });
  });

  it('counts the seat at half the shift (270 of 540 minutes), not below', () => {
    expect(one([p('ready', '09:00', '13:30')]).counted).toBe(true);
    expect(one([p('ready', '09:00', '13:29')]).counted).toBe(false);
    expect(one([p('ready', '09:00', '13:30')], { config: { staffedMinRatio: 0.9 } }).counted).toBe(false);
  });

  it('not-ready time is signed-in time: it counts as present', () => {
    expect(
      one([p('ready', '09:00', '12:00'), p('not_ready', '12:00', '13:00', 'meal'), p('on_call', '13:00', '18:00')]),
    ).toMatchObject({ presentMinutes: 540, status: 'ok' });
  });

  it('clips an interval still open (to: null) at now, during the shift', () => {
    const row = one([p('ready', '08:58', null)], { now: at('12:00') });
    expect(row).toMatchObject({
      presentMinutes: 180,
      lastOut: utc('12:00'),
      inProgress: true,
      leftEarlyMinutes: 0,
      status: 'ok',
    });
    // 180 of 540 minutes so far: not yet a staffed seat
    expect(row.counted).toBe(false);
  });

  it('clips an open interval at now after the shift', () => {
    expect(one([p('ready', '08:58', null)], { now: at('19:00') })).toMatchObject({
      presentMinutes: 540,
      lastOut: utc('19:00'),
      inProgress: false,
      status: 'ok',
    });
  });

  it('leaves out shifts that have not started by now', () => {
    expect(attendance(input([p('ready', '08:00', null)], { now: at('08:59') }))).toEqual([]);
  });

  it('follows a night shift past midnight', () => {
    const night: Assignment = { id: 'n1', agentId: 'a1', day: DAY, templateCode: 'night' };
    const row = attendance(
      input([p('ready', '17:55', null)], { assignments: [night], now: at('08:40', '2026-10-09') }),
    )[0];
    expect(row).toMatchObject({
      presentMinutes: 880,
      inProgress: true,
      counted: true,
      plannedTo: utc('09:00', '2026-10-09'),
    });
  });

  it('cuts history rows that overlap the next one', () => {
    // a clock-skewed row ending after the next started must not count twice
    expect(one([p('ready', '09:00', '14:00'), p('on_call', '13:00', '18:00')]).presentMinutes).toBe(540);
  });
});

describe('unattended incidents', () => {
  const around = (gap: PresenceInterval[]) => [
    p('ready', '08:55', '11:00'),
    ...gap,
    p('ready', gap.at(-1)!.to!.slice(11, 16), '18:00'),
  ];

  it('a 20-minute offline gap is one incident', () => {
    expect(incidents(around([p('offline', '11:00', '11:20')]))).toEqual([
      {
        agentId: 'a1',
        assignmentId: 's1',
        day: DAY,
        from: utc('11:00'),
        to: utc('11:20'),
        minutes: 20,
        state: 'offline',
        reason: null,
      },
    ]);
  });

  it('a hole in the history is offline time', () => {
    expect(
      incidents([p('ready', '08:55', '11:00'), p('ready', '11:20', '18:00')]).map((i) => [i.minutes, i.state]),
    ).toEqual([[20, 'offline']]);
  });

  it('a 20-minute meal is not an incident, a 20-minute break is', () => {
    expect(incidents(around([p('not_ready', '11:00', '11:20', 'meal')]))).toEqual([]);
    expect(
      incidents(around([p('not_ready', '11:00', '11:20', 'break')])).map((i) => [i.minutes, i.state, i.reason]),
    ).toEqual([[20, 'not_ready', 'break']]);
  });

  it('10 minutes offline, or exactly 15, is not an incident', () => {
    expect(incidents(around([p('offline', '11:00', '11:10')]))).toEqual([]);
    expect(incidents(around([p('offline', '11:00', '11:15')]))).toEqual([]);
    expect(
      incidents(around([p('offline', '11:00', '11:10')]), { config: { unattended: { minutes: 5 } } }),
    ).toHaveLength(1);
  });

  it('joins offline and unapproved not-ready into one stretch, named after the longer part', () => {
    const found = incidents(around([p('offline', '11:00', '11:08'), p('not_ready', '11:08', '11:20', 'other')]));
    expect(found.map((i) => [i.from, i.to, i.minutes, i.state, i.reason])).toEqual([
      [utc('11:00'), utc('11:20'), 20, 'not_ready', 'other'],
    ]);
  });

  it('an approved reason in between splits two short stretches', () => {
    expect(
      incidents(
        around([
          p('offline', '11:00', '11:10'),
          p('not_ready', '11:10', '11:40', 'training'),
          p('offline', '11:40', '11:50'),
        ]),
      ),
    ).toEqual([]);
  });

  it('late arrival and leaving early are not unattended time', () => {
    expect(
      incidents([p('offline', '08:00', '09:40'), p('ready', '09:40', '17:00'), p('offline', '17:00', null)]),
    ).toEqual([]);
    expect(incidents([])).toEqual([]); // absent
  });

  it('a gap still open at now during the shift is not judged yet', () => {
    const history = [p('ready', '08:55', '11:00'), p('offline', '11:00', null)];
    expect(incidents(history, { now: at('11:30') })).toEqual([]);
    // once the agent is back it is an incident
    expect(
      incidents([...history.slice(0, 1), p('offline', '11:00', '11:30'), p('ready', '11:30', null)], {
        now: at('12:00'),
      }),
    ).toHaveLength(1);
  });

  it('looks only at the agent’s own history, inside the shift', () => {
    expect(incidents([...around([p('offline', '11:00', '11:20')]).map((x) => ({ ...x, agentId: 'a2' }))])).toEqual([]);
    expect(
      incidents([p('ready', '08:00', '18:00'), p('offline', '18:00', '19:00'), p('ready', '19:00', '20:00')]),
    ).toEqual([]);
  });
});

describe('slotStaffing', () => {
  const REQS: StaffingRequirement[] = [
    { id: 'workday_day', label: '工作日白班', dayTypes: ['workday'], start: '09:00', end: '18:00', seats: 4 },
  ];
  it('counts the agents whose attendance counted, with the evidence', () => {
    const assignments: Assignment[] = ['a1', 'a2', 'a3'].map((agentId, i) => ({
      id: `s${i + 1}`,
      agentId,
      day: DAY,
      templateCode: 'day',
    }));
    const presence = [
      p('ready', '09:00', '18:00', null, 'a1'),
      p('ready', '09:30', '18:00', null, 'a2'),
      p('ready', '09:00', '10:00', null, 'a3'),
    ];
    const rows = attendance({ assignments, templates: DEFAULT_TEMPLATES, presence, now: at('23:00') });
    expect(rows.map((r) => [r.agentId, r.counted])).toEqual([
      ['a1', true],
      ['a2', true],
      ['a3', false],
    ]);
    expect(
      slotStaffing({
        assignments,
        attendance: rows,
        templates: DEFAULT_TEMPLATES,
        requirements: REQS,
        days: [DAY],
        dayType: () => 'workday',
      }),
    ).toEqual([
      {
        day: DAY,
        requirementId: 'workday_day',
        required: 4,
        staffed: 2,
        agentIds: ['a1', 'a2'],
        assignmentIds: ['s1', 's2'],
      },
    ]);
  });
});
