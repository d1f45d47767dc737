// Expectations are worked out by hand from the official 2025 and 2026 notices in server/data/calendar.
// Reference weekdays: 2025-12-30 Tue, 2026-01-01 Thu, 2026-02-14 Sat, 2026-03-04 Wed, 2026-09-30 Wed,
// 2026-10-10 Sat, 2027-01-01 Fri.

import {
  addCalendarDays,
  addCalendarHours,
  addWorkingDays,
  addWorkingHours,
  type CalendarYear,
  computeDeadline,
  fromShanghai,
  shanghaiDay,
  validateCalendarYear,
  warnAt,
  WorkingCalendar,
} from './workingTime';

// The real data files, so the tests also prove that what ships passes validation.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const raw2025: unknown = require('../../../data/calendar/cn-2025.json');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const raw2026: unknown = require('../../../data/calendar/cn-2026.json');

function mustValidate(json: unknown): CalendarYear {
  const r = validateCalendarYear(json);
  if (!r.ok) throw new Error(`calendar fixture invalid: ${JSON.stringify(r.fields)}`);
  return r.value;
}

const cal = new WorkingCalendar([mustValidate(raw2025), mustValidate(raw2026)]);

/** Shanghai wall time 'YYYY-MM-DDTHH:mm' → instant, written independently of fromShanghai. */
const sh = (s: string) => new Date(`${s}:00+08:00`);
/** Compare as ISO strings so failures print readable instants. */
const iso = (d: Date) => d.toISOString();

describe('shanghaiDay / fromShanghai', () => {
  it('uses the +8 h offset for the day boundary', () => {
    expect(shanghaiDay(new Date('2026-03-04T15:59:59.999Z'))).toBe('2026-03-04');
    expect(shanghaiDay(new Date('2026-03-04T16:00:00.000Z'))).toBe('2026-03-05');
  });

  it('builds Shanghai wall-clock instants, 24:00 being next midnight', () => {
    expect(iso(fromShanghai('2026-03-04'))).toBe('2026-03-03T16:00:00.000Z');
    expect(iso(fromShanghai('2026-03-04', 9, 30))).toBe('2026-03-04T01:30:00.000Z');
    expect(iso(fromShanghai('2026-12-31', 24))).toBe(iso(sh('2027-01-01T00:00')));
  });

  it('rejects impossible days and times', () => {
    expect(() => fromShanghai('2026-02-29')).toThrow(RangeError);
    expect(() => fromShanghai('2026-3-4')).toThrow(RangeError);
    expect(() => fromShanghai('2026-03-04', 24, 30)).toThrow(RangeError);
  });
});

