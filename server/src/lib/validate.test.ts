import { z } from 'zod';
import { dayString, idParam, instant, monthString, nulPath, parse } from './validate';

const fieldsOf = (schema: z.ZodType, data: unknown) => {
  try {
    parse(schema, data);
    return null;
  } catch (e) {
    return (e as { fields: Record<string, string> }).fields;
  }
};

test('finding 3 (hardening): dates outside 2000-01-01 … 2100-12-31 are refused, naming the field', () => {
  const s = z.object({ at: instant().optional(), day: dayString().optional(), month: monthString().optional() });
  expect(fieldsOf(s, { at: '2026-03-01T09:00:00+08:00', day: '2026-03-01', month: '2026-03' })).toBeNull();
  expect(fieldsOf(s, { at: '2000-01-01T00:00:00+08:00', day: '2100-12-31', month: '2100-12' })).toBeNull();
  for (const bad of [
    { at: '0001-01-01T00:00:00Z' },
    { at: '9999-12-31T23:59:59Z' },
    { day: '0001-01-01' },
    { day: '9999-12-31' },
    { day: '2026-02-30' },
    { day: '2026-1-1' },
    { month: '0001-01' },
    { month: '9999-12' },
    { month: '2026-13' },
  ])
    expect(Object.keys(fieldsOf(s, bad) ?? {})).toEqual(Object.keys(bad));
  expect(fieldsOf(s, { day: '2026-02-30' })).toEqual({ day: 'must be an existing date as YYYY-MM-DD' });
  expect(fieldsOf(s, { day: '9999-12-31' })).toEqual({ day: 'must be between 2000-01-01 and 2100-12-31' });
});

test('finding 3 (hardening): ids beyond PostgreSQL integer are refused, not sent to the database', () => {
  expect(fieldsOf(z.object({ id: idParam }), { id: '2147483647' })).toBeNull();
  expect(Object.keys(fieldsOf(z.object({ id: idParam }), { id: '2147483648' }) ?? {})).toEqual(['id']);
  expect(Object.keys(fieldsOf(z.object({ id: idParam }), { id: '99999999999999999999' }) ?? {})).toEqual(['id']);
});

test('finding 3 (hardening): the path of a NUL character in any string or key', () => {
  expect(nulPath({ a: 'x', b: [1, 'y', { c: null }] })).toBeUndefined();
  expect(nulPath('a\u0000')).toBe('');
  expect(nulPath({ a: { b: ['ok', 'n\u0000'] } })).toBe('a.b.1');
  expect(nulPath({ a: { ['k\u0000']: 1 } })).toBe('a.k\\u0000');
  let deep: unknown = 'x\u0000';
  for (let i = 0; i < 100_000; i++) deep = [deep];
  expect(nulPath(deep)).toBe(Array(100_000).fill('0').join('.'));
});
