import type { DayType, StaffingRequirement } from '../../contracts/domain/types';
import { coverage, dayTypeFromCalendar, requiredSlots } from './coverage';
import { type Assignment, DEFAULT_TEMPLATES } from './shifts';

const REQS: StaffingRequirement[] = [
  { id: 'workday_day', label: '工作日白班', dayTypes: ['workday'], start: '09:00', end: '18:00', seats: 3 },
  { id: 'night', label: '夜班', dayTypes: ['workday', 'restday', 'holiday'], start: '18:00', end: '09:00', seats: 2 },
  { id: 'restday_day', label: '节假日白班', dayTypes: ['restday', 'holiday'], start: '09:00', end: '18:00', seats: 1 },
];
// 2026-10-01 National Day (holiday), 10-10 a make-up Saturday, 10-11 an ordinary Sunday, 10-12 a Monday.
const TYPES: Record<string, DayType> = {
  '2026-10-01': 'holiday',
  '2026-10-10': 'workday',
  '2026-10-11': 'restday',
  '2026-10-12': 'workday',
};
const dayType = (d: string) => TYPES[d];
const a = (agentId: string, day: string, templateCode: string, id?: string): Assignment => ({
  id,
  agentId,
  day,
  templateCode,
});

describe('dayTypeFromCalendar', () => {
  it('puts holidays before working days and weekends', () => {
    const cal = {
      isWorkingDay: (d: string) => d === '2026-10-10' || d === '2026-10-12',
      holidayName: (d: string) => (d === '2026-10-01' ? '国庆节' : null),
    };
    const of = dayTypeFromCalendar(cal);
    expect(Object.keys(TYPES).map(of)).toEqual(['holiday', 'workday', 'restday', 'workday']);
  });
});

describe('requiredSlots', () => {
  it('lists the requirements that apply on each day', () => {
    expect(requiredSlots(REQS, ['2026-10-01', '2026-10-10'], dayType)).toEqual([
      { day: '2026-10-01', requirementId: 'night', required: 2 },
      { day: '2026-10-01', requirementId: 'restday_day', required: 1 },
      { day: '2026-10-10', requirementId: 'workday_day', required: 3 },
      { day: '2026-10-10', requirementId: 'night', required: 2 },
    ]);
  });
});

describe('coverage', () => {
  it('counts people per slot, never below zero, once per agent', () => {
    const rows = coverage(
      [
        a('a1', '2026-10-12', 'day', 's1'),
        a('a2', '2026-10-12', 'early', 's2'),
        a('a2', '2026-10-12', 'late', 's3'), // same person twice: still one seat
        a('a3', '2026-10-12', 'night', 's4'),
        a('a4', '2026-10-12', 'standby', 's5'), // covers nothing
        a('a5', '2026-10-12', 'nope', 's6'), // unknown template: covers nothing
        a('a6', '2026-10-12', 'duty', 's7'), // rest-day duty does not apply on a workday
      ],
      DEFAULT_TEMPLATES,
      REQS,
      ['2026-10-12'],
      dayType,
    );
    expect(rows.map((r) => [r.requirementId, r.required, r.planned, r.gap, r.assignmentIds.join()])).toEqual([
      ['workday_day', 3, 2, 1, 's1,s2'],
      ['night', 2, 1, 1, 's4'],
    ]);
  });

  it('lets a 24 h duty fill the day and the night seat of a holiday', () => {
    const rows = coverage(
      [a('a1', '2026-10-01', 'duty24'), a('a2', '2026-10-01', 'night'), a('a3', '2026-10-01', 'night')],
      DEFAULT_TEMPLATES,
      REQS,
      ['2026-10-01'],
      dayType,
    );
    expect(rows.map((r) => [r.requirementId, r.planned, r.gap])).toEqual([
      ['night', 3, 0], // one more than required: the gap stays 0
      ['restday_day', 1, 0],
    ]);
    expect(rows[0].agentIds).toEqual(['a1', 'a2', 'a3']);
  });

  it('counts a night toward the day it starts on', () => {
    const rows = coverage(
      [a('a1', '2026-10-11', 'night')],
      DEFAULT_TEMPLATES,
      REQS,
      ['2026-10-11', '2026-10-12'],
      dayType,
    );
    expect(rows.filter((r) => r.requirementId === 'night').map((r) => [r.day, r.planned])).toEqual([
      ['2026-10-11', 1],
      ['2026-10-12', 0],
    ]);
  });
});
