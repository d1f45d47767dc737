// Gathers what a settlement is computed from — published roster shifts, presence history, client-entered
// facts — and turns the rows into the engine's input. The arithmetic itself is the pure domain's `settle`.
import type { Db } from '../../db/client';
import type { WorkingCalendar } from '../calendar/workingTime';
import type { PresenceRepository } from '../presence/repository';
import { attendance, slotStaffing, unattendedIncidents, type PresenceInterval } from '../roster/domain/attendance';
import { dayTypeFromCalendar } from '../roster/domain/coverage';
import type { RosterRepository } from '../roster/repository';
import { toAssignment, toTemplate } from '../roster/view';
import {
  inputWindow,
  type Assessment,
  type Contract,
  type DayRange,
  type Device,
  type Fact,
  type ManualItem,
  type SettlementInput,
} from './domain';
import { addDays, daysInclusive } from './domain/days';
import type { FactRow } from './repository';
import type { ContractsRepository } from './repository';

/** Instants bounding a run of Shanghai days (a night shift of the last day ends the morning after). */
function instants(r: DayRange): { from: Date; to: Date } {
  return { from: new Date(`${r.from}T00:00:00+08:00`), to: new Date(`${addDays(r.to, 2)}T00:00:00+08:00`) };
}

/** Client-entered rows, each to the list of the engine input its metric belongs to. */
export function factsToInput(
  rows: readonly FactRow[],
): Pick<SettlementInput, 'manualItems' | 'facts' | 'devices' | 'assessments'> {
  const manualItems: ManualItem[] = [];
  const facts: Fact[] = [];
  const devices: Device[] = [];
  const assessments: Assessment[] = [];
  for (const r of rows) {
    const id = `fact:${r.id}`;
    if (r.metric === 'device_days') devices.push({ id, label: r.label, from: r.day, to: r.toDay });
    else if (r.metric === 'assessments')
      // a row may record a day's batch: one engine row per assessment, ids kept traceable to the stored row
      for (let i = 0; i < Math.max(1, Math.round(r.quantity)); i++)
        assessments.push({
          id: r.quantity > 1 ? `${id}#${i + 1}` : id,
          kind: r.kind as Assessment['kind'],
          day: r.day,
          label: r.label,
        });
    else if (r.amountFen !== null)
      manualItems.push({
        id,
        metric: r.metric as ManualItem['metric'],
        day: r.day,
        amountFen: r.amountFen,
        reason: r.reason ?? r.label,
        ...(r.ref ? { ref: r.ref } : {}),
      });
    else
      facts.push({
        id,
        metric: r.metric as Fact['metric'],
        day: r.day,
        quantity: r.quantity,
        label: r.label,
        ...(r.ref ? { ref: r.ref } : {}),
      });
  }
  return { manualItems, facts, devices, assessments };
}

export async function gatherSettlementInput(d: {
  db: Db;
  contract: Contract;
  period: DayRange;
  repo: ContractsRepository;
  roster: RosterRepository;
  presence: PresenceRepository;
  calendar: WorkingCalendar;
  now: Date;
}): Promise<{ input: SettlementInput; agentIds: number[] }> {
  const { db, contract, period } = d;
  const window = inputWindow(contract, period) ?? period;
  const [shiftRows, templateRows, factRows] = await Promise.all([
    d.roster.assignmentsBetween(db, { contractCode: contract.code, from: window.from, to: window.to, published: true }),
    d.roster.templates(db),
    d.repo.facts(db, { code: contract.code, from: window.from, to: window.to }),
  ]);
  const templates = templateRows.map(toTemplate);
  const assignments = shiftRows.map(toAssignment);
  const agentIds = [...new Set(shiftRows.map((a) => a.userId))];
  const span = instants(window);
  const presence: PresenceInterval[] = (await d.presence.historyOfMany(db, agentIds, span.from, span.to)).map((e) => ({
    agentId: String(e.userId),
    state: e.state as PresenceInterval['state'],
    reason: e.reason,
    from: e.startedAt.toISOString(),
    to: e.endedAt?.toISOString() ?? null,
  }));
  const att = contract.attendance;
  const config = att
    ? {
        graceMinutes: att.graceMinutes,
        staffedMinRatio: att.staffedMinRatio,
        unattended: { ...att.unattended, states: att.unattended.states as PresenceInterval['state'][] },
      }
    : undefined;
  const attInput = { assignments, templates, presence, now: d.now.toISOString(), config };
  const rows = attendance(attInput);
  const days = Array.from({ length: daysInclusive(window.from, window.to) }, (_, i) => addDays(window.from, i));
  const slots = slotStaffing({
    assignments,
    attendance: rows,
    templates,
    requirements: contract.staffing,
    days,
    dayType: dayTypeFromCalendar(d.calendar),
  });
  return {
    input: { period, slots, incidents: unattendedIncidents(attInput), ...factsToInput(factRows) },
    agentIds,
  };
}
