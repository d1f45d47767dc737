// Schema of a contract document. Contracts are entered by administrators and seeded from procurement texts, so
// every field error is reported with its dotted path (`rules.2.amount.unitFen`) for the form to show it in place.
// Objects are strict: a misspelt key (`treshold`) would otherwise silently drop a rule's threshold.
import { z } from 'zod';
import {
  ASSESSMENT_KINDS,
  EDUCATION_LEVELS,
  FREQUENCIES,
  RULE_METRICS,
  RULE_PERIODS,
  type Contract,
  type DayRange,
} from './contract';
import { isDay, rangesOverlap } from './days';
import { dayString } from '../../../lib/validate';

// ---------------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------------

const fen = z
  .number({ error: 'must be a number of fen' })
  .int({ error: 'must be a whole number of fen' })
  .nonnegative({ error: 'must not be negative' });
const count = z.number().int({ error: 'must be a whole number' }).nonnegative({ error: 'must not be negative' });
const pct = z.number().min(0, { error: 'must be between 0 and 100' }).max(100, { error: 'must be between 0 and 100' });
const text = z.string().trim().min(1, { error: 'required' });
const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]*$/i, { error: 'letters, digits, _ . - only' })
  .max(64);
// a real day within the range every date input has (a contract for the year 9999 is a typo)
const day = dayString('must be an existing date as YYYY-MM-DD');
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be HH:MM' });
const dayRange = z.strictObject({ from: day, to: day });
const provenance = { source: text, assumed: z.boolean().optional(), note: z.string().optional() };

const party = z.strictObject({ name: text, role: text });

const fee = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('prorated_total'), ...provenance }),
  z.strictObject({ kind: z.literal('per_device_year'), unitFen: fen, capFen: fen.nullable(), ...provenance }),
  z.strictObject({
    kind: z.literal('per_unit'),
    prices: z
      .array(z.strictObject({ unit: z.enum(ASSESSMENT_KINDS), label: text, unitFen: fen }))
      .min(1, { error: 'at least one price' }),
    capFen: fen.nullable(),
    ...provenance,
  }),
]);

const instalment = z.strictObject({
  id,
  label: text,
  amount: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('fixed'), fen }),
    z.strictObject({ kind: z.literal('percent_of_total'), percent: pct }),
    z.strictObject({ kind: z.literal('balance') }),
  ]),
  maxFen: fen.optional(),
  due: day.nullable(),
  dueNote: z.string(),
  covers: dayRange.optional(),
  ...provenance,
});

const staffingRequirement = z.strictObject({
  id,
  label: text,
  dayTypes: z.array(z.enum(['workday', 'restday', 'holiday'])).min(1, { error: 'at least one day type' }),
  start: clock,
  end: clock,
  seats: count,
  ...provenance,
});

const recurring = {
  id,
  label: text,
  per: z.enum(FREQUENCIES),
  min: count,
  ...provenance,
};

const staffRequirements = z.strictObject({
  headCount: z.strictObject({ min: count, label: text, ...provenance }).nullable(),
  roles: z.array(z.strictObject({ id, label: text, min: count, ...provenance })),
  education: z.array(z.strictObject({ level: z.enum(EDUCATION_LEVELS), minPercent: pct, ...provenance })),
  trainings: z.array(z.strictObject(recurring)),
  exams: z.array(z.strictObject(recurring)),
  reports: z.array(
    z.strictObject({
      ...recurring,
      dueWithinDays: count.optional(),
      dueDayKind: z.enum(['calendar', 'working']).optional(),
      dueAfter: z.string().optional(),
    }),
  ),
  obligations: z.array(z.strictObject(recurring)),
  turnover: z.strictObject({ maxQuarterlyPercent: pct, ...provenance }).nullable(),
  replacement: z
    .strictObject({ withinDays: count, dayKind: z.enum(['calendar', 'working']), ...provenance })
    .nullable(),
});

const attendance = z.strictObject({
  graceMinutes: count,
  staffedMinRatio: z.number().min(0, { error: 'must be between 0 and 1' }).max(1, { error: 'must be between 0 and 1' }),
  unattended: z.strictObject({
    states: z.array(text).min(1, { error: 'at least one presence state' }),
    approvedReasons: z.array(text),
    minutes: count,
  }),
  ...provenance,
});

const ruleAmount = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('unit'), unitFen: fen }),
  z.strictObject({ kind: z.literal('percent_of_total'), percent: pct }),
  z.strictObject({ kind: z.literal('percent_of_fee'), percent: pct }),
  z.strictObject({
    kind: z.literal('per_mille_per_day_of_total'),
    perMille: z
      .number()
      .min(0, { error: 'must be between 0 and 1000' })
      .max(1000, { error: 'must be between 0 and 1000' }),
  }),
  z.strictObject({ kind: z.literal('manual'), minFen: fen, maxFen: fen }),
]);

