// Saved ticket-list filters: each user's own, by unique name. The filter is stored as the list's query
// (string values, as in the URL) after it passed the list's own validation, so it always loads.
import { z } from 'zod';
import type { Db } from '../../db/client';
import { AppError, notFound, pgCode, validation } from '../../lib/errors';
import { parse } from '../../lib/validate';
import type { SessionUser } from '../auth/service';
import { FILTER_KEYS } from './listFilter';
import { listQuerySchema } from './schemas';
import type { SavedFilterRow, SavedFiltersRepository } from './savedFiltersRepository';

const MAX_PER_USER = 50;

const body = z.object({
  name: z.string().trim().min(1, 'Required').max(50, 'At most 50 characters'),
  filter: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  columns: z.array(z.string().min(1).max(40)).max(40).optional(),
});

const present = (r: SavedFilterRow) => ({
  id: r.id,
  name: r.name,
  filter: r.filter as Record<string, string>,
  columns: (r.columns as string[] | null) ?? null,
  createdAt: r.createdAt.toISOString(),
});

export function createSavedFiltersService(deps: { db: Db; repo: SavedFiltersRepository }) {
  const { db, repo } = deps;
  return {
    async list(user: SessionUser) {
      return { items: (await repo.ofUser(db, user.id)).map(present) };
    },

    async create(user: SessionUser, input: unknown) {
      const b = parse(body, input);
      // keep only list criteria (never paging), as strings, and check them with the list's own schema
      const filter: Record<string, string> = {};
      for (const k of FILTER_KEYS) {
        const v = b.filter[k];
        if (v !== undefined && v !== '') filter[k] = String(v);
      }
      const checked = listQuerySchema.safeParse(filter);
      if (!checked.success)
        throw validation(
          Object.fromEntries(checked.error.issues.map((i) => [`filter.${String(i.path[0])}`, i.message])),
        );
      if ((await repo.ofUser(db, user.id)).length >= MAX_PER_USER)
        throw validation({ name: `At most ${MAX_PER_USER} saved filters` });
      try {
        return present(await repo.insert(db, { userId: user.id, name: b.name, filter, columns: b.columns ?? null }));
      } catch (e) {
        if (pgCode(e) === '23505')
          throw new AppError('NAME_TAKEN', 'You already have a filter with this name', {
            name: 'You already have a filter with this name',
          });
        throw e;
      }
    },

    async remove(user: SessionUser, id: number) {
      if (!(await repo.deleteOwn(db, user.id, id))) throw notFound('Saved filter');
    },
  };
}
export type SavedFiltersService = ReturnType<typeof createSavedFiltersService>;
