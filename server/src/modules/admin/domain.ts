// Pure rules of the administrators' reference data: which unit may sit under which, materialized paths,
// content revisions for tables without a version column, inherited time limits, the 统一社会信用代码 check
// and the in-place update of the telephony application's lines. No I/O.
import crypto from 'node:crypto';
import type { LineConfig } from '@hotline-desk/telephony';
import type { TimeLimit } from '../calendar/workingTime';

// ---- org units ------------------------------------------------------------------------------------------
export const UNIT_TYPES = ['centre', 'department', 'street', 'community', 'provider'] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

/**
 * What may be created under what: a centre holds departments, streets, providers (and a lower-level centre);
 * a department its sub-units (the multi-level dispatch); a street its communities; a provider its branches.
 */
export const CHILD_TYPES: Record<UnitType, readonly UnitType[]> = {
  centre: ['centre', 'department', 'street', 'provider'],
  department: ['department'],
  street: ['community'],
  community: [],
  provider: ['provider'],
};

export function mayHoldChild(parent: string, child: string): boolean {
  return (CHILD_TYPES[parent as UnitType] ?? []).includes(child as UnitType);
}

/** '/1/4/' + 12 → '/1/4/12/': a subtree is `path LIKE '/1/4/12/%'`. */
export const childPath = (parentPath: string, id: number) => `${parentPath}${id}/`;

/** The rows of `path`'s subtree, the root included (rows carry their materialized path). */
export function subtree<T extends { path: string }>(rows: readonly T[], path: string): T[] {
  return rows.filter((r) => r.path.startsWith(path));
}

// ---- revisions ------------------------------------------------------------------------------------------
/** Canonical JSON: keys sorted, so the same content always gives the same text. */
function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v ?? null);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .filter((k) => o[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}

/**
 * org_units and categories have no version column: their optimistic check compares a revision derived from
 * the editable content. Any change by someone else since the client read the row changes it.
 */
export function contentRev(content: unknown): string {
  return crypto.createHash('sha256').update(canonical(content)).digest('base64url').slice(0, 12);
}

// ---- time limits ----------------------------------------------------------------------------------------
export const URGENCIES = ['normal', 'urgent', 'critical'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const LIMIT_UNITS = ['working_hours', 'working_days', 'calendar_hours', 'calendar_days'] as const;
export const LIMIT_KINDS = ['sign', 'feedback', 'close'] as const;
export type LimitKind = (typeof LIMIT_KINDS)[number];
export type LimitSet = Record<LimitKind, TimeLimit>;

/** Day units count whole days (computeDeadline refuses fractions); hours may be fractional. */
export const isDayUnit = (u: TimeLimit['unit']) => u === 'working_days' || u === 'calendar_days';
export const LIMIT_MAX: Record<TimeLimit['unit'], number> = {
  working_hours: 2000,
  calendar_hours: 24 * 365,
  working_days: 365,
  calendar_days: 365,
};

/**
 * Field errors of one urgency's limits beyond their shape: a feedback due after the close, or a sign due
 * after the feedback, in the same unit, is a typo (different units are not compared: 1 working day is not
 * a fixed number of hours).
 */
export function limitOrderErrors(l: LimitSet, prefix: string): Record<string, string> {
  const fields: Record<string, string> = {};
  if (l.sign.unit === l.feedback.unit && l.sign.value > l.feedback.value)
    fields[`${prefix}.sign.value`] = 'must not be longer than the feedback limit';
  if (l.feedback.unit === l.close.unit && l.feedback.value > l.close.value)
    fields[`${prefix}.feedback.value`] = 'must not be longer than the close limit';
  return fields;
}

export interface CategoryLike {
  id: number;
  parentId: number | null;
}
/**
 * The limits a category's tickets get per urgency: its own, or the nearest ancestor's, saying from which
 * category they come (the screen shows inherited limits as such).
 */
export function effectiveLimits<C extends CategoryLike>(
  cats: ReadonlyMap<number, C>,
  own: ReadonlyMap<string, LimitSet>,
  categoryId: number,
  urgency: Urgency,
): { limits: LimitSet; fromCategoryId: number } | null {
  const seen = new Set<number>();
  for (let c = cats.get(categoryId); c && !seen.has(c.id); c = c.parentId == null ? undefined : cats.get(c.parentId)) {
    seen.add(c.id);
    const l = own.get(`${c.id}:${urgency}`);
    if (l) return { limits: l, fromCategoryId: c.id };
  }
  return null;
}

// ---- partners -------------------------------------------------------------------------------------------
/** GB 32100-2015 统一社会信用代码: 18 characters from this alphabet (no I, O, S, V, Z), the last a check character. */
const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Why a 统一社会信用代码 is not valid, or null when it is (upper-case; callers normalise). */
export function creditCodeProblem(code: string): string | null {
  if (code.length !== 18) return 'must be 18 characters';
  for (const ch of code) if (!CREDIT_ALPHABET.includes(ch)) return `contains '${ch}', not allowed in a credit code`;
  if (!/^[0-9]{6}$/.test(code.slice(2, 8))) return 'characters 3–8 must be the administrative division code';
  const sum = CREDIT_WEIGHTS.reduce((s, w, i) => s + w * CREDIT_ALPHABET.indexOf(code[i]), 0);
  const check = CREDIT_ALPHABET[(31 - (sum % 31)) % 31];
  return code[17] === check ? null : 'check character does not match (typo?)';
}

// ---- hotline lines --------------------------------------------------------------------------------------
export interface LineRowLike {
  did: string;
  name: string;
  queue: string;
  priority: number;
  skill: string | null;
  emergency: boolean;
  active: boolean;
}

export const toLineConfig = (r: LineRowLike): LineConfig => ({
  did: r.did,
  queue: r.queue,
  priority: r.priority,
  name: r.name,
  ...(r.skill ? { skill: r.skill } : {}),
  ...(r.emergency ? { emergency: true } : {}),
});

/** The lines calls are routed by: the active ones, highest priority first. */
export function routableLines(rows: readonly LineRowLike[]): LineConfig[] {
  return rows
    .filter((r) => r.active)
    .sort((a, b) => b.priority - a.priority || a.did.localeCompare(b.did))
    .map(toLineConfig);
}

/**
 * Replace the contents of the array the running SIP application routes by (its config holds this very
 * array and reads it on every INVITE): the next call uses the new lines, no restart. One synchronous
 * splice, so a call never sees half a list.
 */
export function replaceLines(target: LineConfig[], next: readonly LineConfig[]): void {
  target.splice(0, target.length, ...next);
}

/** The skills and queues the lines name, for agent skills and the wallboard. */
export const lineSkills = (lines: readonly LineConfig[]) =>
  [...new Set(lines.map((l) => l.skill).filter((s): s is string => !!s))].sort();
export const lineQueues = (lines: readonly LineConfig[]) => [...new Set(lines.map((l) => l.queue))];
