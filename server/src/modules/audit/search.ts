// The audit search of the auditor's screen (审计查询): who, what, which record, when, from where — with the
// seal that proves each row unchanged. Read-only; an export is itself audited.
import { and, desc, eq, gte, like, lt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { auditEvents, auditSeals, users } from '../../db/schema';

export const auditQuery = z.object({
  /** user name of the actor */
  actor: z.string().trim().max(64).optional(),
  /** an action or its prefix ('login', 'pii.', 'action.dispatch') */
  action: z.string().trim().max(64).optional(),
  entityType: z.string().trim().max(32).optional(),
  entityId: z.string().trim().max(64).optional(),
  ticketId: z.coerce.number().int().positive().optional(),
  ip: z.string().trim().max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof auditQuery>;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

export function auditWhere(q: AuditQuery): SQL | undefined {
  const c: SQL[] = [];
  if (q.actor) c.push(sql`${auditEvents.actorId} = (select id from users where username = ${q.actor})`);
  if (q.action) c.push(like(auditEvents.action, `${escapeLike(q.action)}%`));
  if (q.entityType) c.push(eq(auditEvents.entityType, q.entityType));
  if (q.entityId) c.push(eq(auditEvents.entityId, q.entityId));
  if (q.ticketId) c.push(eq(auditEvents.ticketId, q.ticketId));
  if (q.ip) c.push(like(auditEvents.actorIp, `%${escapeLike(q.ip)}%`));
  if (q.from) c.push(gte(auditEvents.at, new Date(q.from)));
  if (q.to) c.push(lt(auditEvents.at, new Date(q.to)));
  return c.length ? and(...c) : undefined;
}

export async function searchAudit(db: Db, q: AuditQuery) {
  const where = auditWhere(q);
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        e: auditEvents,
        username: users.username,
        displayName: users.displayName,
        seq: auditSeals.seq,
      })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorId))
      .leftJoin(auditSeals, eq(auditSeals.auditId, auditEvents.id))
      .where(where)
      .orderBy(desc(auditEvents.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(where),
  ]);
  return { items: rows.map(presentAuditRow), total, page: q.page, pageSize: q.pageSize };
}

export function presentAuditRow(r: {
  e: typeof auditEvents.$inferSelect;
  username: string | null;
  displayName: string | null;
  seq: number | null;
}) {
  return {
    id: r.e.id,
    at: r.e.at.toISOString(),
    actor: r.e.actorId ? { id: r.e.actorId, username: r.username, displayName: r.displayName } : null,
    ip: r.e.actorIp,
    action: r.e.action,
    entityType: r.e.entityType,
    entityId: r.e.entityId,
    ticketId: r.e.ticketId,
    before: r.e.before,
    after: r.e.after,
    data: r.e.data,
    /** position in the hash chain (null: not sealed yet, sealing runs every few seconds) */
    seq: r.seq,
  };
}

/** Rows for an export, newest first, at most `max`. */
export async function auditRowsForExport(db: Db, q: AuditQuery, max: number) {
  return (
    await db
      .select({ e: auditEvents, username: users.username, displayName: users.displayName, seq: auditSeals.seq })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorId))
      .leftJoin(auditSeals, eq(auditSeals.auditId, auditEvents.id))
      .where(auditWhere(q))
      .orderBy(desc(auditEvents.id))
      .limit(max)
  ).map(presentAuditRow);
}
