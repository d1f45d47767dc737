// A loaded calendar year as day kinds for the month grid: holidays off, make-up workdays (调休上班) worked,
// the rest by weekday — the same rule the server's working-time arithmetic applies.
import type { CalendarYearData } from '../../../api/adminReference';

export type DayKind = 'holiday' | 'makeup' | 'weekend' | 'workday';
export interface DayCell {
  day: string;
  date: number;
  kind: DayKind;
  /** the holiday's name */
  name: string | null;
}

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const utc = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** holiday days with their names, and the make-up workdays */
export function dayKinds(y: CalendarYearData): { holidays: Map<string, string>; makeup: Set<string> } {
  const holidays = new Map<string, string>();
  for (const h of y.holidays) for (let ms = utc(h.from); ms <= utc(h.to); ms += DAY_MS) holidays.set(iso(ms), h.name);
  return { holidays, makeup: new Set(y.makeupWorkdays) };
}

/** The weeks (Monday first) of month `m` (1–12); days outside the month are null. */
export function monthWeeks(year: number, m: number, kinds: ReturnType<typeof dayKinds>): (DayCell | null)[][] {
  const first = Date.UTC(year, m - 1, 1);
  const days = new Date(Date.UTC(year, m, 0)).getUTCDate();
  const lead = (new Date(first).getUTCDay() + 6) % 7; // Monday = 0
  const cells: (DayCell | null)[] = Array.from({ length: lead }, () => null);
  for (let d = 0; d < days; d++) {
    const ms = first + d * DAY_MS;
    const day = iso(ms);
    const wd = new Date(ms).getUTCDay();
    const name = kinds.holidays.get(day) ?? null;
    const kind: DayKind = kinds.makeup.has(day)
      ? 'makeup'
      : name
        ? 'holiday'
        : wd === 0 || wd === 6
          ? 'weekend'
          : 'workday';
    cells.push({ day, date: d + 1, kind, name });
  }
  while (cells.length % 7) cells.push(null);
  return Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7));
}

/** days in a holiday range (for the list) */
export const rangeDays = (from: string, to: string) => Math.round((utc(to) - utc(from)) / DAY_MS) + 1;
