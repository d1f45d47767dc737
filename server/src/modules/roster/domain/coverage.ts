// Coverage: how many people the contract asks for per day × requirement, and how many the roster plans.
// Seats are counted as people (types.ts): one agent counts once per requirement and day, whatever they work.
import type { Day, DayType, StaffingRequirement } from '../../contracts/domain/types';
import { type Assignment, type ShiftTemplate, assignmentKey, templateMap } from './shifts';

export type DayTypeOf = (day: Day) => DayType;

/** The part of the server's WorkingCalendar the roster needs; structural, so the domain imports nothing. */
export interface CalendarLike {
  isWorkingDay(day: Day): boolean;
  holidayName(day: Day): string | null;
}

/** An official holiday is a holiday even on a weekday; a make-up Saturday is a workday. */
export function dayTypeFromCalendar(cal: CalendarLike): DayTypeOf {
  return (day) => (cal.holidayName(day) != null ? 'holiday' : cal.isWorkingDay(day) ? 'workday' : 'restday');
}

export interface RequiredSlot {
  day: Day;
  requirementId: string;
  required: number;
}

export interface CoverageRow extends RequiredSlot {
  planned: number;
  /** required − planned, never negative: extra people on one slot do not make up for another. */
  gap: number;
  agentIds: string[];
  assignmentIds: string[];
}

export function requirementApplies(r: StaffingRequirement, dayType: DayType): boolean {
  return r.dayTypes.includes(dayType);
}

/** Day-major, requirements in the given order; days where a requirement does not apply are left out. */
export function requiredSlots(
  requirements: readonly StaffingRequirement[],
  days: readonly Day[],
  dayType: DayTypeOf,
): RequiredSlot[] {
  const out: RequiredSlot[] = [];
  for (const day of days) {
    const type = dayType(day);
    for (const r of requirements) {
      if (requirementApplies(r, type)) out.push({ day, requirementId: r.id, required: r.seats });
    }
  }
  return out;
}

export const slotKey = (day: Day, requirementId: string): string => `${day}|${requirementId}`;

/**
 * The assignments that count toward each slot (key: slotKey), one per agent. A shift counts toward the slot
 * of the day it starts on, for every requirement its template covers that applies on that day. Unknown
 * template codes cover nothing (checkRoster reports them).
 */
export function assignmentsBySlot(
  assignments: readonly Assignment[],
  templates: readonly ShiftTemplate[],
  requirements: readonly StaffingRequirement[],
  dayType: DayTypeOf,
): Map<string, Assignment[]> {
  const byCode = templateMap(templates);
  const reqById = new Map(requirements.map((r) => [r.id, r]));
  const typeCache = new Map<Day, DayType>();
  const out = new Map<string, Assignment[]>();
  const seen = new Set<string>();
  for (const a of assignments) {
    const t = byCode.get(a.templateCode);
    if (!t) continue;
    let type = typeCache.get(a.day);
    if (type === undefined) typeCache.set(a.day, (type = dayType(a.day)));
    for (const rid of t.covers) {
      const r = reqById.get(rid);
      if (!r || !requirementApplies(r, type)) continue;
      const key = slotKey(a.day, rid);
      const agentKey = `${key}|${a.agentId}`;
      if (seen.has(agentKey)) continue;
      seen.add(agentKey);
      const list = out.get(key);
      if (list) list.push(a);
      else out.set(key, [a]);
    }
  }
  return out;
}

/** Planned coverage per day × requirement, in requiredSlots order. */
export function coverage(
  assignments: readonly Assignment[],
  templates: readonly ShiftTemplate[],
  requirements: readonly StaffingRequirement[],
  days: readonly Day[],
  dayType: DayTypeOf,
): CoverageRow[] {
  const bySlot = assignmentsBySlot(assignments, templates, requirements, dayType);
  return requiredSlots(requirements, days, dayType).map((s) => {
    const list = bySlot.get(slotKey(s.day, s.requirementId)) ?? [];
    return {
      ...s,
      planned: list.length,
      gap: Math.max(0, s.required - list.length),
      agentIds: list.map((a) => a.agentId),
      assignmentIds: list.map(assignmentKey),
    };
  });
}
