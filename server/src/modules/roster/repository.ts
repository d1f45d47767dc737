// SQL only for rosters, shift templates, leave and swap requests. Every function takes the db or the open
// transaction it must run in.
import { and, asc, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { leaveRequests, rosterAssignments, rosters, shiftTemplates, swapRequests, users } from '../../db/schema';

export type RosterRow = typeof rosters.$inferSelect;
export type AssignmentRow = typeof rosterAssignments.$inferSelect;
export type LeaveRow = typeof leaveRequests.$inferSelect;
export type SwapRow = typeof swapRequests.$inferSelect;
export type TemplateRow = typeof shiftTemplates.$inferSelect;

export function createRosterRepository() {
  return {
    /** Every template, retired ones too: past shifts keep the template they were planned with. */
    async templates(db: DbOrTx): Promise<TemplateRow[]> {
      return db.select().from(shiftTemplates).orderBy(asc(shiftTemplates.id));
    },

    async template(db: DbOrTx, code: string, lock = false): Promise<TemplateRow | null> {
      const q = db.select().from(shiftTemplates).where(eq(shiftTemplates.code, code));
      const [r] = lock ? await q.for('update') : await q;
      return r ?? null;
    },

    async insertTemplate(db: DbOrTx, row: typeof shiftTemplates.$inferInsert): Promise<TemplateRow | null> {
      const [r] = await db.insert(shiftTemplates).values(row).onConflictDoNothing().returning();
      return r ?? null;
    },

    async updateTemplate(db: DbOrTx, code: string, patch: Partial<typeof shiftTemplates.$inferInsert>) {
      const [r] = await db
        .update(shiftTemplates)
        .set({ ...patch, version: sql`${shiftTemplates.version} + 1` })
        .where(eq(shiftTemplates.code, code))
        .returning();
      return r;
    },

    async templateUsed(db: DbOrTx, code: string): Promise<boolean> {
      const [r] = await db
        .select({ id: rosterAssignments.id })
        .from(rosterAssignments)
        .where(eq(rosterAssignments.templateCode, code))
        .limit(1);
      return !!r;
    },

    /** Everyone who sits in a seat (agents and revisit agents) and so appears in the roster grid. */
    async rosteredAgents(db: DbOrTx): Promise<{ id: number; displayName: string; username: string }[]> {
      return db
        .select({ id: users.id, displayName: users.displayName, username: users.username })
        .from(users)
        .where(and(eq(users.active, true), sql`${users.roles} && array['agent', 'revisit_agent']::text[]`))
        .orderBy(asc(users.username));
    },

    async roster(db: DbOrTx, contractCode: string, month: string): Promise<RosterRow | null> {
      const [r] = await db
        .select()
        .from(rosters)
        .where(and(eq(rosters.contractCode, contractCode), eq(rosters.month, month)));
      return r ?? null;
    },

    async rosterById(db: DbOrTx, id: number): Promise<RosterRow | null> {
      const [r] = await db.select().from(rosters).where(eq(rosters.id, id));
      return r ?? null;
    },

    /** The roster row locked for a change; created (draft, version 1) on first use. */
    async lockRoster(db: DbOrTx, contractCode: string, month: string): Promise<RosterRow> {
      await db.insert(rosters).values({ contractCode, month }).onConflictDoNothing();
      const [r] = await db
        .select()
        .from(rosters)
        .where(and(eq(rosters.contractCode, contractCode), eq(rosters.month, month)))
        .for('update');
      return r;
    },

    async bumpRoster(
      db: DbOrTx,
      id: number,
      patch: Partial<Pick<RosterRow, 'status' | 'publishedAt' | 'publishedBy' | 'publishedVersion'>>,
    ) {
      const [r] = await db
        .update(rosters)
        .set({ ...patch, version: sql`${rosters.version} + 1`, updatedAt: new Date() })
        .where(eq(rosters.id, id))
        .returning();
      return r;
    },

    async assignments(db: DbOrTx, rosterId: number): Promise<AssignmentRow[]> {
      return db
        .select()
        .from(rosterAssignments)
        .where(eq(rosterAssignments.rosterId, rosterId))
        .orderBy(asc(rosterAssignments.day), asc(rosterAssignments.userId));
    },

    /** Shifts of a contract's rosters starting in [from, to]; `published` limits to rosters in force. */
    async assignmentsBetween(
      db: DbOrTx,
      q: { contractCode?: string; from: string; to: string; userId?: number; published?: boolean },
    ): Promise<(AssignmentRow & { contractCode: string; month: string; rosterStatus: string })[]> {
      const rows = await db
        .select({
          a: rosterAssignments,
          contractCode: rosters.contractCode,
          month: rosters.month,
          status: rosters.status,
        })
        .from(rosterAssignments)
        .innerJoin(rosters, eq(rosters.id, rosterAssignments.rosterId))
        .where(
          and(
            gte(rosterAssignments.day, q.from),
            lte(rosterAssignments.day, q.to),
            q.contractCode ? eq(rosters.contractCode, q.contractCode) : undefined,
            q.userId ? eq(rosterAssignments.userId, q.userId) : undefined,
            q.published ? eq(rosters.status, 'published') : undefined,
          ),
        )
        .orderBy(asc(rosterAssignments.day), asc(rosterAssignments.userId));
      return rows.map((r) => ({ ...r.a, contractCode: r.contractCode, month: r.month, rosterStatus: r.status }));
    },

    async deleteAssignments(db: DbOrTx, ids: number[]): Promise<void> {
      if (ids.length) await db.delete(rosterAssignments).where(inArray(rosterAssignments.id, ids));
    },

    async insertAssignments(
      db: DbOrTx,
      rows: { rosterId: number; userId: number; day: string; templateCode: string; source: string }[],
    ): Promise<void> {
      // one statement per 1,000 cells: a month of 60 agents is ~1,100 cells
      for (let i = 0; i < rows.length; i += 1000) await db.insert(rosterAssignments).values(rows.slice(i, i + 1000));
    },

    async cell(db: DbOrTx, rosterId: number, userId: number, day: string): Promise<AssignmentRow | null> {
      const [a] = await db
        .select()
        .from(rosterAssignments)
        .where(
          and(
            eq(rosterAssignments.rosterId, rosterId),
            eq(rosterAssignments.userId, userId),
            eq(rosterAssignments.day, day),
          ),
        );
      return a ?? null;
    },

    async setCell(
      db: DbOrTx,
      row: { rosterId: number; userId: number; day: string; templateCode: string; source: string },
    ) {
      await db
        .insert(rosterAssignments)
        .values(row)
        .onConflictDoUpdate({
          target: [rosterAssignments.rosterId, rosterAssignments.userId, rosterAssignments.day],
          set: { templateCode: row.templateCode, source: row.source },
        });
    },

    // ---- leave -------------------------------------------------------------------------------------
    async insertLeave(
      db: DbOrTx,
      row: typeof leaveRequests.$inferInsert,
    ): Promise<{ row: LeaveRow; created: boolean }> {
      const [r] = await db.insert(leaveRequests).values(row).onConflictDoNothing().returning();
      if (r) return { row: r, created: true };
      const [existing] = await db
        .select()
        .from(leaveRequests)
        .where(and(eq(leaveRequests.userId, row.userId), eq(leaveRequests.idempotencyKey, row.idempotencyKey!)));
      return { row: existing, created: false };
    },

    async leave(db: DbOrTx, id: number, lock = false): Promise<LeaveRow | null> {
      const q = db.select().from(leaveRequests).where(eq(leaveRequests.id, id));
      const [r] = lock ? await q.for('update') : await q;
      return r ?? null;
    },

    async leaveList(
      db: DbOrTx,
      q: { userId?: number; status?: string; from?: string; to?: string },
    ): Promise<(LeaveRow & { displayName: string })[]> {
      const rows = await db
        .select({ l: leaveRequests, displayName: users.displayName })
        .from(leaveRequests)
        .innerJoin(users, eq(users.id, leaveRequests.userId))
        .where(
          and(
            q.userId ? eq(leaveRequests.userId, q.userId) : undefined,
            q.status ? eq(leaveRequests.status, q.status) : undefined,
            q.to ? lte(leaveRequests.fromDay, q.to) : undefined,
            q.from ? gte(leaveRequests.toDay, q.from) : undefined,
          ),
        )
        .orderBy(desc(leaveRequests.createdAt))
        .limit(500);
      return rows.map((r) => ({ ...r.l, displayName: r.displayName }));
    },

    async decideLeave(
      db: DbOrTx,
      id: number,
      patch: Pick<LeaveRow, 'status' | 'decidedBy' | 'decidedAt' | 'decisionNote'>,
    ) {
      const [r] = await db
        .update(leaveRequests)
        .set({ ...patch, version: sql`${leaveRequests.version} + 1` })
        .where(eq(leaveRequests.id, id))
        .returning();
      return r;
    },

    async deleteShiftsOf(db: DbOrTx, userId: number, from: string, to: string): Promise<AssignmentRow[]> {
      return db
        .delete(rosterAssignments)
        .where(
          and(eq(rosterAssignments.userId, userId), gte(rosterAssignments.day, from), lte(rosterAssignments.day, to)),
        )
        .returning();
    },

    // ---- swaps -------------------------------------------------------------------------------------
    async insertSwap(db: DbOrTx, row: typeof swapRequests.$inferInsert): Promise<{ row: SwapRow; created: boolean }> {
      const [r] = await db.insert(swapRequests).values(row).onConflictDoNothing().returning();
      if (r) return { row: r, created: true };
      const [existing] = await db
        .select()
        .from(swapRequests)
        .where(
          and(eq(swapRequests.requesterId, row.requesterId), eq(swapRequests.idempotencyKey, row.idempotencyKey!)),
        );
      return { row: existing, created: false };
    },

    async swap(db: DbOrTx, id: number, lock = false): Promise<SwapRow | null> {
      const q = db.select().from(swapRequests).where(eq(swapRequests.id, id));
      const [r] = lock ? await q.for('update') : await q;
      return r ?? null;
    },

    async swapList(db: DbOrTx, q: { userId?: number; status?: string }): Promise<SwapRow[]> {
      return db
        .select()
        .from(swapRequests)
        .where(
          and(
            q.userId
              ? sql`(${swapRequests.requesterId} = ${q.userId} or ${swapRequests.counterpartId} = ${q.userId})`
              : undefined,
            q.status ? eq(swapRequests.status, q.status) : undefined,
          ),
        )
        .orderBy(desc(swapRequests.createdAt))
        .limit(500);
    },

    async decideSwap(
      db: DbOrTx,
      id: number,
      patch: Pick<SwapRow, 'status' | 'decidedBy' | 'decidedAt' | 'decisionNote'>,
    ) {
      const [r] = await db
        .update(swapRequests)
        .set({ ...patch, version: sql`${swapRequests.version} + 1` })
        .where(eq(swapRequests.id, id))
        .returning();
      return r;
    },
  };
}
export type RosterRepository = ReturnType<typeof createRosterRepository>;
