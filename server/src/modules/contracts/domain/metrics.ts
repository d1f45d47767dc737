// How each rule metric is measured from the settlement input over a window of days.
import type { AttendanceConfig, DayRange, Rule, RuleMetric } from './contract';
import { inRange } from './days';
import type { CheckedInput } from './input';
import { yuan } from './money';
import type { InputList } from './statement';
import type { Evidence, UnattendedIncident } from './types';

export interface Measurement {
  /** Count before threshold / required. */
  measured: number;
  /** Σ of entered amounts, for rules with a manual amount. */
  manualFen: number;
  evidence: Evidence[];
}

/** Rows a line counted, and rows looked at but left out on purpose (with the reason). */
export interface Usage {
  used: Record<InputList, Set<string>>;
  excluded: Map<string, string>;
}

export const newUsage = (): Usage => ({
  used: {
    slots: new Set(),
    incidents: new Set(),
    manualItems: new Set(),
    facts: new Set(),
    devices: new Set(),
    assessments: new Set(),
  },
  excluded: new Map(),
});

export const slotRef = (s: { day: string; requirementId: string }) => `${s.day}/${s.requirementId}`;
export const incidentRef = (i: UnattendedIncident) => `${i.assignmentId}@${i.from}`;
export const excludedKey = (list: InputList, ref: string) => `${list}:${ref}`;

const FACT_EVIDENCE: Record<string, Evidence['kind']> = {
  trainings_below_required: 'training',
  missing_documents: 'document',
  lost_recordings: 'document',
  quarterly_leavers: 'staff',
  unapproved_staff_changes: 'staff',
  late_replacements: 'staff',
  handling_mistakes: 'ticket',
  verified_complaints: 'ticket',
  days_late: 'obligation',
  late_reports: 'obligation',
  other_violations: 'obligation',
  breaches: 'obligation',
  confidentiality_breaches: 'obligation',
};

export function measure(
  rule: Rule,
  window: DayRange,
  input: CheckedInput,
  attendance: AttendanceConfig | null,
  usage: Usage,
): Measurement {
  switch (rule.metric) {
    case 'seat_gap_person_days':
      return seatGap(rule, window, input, usage);
    case 'unattended_incidents':
      return unattended(window, input, attendance, usage);
    case 'manual_assessment':
      return manualAmounts(window, input, usage);
    default:
      return counted(rule.metric, window, input, usage);
  }
}

/** Σ max(0, required − staffed) per day × requirement: a seat short for a day is one person-day. */
function seatGap(rule: Rule, window: DayRange, input: CheckedInput, usage: Usage): Measurement {
  let measured = 0;
  const evidence: Evidence[] = [];
  for (const s of input.slots) {
    if (!inRange(s.day, window)) continue;
    const ref = slotRef(s);
    if (rule.requirementIds && !rule.requirementIds.includes(s.requirementId)) {
      usage.excluded.set(excludedKey('slots', ref), `本条规则不计“${s.requirementId}”的缺口`);
      continue;
    }
    usage.used.slots.add(ref);
    const gap = Math.max(0, s.required - s.staffed);
    measured += gap;
    if (gap > 0)
      evidence.push({
        kind: 'slot',
        ref,
        day: s.day,
        label: `${s.requirementId}：应 ${s.required} 人，实到 ${s.staffed} 人，缺 ${gap} 人`,
      });
  }
  return { measured, manualFen: 0, evidence };
}

/** Why an incident is not an unattended seat under the contract's attendance settings, or null if it is one. */
function notAnIncident(i: UnattendedIncident, cfg: AttendanceConfig): string | null {
  if (!cfg.unattended.states.includes(i.state)) return `state '${i.state}' does not leave the seat unattended`;
  if (i.reason !== null && cfg.unattended.approvedReasons.includes(i.reason)) return `approved reason '${i.reason}'`;
  if (i.minutes <= cfg.unattended.minutes)
    return `${i.minutes} min is not over the ${cfg.unattended.minutes} min threshold`;
  return null;
}

function unattended(window: DayRange, input: CheckedInput, cfg: AttendanceConfig | null, usage: Usage): Measurement {
  const evidence: Evidence[] = [];
  for (const i of input.incidents) {
    if (!inRange(i.day, window)) continue;
    const ref = incidentRef(i);
    // Attendance already applies these settings; applying them again keeps the statement true to the contract
    // version in force even if the incident list was built under another one.
    const why = cfg ? notAnIncident(i, cfg) : null;
    if (why) {
      usage.excluded.set(excludedKey('incidents', ref), why);
      continue;
    }
    usage.used.incidents.add(ref);
    const reason = i.reason ? ` (${i.reason})` : '';
    evidence.push({
      kind: 'incident',
      ref,
      day: i.day,
      label: `坐席 #${i.agentId} ${i.state}${reason} ${i.minutes} 分钟，自 ${i.from}`,
    });
  }
  return { measured: evidence.length, manualFen: 0, evidence };
}

function manualAmounts(window: DayRange, input: CheckedInput, usage: Usage): Measurement {
  let manualFen = 0;
  const evidence: Evidence[] = [];
  for (const m of input.manualItems) {
    if (m.metric !== 'manual_assessment' || !inRange(m.day, window)) continue;
    usage.used.manualItems.add(m.id);
    manualFen += m.amountFen ?? 0;
    const ref = m.ref ? ` [${m.ref}]` : '';
    evidence.push({ kind: 'manual', ref: m.id, day: m.day, label: `${yuan(m.amountFen ?? 0)} ${m.reason}${ref}` });
  }
  return { measured: evidence.length, manualFen, evidence };
}

/** Facts add their quantity; counted manual items add their count (default 1). */
function counted(metric: RuleMetric, window: DayRange, input: CheckedInput, usage: Usage): Measurement {
  let measured = 0;
  const evidence: Evidence[] = [];
  for (const f of input.facts) {
    if (f.metric !== metric || !inRange(f.day, window)) continue;
    usage.used.facts.add(f.id);
    measured += f.quantity;
    const qty = f.quantity === 1 ? '' : ` ×${f.quantity}`;
    evidence.push({
      kind: FACT_EVIDENCE[metric] ?? 'obligation',
      ref: f.id,
      day: f.day,
      label: `${f.label}${qty}${f.ref ? ` [${f.ref}]` : ''}`,
    });
  }
  for (const m of input.manualItems) {
    if (m.metric !== metric || !inRange(m.day, window)) continue;
    usage.used.manualItems.add(m.id);
    const n = m.count ?? 1;
    measured += n;
    const qty = n === 1 ? '' : ` ×${n}`;
    evidence.push({ kind: 'manual', ref: m.id, day: m.day, label: `${m.reason}${qty}${m.ref ? ` [${m.ref}]` : ''}` });
  }
  return { measured, manualFen: 0, evidence };
}
