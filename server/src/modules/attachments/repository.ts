// SQL only. The encrypted bytes are read only by `findWithData` (downloads); lists never load them.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { assignments, attachments, orgUnits, users } from '../../db/schema';

export type AttachmentInsert = typeof attachments.$inferInsert;

const meta = {
  id: attachments.id,
  ticketId: attachments.ticketId,
  assignmentId: attachments.assignmentId,
  purpose: attachments.purpose,
  fileName: attachments.fileName,
  contentType: attachments.contentType,
  size: attachments.size,
  sha256: attachments.sha256,
  uploadedBy: attachments.uploadedBy,
  uploadedByName: users.displayName,
  uploadedAt: attachments.uploadedAt,
};
export type AttachmentMeta = {
  id: number;
  ticketId: number;
  assignmentId: number | null;
  purpose: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: number | null;
  uploadedByName: string | null;
  uploadedAt: Date;
};

export function createAttachmentRepository() {
  return {
    /** The assignment with its unit path, only if it belongs to the ticket. */
    async assignmentOf(db: DbOrTx, ticketId: number, assignmentId: number) {
      const [r] = await db
        .select({ id: assignments.id, status: assignments.status, unitPath: orgUnits.path })
        .from(assignments)
        .innerJoin(orgUnits, eq(orgUnits.id, assignments.unitId))
        .where(and(eq(assignments.id, assignmentId), eq(assignments.ticketId, ticketId)));
      return r ?? null;
    },
    async insert(tx: DbOrTx, row: AttachmentInsert): Promise<AttachmentMeta> {
      const [r] = await tx.insert(attachments).values(row).returning({ id: attachments.id });
      const [m] = await tx
        .select(meta)
        .from(attachments)
        .leftJoin(users, eq(users.id, attachments.uploadedBy))
        .where(eq(attachments.id, r.id));
      return m;
    },
    async listOfTicket(db: DbOrTx, ticketId: number, assignmentId?: number): Promise<AttachmentMeta[]> {
      const conds = [eq(attachments.ticketId, ticketId)];
      if (assignmentId) conds.push(eq(attachments.assignmentId, assignmentId));
      return db
        .select(meta)
        .from(attachments)
        .leftJoin(users, eq(users.id, attachments.uploadedBy))
        .where(and(...conds))
        .orderBy(asc(attachments.id));
    },
    async findMeta(db: DbOrTx, id: number): Promise<AttachmentMeta | null> {
      const [r] = await db
        .select(meta)
        .from(attachments)
        .leftJoin(users, eq(users.id, attachments.uploadedBy))
        .where(eq(attachments.id, id));
      return r ?? null;
    },
    async dataOf(db: DbOrTx, id: number): Promise<Buffer | null> {
      const [r] = await db.select({ data: attachments.dataEnc }).from(attachments).where(eq(attachments.id, id));
      return r?.data ?? null;
    },
    /** Attachment counts per assignment, for the work lists. */
    async countByAssignment(db: DbOrTx, assignmentIds: number[]): Promise<Map<number, number>> {
      if (!assignmentIds.length) return new Map();
      const rows = await db
        .select({ id: attachments.assignmentId, n: sql<number>`count(*)::int` })
        .from(attachments)
        .where(inArray(attachments.assignmentId, assignmentIds))
        .groupBy(attachments.assignmentId);
      return new Map(rows.map((r) => [Number(r.id), r.n]));
    },
  };
}
export type AttachmentRepository = ReturnType<typeof createAttachmentRepository>;
