import { asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { orgUnits } from '../../db/schema';
export { buildTree } from '../../lib/tree';

export type UnitRow = typeof orgUnits.$inferSelect;
export interface UnitNode extends UnitRow {
  children: UnitNode[];
}

export function createOrgRepository(db: DbOrTx) {
  return {
    async all(): Promise<UnitRow[]> {
      return db.select().from(orgUnits).orderBy(asc(orgUnits.path), asc(orgUnits.sort));
    },
    async byIds(ids: number[]): Promise<UnitRow[]> {
      if (!ids.length) return [];
      return db.select().from(orgUnits).where(inArray(orgUnits.id, ids));
    },
    async byId(id: number): Promise<UnitRow | null> {
      const [r] = await db.select().from(orgUnits).where(eq(orgUnits.id, id));
      return r ?? null;
    },
  };
}
export type OrgRepository = ReturnType<typeof createOrgRepository>;

/** Org units change rarely and are read on every ticket response: cached, reloaded on a miss. */
export class OrgCatalog {
  private byId = new Map<number, UnitRow>();
  private loadedAt = 0;
  constructor(private readonly repo: OrgRepository) {}
  async reload() {
    this.byId = new Map((await this.repo.all()).map((u) => [u.id, u]));
    this.loadedAt = Date.now();
  }
  /** Reload at most every 5 s when asked for unknown ids (a unit added by another process). */
  async ensure(ids: (number | null | undefined)[]) {
    if (ids.some((id) => id != null && !this.byId.has(id)) && Date.now() - this.loadedAt > 5000) await this.reload();
  }
  get(id: number | null | undefined): UnitRow | undefined {
    return id == null ? undefined : this.byId.get(id);
  }
}
