// SQL of the intake screen: a caller's history by phone hash, and possible duplicates of a new call.
import { and, desc, eq, notInArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { tickets } from '../../db/schema';
import type { TicketStatus } from './domain/types';
import type { TicketRow } from './repository';

const FINISHED: TicketStatus[] = ['closed', 'merged'];

export interface DuplicateQuery {
  phoneHash?: string;
  categoryId?: number;
  content: string;
  /** similarity (pg_trgm, 0..1) a ticket must reach unless it has the same category */
  minSimilarity: number;
  limit: number;
}

export function createIntakeRepository() {
  return {
    /** The caller's latest tickets and, separately, every one still open (an old open case must not hide). */
    async callerTickets(db: DbOrTx, phoneHash: string, latest: number, openMax: number) {
      const [recent, open] = await Promise.all([
        db
          .select()
          .from(tickets)
          .where(eq(tickets.callerPhoneHash, phoneHash))
          .orderBy(desc(tickets.receivedAt), desc(tickets.id))
          .limit(latest),
        db
          .select()
          .from(tickets)
          .where(and(eq(tickets.callerPhoneHash, phoneHash), notInArray(tickets.status, FINISHED)))
          .orderBy(desc(tickets.receivedAt), desc(tickets.id))
          .limit(openMax),
      ]);
      return { recent, open };
    },

    /**
     * Open tickets that may be the same matter. With a phone: that caller's open tickets with similar text
     * or the same category. Without: open tickets whose text is similar (`%` uses the trigram index and
     * pg_trgm.similarity_threshold, 0.3 by default).
     */
    async duplicates(db: DbOrTx, q: DuplicateQuery): Promise<{ ticket: TicketRow; similarity: number }[]> {
      const sim = sql<number>`similarity(${tickets.content}, ${q.content})`;
      const sameCategory = q.categoryId ? sql`${tickets.categoryId} = ${q.categoryId}` : sql`false`;
      const conds: SQL[] = [notInArray(tickets.status, FINISHED)];
      if (q.phoneHash) {
        conds.push(eq(tickets.callerPhoneHash, q.phoneHash));
        conds.push(sql`(${sim} >= ${q.minSimilarity} or ${sameCategory})`);
      } else {
        conds.push(sql`${tickets.content} % ${q.content}`);
      }
      const rows = await db
        .select({ ticket: tickets, similarity: sim })
        .from(tickets)
        .where(and(...conds))
        .orderBy(desc(sim), desc(tickets.receivedAt))
        .limit(q.limit * 4);
      return rows.map((r) => ({ ticket: r.ticket, similarity: Number(r.similarity) }));
    },
  };
}
export type IntakeRepository = ReturnType<typeof createIntakeRepository>;
