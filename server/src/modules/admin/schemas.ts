// Request bodies of the administrators' reference-data API. Messages are what a field error says.
import { DID_PATTERN, QUEUE_PATTERN } from '@hotline-desk/telephony';
import { z } from 'zod';
import { REVEAL_REASONS } from '../access/domain';
import { dbId } from '../../lib/validate';
import { creditCodeProblem, isDayUnit, LIMIT_MAX, LIMIT_UNITS, UNIT_TYPES, URGENCIES } from './domain';

const name = (max: number) => z.string().trim().min(1, 'Required').max(max, `At most ${max} characters`);
/** '' (or blanks) and null both mean "none" */
const blankToNull = <S extends z.ZodType>(s: S) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), s.nullable().optional());
const optionalText = (max: number) => blankToNull(z.string().trim().max(max, `At most ${max} characters`));
/** every field optional (a PATCH), the version required */
const patchOf = <T extends z.ZodRawShape>(fields: T) =>
  z.object({
    version,
    ...(Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, (f as z.ZodType).optional()])) as unknown as {
      [K in keyof T]: z.ZodOptional<T[K]>;
    }),
  });
const sort = z.number().int('Whole number').min(0, 'At least 0').max(100_000, 'At most 100000');
const code = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, '1–40 letters, digits, - or _, starting with a letter or digit');
/** what the client last saw of an org unit or category (see contentRev) */
const rev = z.string({ error: 'Required' }).min(1, 'Required').max(40);
const version = z.number({ error: 'Required' }).int().positive();

// ---- org units ------------------------------------------------------------------------------------------
export const unitCreate = z.object({
  parentId: dbId,
  name: name(60),
  code,
  type: z.enum(UNIT_TYPES, { error: 'Choose a type' }),
  sort: sort.optional(),
});
export const unitUpdate = z.object({ rev, name: name(60).optional(), code: code.optional(), sort: sort.optional() });
export const revBody = z.object({ rev });

// ---- categories -----------------------------------------------------------------------------------------
export const CATEGORY_KINDS = ['consult', 'help', 'complaint', 'report', 'suggestion', 'praise'] as const;

const timeLimit = z
  .object({
    value: z.number({ error: 'A number' }).positive('Greater than 0'),
    unit: z.enum(LIMIT_UNITS, { error: 'Choose a unit' }),
  })
  .superRefine((l, ctx) => {
    if (isDayUnit(l.unit) && !Number.isInteger(l.value))
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'Whole days' });
    else if (!isDayUnit(l.unit) && Math.round(l.value * 100) !== l.value * 100)
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'At most 2 decimals' });
    if (l.value > LIMIT_MAX[l.unit])
      ctx.addIssue({ code: 'custom', path: ['value'], message: `At most ${LIMIT_MAX[l.unit]}` });
  });
export const limitSet = z.object({ sign: timeLimit, feedback: timeLimit, close: timeLimit });
/** null: no limits of its own, the category inherits its parent's */
export const limitsByUrgency = z.object(
  Object.fromEntries(URGENCIES.map((u) => [u, limitSet.nullable()])) as Record<
    (typeof URGENCIES)[number],
    z.ZodNullable<typeof limitSet>
  >,
);

export const categoryCreate = z.object({
  parentId: dbId.nullable().optional(),
  code,
  name: name(40),
  nameEn: optionalText(80),
  /** a top-level category's kind; a sub-category takes its parent's */
  kind: z.enum(CATEGORY_KINDS, { error: 'Choose a kind' }).optional(),
  sort: sort.optional(),
  limits: limitsByUrgency.optional(),
});
export const categoryUpdate = z.object({
  rev,
  name: name(40).optional(),
  nameEn: optionalText(80),
  code: code.optional(),
  sort: sort.optional(),
});
export const limitsBody = z.object({ rev, limits: limitsByUrgency });

// ---- hotline lines --------------------------------------------------------------------------------------
const lineFields = {
  did: z.string().trim().regex(DID_PATTERN, '3–20 digits (a leading + and * # allowed)'),
  name: name(40),
  queue: z.string().trim().regex(QUEUE_PATTERN, 'A lower-case name: letters, digits, - or _'),
  priority: z.number({ error: 'A number' }).int('Whole number').min(0, 'At least 0').max(100, 'At most 100'),
  skill: blankToNull(z.string().trim().regex(QUEUE_PATTERN, 'A lower-case name: letters, digits, - or _')),
  emergency: z.boolean().optional(),
  active: z.boolean().optional(),
};
export const lineCreate = z.object(lineFields);
export const lineUpdate = patchOf(lineFields);
export const versionQuery = z.object({ version: z.coerce.number().int().positive() });

// ---- partners -------------------------------------------------------------------------------------------
const partnerFields = {
  name: name(100),
  kind: z.enum(['client', 'contractor'], { error: 'Choose client or contractor' }),
  creditCode: blankToNull(
    z
      .string()
      .trim()
      .transform((c) => c.toUpperCase())
      .superRefine((c, ctx) => {
        const problem = creditCodeProblem(c);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
  ),
  contactName: optionalText(50),
  /** plaintext in, encrypted at rest; null or '' clears it; absent leaves it as it is */
  contactPhone: blankToNull(
    z
      .string()
      .trim()
      .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'Not a phone number'),
  ),
  address: optionalText(200),
  note: optionalText(500),
  active: z.boolean().optional(),
};
export const partnerCreate = z.object(partnerFields);
export const partnerUpdate = patchOf(partnerFields);
export const revealBody = z.object({
  reason: z.enum(REVEAL_REASONS, { error: 'Choose a reason' }),
  note: z.string().trim().max(200).optional(),
});