describe('WorkingCalendar', () => {
  it('knows loaded years and falls back for others', () => {
    expect(cal.years()).toEqual([2025, 2026]);
    expect(cal.hasYear(2026)).toBe(true);
    expect(cal.hasYear(2027)).toBe(false);
  });

  it('treats holidays as days off and make-up weekend days as working days', () => {
    expect(cal.isWorkingDay('2026-10-01')).toBe(false); // Thu, 国庆节
    expect(cal.isWorkingDay('2026-10-07')).toBe(false); // Wed, last day of 国庆节
    expect(cal.isWorkingDay('2026-10-08')).toBe(true); // Thu
    expect(cal.isWorkingDay('2026-10-10')).toBe(true); // Sat, make-up
    expect(cal.isWorkingDay('2026-10-11')).toBe(false); // ordinary Sun
    expect(cal.isWorkingDay('2026-01-04')).toBe(true); // Sun, make-up
    expect(cal.isWorkingDay('2026-02-14')).toBe(true); // Sat, make-up before 春节
    expect(cal.isWorkingDay('2026-02-23')).toBe(false); // Mon, last day of 春节
    expect(cal.isWorkingDay('2025-09-28')).toBe(true); // Sun, make-up
    expect(cal.isWorkingDay('2025-10-08')).toBe(false); // Wed, 国庆节、中秋节
    expect(cal.isWorkingDay('2026-03-04')).toBe(true); // ordinary Wed
  });

  it('falls back to Monday–Friday for a year without data', () => {
    expect(cal.isWorkingDay('2027-01-01')).toBe(true); // Fri; real 元旦 unknown until the notice
    expect(cal.isWorkingDay('2027-01-02')).toBe(false); // Sat
    expect(cal.holidayName('2027-01-01')).toBeNull();
  });

  it('names holidays', () => {
    expect(cal.holidayName('2026-10-03')).toBe('国庆节');
    expect(cal.holidayName('2026-02-15')).toBe('春节');
    expect(cal.holidayName('2025-10-06')).toBe('国庆节、中秋节');
    expect(cal.holidayName('2026-10-10')).toBeNull();
    expect(cal.holidayName('2026-03-07')).toBeNull(); // plain Saturday
  });

  it('rejects duplicate years and malformed days', () => {
    expect(() => new WorkingCalendar([mustValidate(raw2026), mustValidate(raw2026)])).toThrow(/2026/);
    expect(() => cal.isWorkingDay('2026/03/04')).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('n = 0 ends at 24:00 of the start day', () => {
    expect(iso(addWorkingDays(cal, sh('2026-03-04T10:00'), 0))).toBe(iso(sh('2026-03-05T00:00')));
    // even when the start day is a holiday
    expect(iso(addWorkingDays(cal, sh('2026-10-03T11:00'), 0))).toBe(iso(sh('2026-10-04T00:00')));
  });

  it('does not count the start day, whatever the time', () => {
    // Wed → Thu 03-05 is working day 1
    expect(iso(addWorkingDays(cal, sh('2026-03-04T00:00'), 1))).toBe(iso(sh('2026-03-06T00:00')));
    expect(iso(addWorkingDays(cal, sh('2026-03-04T23:59'), 1))).toBe(iso(sh('2026-03-06T00:00')));
    // 2026-03-04T17:00Z is already 01:00 on Thu 03-05 in Shanghai → Fri 03-06 is day 1
    expect(iso(addWorkingDays(cal, new Date('2026-03-04T17:00:00Z'), 1))).toBe(iso(sh('2026-03-07T00:00')));
  });

  it('crosses the 2025/2026 year boundary through 元旦 and a Sunday make-up day', () => {
    // Tue 12-30 start; 12-31 (1), 01-01..03 off, Sun 01-04 make-up (2), Mon 01-05 (3)
    expect(iso(addWorkingDays(cal, sh('2025-12-30T10:00'), 3))).toBe(iso(sh('2026-01-06T00:00')));
  });

  it('skips National Day 2026 and counts the make-up Saturday 10-10', () => {
    const start = sh('2026-09-30T15:00');
    expect(iso(addWorkingDays(cal, start, 1))).toBe(iso(sh('2026-10-09T00:00'))); // Thu 10-08
    expect(iso(addWorkingDays(cal, start, 2))).toBe(iso(sh('2026-10-10T00:00'))); // Fri 10-09
    expect(iso(addWorkingDays(cal, start, 3))).toBe(iso(sh('2026-10-11T00:00'))); // Sat 10-10 make-up
    expect(iso(addWorkingDays(cal, start, 4))).toBe(iso(sh('2026-10-13T00:00'))); // Mon 10-12
  });

  it('handles Spring Festival 2026 with make-up days 02-14 and 02-28', () => {
    // Fri 02-13 start: Sat 02-14 make-up is day 1; 02-15..23 off; Tue 02-24 is day 2
    expect(iso(addWorkingDays(cal, sh('2026-02-13T09:00'), 1))).toBe(iso(sh('2026-02-15T00:00')));
    expect(iso(addWorkingDays(cal, sh('2026-02-13T09:00'), 2))).toBe(iso(sh('2026-02-25T00:00')));
    // Start on the make-up Saturday: 02-24 (1) 25 (2) 26 (3) Fri 27 (4) Sat 28 make-up (5)
    expect(iso(addWorkingDays(cal, sh('2026-02-14T16:00'), 5))).toBe(iso(sh('2026-03-01T00:00')));
  });

  it('starting on a holiday or a weekend counts from the next working day', () => {
    expect(iso(addWorkingDays(cal, sh('2026-10-03T11:00'), 1))).toBe(iso(sh('2026-10-09T00:00'))); // Thu 10-08
    expect(iso(addWorkingDays(cal, sh('2026-02-18T11:00'), 1))).toBe(iso(sh('2026-02-25T00:00'))); // Tue 02-24
    expect(iso(addWorkingDays(cal, sh('2026-03-07T10:00'), 1))).toBe(iso(sh('2026-03-10T00:00'))); // Sat → Mon 03-09
    expect(iso(addWorkingDays(cal, sh('2026-03-08T10:00'), 5))).toBe(iso(sh('2026-03-14T00:00'))); // Sun → Fri 03-13
  });

  it('uses the 2025 calendar (National Day with make-up 09-28 Sun and 10-11 Sat)', () => {
    expect(iso(addWorkingDays(cal, sh('2025-09-26T10:00'), 1))).toBe(iso(sh('2025-09-29T00:00'))); // Sun 09-28
    // Tue 09-30: 10-01..08 off; Thu 10-09 (1), Fri 10-10 (2), Sat 10-11 make-up (3)
    expect(iso(addWorkingDays(cal, sh('2025-09-30T10:00'), 3))).toBe(iso(sh('2025-10-12T00:00')));
  });

  it('falls back to Monday–Friday in 2027', () => {
    // Thu 2026-12-31 start: Fri 2027-01-01 (1, fallback), Mon 01-04 (2)
    expect(iso(addWorkingDays(cal, sh('2026-12-31T10:00'), 1))).toBe(iso(sh('2027-01-02T00:00')));
    expect(iso(addWorkingDays(cal, sh('2026-12-31T10:00'), 2))).toBe(iso(sh('2027-01-05T00:00')));
  });

  it('rejects negative or fractional counts', () => {
    expect(() => addWorkingDays(cal, sh('2026-03-04T10:00'), -1)).toThrow(RangeError);
    expect(() => addWorkingDays(cal, sh('2026-03-04T10:00'), 1.5)).toThrow(RangeError);
  });
});

describe('addWorkingHours', () => {
  it('stays within one working day', () => {
    expect(iso(addWorkingHours(cal, sh('2026-03-04T10:00'), 3))).toBe(iso(sh('2026-03-04T13:00')));
  });

  it('continues the next morning across an evening', () => {
    // Wed 16:00: 2 h until 18:00, 2 h from Thu 09:00
    expect(iso(addWorkingHours(cal, sh('2026-03-04T16:00'), 4))).toBe(iso(sh('2026-03-05T11:00')));
  });

  it('keeps exactly 18:00 instead of rolling to the next morning', () => {
    expect(iso(addWorkingHours(cal, sh('2026-03-04T16:00'), 2))).toBe(iso(sh('2026-03-04T18:00')));
    expect(iso(addWorkingHours(cal, sh('2026-03-04T09:00'), 9))).toBe(iso(sh('2026-03-04T18:00')));
    expect(iso(addWorkingHours(cal, sh('2026-03-04T09:00'), 18))).toBe(iso(sh('2026-03-05T18:00')));
  });

  it('counts a start before 09:00 from 09:00', () => {
    expect(iso(addWorkingHours(cal, sh('2026-03-04T07:30'), 1.5))).toBe(iso(sh('2026-03-04T10:30')));
  });

  it('counts a start at or after 18:00 from 09:00 of the next working day', () => {
    expect(iso(addWorkingHours(cal, sh('2026-03-04T19:00'), 1))).toBe(iso(sh('2026-03-05T10:00')));
    expect(iso(addWorkingHours(cal, sh('2026-03-04T18:00'), 1))).toBe(iso(sh('2026-03-05T10:00')));
    expect(iso(addWorkingHours(cal, sh('2026-03-06T20:00'), 1))).toBe(iso(sh('2026-03-09T10:00'))); // Fri → Mon
  });

  it('skips a weekend', () => {
    // Fri 17:00: 1 h, then Mon 03-09 09:00 + 2 h
    expect(iso(addWorkingHours(cal, sh('2026-03-06T17:00'), 3))).toBe(iso(sh('2026-03-09T11:00')));
    // Starting on Saturday
    expect(iso(addWorkingHours(cal, sh('2026-03-07T10:00'), 1))).toBe(iso(sh('2026-03-09T10:00')));
  });

  it('skips National Day and uses the make-up Saturday', () => {
    // Wed 09-30 17:30: 0.5 h, then 10-01..07 off
    expect(iso(addWorkingHours(cal, sh('2026-09-30T17:30'), 1))).toBe(iso(sh('2026-10-08T09:30')));
    // 0.5 + 9 (Thu 10-08) + 6.5 on Fri 10-09
    expect(iso(addWorkingHours(cal, sh('2026-09-30T17:30'), 16))).toBe(iso(sh('2026-10-09T15:30')));
    // 0.5 + 9 + 9 + 1.5 on Sat 10-10 make-up
    expect(iso(addWorkingHours(cal, sh('2026-09-30T17:30'), 20))).toBe(iso(sh('2026-10-10T10:30')));
    // Starting on the holiday itself
    expect(iso(addWorkingHours(cal, sh('2026-10-02T10:00'), 2))).toBe(iso(sh('2026-10-08T11:00')));
  });

  it('crosses Spring Festival eve and the year boundary via make-up days', () => {
    // Fri 02-13 17:00: 1 h, then Sat 02-14 make-up
    expect(iso(addWorkingHours(cal, sh('2026-02-13T17:00'), 2))).toBe(iso(sh('2026-02-14T10:00')));
    // Wed 2025-12-31 17:00: 1 h, then 01-01..03 off, Sun 01-04 make-up
    expect(iso(addWorkingHours(cal, sh('2025-12-31T17:00'), 2))).toBe(iso(sh('2026-01-04T10:00')));
  });

  it('supports fractional hours', () => {
    expect(iso(addWorkingHours(cal, sh('2026-03-04T09:00'), 0.25))).toBe(iso(sh('2026-03-04T09:15')));
    expect(iso(addWorkingHours(cal, sh('2026-03-04T17:00'), 1.75))).toBe(iso(sh('2026-03-05T09:45')));
  });

  it('zero hours ends at the start instant', () => {
    expect(iso(addWorkingHours(cal, sh('2026-03-07T10:00'), 0))).toBe(iso(sh('2026-03-07T10:00')));
  });

  it('rejects negative hours', () => {
    expect(() => addWorkingHours(cal, sh('2026-03-04T10:00'), -1)).toThrow(RangeError);
  });
});

describe('calendar hours and days', () => {
  it('calendar hours count holidays and nights', () => {
    expect(iso(addCalendarHours(sh('2026-10-01T10:00'), 24))).toBe(iso(sh('2026-10-02T10:00')));
    expect(iso(addCalendarHours(sh('2026-10-01T23:00'), 1.5))).toBe(iso(sh('2026-10-02T00:30')));
  });

  it('calendar days end at 24:00 of the Nth day after the start day', () => {
    expect(iso(addCalendarDays(sh('2026-10-01T10:00'), 0))).toBe(iso(sh('2026-10-02T00:00')));
    expect(iso(addCalendarDays(sh('2026-10-01T10:00'), 3))).toBe(iso(sh('2026-10-05T00:00')));
    expect(iso(addCalendarDays(sh('2026-12-30T23:59'), 2))).toBe(iso(sh('2027-01-02T00:00')));
  });
});

describe('computeDeadline', () => {
  const start = sh('2026-09-30T15:00');
  it('dispatches on the unit', () => {
    expect(iso(computeDeadline(cal, start, { value: 2, unit: 'working_days' }))).toBe(iso(sh('2026-10-10T00:00')));
    expect(iso(computeDeadline(cal, start, { value: 4, unit: 'working_hours' }))).toBe(iso(sh('2026-10-08T10:00')));
    expect(iso(computeDeadline(cal, start, { value: 2, unit: 'calendar_days' }))).toBe(iso(sh('2026-10-03T00:00')));
    expect(iso(computeDeadline(cal, start, { value: 2, unit: 'calendar_hours' }))).toBe(iso(sh('2026-09-30T17:00')));
  });

  it('rejects an unknown unit', () => {
    expect(() => computeDeadline(cal, start, { value: 1, unit: 'weeks' as never })).toThrow(/weeks/);
  });
});

describe('warnAt', () => {
  it('is at 80 % of the span by default', () => {
    // 24 h span → 19.2 h = 19:12
    expect(iso(warnAt(sh('2026-03-04T00:00'), sh('2026-03-05T00:00')))).toBe(iso(sh('2026-03-04T19:12')));
    expect(iso(warnAt(sh('2026-03-04T00:00'), sh('2026-03-05T00:00'), 0.5))).toBe(iso(sh('2026-03-04T12:00')));
  });

  it('rejects a fraction outside 0..1', () => {
    expect(() => warnAt(sh('2026-03-04T00:00'), sh('2026-03-05T00:00'), 1.2)).toThrow(RangeError);
  });
});

describe('validateCalendarYear', () => {
  const good = {
    year: 2027,
    source: 'test notice',
    holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }],
    makeupWorkdays: ['2027-01-09'], // Saturday
  };

  it('accepts the shipped files and a well-formed upload', () => {
    expect(validateCalendarYear(raw2025).ok).toBe(true);
    expect(validateCalendarYear(raw2026).ok).toBe(true);
    expect(validateCalendarYear(good)).toEqual({ ok: true, value: good });
  });

  it('reports each bad field by path', () => {
    const r = validateCalendarYear({
      year: 2026,
      source: '',
      holidays: [
        { name: '', from: '2026-01-01', to: '2026-01-01' },
        { name: '春节', from: '2026-02-23', to: '2026-02-15' },
        { name: '国庆节', from: '2027-10-01', to: '2026-13-01' },
      ],
      makeupWorkdays: ['2026-10-12', '2026-02-30', '2025-12-27', '2026-02-28'],
    });
    expect(r).toEqual({
      ok: false,
      fields: {
        source: 'must be a non-empty string',
        'holidays[0].name': 'must be a non-empty string',
        'holidays[1].to': 'must not be before from',
        'holidays[2].from': 'must be inside 2026',
        'holidays[2].to': 'must be an existing date as YYYY-MM-DD',
        'makeupWorkdays[0]': 'must be a Saturday or Sunday', // 2026-10-12 is a Monday
        'makeupWorkdays[1]': 'must be an existing date as YYYY-MM-DD',
        'makeupWorkdays[2]': 'must be inside 2026', // a real Saturday, but of 2025
      },
    });
  });

  it('rejects a make-up day inside a holiday', () => {
    const r = validateCalendarYear({ ...good, makeupWorkdays: ['2027-01-02'] });
    expect(r).toEqual({ ok: false, fields: { 'makeupWorkdays[0]': 'must not be inside a holiday' } });
  });

  it('checks the year and the overall shape', () => {
    expect(validateCalendarYear({ ...good, year: 1999 })).toMatchObject({
      ok: false,
      fields: { year: expect.any(String) },
    });
    expect(validateCalendarYear({ ...good, year: 2026.5 })).toMatchObject({
      ok: false,
      fields: { year: expect.any(String) },
    });
    expect(validateCalendarYear({ ...good, year: '2027' })).toMatchObject({
      ok: false,
      fields: { year: expect.any(String) },
    });
    expect(validateCalendarYear({ year: 2027, source: 'x' })).toEqual({
      ok: false,
      fields: { holidays: 'must be an array', makeupWorkdays: 'must be an array' },
    });
    expect(validateCalendarYear(null)).toEqual({ ok: false, fields: { '': 'must be a JSON object' } });
  });
});
