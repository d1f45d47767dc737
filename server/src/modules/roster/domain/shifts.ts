// Shift templates and the time arithmetic every roster rule is built on. Pure: no I/O, no clock.
//
// Wall-clock reasoning is in Asia/Shanghai. China has had no DST since 1991, so a fixed +8 h offset on epoch
// milliseconds is exact and no timezone library is needed. A shift belongs to the day it starts on; a template
// whose end is not after its start ends on the next day (night 18:00–09:00, 24 h duty 09:00–09:00).
import type { ClockTime, Day } from '../../contracts/domain/types';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

/**
 * day: a day shift; night: crosses the night (counts for the night rules and night fairness); duty24: a 24 h
 * duty, which includes a night; standby: on call from home, covers no seat and is not a work day.
 */
export type ShiftKind = 'day' | 'night' | 'duty24' | 'standby';

export interface ShiftTemplate {
  code: string;
  name: string;
  start: ClockTime;
  /** `end <= start` means the shift ends on the next day. */
  end: ClockTime;
  kind: ShiftKind;
  /** Ids of the StaffingRequirements a person on this shift counts toward. */
  covers: string[];
  /** False for standby: it does not count toward consecutive work days, rest or work-load fairness. */
  countsAsWork: boolean;
}

/** One person on one shift. `day` is the day the shift starts. `id` is absent until the roster is stored. */
export interface Assignment {
  id?: string;
  agentId: string;
  day: Day;
  templateCode: string;
}

/** [from, to) in epoch milliseconds. */
export interface Interval {
  from: number;
  to: number;
}

/**
 * The defaults match the Haidian 12345 seat contract (003): 48 seats 09:00–18:00 on working days, night duty
 * 18:00–09:00 every day, a small day team on rest days and holidays, 24 h duty on holidays / key periods.
 */
export const DEFAULT_TEMPLATES: readonly ShiftTemplate[] = [
  {
    code: 'early',
    name: '早班',
    start: '08:00',
    end: '16:00',
    kind: 'day',
    covers: ['workday_day'],
    countsAsWork: true,
  },
  {
    code: 'late',
    name: '晚班',
    start: '10:00',
    end: '18:00',
    kind: 'day',
    covers: ['workday_day'],
    countsAsWork: true,
  },
  { code: 'day', name: '白班', start: '09:00', end: '18:00', kind: 'day', covers: ['workday_day'], countsAsWork: true },
  { code: 'night', name: '夜班', start: '18:00', end: '09:00', kind: 'night', covers: ['night'], countsAsWork: true },
  {
    code: 'duty',
    name: '节假日值班',
    start: '09:00',
    end: '18:00',
    kind: 'day',
    covers: ['restday_day'],
    countsAsWork: true,
  },
  {
    code: 'duty24',
    name: '节假日24小时值班',
    start: '09:00',
    end: '09:00',
    kind: 'duty24',
    covers: ['restday_day', 'night'],
    countsAsWork: true,
  },
  { code: 'standby', name: '备班', start: '09:00', end: '09:00', kind: 'standby', covers: [], countsAsWork: false },
];

const CLOCK_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Minutes after midnight of an 'HH:MM' time. */
export function clockMinutes(t: ClockTime): number {
  const m = CLOCK_RE.exec(t);
  if (!m) throw new RangeError(`Invalid clock time '${t}', expected HH:MM`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Length of a start–end window in minutes; `end <= start` wraps to the next day, so 09:00–09:00 is 24 h. */
export function windowMinutes(start: ClockTime, end: ClockTime): number {
  const s = clockMinutes(start);
  const e = clockMinutes(end);
  return e > s ? e - s : e + 1440 - s;
}

/** UTC-midnight epoch ms of a day; throws on a malformed or non-existent date. */
function utcMidnight(day: Day): number {
  const m = DAY_RE.exec(day);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  // Date.UTC rolls '2026-02-30' over to March; the round trip catches it.
  if (!m || new Date(ms).toISOString().slice(0, 10) !== day) throw new RangeError(`Invalid day '${day}'`);
  return ms;
}

/** Days since 1970-01-01: consecutive days have consecutive ordinals, which the run-length rules rely on. */
export function dayOrdinal(day: Day): number {
  return utcMidnight(day) / DAY_MS;
}

export function dayFromOrdinal(n: number): Day {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(day: Day, n: number): Day {
  return dayFromOrdinal(dayOrdinal(day) + n);
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: Day, to: Day): Day[] {
  const out: Day[] = [];
  for (let n = dayOrdinal(from), last = dayOrdinal(to); n <= last; n++) out.push(dayFromOrdinal(n));
  return out;
}

/** The instant of 00:00 Asia/Shanghai on `day`. */
export function shanghaiMidnight(day: Day): number {
  return utcMidnight(day) - SHANGHAI_OFFSET_MS;
}

/** The Asia/Shanghai day containing an instant. */
export function shanghaiDayOf(ms: number): Day {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Absolute interval of a template worked from `day`. */
export function shiftInterval(day: Day, t: Pick<ShiftTemplate, 'start' | 'end'>): Interval {
  const from = shanghaiMidnight(day) + clockMinutes(t.start) * MINUTE_MS;
  return { from, to: from + windowMinutes(t.start, t.end) * MINUTE_MS };
}

export function overlaps(a: Interval, b: Interval): boolean {
  return a.from < b.to && b.from < a.to;
}

/** Hours between the end of the earlier interval and the start of the later one; negative when they overlap. */
export function restHoursBetween(a: Interval, b: Interval): number {
  const [first, second] = a.from <= b.from ? [a, b] : [b, a];
  return (second.from - first.to) / HOUR_MS;
}

/** Night and 24 h duty both keep a person awake through the night: the night rules count both. */
export function isNightKind(t: Pick<ShiftTemplate, 'kind'>): boolean {
  return t.kind === 'night' || t.kind === 'duty24';
}

/** Templates by code; a duplicate code would make assignments ambiguous. */
export function templateMap(templates: readonly ShiftTemplate[]): Map<string, ShiftTemplate> {
  const map = new Map<string, ShiftTemplate>();
  for (const t of templates) {
    if (map.has(t.code)) throw new Error(`Duplicate shift template code '${t.code}'`);
    clockMinutes(t.start);
    clockMinutes(t.end);
    map.set(t.code, t);
  }
  return map;
}

/** The stored id, or a key that is unique within a roster (one agent works a template once per day). */
export function assignmentKey(a: Assignment): string {
  return a.id ?? `${a.agentId}/${a.day}/${a.templateCode}`;
}
