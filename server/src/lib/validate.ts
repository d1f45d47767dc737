import { z } from 'zod';
import { validation } from './errors';

/** Parse or throw a 400 VALIDATION error naming every field at fault (dotted paths). */
export function parse<S extends z.ZodType>(schema: S, data: unknown): z.infer<S> {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const fields: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_';
    if (!fields[key]) fields[key] = issue.message;
  }
  throw validation(fields);
}

/**
 * Ids sent by clients. Most id columns are PostgreSQL `integer` (serial); a larger number can only be a typo
 * or a probe, and would make the query fail (22003) instead of answering "not found" or naming the field.
 */
export const MAX_ID = 2_147_483_647;
export const dbId = z.number().int().positive().max(MAX_ID, 'Not a valid id');
export const idParam = z.coerce.number().int().positive().max(MAX_ID, 'Not a valid id');

// ---- dates ---------------------------------------------------------------------------------------------
// One sane range for every date a client sends (instants, days, months): year 0001 or 9999 is a typo or a
// probe, and would reach the working-time calendar or PostgreSQL as a date they cannot handle.
export const DATE_MIN = '2000-01-01';
export const DATE_MAX = '2100-12-31';
const RANGE_MESSAGE = `must be between ${DATE_MIN} and ${DATE_MAX}`;
/** 'YYYY-MM-DD…' (a day, or the date part of a date-time as written) within the accepted range. */
const inRange = (s: string) => s.slice(0, 10) >= DATE_MIN && s.slice(0, 10) <= DATE_MAX;

/** An ISO 8601 date-time with an offset ('2026-03-01T09:00:00+08:00'), within the accepted range. */
export const instant = () => z.iso.datetime({ offset: true }).refine(inRange, { error: RANGE_MESSAGE });

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A calendar day 'YYYY-MM-DD' that exists (not '2026-02-30'), within the accepted range. */
export const dayString = (message = 'must be an existing date as YYYY-MM-DD') =>
  z
    .string()
    .refine(
      (s) => {
        const m = DAY_RE.exec(s);
        if (!m) return false;
        const d = new Date(0);
        d.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
        return d.toISOString().slice(0, 10) === s;
      },
      { error: message, abort: true },
    )
    .refine(inRange, { error: RANGE_MESSAGE });

/** A month 'YYYY-MM' within the accepted range. */
export const monthString = (message = 'YYYY-MM') =>
  z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: message, abort: true })
    .refine((s) => s >= DATE_MIN.slice(0, 7) && s <= DATE_MAX.slice(0, 7), { error: RANGE_MESSAGE });

// ---- NUL characters ------------------------------------------------------------------------------------
/**
 * The dotted path of the first string or object key holding a NUL character (PostgreSQL text cannot store
 * one; the driver fails the whole query), '' for the value itself, or undefined when there is none.
 * Iterative: a deeply nested body must not overflow the stack.
 */
export function nulPath(value: unknown): string | undefined {
  type Node = { key: string; parent: Node | null };
  const pathOf = (n: Node | null) => {
    const keys: string[] = [];
    for (let x = n; x; x = x.parent) keys.push(x.key);
    return keys.reverse().join('.');
  };
  const stack: { v: unknown; at: Node | null }[] = [{ v: value, at: null }];
  while (stack.length) {
    const { v, at } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return pathOf(at);
    } else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        const node = { key: k.split('\u0000').join('\\u0000'), parent: at };
        if (k.includes('\u0000')) return pathOf(node);
        stack.push({ v: child, at: node });
      }
    }
  }
  return undefined;
}
