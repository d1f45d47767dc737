import {
  DEFAULT_TEMPLATES,
  addDays,
  assignmentKey,
  clockMinutes,
  dayOrdinal,
  daysBetween,
  isNightKind,
  overlaps,
  restHoursBetween,
  shanghaiDayOf,
  shiftInterval,
  templateMap,
  windowMinutes,
} from './shifts';

const T = templateMap(DEFAULT_TEMPLATES);
const tpl = (code: string) => T.get(code)!;
const isoOf = (iv: { from: number; to: number }) => [new Date(iv.from).toISOString(), new Date(iv.to).toISOString()];

describe('default templates', () => {
  it('cover the Haidian requirements as the contract reads', () => {
    expect(DEFAULT_TEMPLATES.map((t) => [t.code, t.start, t.end, t.covers.join('+')])).toEqual([
      ['early', '08:00', '16:00', 'workday_day'],
      ['late', '10:00', '18:00', 'workday_day'],
      ['day', '09:00', '18:00', 'workday_day'],
      ['night', '18:00', '09:00', 'night'],
      ['duty', '09:00', '18:00', 'restday_day'],
      ['duty24', '09:00', '09:00', 'restday_day+night'],
      ['standby', '09:00', '09:00', ''],
    ]);
    expect(tpl('standby').countsAsWork).toBe(false);
    expect(DEFAULT_TEMPLATES.filter(isNightKind).map((t) => t.code)).toEqual(['night', 'duty24']);
  });

  it('rejects a duplicate code', () => {
    expect(() => templateMap([tpl('day'), tpl('day')])).toThrow(/Duplicate/);
  });
});

describe('clock and day arithmetic', () => {
  it('wraps end <= start to the next day', () => {
    expect(clockMinutes('18:30')).toBe(1110);
    expect(windowMinutes('09:00', '18:00')).toBe(540);
    expect(windowMinutes('18:00', '09:00')).toBe(900);
    expect(windowMinutes('09:00', '09:00')).toBe(1440);
  });

  it('rejects malformed input', () => {
    expect(() => clockMinutes('24:00')).toThrow(RangeError);
    expect(() => clockMinutes('9:00')).toThrow(RangeError);
    expect(() => dayOrdinal('2026-02-30')).toThrow(RangeError);
  });

  it('steps days across month and year ends', () => {
    expect(addDays('2026-09-30', 1)).toBe('2026-10-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(daysBetween('2026-09-29', '2026-10-02')).toEqual(['2026-09-29', '2026-09-30', '2026-10-01', '2026-10-02']);
    expect(dayOrdinal('2026-10-02') - dayOrdinal('2026-10-01')).toBe(1);
  });
});

describe('shift instants (Asia/Shanghai, UTC+8)', () => {
  it('places a day shift and a night crossing midnight', () => {
    expect(isoOf(shiftInterval('2026-10-08', tpl('day')))).toEqual([
      '2026-10-08T01:00:00.000Z',
      '2026-10-08T10:00:00.000Z',
    ]);
    expect(isoOf(shiftInterval('2026-10-31', tpl('night')))).toEqual([
      '2026-10-31T10:00:00.000Z',
      '2026-11-01T01:00:00.000Z',
    ]);
    expect(shanghaiDayOf(shiftInterval('2026-10-31', tpl('night')).to)).toBe('2026-11-01');
  });

  it('measures overlap and rest', () => {
    const night = shiftInterval('2026-10-08', tpl('night'));
    expect(overlaps(night, shiftInterval('2026-10-09', tpl('early')))).toBe(true);
    expect(overlaps(night, shiftInterval('2026-10-09', tpl('day')))).toBe(false); // touching at 09:00
    expect(restHoursBetween(night, shiftInterval('2026-10-09', tpl('night')))).toBe(9);
    expect(restHoursBetween(shiftInterval('2026-10-08', tpl('late')), shiftInterval('2026-10-09', tpl('early')))).toBe(
      14,
    );
    // order of the arguments does not matter
    expect(restHoursBetween(shiftInterval('2026-10-09', tpl('early')), shiftInterval('2026-10-08', tpl('late')))).toBe(
      14,
    );
    expect(restHoursBetween(night, shiftInterval('2026-10-09', tpl('early')))).toBe(-1);
  });

  it('keys unsaved assignments by agent, day and template', () => {
    expect(assignmentKey({ agentId: 'a1', day: '2026-10-08', templateCode: 'day' })).toBe('a1/2026-10-08/day');
    expect(assignmentKey({ id: '42', agentId: 'a1', day: '2026-10-08', templateCode: 'day' })).toBe('42');
  });
});
