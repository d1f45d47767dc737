// Loads the official calendar files (server/data/calendar/cn-YYYY.json). Kept apart from workingTime.ts
// so that the arithmetic stays free of I/O.

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { type CalendarYear, validateCalendarYear } from './workingTime';

const FILE_RE = /^cn-(\d{4})\.json$/;

/** A calendar file that cannot be used; `fields` uses the same keys as validateCalendarYear. */
export class CalendarFileError extends Error {
  constructor(
    readonly file: string,
    readonly fields: Record<string, string>,
  ) {
    super(
      `Invalid calendar file ${file}: ${Object.entries(fields)
        .map(([k, v]) => `${k || '(file)'} ${v}`)
        .join('; ')}`,
    );
    this.name = 'CalendarFileError';
  }
}

/**
 * Reads and validates every `cn-YYYY.json` in `dir`, returning the years in ascending order.
 * Any bad file fails the whole load: silently skipping it would quietly put that year on the
 * Monday–Friday fallback and move every deadline around its holidays.
 */
export async function loadCalendarDir(dir: string): Promise<CalendarYear[]> {
  const names = (await readdir(dir)).filter((n) => FILE_RE.test(n)).sort();
  const years: CalendarYear[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    let json: unknown;
    try {
      json = JSON.parse(await readFile(file, 'utf8'));
    } catch (err) {
      throw new CalendarFileError(file, { '': `is not valid JSON (${(err as Error).message})` });
    }
    const result = validateCalendarYear(json);
    if (!result.ok) throw new CalendarFileError(file, result.fields);
    // The file name is what an admin looks at; a cn-2027.json holding 2026 data would shadow the real 2026.
    const nameYear = Number(FILE_RE.exec(name)![1]);
    if (result.value.year !== nameYear) {
      throw new CalendarFileError(file, { year: `is ${result.value.year} but the file name says ${nameYear}` });
    }
    years.push(result.value);
  }
  return years;
}
