// SQL of the hotline lines (the numbers callers dial).
import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { hotlineLines } from '../../db/schema';

export type LineRow = typeof hotlineLines.$inferSelect;
export type LineInput = Pick<LineRow, 'did' | 'name' | 'queue' | 'priority' | 'skill' | 'emergency' | 'active'>;

export function createLinesRepository() {
  return {
    async all(db: DbOrTx): Promise<LineRow[]> {
      return db.select().from(hotlineLines).orderBy(desc(hotlineLines.priority), asc(hotlineLines.did));
    },
    async get(db: DbOrTx, id: number, opts: { lock?: boolean } = {}): Promise<LineRow | null> {
      const q = db.select().from(hotlineLines).where(eq(hotlineLines.id, id));
      const [r] = opts.lock ? await q.for('update') : await q;
      return r ?? null;
    },
    async didTaken(db: DbOrTx, did: string, exceptId?: number): Promise<boolean> {
      const rows = await db
        .select({ id: hotlineLines.id })
        .from(hotlineLines)
        .where(exceptId ? and(eq(hotlineLines.did, did), ne(hotlineLines.id, exceptId)) : eq(hotlineLines.did, did));
      return rows.length > 0;
    },
    async insert(db: DbOrTx, l: LineInput, now: Date): Promise<LineRow> {
      const [r] = await db
        .insert(hotlineLines)
        .values({ ...l, updatedAt: now })
        .returning();
      return r;
    },
    async update(db: DbOrTx, id: number, patch: Partial<LineInput>, version: number, now: Date): Promise<LineRow> {
      const [r] = await db
        .update(hotlineLines)
        .set({ ...patch, version, updatedAt: now })
        .where(eq(hotlineLines.id, id))
        .returning();
      return r;
    },
    /**
     * The first start's lines (HOTLINE_LINES) when the table is empty. Call it in a transaction: the advisory
     * lock makes two nodes starting together seed once. (Lines are deactivated, never deleted, so the table
     * is empty only before the first start.)
     */
    async seedIfEmpty(tx: DbOrTx, rows: () => LineInput[], now: Date): Promise<LineRow[]> {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('hotline-lines-seed'))`);
      const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(hotlineLines);
      if (n > 0) return [];
      const values = rows();
      if (!values.length) return [];
      return tx
        .insert(hotlineLines)
        .values(values.map((r) => ({ ...r, updatedAt: now })))
        .returning();
    },
  };
}
export type LinesRepository = ReturnType<typeof createLinesRepository>;
