// Calendar arithmetic on 'YYYY-MM-DD' / 'YYYY-MM' strings, in Beijing time whatever the browser's zone.
const SHANGHAI_MS = 8 * 3600_000;

/** Today in Asia/Shanghai as 'YYYY-MM-DD'. */
export const todayShanghai = (): string => new Date(Date.now() + SHANGHAI_MS).toISOString().slice(0, 10);
export const currentMonth = (): string => todayShanghai().slice(0, 7);

/** 'YYYY-MM' plus n months. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}

export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** 0 = Sunday. */
export const weekdayOf = (day: string): number => new Date(`${day}T00:00:00Z`).getUTCDay();

const clock = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const dayOf = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' });

/** 'HH:MM' in Beijing time, with '+1' when the instant falls on a later day than `day`. */
export function clockOf(iso: string | null, day?: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  const text = clock.format(d);
  return day && dayOf.format(d) > day ? `${text} (+1)` : text;
}
