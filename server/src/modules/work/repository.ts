// SQL only: counts and lists for the work queues. Raw SQL because every query is a filtered count or
// a join the ORM would only obscure; ids come back as numbers, times as Date.
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';

export interface DepartmentCounts {
  pendingSign: number;
  inProgress: number;
  dueSoon: number;
  overdue: number;
  extensionPending: number;
}

export interface CentreCounts {
  toDispatch: number;
  feedbackToReview: number;
  extensionRequests: number;
  supervisionsOpen: number;
  overdue: number;
  awaitingRevisit: number;
  revisitFailed: number;
  dueSoon: number;
}

/** Ticket columns every list row carries (personal data only in its masked form). */
const TICKET_COLS = sql.raw(`t.id as ticket_id, t.number, t.version, t.status as ticket_status, t.category_id,
  t.urgency, left(t.content, 120) as content, length(t.content) > 120 as content_cut, t.received_at,
  t.close_due_at, t.overdue as ticket_overdue, t.caller_name_masked, t.caller_phone_masked, t.address_masked`);

const ASSIGNMENT_COLS = sql.raw(`a.id as assignment_id, a.unit_id, u.name as unit_name, a.parent_id, a.role,
  a.status as assignment_status, a.dispatched_at, a.sign_due_at, a.signed_at, a.feedback_due_at, a.feedback_at,
  a.feedback_content, a.feedback_result, a.review_comment, a.sign_overdue, a.feedback_overdue,
  a.extension_status, a.extension_days, a.extension_reason, a.reject_count, a.redo_count,
  (select count(*)::int from attachments x where x.assignment_id = a.id) as attachment_count`);

export type Row = Record<string, unknown>;

const iso = (d: Date) => d.toISOString();
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

// "Overdue" by the clock as well as by the sweep's flag: with jobs disabled or a sweep 30 s behind, a
// deadline that has passed is still shown as passed.
const assignmentOverdue = (now: string) =>
  sql`((a.status = 'pending_sign' and (a.sign_overdue or a.sign_due_at <= ${now}))
      or (a.status = 'signed' and (a.feedback_overdue or a.feedback_due_at <= ${now})))`;
const ticketOverdue = (now: string) => sql`(t.overdue or t.close_due_at <= ${now})`;

