// SQL of the administrators' org-unit changes. Reads of the tree for everyone stay in modules/org.
import { and, asc, eq, inArray, like, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { assignments, orgUnits, users } from '../../db/schema';
import type { AssignmentStatus } from '../tickets/domain/types';

export type UnitRow = typeof orgUnits.$inferSelect;
/** assignments still waiting on the unit itself (to sign, to handle, its feedback to be reviewed) */
const WAITING_ON_UNIT: AssignmentStatus[] = ['pending_sign', 'signed', 'feedback_submitted'];

export function createOrgAdminRepository() {
  return {
    /** every unit; siblings come out in their order (buildTree keeps it) */
    async all(db: DbOrTx): Promise<UnitRow[]> {
      return db.select().from(orgUnits).orderBy(asc(orgUnits.sort), asc(orgUnits.id));
    },
    async get(db: DbOrTx, id: number, opts: { lock?: boolean } = {}): Promise<UnitRow | null> {
      const q = db.select().from(orgUnits).where(eq(orgUnits.id, id));
      const [r] = opts.lock ? await q.for('update') : await q;
      return r ?? null;
    },
    async subtree(db: DbOrTx, path: string): Promise<UnitRow[]> {
      return db
        .select()
        .from(orgUnits)
        .where(like(orgUnits.path, `${path}%`))
        .orderBy(asc(orgUnits.path));
    },
    /** Serialises structural changes (create, (de)activate) of the tree: a child is never created under a
     *  unit that is being deactivated with its subtree. */
    async lockTree(db: DbOrTx) {
      await db.execute(sql`select pg_advisory_xact_lock(hashtext('hotline-org-units'))`);
    },
    async codeTaken(db: DbOrTx, code: string, exceptId?: number): Promise<boolean> {
      const rows = await db
        .select({ id: orgUnits.id })
        .from(orgUnits)
        .where(
          exceptId
            ? and(sql`lower(${orgUnits.code}) = lower(${code})`, ne(orgUnits.id, exceptId))
            : sql`lower(${orgUnits.code}) = lower(${code})`,
        );
      return rows.length > 0;
    },
    async nextSort(db: DbOrTx, parentId: number): Promise<number> {
      const [r] = await db
        .select({ n: sql<number>`coalesce(max(${orgUnits.sort}) + 1, 0)::int` })
        .from(orgUnits)
        .where(eq(orgUnits.parentId, parentId));
      return r.n;
    },
    /** Inserts under a parent and sets the materialized path from the new id, in the caller's transaction. */
    async insert(
      db: DbOrTx,
      u: { parentId: number; parentPath: string; name: string; type: string; code: string; sort: number },
    ): Promise<UnitRow> {
      const [row] = await db
        .insert(orgUnits)
        .values({ parentId: u.parentId, name: u.name, type: u.type, code: u.code, path: '/', sort: u.sort })
        .returning({ id: orgUnits.id });
      const [done] = await db
        .update(orgUnits)
        .set({ path: `${u.parentPath}${row.id}/` })
        .where(eq(orgUnits.id, row.id))
        .returning();
      return done;
    },
    async update(db: DbOrTx, id: number, patch: Partial<Pick<UnitRow, 'name' | 'code' | 'sort'>>): Promise<UnitRow> {
      const [r] = await db.update(orgUnits).set(patch).where(eq(orgUnits.id, id)).returning();
      return r;
    },
    async setActive(db: DbOrTx, ids: number[], active: boolean): Promise<UnitRow[]> {
      if (!ids.length) return [];
      return db.update(orgUnits).set({ active }).where(inArray(orgUnits.id, ids)).returning();
    },
    /** Per unit: active users and live (not sent back, cancelled or accepted) assignments. */
    async usage(db: DbOrTx, ids?: number[]): Promise<Map<number, { activeUsers: number; liveAssignments: number }>> {
      const out = new Map<number, { activeUsers: number; liveAssignments: number }>();
      const at = (id: number) => {
        let u = out.get(id);
        if (!u) out.set(id, (u = { activeUsers: 0, liveAssignments: 0 }));
        return u;
      };
      const unitFilter = ids
        ? (col: typeof users.unitId | typeof assignments.unitId) => inArray(col, ids)
        : () => undefined;
      if (ids && !ids.length) return out;
      const [us, as] = await Promise.all([
        db
          .select({ unitId: users.unitId, n: sql<number>`count(*)::int` })
          .from(users)
          .where(and(eq(users.active, true), unitFilter(users.unitId)))
          .groupBy(users.unitId),
        db
          .select({ unitId: assignments.unitId, n: sql<number>`count(*)::int` })
          .from(assignments)
          .where(and(inArray(assignments.status, WAITING_ON_UNIT), unitFilter(assignments.unitId)))
          .groupBy(assignments.unitId),
      ]);
      for (const r of us) if (r.unitId != null) at(r.unitId).activeUsers = r.n;
      for (const r of as) at(r.unitId).liveAssignments = r.n;
      return out;
    },
  };
}
export type OrgAdminRepository = ReturnType<typeof createOrgAdminRepository>;
