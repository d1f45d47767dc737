import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { auditEvents, users } from '../../db/schema';

export interface AuditInput {
  actorId: number | null;
  actorIp: string | null;
  entityType: string;
  entityId: string;
  ticketId?: number | null;
  action: string;
  before?: unknown;
  after?: unknown;
  data?: unknown;
  at?: Date;
}

export interface AuditWriter {
  /** Pass the transaction when the audited change is part of one: audit and change commit together. */
  write(e: AuditInput, tx?: DbOrTx): Promise<void>;
  writeMany(es: AuditInput[], tx?: DbOrTx): Promise<void>;
}

const row = (e: AuditInput) => ({
  actorId: e.actorId,
  actorIp: e.actorIp,
  entityType: e.entityType,
  entityId: e.entityId,
  ticketId: e.ticketId ?? null,
  action: e.action,
  before: e.before ?? null,
  after: e.after ?? null,
  data: e.data ?? null,
  ...(e.at ? { at: e.at } : {}),
});

export function createAuditRepository(db: DbOrTx): AuditWriter & {
  timeline(ticketId: number): Promise<
    {
      id: number;
      at: Date;
      action: string;
      entityType: string;
      entityId: string;
      before: unknown;
      after: unknown;
      data: unknown;
      actorId: number | null;
      actorUsername: string | null;
      actorName: string | null;
    }[]
  >;
} {
  return {
    async write(e, tx) {
      await (tx ?? db).insert(auditEvents).values(row(e));
    },
    async writeMany(es, tx) {
      if (es.length) await (tx ?? db).insert(auditEvents).values(es.map(row));
    },
    async timeline(ticketId) {
      return db
        .select({
          id: auditEvents.id,
          at: auditEvents.at,
          action: auditEvents.action,
          entityType: auditEvents.entityType,
          entityId: auditEvents.entityId,
          before: auditEvents.before,
          after: auditEvents.after,
          data: auditEvents.data,
          actorId: auditEvents.actorId,
          actorUsername: users.username,
          actorName: users.displayName,
        })
        .from(auditEvents)
        .leftJoin(users, eq(users.id, auditEvents.actorId))
        .where(eq(auditEvents.ticketId, ticketId))
        .orderBy(asc(auditEvents.id));
    },
  };
}
export type AuditRepository = ReturnType<typeof createAuditRepository>;
