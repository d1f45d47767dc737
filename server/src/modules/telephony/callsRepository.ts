// SQL only: calls, their legs and recordings.
import { and, desc, eq, gte, isNotNull, max, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { callLegs, calls, recordings } from '../../db/schema';

export type CallRow = typeof calls.$inferSelect;

export function createCallsRepository() {
  return {
    /** Idempotent on the SIP Call-ID: a retransmitted INVITE finds the call already there. */
    async insert(db: DbOrTx, row: typeof calls.$inferInsert): Promise<number> {
      const [r] = await db
        .insert(calls)
        .values(row)
        .onConflictDoNothing({ target: calls.sipCallId })
        .returning({ id: calls.id });
      if (r) return r.id;
      const [existing] = await db.select({ id: calls.id }).from(calls).where(eq(calls.sipCallId, row.sipCallId));
      return existing.id;
    },
    async update(db: DbOrTx, id: number, set: Partial<typeof calls.$inferInsert>) {
      await db
        .update(calls)
        .set({ ...set, version: sql`${calls.version} + 1` })
        .where(eq(calls.id, id));
    },
    async insertLeg(db: DbOrTx, row: typeof callLegs.$inferInsert) {
      await db.insert(callLegs).values(row);
    },
    async insertRecording(db: DbOrTx, row: typeof recordings.$inferInsert) {
      await db.insert(recordings).values(row);
    },
    async byId(db: DbOrTx, id: number) {
      const [r] = await db.select().from(calls).where(eq(calls.id, id));
      return r ?? null;
    },
    async legsOf(db: DbOrTx, callId: number) {
      return db.select().from(callLegs).where(eq(callLegs.callId, callId)).orderBy(callLegs.id);
    },
    /**
     * End of each agent's last call: the ACD counts idle time from it. Only recent calls matter (an agent's
     * state changes when a call ends, so an older end is never later than their current state's start), and
     * looking back one day keeps this query the same size however long the call history grows.
     */
    async lastCallEnds(db: DbOrTx, now: Date): Promise<Map<number, Date>> {
      const rows = await db
        .select({ agentId: calls.agentId, endedAt: max(calls.endedAt) })
        .from(calls)
        .where(
          and(
            isNotNull(calls.agentId),
            isNotNull(calls.endedAt),
            gte(calls.arrivedAt, new Date(now.getTime() - 24 * 3600_000)),
          ),
        )
        .groupBy(calls.agentId);
      return new Map(rows.filter((r) => r.agentId !== null && r.endedAt).map((r) => [r.agentId!, r.endedAt as Date]));
    },
    async since(db: DbOrTx, from: Date) {
      return db
        .select()
        .from(calls)
        .where(sql`${calls.arrivedAt} >= ${from.toISOString()}`)
        .orderBy(desc(calls.id));
    },
  };
}
export type CallsRepository = ReturnType<typeof createCallsRepository>;
