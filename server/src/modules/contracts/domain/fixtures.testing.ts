// Input rows shared by the engine's tests: the Haidian June 2022 acceptance example and small row builders.
import type { Fact, SettlementInput } from './input';
import type { settle } from './settlement';
import type { SlotStaffing, UnattendedIncident } from './types';

export const slot = (day: string, requirementId: string, required: number, staffed: number): SlotStaffing => ({
  day,
  requirementId,
  required,
  staffed,
  agentIds: Array.from({ length: staffed }, (_, i) => `a${i + 1}`),
  assignmentIds: Array.from({ length: staffed }, (_, i) => `${day}/${requirementId}/${i + 1}`),
});

export const incident = (agentId: string, day: string, over: Partial<UnattendedIncident> = {}): UnattendedIncident => ({
  agentId,
  assignmentId: `asg-${agentId}-${day}`,
  day,
  from: `${day}T02:00:00.000Z`,
  to: `${day}T02:40:00.000Z`,
  minutes: 40,
  state: 'offline',
  reason: null,
  ...over,
});

export const fact = (id: string, metric: Fact['metric'], day: string, quantity = 1, label = id): Fact => ({
  id,
  metric,
  day,
  quantity,
  label,
});

export const JUNE_2022 = { from: '2022-06-01', to: '2022-06-30' };
// R(669,556,800 × 91/365) − R(669,556,800 × 61/365) = 166,930,599 − 111,898,534
export const HAIDIAN_JUNE_FEE = 55_032_065;

/** Haidian, June 2022: 3 working days at 46 of 48 seats (the rest fully staffed), 2 unattended-seat incidents. */
export function haidianJune(): SettlementInput {
  return {
    period: JUNE_2022,
    slots: [
      slot('2022-06-01', 'workday_day', 48, 46),
      slot('2022-06-02', 'workday_day', 48, 46),
      slot('2022-06-06', 'workday_day', 48, 46),
      slot('2022-06-07', 'workday_day', 48, 48),
      slot('2022-06-01', 'night', 4, 4),
      slot('2022-06-04', 'restday_day', 6, 7), // over-staffed: no negative gap
    ],
    incidents: [
      incident('agent-7', '2022-06-02'),
      incident('agent-9', '2022-06-20', { state: 'not_ready', reason: 'break', minutes: 25 }),
    ],
  };
}

export const lineOf = (s: ReturnType<typeof settle>, ruleId: string) => s.lines.filter((l) => l.ruleId === ruleId);
