// SQL of the administrators' category and time-limit changes. The catalog every ticket reads stays in
// modules/categories (reloaded by the service after each change).
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { categories, timeLimits } from '../../db/schema';
import type { TimeLimit } from '../calendar/workingTime';
import { URGENCIES, type LimitSet, type Urgency } from './domain';
import type { OwnLimits } from './presenter';

export type CategoryRow = typeof categories.$inferSelect;
type LimitRow = typeof timeLimits.$inferSelect;

export const toLimitSet = (l: LimitRow): LimitSet => ({
  sign: { value: l.signValue, unit: l.signUnit as TimeLimit['unit'] },
  feedback: { value: l.feedbackValue, unit: l.feedbackUnit as TimeLimit['unit'] },
  close: { value: l.closeValue, unit: l.closeUnit as TimeLimit['unit'] },
});
const fromLimitSet = (l: LimitSet) => ({
  signValue: l.sign.value,
  signUnit: l.sign.unit,
  feedbackValue: l.feedback.value,
  feedbackUnit: l.feedback.unit,
  closeValue: l.close.value,
  closeUnit: l.close.unit,
});

export function createCategoryAdminRepository() {
  return {
    async all(db: DbOrTx): Promise<{ cats: CategoryRow[]; limits: LimitRow[] }> {
      const [cats, limits] = await Promise.all([
        db.select().from(categories).orderBy(asc(categories.sort), asc(categories.id)),
        db.select().from(timeLimits),
      ]);
      return { cats, limits };
    },
    async get(db: DbOrTx, id: number, opts: { lock?: boolean } = {}): Promise<CategoryRow | null> {
      const q = db.select().from(categories).where(eq(categories.id, id));
      const [r] = opts.lock ? await q.for('update') : await q;
      return r ?? null;
    },
    async ownLimits(db: DbOrTx, categoryId: number): Promise<OwnLimits> {
      const rows = await db.select().from(timeLimits).where(eq(timeLimits.categoryId, categoryId));
      return Object.fromEntries(
        URGENCIES.map((u) => {
          const r = rows.find((x) => x.urgency === u);
          return [u, r ? toLimitSet(r) : null];
        }),
      ) as OwnLimits;
    },
    /** see orgRepository.lockTree */
    async lockTree(db: DbOrTx) {
      await db.execute(sql`select pg_advisory_xact_lock(hashtext('hotline-categories'))`);
    },
    async codeTaken(db: DbOrTx, code: string, exceptId?: number): Promise<boolean> {
      const same = sql`lower(${categories.code}) = lower(${code})`;
      const rows = await db
        .select({ id: categories.id })
        .from(categories)
        .where(exceptId ? and(same, ne(categories.id, exceptId)) : same);
      return rows.length > 0;
    },
    async nextSort(db: DbOrTx, parentId: number | null): Promise<number> {
      const [r] = await db
        .select({ n: sql<number>`coalesce(max(${categories.sort}) + 1, 0)::int` })
        .from(categories)
        .where(parentId == null ? sql`${categories.parentId} is null` : eq(categories.parentId, parentId));
      return r.n;
    },
    async insert(
      db: DbOrTx,
      c: Pick<CategoryRow, 'parentId' | 'code' | 'name' | 'nameEn' | 'kind' | 'sort'>,
    ): Promise<CategoryRow> {
      const [r] = await db.insert(categories).values(c).returning();
      return r;
    },
    async update(
      db: DbOrTx,
      id: number,
      patch: Partial<Pick<CategoryRow, 'code' | 'name' | 'nameEn' | 'sort'>>,
    ): Promise<CategoryRow> {
      const [r] = await db.update(categories).set(patch).where(eq(categories.id, id)).returning();
      return r;
    },
    async setActive(db: DbOrTx, ids: number[], active: boolean): Promise<CategoryRow[]> {
      if (!ids.length) return [];
      return db.update(categories).set({ active }).where(inArray(categories.id, ids)).returning();
    },
    /** Sets (or with null, removes) a category's own limits for one urgency. */
    async setLimits(db: DbOrTx, categoryId: number, urgency: Urgency, l: LimitSet | null): Promise<void> {
      if (!l) {
        await db.delete(timeLimits).where(and(eq(timeLimits.categoryId, categoryId), eq(timeLimits.urgency, urgency)));
        return;
      }
      await db
        .insert(timeLimits)
        .values({ categoryId, urgency, ...fromLimitSet(l) })
        .onConflictDoUpdate({ target: [timeLimits.categoryId, timeLimits.urgency], set: fromLimitSet(l) });
    },
  };
}
export type CategoryAdminRepository = ReturnType<typeof createCategoryAdminRepository>;
