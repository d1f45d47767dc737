// What a settlement is computed from: plain rows the services gather from roster, attendance, tickets and
// client entries. Every row has an id so each statement line can point back at it (Evidence).
import { z } from 'zod';
import {
  ASSESSMENT_KINDS,
  FACT_METRICS,
  METRICS,
  type AssessmentKind,
  type Contract,
  type DayRange,
  type RuleMetric,
} from './contract';
import { isDay } from './days';
import type { Day, SlotStaffing, UnattendedIncident } from './types';

/** A row entered by the client: a manual amount (within the rule's range) or a hand-counted event. */
export interface ManualItem {
  id: string;
  metric: RuleMetric;
  day: Day;
  /** Required for rules with a manual amount (e.g. ¥1,000–10,000 per case marked down). */
  amountFen?: number;
  /** For counted metrics; default 1. */
  count?: number;
  reason: string;
  /** Ticket number or document the client refers to. */
  ref?: string;
}

/**
 * Something that happened and is counted by a metric: trainings held, staff who left, a missing document,
 * a handling mistake, a verified complaint, a violation, an obligation late by `quantity` days, a late report.
 */
export interface Fact {
  id: string;
  metric: RuleMetric;
  day: Day;
  quantity: number;
  label: string;
  ref?: string;
}

/** A one-key-call device in normal use from `from` to `to` (both included; null = still in use). */
export interface Device {
  id: string;
  label: string;
  from: Day;
  to: Day | null;
}

export interface Assessment {
  id: string;
  kind: AssessmentKind;
  day: Day;
  label?: string;
}

export interface SettlementInput {
  period: DayRange;
  slots?: SlotStaffing[];
  incidents?: UnattendedIncident[];
  manualItems?: ManualItem[];
  facts?: Fact[];
  devices?: Device[];
  assessments?: Assessment[];
  /** Fee already settled for this contract before `period`; fee caps apply to the running total. */
  priorGrossFen?: number;
}

/** Input the engine cannot settle; `fields` use dotted paths into the input, as for contract validation. */
export class SettlementInputError extends Error {
  readonly code = 'SETTLEMENT_INPUT';
  constructor(readonly fields: Record<string, string>) {
    super(
      `Invalid settlement input: ${Object.entries(fields)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ')}`,
    );
    this.name = 'SettlementInputError';
  }
}

// ---------------------------------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------------------------------

const day = z.string().refine(isDay, { error: 'must be an existing date as YYYY-MM-DD' });
const whole = z.number().int({ error: 'must be a whole number' }).nonnegative({ error: 'must not be negative' });
const rowId = z.string().min(1, { error: 'required' });
// Named so an unknown metric gets one clear message instead of the whole list of options.
const knownMetric = (allowed: readonly string[], what: string) =>
  z.string().superRefine((m, ctx) => {
    if (!(METRICS as readonly string[]).includes(m)) ctx.addIssue({ code: 'custom', message: `unknown metric '${m}'` });
    else if (!allowed.includes(m)) ctx.addIssue({ code: 'custom', message: `metric '${m}' is not entered as ${what}` });
  });

const inputSchema = z.object({
  period: z.object({ from: day, to: day }),
  slots: z
    .array(
      z.object({
        day,
        requirementId: rowId,
        required: whole,
        staffed: whole,
        agentIds: z.array(z.string()),
        assignmentIds: z.array(z.string()),
      }),
    )
    .optional(),
  incidents: z
    .array(
      z.object({
        agentId: rowId,
        assignmentId: rowId,
        day,
        from: z.string(),
        to: z.string(),
        minutes: z.number().nonnegative({ error: 'must not be negative' }),
        state: z.string(),
        reason: z.string().nullable(),
      }),
    )
    .optional(),
  manualItems: z
    .array(
      z.object({
        id: rowId,
        metric: knownMetric(['manual_assessment', ...FACT_METRICS], 'a manual item'),
        day,
        amountFen: whole.optional(),
        count: whole.min(1, { error: 'must be at least 1' }).optional(),
        reason: z.string().trim().min(1, { error: 'a reason is required' }),
        ref: z.string().optional(),
      }),
    )
    .optional(),
  facts: z
    .array(
      z.object({
        id: rowId,
        metric: knownMetric(FACT_METRICS, 'a fact'),
        day,
        quantity: whole,
        label: z.string(),
        ref: z.string().optional(),
      }),
    )
    .optional(),
  devices: z.array(z.object({ id: rowId, label: z.string(), from: day, to: day.nullable() })).optional(),
  assessments: z
    .array(z.object({ id: rowId, kind: z.enum(ASSESSMENT_KINDS), day, label: z.string().optional() }))
    .optional(),
  priorGrossFen: whole.optional(),
});

