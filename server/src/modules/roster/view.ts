// The month grid as the shift leader sees it: cells, coverage per day × requirement, rule violations and the
// load spread, computed from loaded rows by the pure roster domain (no I/O here).
import type { StaffingRequirement } from '../contracts/domain/types';
import { checkRoster, type Leave, type Violation } from './domain/constraints';
import { coverage, type CoverageRow, type DayTypeOf } from './domain/coverage';
import { isNightKind, templateMap, type Assignment, type ShiftTemplate } from './domain/shifts';
import type { AssignmentRow, TemplateRow } from './repository';

export const toTemplate = (t: TemplateRow): ShiftTemplate => ({
  code: t.code,
  name: t.name,
  start: t.start,
  end: t.end,
  kind: t.kind as ShiftTemplate['kind'],
  covers: t.covers,
  countsAsWork: t.countsAsWork,
});

export const toAssignment = (a: Pick<AssignmentRow, 'id' | 'userId' | 'day' | 'templateCode'>): Assignment => ({
  id: String(a.id),
  agentId: String(a.userId),
  day: a.day,
  templateCode: a.templateCode,
});

/** Every day of a 'YYYY-MM' month. */
export function monthDays(month: string): string[] {
  const [y, m] = month.split('-').map(Number);
  const n = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: n }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

export interface AgentLoadRow {
  userId: number;
  shifts: number;
  nights: number;
  weekends: number;
  holidays: number;
  hours: number;
}

/** Per agent: shifts, nights, rest-day and holiday shifts, hours; and the spread (max − min) of each. */
export function loads(
  agentIds: number[],
  assignments: readonly Assignment[],
  templates: readonly ShiftTemplate[],
  dayType: DayTypeOf,
) {
  const byCode = templateMap(templates);
  const rows = new Map<number, AgentLoadRow>(
    agentIds.map((id) => [id, { userId: id, shifts: 0, nights: 0, weekends: 0, holidays: 0, hours: 0 }]),
  );
  for (const a of assignments) {
    const t = byCode.get(a.templateCode);
    const r = rows.get(Number(a.agentId));
    if (!t || !r || !t.countsAsWork) continue;
    r.shifts++;
    if (isNightKind(t)) r.nights++;
    const type = dayType(a.day);
    if (type === 'restday') r.weekends++;
    if (type === 'holiday') r.holidays++;
    const [sh, sm] = t.start.split(':').map(Number);
    const [eh, em] = t.end.split(':').map(Number);
    const minutes = (eh * 60 + em - (sh * 60 + sm) + 1440) % 1440 || 1440;
    r.hours += minutes / 60;
  }
  const list = [...rows.values()];
  const spread = (k: keyof Omit<AgentLoadRow, 'userId'>) => {
    const v = list.map((r) => r[k]);
    return v.length ? { min: Math.min(...v), max: Math.max(...v), spread: Math.max(...v) - Math.min(...v) } : null;
  };
  return {
    perAgent: list,
    spread: {
      shifts: spread('shifts'),
      nights: spread('nights'),
      weekends: spread('weekends'),
      holidays: spread('holidays'),
      hours: spread('hours'),
    },
  };
}

export function monthCheck(p: {
  days: string[];
  dayType: DayTypeOf;
  requirements: readonly StaffingRequirement[];
  templates: readonly ShiftTemplate[];
  assignments: readonly Assignment[];
  previous: readonly Assignment[];
  leave: readonly Leave[];
}): { coverage: CoverageRow[]; violations: Violation[] } {
  return {
    coverage: coverage(p.assignments, p.templates, p.requirements, p.days, p.dayType),
    violations: checkRoster({
      assignments: p.assignments,
      templates: p.templates,
      leave: p.leave,
      previous: p.previous,
      requirements: p.requirements,
      days: p.days,
      dayType: p.dayType,
    }),
  };
}
