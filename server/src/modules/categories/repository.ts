import { asc } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { categories, timeLimits } from '../../db/schema';
import { buildTree } from '../../lib/tree';
import type { TimeLimit } from '../calendar/workingTime';

export type CategoryRow = typeof categories.$inferSelect;
export type Urgency = 'normal' | 'urgent' | 'critical';
export const URGENCIES: Urgency[] = ['normal', 'urgent', 'critical'];
export interface Limits {
  sign: TimeLimit;
  feedback: TimeLimit;
  close: TimeLimit;
}

export function createCategoryRepository(db: DbOrTx) {
  return {
    async all() {
      const [cats, limits] = await Promise.all([
        db.select().from(categories).orderBy(asc(categories.sort), asc(categories.id)),
        db.select().from(timeLimits),
      ]);
      return { cats, limits };
    },
  };
}
export type CategoryRepository = ReturnType<typeof createCategoryRepository>;

type LimitRow = typeof timeLimits.$inferSelect;
const toLimits = (l: LimitRow): Limits => ({
  sign: { value: l.signValue, unit: l.signUnit as TimeLimit['unit'] },
  feedback: { value: l.feedbackValue, unit: l.feedbackUnit as TimeLimit['unit'] },
  close: { value: l.closeValue, unit: l.closeUnit as TimeLimit['unit'] },
});

/**
 * Reference data is small and read on every ticket write: keep it in memory and reload on change.
 * A category without its own limit row inherits the nearest ancestor's (pure lookup below).
 */
export class CategoryCatalog {
  private byId = new Map<number, CategoryRow>();
  private limits = new Map<string, Limits>();
  constructor(private readonly repo: CategoryRepository) {}

  async reload() {
    const { cats, limits } = await this.repo.all();
    this.byId = new Map(cats.map((c) => [c.id, c]));
    this.limits = new Map(limits.map((l) => [`${l.categoryId}:${l.urgency}`, toLimits(l)]));
  }

  get(id: number): CategoryRow | undefined {
    return this.byId.get(id);
  }

  effectiveLimits(categoryId: number, urgency: Urgency): { limits: Limits; fromCategoryId: number } | null {
    for (let c = this.byId.get(categoryId); c; c = c.parentId == null ? undefined : this.byId.get(c.parentId)) {
      const l = this.limits.get(`${c.id}:${urgency}`);
      if (l) return { limits: l, fromCategoryId: c.id };
    }
    return null;
  }

  tree() {
    const rows = [...this.byId.values()]
      .filter((c) => c.active)
      .map((c) => ({
        id: c.id,
        parentId: c.parentId,
        code: c.code,
        name: c.name,
        nameEn: c.nameEn,
        kind: c.kind,
        limits: Object.fromEntries(URGENCIES.map((u) => [u, this.effectiveLimits(c.id, u)?.limits ?? null])),
      }));
    return buildTree(rows);
  }
}
