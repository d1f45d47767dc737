// SQL only: recordings of calls.
import { and, asc, desc, eq, isNull, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { calls, recordings } from '../../db/schema';

export type RecordingRow = typeof recordings.$inferSelect;

export function createRecordingsRepository() {
  return {
    async call(db: DbOrTx, id: number) {
      const [r] = await db
        .select({
          id: calls.id,
          sipCallId: calls.sipCallId,
          agentId: calls.agentId,
          answeredAt: calls.answeredAt,
          endedAt: calls.endedAt,
          talkMs: calls.talkMs,
          events: calls.events,
        })
        .from(calls)
        .where(eq(calls.id, id));
      return r ?? null;
    },
    /** The call's recording still on disk (newest first if there were several). */
    async liveOf(db: DbOrTx, callId: number): Promise<RecordingRow | null> {
      const [r] = await db
        .select()
        .from(recordings)
        .where(and(eq(recordings.callId, callId), isNull(recordings.deletedAt)))
        .orderBy(desc(recordings.id));
      return r ?? null;
    },
    async anyOf(db: DbOrTx, callId: number): Promise<boolean> {
      const [r] = await db.select({ id: recordings.id }).from(recordings).where(eq(recordings.callId, callId));
      return !!r;
    },
    async expired(db: DbOrTx, before: Date, limit: number): Promise<RecordingRow[]> {
      return db
        .select()
        .from(recordings)
        .where(and(isNull(recordings.deletedAt), lt(recordings.createdAt, before)))
        .orderBy(asc(recordings.id))
        .limit(limit);
    },
    /** true when this run marked it (another server may have done it meanwhile) */
    async markDeleted(db: DbOrTx, id: number, at: Date): Promise<boolean> {
      const r = await db
        .update(recordings)
        .set({ deletedAt: at })
        .where(and(eq(recordings.id, id), isNull(recordings.deletedAt)))
        .returning({ id: recordings.id });
      return r.length > 0;
    },
  };
}
export type RecordingsRepository = ReturnType<typeof createRecordingsRepository>;
