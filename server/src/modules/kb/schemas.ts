// Request shapes (zod). Field names are what the client sends and what VALIDATION errors name.
import { z } from 'zod';
import { dbId, idParam } from '../../lib/validate';
import { KB_STATUSES } from './domain';

const id = dbId;
const text = (max: number) => z.string().trim().min(1, 'Required').max(max, `At most ${max} characters`);
const keywords = z.union([z.string().max(500, 'At most 500 characters'), z.array(z.string().max(50)).max(30)]);

export const listQuerySchema = z.object({
  q: z.string().trim().max(100, 'At most 100 characters').optional(),
  categoryId: idParam.optional(),
  status: z.enum(KB_STATUSES).optional(),
  ticketCategoryId: idParam.optional(),
  page: z.coerce.number().int().min(1).max(10000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

export const createArticleSchema = z.object({
  categoryId: id,
  ticketCategoryId: id.nullable().optional(),
  title: text(200),
  body: text(20000),
  keywords: keywords.optional(),
});
export type CreateArticleInput = z.infer<typeof createArticleSchema>;

export const updateArticleSchema = z.object({
  version: z.number().int().positive(),
  categoryId: id.optional(),
  ticketCategoryId: id.nullable().optional(),
  title: text(200).optional(),
  body: text(20000).optional(),
  keywords: keywords.optional(),
});
export type UpdateArticleInput = z.infer<typeof updateArticleSchema>;

export const versionSchema = z.object({ version: z.number().int().positive() });
export const useSchema = z.object({ ticketId: id });
export const usesQuerySchema = z.object({ ticketId: idParam });