const ruleCap = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('fen'), fen }),
  z.strictObject({ kind: z.literal('percent_of_total'), percent: pct }),
  z.strictObject({ kind: z.literal('percent_of_fee'), percent: pct }),
]);

const rule = z.strictObject({
  id,
  label: text,
  metric: z.enum(RULE_METRICS),
  period: z.enum(RULE_PERIODS),
  amount: ruleAmount,
  threshold: count.optional(),
  required: count.min(1, { error: 'must be at least 1' }).optional(),
  cap: ruleCap.optional(),
  requirementIds: z.array(id).min(1, { error: 'leave out to cover all requirements' }).optional(),
  ...provenance,
});

// ---------------------------------------------------------------------------------------------------
// The document and its cross-field checks
// ---------------------------------------------------------------------------------------------------

type Issue = { path: (string | number)[]; message: string };

function checkRange(r: DayRange, path: (string | number)[], issues: Issue[]) {
  if (isDay(r.from) && isDay(r.to) && r.to < r.from)
    issues.push({ path: [...path, 'to'], message: 'ends before it starts' });
}

function duplicates<T>(
  items: T[],
  key: (t: T) => string,
  path: (i: number) => (string | number)[],
  what: string,
  issues: Issue[],
) {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const k = key(item);
    const first = seen.get(k);
    if (first === undefined) seen.set(k, i);
    else issues.push({ path: path(i), message: `${what} '${k}' already used by item ${first}` });
  });
}

function crossChecks(c: z.output<typeof contractShape>): Issue[] {
  const issues: Issue[] = [];
  checkRange(c.period, ['period'], issues);
  // Only a sound contract period is worth comparing against; otherwise the one error is enough.
  const periodOk = isDay(c.period.from) && isDay(c.period.to) && c.period.from <= c.period.to;

  duplicates(
    c.staffing,
    (s) => s.id,
    (i) => ['staffing', i, 'id'],
    'requirement id',
    issues,
  );
  c.staffing.forEach((s, i) => {
    if (new Set(s.dayTypes).size !== s.dayTypes.length)
      issues.push({ path: ['staffing', i, 'dayTypes'], message: 'repeats a day type' });
  });
  const requirementIds = new Set(c.staffing.map((s) => s.id));

  duplicates(
    c.paymentSchedule,
    (p) => p.id,
    (i) => ['paymentSchedule', i, 'id'],
    'instalment id',
    issues,
  );
  c.paymentSchedule.forEach((p, i) => {
    if (!p.covers) return;
    checkRange(p.covers, ['paymentSchedule', i, 'covers'], issues);
    if (periodOk && (p.covers.from < c.period.from || p.covers.to > c.period.to))
      issues.push({ path: ['paymentSchedule', i, 'covers'], message: 'lies outside the contract period' });
    c.paymentSchedule.slice(0, i).forEach((q, j) => {
      if (q.covers && p.covers && p.covers.from <= p.covers.to && rangesOverlap(p.covers, q.covers))
        issues.push({ path: ['paymentSchedule', i, 'covers'], message: `overlaps instalment '${q.id}' (item ${j})` });
    });
  });
  if (c.paymentSchedule.filter((p) => p.amount.kind === 'balance').length > 1)
    issues.push({ path: ['paymentSchedule'], message: 'at most one balance instalment' });
  const scheduled = c.paymentSchedule.reduce(
    (sum, p) =>
      sum +
      (p.amount.kind === 'fixed'
        ? p.amount.fen
        : p.amount.kind === 'percent_of_total'
          ? (c.totalFen * p.amount.percent) / 100
          : 0),
    0,
  );
  if (scheduled > c.totalFen + 0.5)
    issues.push({ path: ['paymentSchedule'], message: 'instalments add up to more than the contract total' });

  if (c.fee.kind === 'per_unit') {
    duplicates(
      c.fee.prices,
      (p) => p.unit,
      (i) => ['fee', 'prices', i, 'unit'],
      'unit',
      issues,
    );
  }

  duplicates(
    c.rules,
    (r) => r.id,
    (i) => ['rules', i, 'id'],
    'rule id',
    issues,
  );
  // Input rows reach a rule through their metric; two rules on one metric would charge the same row twice.
  duplicates(
    c.rules,
    (r) => r.metric,
    (i) => ['rules', i, 'metric'],
    'metric',
    issues,
  );
  c.rules.forEach((r, i) => {
    const at = (...p: (string | number)[]) => ['rules', i, ...p];
    if (r.threshold !== undefined && r.required !== undefined)
      issues.push({ path: at('required'), message: 'a rule has either a threshold or a required count, not both' });
    const manualAmount = r.amount.kind === 'manual';
    if (manualAmount !== (r.metric === 'manual_assessment'))
      issues.push({
        path: at('amount', 'kind'),
        message: "manual amounts go with the metric 'manual_assessment' and only with it",
      });
    if (r.amount.kind === 'manual' && r.amount.minFen > r.amount.maxFen)
      issues.push({ path: at('amount', 'maxFen'), message: 'is below minFen' });
    if (manualAmount && (r.threshold !== undefined || r.required !== undefined))
      issues.push({
        path: at(r.threshold !== undefined ? 'threshold' : 'required'),
        message: 'manual amounts are not counted',
      });
    if (r.requirementIds) {
      if (r.metric !== 'seat_gap_person_days')
        issues.push({ path: at('requirementIds'), message: 'only the seat-gap metric is counted per requirement' });
      r.requirementIds.forEach((ref, j) => {
        if (!requirementIds.has(ref))
          issues.push({ path: at('requirementIds', j), message: `no staffing requirement '${ref}'` });
      });
    }
  });
  if (c.rules.some((r) => r.metric === 'unattended_incidents') && !c.attendance)
    issues.push({ path: ['attendance'], message: 'unattended-seat rules need the attendance settings' });
  return issues;
}

