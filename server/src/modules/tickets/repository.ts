// SQL only. Every function takes the db or the open transaction it must run in.
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { pgCode } from '../../lib/errors';
import type { TicketStatus } from './domain/types';
import { assignments, orgUnits, revisits, supervisions, tickets } from '../../db/schema';

export type TicketRow = typeof tickets.$inferSelect;
export type NewTicketRow = typeof tickets.$inferInsert;
export type AssignmentRow = typeof assignments.$inferSelect & { unitName: string; unitPath: string };
export type SupervisionRow = typeof supervisions.$inferSelect;
export type RevisitRow = typeof revisits.$inferSelect;

export interface ListFilter {
  status?: TicketStatus[];
  unitId?: number;
  /** this category and every sub-category */
  categoryId?: number;
  channel?: string;
  streetId?: number;
  overdue?: boolean;
  q?: string;
  phoneHash?: string;
  from?: Date;
  to?: Date;
  /** department handlers: only tickets with a live assignment inside this unit subtree */
  scopePath?: string | null;
  /** with scopePath: also tickets whose assignment there was sent back or cancelled (read-only history) */
  scopeHistory?: boolean;
  /** receivedAt: newest first (default); closeDueAt: nearest deadline first */
  sort?: ListSort;
}
export type ListSort = 'receivedAt' | 'closeDueAt';

/** Where the next page of a keyset walk (export) starts: the sort key and id of the last row read. */
export interface ListCursor {
  at: Date;
  id: number;
}

const orderOf = (sort: ListSort | undefined) =>
  sort === 'closeDueAt' ? [asc(tickets.closeDueAt), asc(tickets.id)] : [desc(tickets.receivedAt), desc(tickets.id)];

/** The WHERE of the ticket list; the list page, its count and the export share it. */
export function listWhere(f: ListFilter): SQL | undefined {
  const conds: SQL[] = [];
  if (f.status?.length) conds.push(inArray(tickets.status, f.status));
  if (f.categoryId)
    conds.push(sql`${tickets.categoryId} in (with recursive sub as (
        select id from categories where id = ${f.categoryId}
        union all select c.id from categories c join sub on c.parent_id = sub.id) select id from sub)`);
  if (f.channel) conds.push(eq(tickets.channel, f.channel));
  if (f.streetId) conds.push(eq(tickets.streetId, f.streetId));
  if (f.overdue !== undefined) conds.push(eq(tickets.overdue, f.overdue));
  if (f.from) conds.push(sql`${tickets.receivedAt} >= ${f.from.toISOString()}`);
  if (f.to) conds.push(sql`${tickets.receivedAt} < ${f.to.toISOString()}`);
  if (f.unitId)
    conds.push(
      sql`exists (select 1 from ${assignments} a where a.ticket_id = ${tickets.id} and a.unit_id = ${f.unitId})`,
    );
  if (f.scopePath) conds.push(f.scopeHistory ? inUnitSubtreeEver(f.scopePath) : inUnitSubtree(f.scopePath));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    const alts: SQL[] = [sql`${tickets.number} = ${f.q}`, sql`${tickets.content} ilike ${like}`];
    if (f.phoneHash) alts.push(eq(tickets.callerPhoneHash, f.phoneHash));
    conds.push(sql`(${sql.join(alts, sql` or `)})`);
  }
  return conds.length ? and(...conds) : undefined;
}

/**
 * Tickets a handler works on: a live assignment to their unit or a sub-unit. Need-to-know: once the
 * assignment is sent back or cancelled, the unit's access to the case (and its personal data) ends.
 */
export const inUnitSubtree = (path: string) =>
  sql`exists (select 1 from ${assignments} a join ${orgUnits} u on u.id = a.unit_id
              where a.ticket_id = ${tickets.id} and u.path like ${path + '%'}
                and a.status not in ('sent_back', 'cancelled'))`;

/** Any assignment, live or ended: what the unit may still see as history (without personal data). */
export const inUnitSubtreeEver = (path: string) =>
  sql`exists (select 1 from ${assignments} a join ${orgUnits} u on u.id = a.unit_id
              where a.ticket_id = ${tickets.id} and u.path like ${path + '%'})`;

async function countWhere(db: DbOrTx, where: SQL | undefined): Promise<number> {
  const [{ count }] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(tickets)
    .where(where);
  return count;
}

