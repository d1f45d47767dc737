// Working-time arithmetic for ticket time limits (办理时限). Pure: no I/O, no clock — callers pass the
// start instant and the calendar data, so every deadline is reproducible in tests and on replay.
//
// All wall-clock reasoning is in Asia/Shanghai. China has had no DST since 1991, so a fixed +8 h offset
// on epoch milliseconds is exact and we avoid a timezone library. Internally a calendar day is a
// 'YYYY-MM-DD' string (the same format the official calendar files use), and day arithmetic is done on
// UTC midnights, which never have DST or leap-second surprises in JS.

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

/** Office hours that count towards 'working_hours' limits: 09:00–18:00, 9 h per working day. */
const WORK_START_HOUR = 9;
const WORK_END_HOUR = 18;

// ---------------------------------------------------------------------------------------------------
// Day helpers
// ---------------------------------------------------------------------------------------------------

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** UTC-midnight epoch ms of a 'YYYY-MM-DD' day, or null when the string is not a real calendar date. */
function parseDay(day: string): number | null {
  const m = DAY_RE.exec(day);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  // Date.UTC silently rolls '2026-02-30' over to March; a round trip catches that.
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms;
}

function requireDay(day: string): number {
  const ms = parseDay(day);
  if (ms === null) throw new RangeError(`Invalid day '${day}', expected an existing date as YYYY-MM-DD`);
  return ms;
}

function formatUtcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function addDays(day: string, n: number): string {
  return formatUtcDay(requireDay(day) + n * DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
function weekday(day: string): number {
  return new Date(requireDay(day)).getUTCDay();
}

function isWeekend(day: string): boolean {
  const wd = weekday(day);
  return wd === 0 || wd === 6;
}

/** The Asia/Shanghai calendar day ('YYYY-MM-DD') that contains instant `d`. */
export function shanghaiDay(d: Date): string {
  const ms = d.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('Invalid Date');
  return formatUtcDay(ms + SHANGHAI_OFFSET_MS);
}

/**
 * The instant of `hh:mm` Asia/Shanghai wall time on `day`. `hh = 24, mm = 0` is allowed and means
 * 00:00 of the following day, matching how time limits are phrased ("ends at 24:00").
 */
export function fromShanghai(day: string, hh = 0, mm = 0): Date {
  const valid =
    Number.isInteger(hh) &&
    Number.isInteger(mm) &&
    hh >= 0 &&
    mm >= 0 &&
    mm < 60 &&
    (hh < 24 || (hh === 24 && mm === 0));
  if (!valid) throw new RangeError(`Invalid Shanghai time ${hh}:${mm}`);
  return new Date(requireDay(day) + hh * HOUR_MS + mm * 60_000 - SHANGHAI_OFFSET_MS);
}

// ---------------------------------------------------------------------------------------------------
// Calendar data and its validation
// ---------------------------------------------------------------------------------------------------

/** One year of the State Council holiday notice, as stored in server/data/calendar/cn-YYYY.json. */
export interface CalendarYear {
  year: number;
  /** Where the data came from (title and date of the notice), kept for audit. */
  source: string;
  /** Inclusive ranges of days off. May include weekend days; that is harmless. */
  holidays: { name: string; from: string; to: string }[];
  /** Weekend days that are worked to make up for a bridged holiday (调休上班). */
  makeupWorkdays: string[];
}

export type ValidationResult = { ok: true; value: CalendarYear } | { ok: false; fields: Record<string, string> };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks an uploaded calendar year (admins load next year's notice each November without a code change).
 * Collects every problem, keyed by a field path such as `holidays[2].to`, so the admin UI can show them all
 * at once instead of one per upload attempt. On success returns a clean copy without unknown properties.
 */
export function validateCalendarYear(json: unknown): ValidationResult {
  const fields: Record<string, string> = {};
  if (!isRecord(json)) return { ok: false, fields: { '': 'must be a JSON object' } };

  const year = json.year;
  const yearOk = typeof year === 'number' && Number.isInteger(year) && year >= 2000 && year <= 2100;
  if (!yearOk) fields.year = 'must be an integer between 2000 and 2100';

  if (typeof json.source !== 'string' || json.source.trim() === '') fields.source = 'must be a non-empty string';

  // A date must exist and, when the year itself is usable, lie inside that year: a notice never
  // describes another year, so a mismatch is almost certainly a typo.
  const checkDate = (path: string, v: unknown): string | null => {
    if (typeof v !== 'string' || parseDay(v) === null) {
      fields[path] = 'must be an existing date as YYYY-MM-DD';
      return null;
    }
    if (yearOk && Number(v.slice(0, 4)) !== year) {
      fields[path] = `must be inside ${year}`;
      return null;
    }
    return v;
  };

  const holidays: CalendarYear['holidays'] = [];
  if (!Array.isArray(json.holidays)) {
    fields.holidays = 'must be an array';
  } else {
    json.holidays.forEach((h: unknown, i) => {
      const p = `holidays[${i}]`;
      if (!isRecord(h)) {
        fields[p] = 'must be an object with name, from, to';
        return;
      }
      const name = typeof h.name === 'string' ? h.name.trim() : '';
      if (name === '') fields[`${p}.name`] = 'must be a non-empty string';
      const from = checkDate(`${p}.from`, h.from);
      const to = checkDate(`${p}.to`, h.to);
      // 'YYYY-MM-DD' strings compare correctly as text.
      if (from !== null && to !== null && from > to) fields[`${p}.to`] = 'must not be before from';
      if (name !== '' && from !== null && to !== null && from <= to) holidays.push({ name, from, to });
    });
  }

  const makeupWorkdays: string[] = [];
  if (!Array.isArray(json.makeupWorkdays)) {
    fields.makeupWorkdays = 'must be an array';
  } else {
    json.makeupWorkdays.forEach((v: unknown, i) => {
      const p = `makeupWorkdays[${i}]`;
      const day = checkDate(p, v);
      if (day === null) return;
      // A make-up workday on a weekday would change nothing, so it signals a wrong date.
      if (!isWeekend(day)) fields[p] = 'must be a Saturday or Sunday';
      // Being both a day off and a workday is contradictory; refuse rather than guess which wins.
      else if (holidays.some((h) => h.from <= day && day <= h.to)) fields[p] = 'must not be inside a holiday';
      else makeupWorkdays.push(day);
    });
  }

  if (Object.keys(fields).length > 0) return { ok: false, fields };
  return {
    ok: true,
    value: { year: year as number, source: (json.source as string).trim(), holidays, makeupWorkdays },
  };
}

// ---------------------------------------------------------------------------------------------------
// WorkingCalendar
// ---------------------------------------------------------------------------------------------------

/**
 * Answers "is this a working day?" from the loaded official years. For a year without data (e.g. next
 * year before its notice is published) it falls back to plain Monday–Friday; `hasYear` lets callers
 * warn that such deadlines are provisional.
 */
export class WorkingCalendar {
  private readonly holidayByDay = new Map<string, string>();
  private readonly makeupDays = new Set<string>();
  private readonly loadedYears: number[];

  constructor(years: readonly CalendarYear[]) {
    const seen = new Set<number>();
    for (const y of years) {
      // Two different sources for one year would make the answer depend on load order.
      if (seen.has(y.year)) throw new Error(`Duplicate calendar data for year ${y.year}`);
      seen.add(y.year);
      for (const h of y.holidays) {
        for (let d = h.from; d <= h.to; d = addDays(d, 1)) this.holidayByDay.set(d, h.name);
      }
      for (const d of y.makeupWorkdays) this.makeupDays.add(d);
    }
    this.loadedYears = [...seen].sort((a, b) => a - b);
  }

  /** True when official data for `year` is loaded; false means Monday–Friday fallback is in use. */
  hasYear(year: number): boolean {
    return this.loadedYears.includes(year);
  }

  /** Years with official data, ascending. */
  years(): number[] {
    return [...this.loadedYears];
  }

  isWorkingDay(day: string): boolean {
    requireDay(day);
    // Make-up days are weekend days that are worked, so they must be checked before the weekend rule.
    if (this.makeupDays.has(day)) return true;
    if (this.holidayByDay.has(day)) return false;
    return !isWeekend(day);
  }

  /** Name of the official holiday containing `day` (e.g. '国庆节'), or null. Ordinary weekends are null. */
  holidayName(day: string): string | null {
    requireDay(day);
    return this.holidayByDay.get(day) ?? null;
  }

  /** The first working day strictly after `day`. */
  nextWorkingDay(day: string): string {
    // Even a fully-booked holiday year has weekdays within a few weeks; the bound only guards bad data.
    let d = day;
    for (let i = 0; i < 366; i++) {
      d = addDays(d, 1);
      if (this.isWorkingDay(d)) return d;
    }
    throw new Error(`No working day within a year after ${day}`);
  }
}

// ---------------------------------------------------------------------------------------------------
// Deadlines
// ---------------------------------------------------------------------------------------------------

export type TimeLimitUnit = 'working_days' | 'working_hours' | 'calendar_hours' | 'calendar_days';
export interface TimeLimit {
  value: number;
  unit: TimeLimitUnit;
}

function requireWholeDays(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Day count must be a non-negative integer, got ${n}`);
}

function requireHours(h: number): void {
  if (!Number.isFinite(h) || h < 0) throw new RangeError(`Hours must be a non-negative finite number, got ${h}`);
}

function requireInstant(d: Date): number {
  const ms = d.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('Invalid Date');
  return ms;
}

/**
 * "A limit of N working days ends at 24:00 (Asia/Shanghai) of the Nth working day after the day the clock
 * starts." The start day never counts — whatever the time of day and whether or not it is a working day —
 * so a ticket received at 08:00 and one received at 23:00 get the same deadline. n = 0 ends at 24:00 of the
 * start day. Returns that 24:00, i.e. 00:00 of the following Shanghai day.
 */
export function addWorkingDays(cal: WorkingCalendar, start: Date, n: number): Date {
  requireInstant(start);
  requireWholeDays(n);
  let day = shanghaiDay(start);
  for (let i = 0; i < n; i++) day = cal.nextWorkingDay(day);
  return fromShanghai(day, 24);
}

/** Calendar-day limits use the same "24:00 of the Nth day after the start day" convention. */
export function addCalendarDays(start: Date, n: number): Date {
  requireInstant(start);
  requireWholeDays(n);
  return fromShanghai(addDays(shanghaiDay(start), n), 24);
}

/** Plain elapsed time: weekends, nights and holidays all count. */
export function addCalendarHours(start: Date, hours: number): Date {
  const ms = requireInstant(start);
  requireHours(hours);
  return new Date(ms + Math.round(hours * HOUR_MS));
}

/**
 * Adds `hours` of office time (09:00–18:00 on working days). A start before 09:00 counts from 09:00; a start
 * at/after 18:00 or on a non-working day counts from 09:00 of the next working day. The result is the
 * earliest instant at which that much office time has elapsed, so a limit that is used up exactly at
 * 18:00 ends at 18:00, not at 09:00 next morning — and a zero limit ends at `start` itself.
 */
export function addWorkingHours(cal: WorkingCalendar, start: Date, hours: number): Date {
  const startMs = requireInstant(start);
  requireHours(hours);
  // Whole milliseconds keep the loop exact; fractional hours like 1.5 or 0.25 are representable anyway.
  let remaining = Math.round(hours * HOUR_MS);
  if (remaining === 0) return new Date(startMs);

  let day = shanghaiDay(start);
  let cursor = startMs;
  if (!cal.isWorkingDay(day) || cursor >= fromShanghai(day, WORK_END_HOUR).getTime()) {
    day = cal.nextWorkingDay(day);
    cursor = fromShanghai(day, WORK_START_HOUR).getTime();
  } else {
    cursor = Math.max(cursor, fromShanghai(day, WORK_START_HOUR).getTime());
  }

  // Invariant: `cursor` lies within [09:00, 18:00) of working day `day`.
  for (;;) {
    const available = fromShanghai(day, WORK_END_HOUR).getTime() - cursor;
    if (remaining <= available) return new Date(cursor + remaining);
    remaining -= available;
    day = cal.nextWorkingDay(day);
    cursor = fromShanghai(day, WORK_START_HOUR).getTime();
  }
}

export function computeDeadline(cal: WorkingCalendar, start: Date, limit: TimeLimit): Date {
  switch (limit.unit) {
    case 'working_days':
      return addWorkingDays(cal, start, limit.value);
    case 'working_hours':
      return addWorkingHours(cal, start, limit.value);
    case 'calendar_days':
      return addCalendarDays(start, limit.value);
    case 'calendar_hours':
      return addCalendarHours(start, limit.value);
    default: {
      // Compile-time exhaustiveness check; at run time guards against bad rows from the database.
      const unit: never = limit.unit;
      throw new RangeError(`Unknown time limit unit '${String(unit)}'`);
    }
  }
}

/**
 * The instant at `fraction` (default 80 %) of the elapsed span from `start` to `due`, used to raise the
 * "about to expire" warning. Measured in plain elapsed time, not office time: the warning is about how
 * much of the wall-clock window is gone.
 */
export function warnAt(start: Date, due: Date, fraction = 0.8): Date {
  const s = requireInstant(start);
  const e = requireInstant(due);
  if (!Number.isFinite(fraction) || fraction < 0 || fraction > 1) {
    throw new RangeError(`fraction must be between 0 and 1, got ${fraction}`);
  }
  return new Date(s + Math.round((e - s) * fraction));
}