const contractShape = z.strictObject({
  code: id,
  version: z.number().int({ error: 'must be a whole number' }).min(1, { error: 'must be at least 1' }),
  name: text,
  document: z.string().optional(),
  client: party,
  contractor: party,
  period: dayRange,
  totalFen: fen,
  fee,
  paymentSchedule: z.array(instalment),
  staffing: z.array(staffingRequirement),
  staffRequirements,
  attendance: attendance.nullable(),
  rules: z.array(rule),
  notes: z.array(z.string()),
});

export const contractSchema = contractShape.superRefine((c, ctx) => {
  for (const issue of crossChecks(c)) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
});

// The schema and the hand-written types in contract.ts must accept each other (a changed or added required
// field fails to compile; an added optional field must be added on both sides by hand).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _schemaMatchesTypes: Same<z.output<typeof contractSchema>, Contract> = true;
void _schemaMatchesTypes;

// ---------------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------------

export type Validation<T> = { ok: true; value: T } | { ok: false; fields: Record<string, string> };

function fieldsOf(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  const put = (path: PropertyKey[], message: string) => {
    const key = path.length ? path.map(String).join('.') : '_';
    if (!fields[key]) fields[key] = message;
  };
  for (const issue of error.issues) {
    // Name each unknown key on its own, so the form can point at the misspelt field.
    if (issue.code === 'unrecognized_keys') for (const k of issue.keys) put([...issue.path, k], 'unknown field');
    else put(issue.path, issue.message);
  }
  return fields;
}

/** Check one contract document (parsed JSON). Field keys are dotted paths, '_' for the document itself. */
export function validateContract(json: unknown): Validation<Contract> {
  const r = contractSchema.safeParse(json);
  return r.success ? { ok: true, value: r.data } : { ok: false, fields: fieldsOf(r.error) };
}

/**
 * Check every version of one contract code: each document on its own (fields prefixed with the array index),
 * then that they share a code, have distinct version numbers and that their periods do not overlap — a day
 * must have exactly one set of rules.
 */
export function validateContractVersions(versions: unknown): Validation<Contract[]> {
  if (!Array.isArray(versions) || versions.length === 0)
    return { ok: false, fields: { _: 'expected a list of versions' } };
  const fields: Record<string, string> = {};
  const valid: Contract[] = [];
  versions.forEach((v, i) => {
    const r = validateContract(v);
    if (r.ok) valid.push(r.value);
    else for (const [k, msg] of Object.entries(r.fields)) fields[`${i}.${k}`] = msg;
  });
  if (Object.keys(fields).length) return { ok: false, fields };

  valid.forEach((c, i) => {
    if (c.code !== valid[0].code) fields[`${i}.code`] ??= `differs from '${valid[0].code}' of item 0`;
    valid.slice(0, i).forEach((prev, j) => {
      if (prev.version === c.version) fields[`${i}.version`] ??= `version ${c.version} already used by item ${j}`;
      if (rangesOverlap(prev.period, c.period))
        fields[`${i}.period`] ??= `overlaps version ${prev.version} (${prev.period.from} – ${prev.period.to})`;
    });
  });
  return Object.keys(fields).length ? { ok: false, fields } : { ok: true, value: valid };
}

/**
 * The roster module keeps shift templates; each names the requirement it `covers`. Field errors (keyed by the
 * template's index) for references to requirements this contract does not have.
 */
export function validateShiftTemplateRefs(
  contract: Pick<Contract, 'staffing'>,
  templates: { id: string; covers: string }[],
): Record<string, string> {
  const known = new Set(contract.staffing.map((s) => s.id));
  const fields: Record<string, string> = {};
  templates.forEach((t, i) => {
    if (!known.has(t.covers)) fields[`${i}.covers`] = `no staffing requirement '${t.covers}'`;
  });
  return fields;
}