export function createTicketRepository() {
  const ensuredDays = new Set<string>();
  return {
    /**
     * Ticket numbers restart every day (HL-YYYYMMDD-000001). A sequence per day gives them out without a
     * row lock that concurrent creates would queue on; a rolled-back create leaves a gap, never a repeat.
     */
    async ensureDaySequence(db: DbOrTx, day: string): Promise<void> {
      if (ensuredDays.has(day)) return;
      if (!/^\d{8}$/.test(day)) throw new Error(`bad day ${day}`);
      try {
        await db.execute(sql.raw(`create sequence if not exists ticket_no_${day}`));
      } catch (e) {
        // two servers creating the same day's sequence at once: the loser finds it there
        if (pgCode(e) !== '23505' && pgCode(e) !== '42P07') throw e;
      }
      ensuredDays.add(day);
    },
    nextNumberSql(day: string): SQL<string> {
      const seq = `ticket_no_${day}`;
      return sql<string>`(select 'HL-' || ${day} || '-' || lpad(n::text, greatest(6, length(n::text)), '0')
                          from nextval(${seq}::regclass) as n)`;
    },
    async insert(tx: DbOrTx, row: Omit<NewTicketRow, 'number'> & { number: string | SQL<string> }): Promise<TicketRow> {
      const [r] = await tx
        .insert(tickets)
        .values(row as NewTicketRow)
        .returning();
      return r;
    },
    async findByIdempotencyKey(db: DbOrTx, userId: number, key: string): Promise<TicketRow | null> {
      const [r] = await db
        .select()
        .from(tickets)
        .where(and(eq(tickets.createdBy, userId), eq(tickets.idempotencyKey, key)));
      return r ?? null;
    },
    async findById(
      db: DbOrTx,
      id: number,
      scopePath?: string | null,
      opts: { history?: boolean } = {},
    ): Promise<TicketRow | null> {
      const conds: SQL[] = [eq(tickets.id, id)];
      if (scopePath) conds.push(opts.history ? inUnitSubtreeEver(scopePath) : inUnitSubtree(scopePath));
      const [r] = await db
        .select()
        .from(tickets)
        .where(and(...conds));
      return r ?? null;
    },
    async lock(tx: DbOrTx, id: number, scopePath?: string | null): Promise<TicketRow | null> {
      const conds: SQL[] = [eq(tickets.id, id)];
      if (scopePath) conds.push(inUnitSubtree(scopePath));
      const [r] = await tx
        .select()
        .from(tickets)
        .where(and(...conds))
        .for('update', { of: tickets });
      return r ?? null;
    },
    async assignmentsOf(db: DbOrTx, ticketIds: number[]): Promise<AssignmentRow[]> {
      if (!ticketIds.length) return [];
      const rows = await db
        .select({ a: assignments, unitName: orgUnits.name, unitPath: orgUnits.path })
        .from(assignments)
        .innerJoin(orgUnits, eq(orgUnits.id, assignments.unitId))
        .where(inArray(assignments.ticketId, ticketIds))
        .orderBy(asc(assignments.id));
      return rows.map((r) => ({ ...r.a, unitName: r.unitName, unitPath: r.unitPath }));
    },
    async supervisionsOf(db: DbOrTx, ticketId: number): Promise<SupervisionRow[]> {
      return db.select().from(supervisions).where(eq(supervisions.ticketId, ticketId)).orderBy(asc(supervisions.id));
    },
    async revisitsOf(db: DbOrTx, ticketId: number): Promise<RevisitRow[]> {
      return db.select().from(revisits).where(eq(revisits.ticketId, ticketId)).orderBy(asc(revisits.id));
    },
    /** A page of the list; `fullAccess` false marks a department's history rows (no personal data shown). */
    async list(db: DbOrTx, f: ListFilter, page: number, pageSize: number) {
      const where = listWhere(f);
      const full = f.scopePath && f.scopeHistory ? inUnitSubtree(f.scopePath) : sql`true`;
      const [rows, total] = await Promise.all([
        db
          .select({ t: tickets, fullAccess: sql<boolean>`${full}` })
          .from(tickets)
          .where(where)
          .orderBy(...orderOf(f.sort))
          .limit(pageSize)
          .offset((page - 1) * pageSize),
        countWhere(db, where),
      ]);
      return { items: rows.map((r) => ({ ...r.t, fullAccess: r.fullAccess })), total };
    },
    count: (db: DbOrTx, f: ListFilter) => countWhere(db, listWhere(f)),
    /** The rows after `cursor` in list order: a keyset walk stays fast and stable deep into a large export. */
    async listAfter(db: DbOrTx, f: ListFilter, cursor: ListCursor | null, limit: number): Promise<TicketRow[]> {
      const conds = [listWhere(f)];
      if (cursor) {
        const at = cursor.at.toISOString();
        conds.push(
          f.sort === 'closeDueAt'
            ? sql`(${tickets.closeDueAt}, ${tickets.id}) > (${at}::timestamptz, ${cursor.id})`
            : sql`(${tickets.receivedAt}, ${tickets.id}) < (${at}::timestamptz, ${cursor.id})`,
        );
      }
      return db
        .select()
        .from(tickets)
        .where(and(...conds))
        .orderBy(...orderOf(f.sort))
        .limit(limit);
    },
    async updateTicket(tx: DbOrTx, id: number, set: Partial<NewTicketRow>) {
      await tx.update(tickets).set(set).where(eq(tickets.id, id));
    },
    async insertAssignment(tx: DbOrTx, row: typeof assignments.$inferInsert) {
      const [r] = await tx.insert(assignments).values(row).returning();
      return r;
    },
    async updateAssignment(tx: DbOrTx, id: number, set: Partial<typeof assignments.$inferInsert>) {
      await tx.update(assignments).set(set).where(eq(assignments.id, id));
    },
    async insertSupervision(tx: DbOrTx, row: typeof supervisions.$inferInsert) {
      const [r] = await tx.insert(supervisions).values(row).returning();
      return r;
    },
    async updateSupervision(tx: DbOrTx, id: number, set: Partial<typeof supervisions.$inferInsert>) {
      await tx.update(supervisions).set(set).where(eq(supervisions.id, id));
    },
    async insertRevisit(tx: DbOrTx, row: typeof revisits.$inferInsert) {
      const [r] = await tx.insert(revisits).values(row).returning();
      return r;
    },
  };
}
export type TicketRepository = ReturnType<typeof createTicketRepository>;
