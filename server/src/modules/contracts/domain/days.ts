// Calendar-day arithmetic on 'YYYY-MM-DD' strings. Day arithmetic runs on UTC midnights, which have no
// DST or leap seconds, so a day is always 86 400 000 ms; ISO day strings also sort chronologically.
import type { DayRange, RulePeriod } from './contract';
import type { Day } from './types';

const DAY_MS = 86_400_000;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `day` is 'YYYY-MM-DD' and names a real date (not '2026-02-30'). */
export function isDay(day: unknown): day is Day {
  if (typeof day !== 'string') return false;
  const m = DAY_RE.exec(day);
  if (!m) return false;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === day;
}

function toMs(day: Day): number {
  if (!isDay(day)) throw new RangeError(`Invalid day '${day}', expected an existing date as YYYY-MM-DD`);
  return Date.parse(`${day}T00:00:00Z`);
}

const fromMs = (ms: number): Day => new Date(ms).toISOString().slice(0, 10);

export const addDays = (day: Day, n: number): Day => fromMs(toMs(day) + n * DAY_MS);

/** Days from `from` to `to`, both included (0 when `to` is before `from`). */
export function daysInclusive(from: Day, to: Day): number {
  return Math.max(0, Math.round((toMs(to) - toMs(from)) / DAY_MS) + 1);
}

export const minDay = (a: Day, b: Day): Day => (a <= b ? a : b);
export const maxDay = (a: Day, b: Day): Day => (a >= b ? a : b);

export const inRange = (day: Day, r: DayRange): boolean => day >= r.from && day <= r.to;

/** The common days of two ranges, or null when they do not meet. */
export function intersect(a: DayRange, b: DayRange): DayRange | null {
  const from = maxDay(a.from, b.from);
  const to = minDay(a.to, b.to);
  return from <= to ? { from, to } : null;
}

export const rangesOverlap = (a: DayRange, b: DayRange): boolean => intersect(a, b) !== null;

function lastDayOfMonth(year: number, month1: number): Day {
  return fromMs(Date.UTC(year, month1, 0));
}

export interface SubPeriod extends DayRange {
  /** '2026-03', '2026-Q1', '2026-02-10/2027-02-09' (contract year) or 'contract'. */
  key: string;
}

/** Calendar month, calendar quarter, contract year or the whole contract containing `day`, unclipped. */
function enclosing(unit: RulePeriod, day: Day, contract: DayRange): SubPeriod {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  switch (unit) {
    case 'month':
      return { key: day.slice(0, 7), from: `${day.slice(0, 7)}-01`, to: lastDayOfMonth(year, month) };
    case 'quarter': {
      const q = Math.floor((month - 1) / 3);
      const firstMonth = String(q * 3 + 1).padStart(2, '0');
      return { key: `${year}-Q${q + 1}`, from: `${year}-${firstMonth}-01`, to: lastDayOfMonth(year, q * 3 + 3) };
    }
    case 'year': {
      // Contract years: the clause "每年不少于2次培训" runs from the signing anniversary, not from 1 January.
      let from = contract.from;
      let n = 1;
      while (anniversary(contract.from, n) <= day) {
        from = anniversary(contract.from, n);
        n += 1;
      }
      const to = addDays(anniversary(contract.from, n), -1);
      return { key: `${from}/${to}`, from, to };
    }
    case 'contract':
      return { key: 'contract', from: contract.from, to: contract.to };
  }
}

/** `start` moved on by `years` years; 29 February falls back to 28 February in common years. */
function anniversary(start: Day, years: number): Day {
  const y = Number(start.slice(0, 4)) + years;
  const md = start.slice(5);
  const candidate = `${y}-${md}`;
  return isDay(candidate) ? candidate : `${y}-02-28`;
}

/**
 * The rule sub-periods (clipped to the contract) that meet `range`, in chronological order. `range` must lie
 * inside the contract.
 */
export function subPeriods(unit: RulePeriod, contract: DayRange, range: DayRange): SubPeriod[] {
  const out: SubPeriod[] = [];
  let day = range.from;
  while (day <= range.to) {
    const sp = enclosing(unit, day, contract);
    const clipped = intersect(sp, contract);
    // A contract year is named by its days; the last one may be cut short by the contract's end.
    if (clipped) out.push({ key: unit === 'year' ? `${clipped.from}/${clipped.to}` : sp.key, ...clipped });
    day = addDays(sp.to, 1);
  }
  return out;
}
