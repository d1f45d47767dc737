// Deadline timers. A recurring agenda job calls `sweep`: it finds every deadline whose 80 % warning or
// 100 % due time has passed and acts on it exactly once. "Once" comes from the unique key of
// deadline_events (target, phase, due time), inserted in the same transaction as the action: a job run
// twice, a restart mid-run or two servers sweeping at once all insert one row and act once. A moved
// deadline (extension, redo, reopen) has a new due time, so it fires again — as it should.
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import type { EventBus, QueuedEvent } from '../../lib/bus';
import type { AuditWriter } from '../audit/repository';
import { decide } from '../tickets/domain/stateMachine';
import type { Actor } from '../tickets/domain/types';
import type { TicketRepository } from '../tickets/repository';
import { toState } from '../tickets/service';

export type DeadlineKind = 'assignment_sign' | 'assignment_feedback' | 'ticket_close';
export type Phase = 'warn' | 'overdue';

interface Candidate {
  target_id: number;
  ticket_id: number;
  unit_id: number | null;
  due_at: Date;
}

const SYSTEM: Actor = { userId: null, roles: ['system'], unitId: null, unitPath: null };
const BATCH = 200;

/** SQL that lists due, not-yet-fired deadlines of one kind and phase. */
function candidatesSql(kind: DeadlineKind, phase: Phase, now: Date) {
  const at = now.toISOString();
  const fired = (due: ReturnType<typeof sql>, id: ReturnType<typeof sql>) =>
    sql`not exists (select 1 from deadline_events e where e.target_type = ${kind} and e.target_id = ${id}
                    and e.phase = ${phase} and e.due_at = ${due})`;
  if (kind === 'ticket_close') {
    const col = phase === 'warn' ? sql`t.close_warn_at` : sql`t.close_due_at`;
    return sql`select t.id as target_id, t.id as ticket_id, null::int as unit_id, t.close_due_at as due_at
               from tickets t where t.status not in ('closed','merged') and ${col} <= ${at}
               and ${fired(sql`t.close_due_at`, sql`t.id`)} order by ${col} limit ${BATCH}`;
  }
  const [status, due, warn] =
    kind === 'assignment_sign'
      ? ['pending_sign', sql`a.sign_due_at`, sql`a.sign_warn_at`]
      : ['signed', sql`a.feedback_due_at`, sql`a.feedback_warn_at`];
  const col = phase === 'warn' ? warn : due;
  return sql`select a.id as target_id, a.ticket_id, a.unit_id, ${due} as due_at from assignments a
             where a.status = ${status} and ${col} <= ${at} and ${fired(due, sql`a.id`)}
             order by ${col} limit ${BATCH}`;
}

export function createDeadlineService(deps: {
  db: Db;
  repo: TicketRepository;
  audit: AuditWriter;
  bus: EventBus;
  clock: () => Date;
}) {
  const { db, repo, audit, bus, clock } = deps;

  async function fire(tx: Tx, kind: DeadlineKind, phase: Phase, c: Candidate, now: Date, events: QueuedEvent[]) {
    const inserted =
      await tx.execute(sql`insert into deadline_events (target_type, target_id, ticket_id, phase, due_at, fired_at)
      values (${kind}, ${c.target_id}, ${c.ticket_id}, ${phase}, ${new Date(c.due_at).toISOString()}, ${now.toISOString()})
      on conflict do nothing returning id`);
    if (inserted.rows.length === 0) return false; // someone else fired it
    const t = (await repo.lock(tx, c.ticket_id))!;
    let version = t.version;
    const status = t.status;
    const auditBase = { actorId: null, actorIp: null, ticketId: t.id, at: now };
    if (phase === 'overdue') {
      if (kind === 'assignment_sign') await repo.updateAssignment(tx, c.target_id, { signOverdue: true });
      if (kind === 'assignment_feedback') await repo.updateAssignment(tx, c.target_id, { feedbackOverdue: true });
      const patch: Record<string, unknown> = {};
      if (kind === 'ticket_close') {
        patch.overdue = true;
        // Contract practice (督办): a ticket past its close deadline is supervised automatically.
        const as = await repo.assignmentsOf(tx, [t.id]);
        const ss = await repo.supervisionsOf(tx, t.id);
        const d = decide(toState(t, as, ss), SYSTEM, 'supervise_open', { reason: '超期自动督办 overdue' });
        if (d.ok) {
          const s = await repo.insertSupervision(tx, {
            ticketId: t.id,
            status: 'open',
            reason: '超期自动督办 overdue',
            automatic: true,
            openedAt: now,
          });
          await audit.write(
            {
              ...auditBase,
              entityType: 'supervision',
              entityId: String(s.id),
              action: 'supervision.open',
              after: { automatic: true, reason: s.reason },
            },
            tx,
          );
        }
      }
      version = t.version + 1;
      await repo.updateTicket(tx, t.id, { ...patch, version, updatedAt: now });
    }
    await audit.write(
      {
        ...auditBase,
        entityType: kind === 'ticket_close' ? 'ticket' : 'assignment',
        entityId: String(c.target_id),
        action: `deadline.${phase}`,
        data: { kind, dueAt: new Date(c.due_at).toISOString() },
      },
      tx,
    );
    const units = (await repo.assignmentsOf(tx, [t.id])).map((a) => a.unitId);
    const unitIds = [...new Set(units)];
    events.push({
      name: 'deadline.fired',
      payload: {
        ticketId: t.id,
        number: t.number,
        version,
        kind,
        phase,
        dueAt: new Date(c.due_at).toISOString(),
        assignmentId: kind === 'ticket_close' ? null : c.target_id,
        unitId: c.unit_id,
        unitIds,
      },
    });
    if (version !== t.version)
      events.push({
        name: 'ticket.updated',
        payload: { ticketId: t.id, number: t.number, version, status, action: `deadline.${phase}`, unitIds },
      });
    return true;
  }

  return {
    /** Fire every due deadline; returns how many phases fired. Safe to run concurrently and repeatedly. */
    async sweep(now: Date = clock()): Promise<{ fired: number }> {
      let fired = 0;
      for (const kind of ['assignment_sign', 'assignment_feedback', 'ticket_close'] as const) {
        for (const phase of ['warn', 'overdue'] as const) {
          for (;;) {
            const { rows } = await db.execute(candidatesSql(kind, phase, now));
            const candidates = rows as unknown as Candidate[];
            let firedInBatch = 0;
            for (const c of candidates) {
              const events: QueuedEvent[] = [];
              // One transaction per deadline: a failure on one ticket does not hold back the others.
              const ok = await db.transaction((tx) => fire(tx, kind, phase, c, now, events));
              if (ok) {
                firedInBatch++;
                bus.publish(events);
              }
            }
            fired += firedInBatch;
            if (candidates.length < BATCH || firedInBatch === 0) break;
          }
        }
      }
      return { fired };
    },
  };
}
export type DeadlineService = ReturnType<typeof createDeadlineService>;