/** Fully populated input: every list present, already checked. */
export type CheckedInput = Required<SettlementInput>;

function duplicateIds(rows: { id: string }[], list: string, fields: Record<string, string>) {
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    if (seen.has(r.id)) fields[`${list}.${i}.id`] ??= `duplicate id '${r.id}'`;
    seen.add(r.id);
  });
}

/** Check the input against the contract, or throw SettlementInputError naming every bad field. */
export function checkInput(contract: Contract, raw: SettlementInput): CheckedInput {
  const parsed = inputSchema.safeParse(raw);
  const fields: Record<string, string> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) fields[issue.path.length ? issue.path.join('.') : '_'] ??= issue.message;
    throw new SettlementInputError(fields);
  }
  const input: CheckedInput = {
    period: parsed.data.period,
    slots: parsed.data.slots ?? [],
    incidents: parsed.data.incidents ?? [],
    manualItems: (parsed.data.manualItems ?? []) as ManualItem[],
    facts: (parsed.data.facts ?? []) as Fact[],
    devices: parsed.data.devices ?? [],
    assessments: parsed.data.assessments ?? [],
    priorGrossFen: parsed.data.priorGrossFen ?? 0,
  };

  if (input.period.to < input.period.from) fields['period.to'] = 'ends before it starts';
  else if (input.period.to < contract.period.from || input.period.from > contract.period.to)
    fields.period = `outside the contract period ${contract.period.from} – ${contract.period.to}`;

  const requirements = new Set(contract.staffing.map((s) => s.id));
  const slotKeys = new Set<string>();
  input.slots.forEach((s, i) => {
    if (!requirements.has(s.requirementId))
      fields[`slots.${i}.requirementId`] = `no staffing requirement '${s.requirementId}' in this contract`;
    const key = `${s.day}/${s.requirementId}`;
    if (slotKeys.has(key)) fields[`slots.${i}`] = `second row for ${key}`;
    slotKeys.add(key);
  });
  const fee = contract.fee;
  if (fee.kind === 'per_unit')
    input.assessments.forEach((a, i) => {
      if (!fee.prices.some((p) => p.unit === a.kind))
        fields[`assessments.${i}.kind`] = `no price for '${a.kind}' in this contract`;
    });
  input.devices.forEach((d, i) => {
    if (d.to !== null && d.to < d.from) fields[`devices.${i}.to`] = 'ends before it starts';
  });
  duplicateIds(input.manualItems, 'manualItems', fields);
  duplicateIds(input.facts, 'facts', fields);
  duplicateIds(input.devices, 'devices', fields);
  duplicateIds(input.assessments, 'assessments', fields);

  // A manual amount outside the rule's range is the client's typing error, not something to clamp silently.
  const manualRule = contract.rules.find((r) => r.metric === 'manual_assessment');
  input.manualItems.forEach((m, i) => {
    if (m.metric !== 'manual_assessment' || !manualRule || manualRule.amount.kind !== 'manual') return;
    const { minFen, maxFen } = manualRule.amount;
    if (m.amountFen === undefined) fields[`manualItems.${i}.amountFen`] = `required by rule '${manualRule.id}'`;
    else if (m.amountFen < minFen || m.amountFen > maxFen)
      fields[`manualItems.${i}.amountFen`] = `must be between ${minFen} and ${maxFen} fen (rule '${manualRule.id}')`;
  });

  if (Object.keys(fields).length) throw new SettlementInputError(fields);
  return input;
}
