// SQL only: a user's named ticket-list filters.
import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { savedFilters } from '../../db/schema';

export type SavedFilterRow = typeof savedFilters.$inferSelect;

export function createSavedFiltersRepository() {
  return {
    async ofUser(db: DbOrTx, userId: number): Promise<SavedFilterRow[]> {
      return db.select().from(savedFilters).where(eq(savedFilters.userId, userId)).orderBy(asc(savedFilters.name));
    },
    async insert(db: DbOrTx, row: typeof savedFilters.$inferInsert): Promise<SavedFilterRow> {
      const [r] = await db.insert(savedFilters).values(row).returning();
      return r;
    },
    /** Deletes only the user's own filter; false when there is none with that id (or it is someone else's). */
    async deleteOwn(db: DbOrTx, userId: number, id: number): Promise<boolean> {
      const r = await db
        .delete(savedFilters)
        .where(and(eq(savedFilters.id, id), eq(savedFilters.userId, userId)))
        .returning({ id: savedFilters.id });
      return r.length > 0;
    },
  };
}
export type SavedFiltersRepository = ReturnType<typeof createSavedFiltersRepository>;
