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

export const idParam = z.coerce.number().int().positive();
