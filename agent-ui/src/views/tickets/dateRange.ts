// The list's "received" date range: whole days in Beijing time, sent as [from, to) instants with +08:00.
import type { TicketListQuery } from '../../api/types';

const DAY_MS = 86400_000;
const shiftDay = (day: string, by: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + by * DAY_MS).toISOString().slice(0, 10);
/** the Beijing calendar day of an instant */
const beijingDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);

/** [first day, last day] for the picker; `to` is exclusive, so its day before is the last one shown. */
export function dateRangeOf(from?: string, to?: string): [string, string] | null {
  if (!from || !to) return null;
  return [beijingDay(from), shiftDay(beijingDay(to), -1)];
}

export function rangeToQuery(v: [string, string] | null): Pick<TicketListQuery, 'from' | 'to'> {
  if (!v) return { from: undefined, to: undefined };
  return { from: `${v[0]}T00:00:00+08:00`, to: `${shiftDay(v[1], 1)}T00:00:00+08:00` };
}