export function createWorkRepository() {
  async function page(
    db: DbOrTx,
    from: SQL,
    order: SQL,
    cols: SQL,
    p: { page: number; pageSize: number },
    countFrom: SQL = from,
  ) {
    const rows = await db.execute(
      sql`select ${cols} ${from} order by ${order} limit ${p.pageSize} offset ${(p.page - 1) * p.pageSize}`,
    );
    const [{ total }] = (await db.execute(sql`select count(*)::int as total ${countFrom}`)).rows as {
      total: number;
    }[];
    return { rows: rows.rows as Row[], total };
  }

  return {
    async departmentCounts(db: DbOrTx, scopePath: string, now: Date): Promise<DepartmentCounts> {
      const at = iso(now);
      const { rows } = await db.execute(sql`
        select count(*) filter (where a.status = 'pending_sign')::int as "pendingSign",
               count(*) filter (where a.status = 'signed')::int as "inProgress",
               count(*) filter (where not ${assignmentOverdue(at)} and (
                 (a.status = 'pending_sign' and a.sign_warn_at <= ${at})
                 or (a.status = 'signed' and a.feedback_warn_at <= ${at})))::int as "dueSoon",
               count(*) filter (where ${assignmentOverdue(at)})::int as "overdue",
               count(*) filter (where a.extension_status = 'pending')::int as "extensionPending"
        from assignments a join org_units u on u.id = a.unit_id
        where u.path like ${likeEscape(scopePath) + '%'}
          and a.status in ('pending_sign', 'signed', 'feedback_submitted')`);
      return rows[0] as unknown as DepartmentCounts;
    },

    async centreCounts(db: DbOrTx, now: Date): Promise<CentreCounts> {
      const at = iso(now);
      // Two statements: the open-ticket scan, and three small counts served by the status indexes.
      const tickets = await db.execute(sql`
        select count(*) filter (where t.status = 'received')::int as "toDispatch",
               count(*) filter (where ${ticketOverdue(at)})::int as "overdue",
               count(*) filter (where t.status = 'pending_revisit')::int as "awaitingRevisit",
               count(*) filter (where t.status = 'revisit_failed')::int as "revisitFailed",
               count(*) filter (where t.close_warn_at <= ${at} and not ${ticketOverdue(at)})::int as "dueSoon"
        from tickets t where t.status not in ('closed', 'merged')`);
      const others = await db.execute(sql`
        select (select count(*) from assignments a
                 where a.status = 'feedback_submitted' and a.parent_id is null)::int as "feedbackToReview",
               (select count(*) from assignments a join tickets t on t.id = a.ticket_id
                 where a.extension_status = 'pending' and a.parent_id is null
                   and a.status not in ('sent_back', 'cancelled')
                   and t.status not in ('closed', 'merged'))::int as "extensionRequests",
               (select count(*) from supervisions s
                 where s.status in ('open', 'responded'))::int as "supervisionsOpen"`);
      return { ...(tickets.rows[0] as object), ...(others.rows[0] as object) } as CentreCounts;
    },

    inbox(db: DbOrTx, scopePath: string, status: 'pending_sign' | 'signed', p: { page: number; pageSize: number }) {
      const from = sql`from assignments a join org_units u on u.id = a.unit_id join tickets t on t.id = a.ticket_id
        where u.path like ${likeEscape(scopePath) + '%'} and a.status = ${status}`;
      const due = status === 'pending_sign' ? sql`a.sign_due_at` : sql`a.feedback_due_at`;
      return page(db, from, sql`${due} asc, a.id asc`, sql`${TICKET_COLS}, ${ASSIGNMENT_COLS}`, p);
    },

    reviews(db: DbOrTx, p: { page: number; pageSize: number }) {
      const from = sql`from assignments a join org_units u on u.id = a.unit_id join tickets t on t.id = a.ticket_id
        where a.status = 'feedback_submitted' and a.parent_id is null`;
      return page(db, from, sql`a.feedback_at asc nulls last, a.id asc`, sql`${TICKET_COLS}, ${ASSIGNMENT_COLS}`, p);
    },

    extensions(db: DbOrTx, p: { page: number; pageSize: number }) {
      const from = sql`from assignments a join org_units u on u.id = a.unit_id join tickets t on t.id = a.ticket_id
        where a.extension_status = 'pending' and a.parent_id is null and a.status not in ('sent_back', 'cancelled')
          and t.status not in ('closed', 'merged')`;
      return page(db, from, sql`a.feedback_due_at asc, a.id asc`, sql`${TICKET_COLS}, ${ASSIGNMENT_COLS}`, p);
    },

    supervisions(db: DbOrTx, p: { page: number; pageSize: number }) {
      const from = sql`from supervisions s join tickets t on t.id = s.ticket_id where s.status in ('open', 'responded')`;
      const cols = sql`${TICKET_COLS}, s.id as supervision_id, s.status as supervision_status, s.reason,
        s.automatic, s.opened_at, s.response, s.responded_at`;
      return page(db, from, sql`s.opened_at asc, s.id asc`, cols, p);
    },

    overdue(db: DbOrTx, now: Date, p: { page: number; pageSize: number }) {
      const from = sql`from tickets t where t.status not in ('closed', 'merged') and ${ticketOverdue(iso(now))}`;
      const cols = sql`${TICKET_COLS}, (select string_agg(u.name, '、' order by a.id) from assignments a
        join org_units u on u.id = a.unit_id where a.ticket_id = t.id and a.parent_id is null
        and a.status not in ('sent_back', 'cancelled')) as units`;
      return page(db, from, sql`t.close_due_at asc, t.id asc`, cols, p);
    },

    revisits(db: DbOrTx, p: { page: number; pageSize: number }) {
      // The feedback the caller will be asked about: the accepted top-level answer, primary first.
      const from = sql`from tickets t left join lateral (
          select u.name as unit_name, a.feedback_result, a.feedback_content, a.feedback_at from assignments a
          join org_units u on u.id = a.unit_id
          where a.ticket_id = t.id and a.parent_id is null and a.status = 'accepted'
          order by (a.role = 'primary') desc, a.feedback_at desc limit 1) fb on true
        where t.status = 'pending_revisit'`;
      const cols = sql`${TICKET_COLS}, fb.unit_name, fb.feedback_result, fb.feedback_content, fb.feedback_at,
        (select count(*)::int from revisits r where r.ticket_id = t.id and not r.reached) as unreached_attempts,
        (select max(r.at) from revisits r where r.ticket_id = t.id) as last_attempt_at`;
      return page(
        db,
        from,
        sql`t.received_at asc, t.id asc`,
        cols,
        p,
        sql`from tickets t where t.status = 'pending_revisit'`,
      );
    },
  };
}
export type WorkRepository = ReturnType<typeof createWorkRepository>;
