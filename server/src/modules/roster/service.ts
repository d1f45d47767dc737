// Rosters: the month grid per contract (plan by hand or auto-plan, publish), leave and shift swaps (agent
// asks, leader decides), own shifts, and attendance (planned vs actual from presence history). Each change is
// one transaction: the roster row is locked, its version checked and bumped, the change audited.
import { z } from 'zod';
import type { Db, DbOrTx } from '../../db/client';
import { AppError, forbidden, notFound, validation } from '../../lib/errors';
import { dayString, dbId, monthString, parse } from '../../lib/validate';
import { assertSameRequest, checkIdempotencyKey, requestHash } from '../../lib/idempotency';
import type { AuditWriter } from '../audit/repository';
import type { SessionUser } from '../auth/service';
import type { CalendarService } from '../calendar/service';
import type { Contract } from '../contracts/domain';
import type { PresenceRepository } from '../presence/repository';
import { checkRoster } from './domain/constraints';
import { dayTypeFromCalendar } from './domain/coverage';
import { autoPlan, defaultTemplatesFor } from './domain/planner';
import { addDays, shiftInterval, type Assignment, type ShiftTemplate } from './domain/shifts';
import { createAttendanceService } from './attendanceService';
import type { RosterRepository, RosterRow } from './repository';
import { createTemplatesService, templateView } from './templatesService';
import { loads, monthCheck, monthDays, toAssignment, toTemplate } from './view';

const PLAN_ROLES = ['admin', 'shift_leader'];
const VIEW_ROLES = ['admin', 'shift_leader', 'supervisor'];
const SEAT_ROLES = ['agent', 'revisit_agent'];
const has = (u: SessionUser, roles: string[]) => u.roles.some((r) => roles.includes(r));

const day = dayString('YYYY-MM-DD');
const month = monthString('YYYY-MM');
const version = z.number().int().positive();
/** The planner's own choice of template per requirement, among the templates not retired. */
function templatesFor(active: ShiftTemplate[], contract: Contract): Record<string, string[]> {
  return Object.fromEntries(contract.staffing.map((r) => [r.id, defaultTemplatesFor(r, active)]));
}

export function createRosterService(d: {
  db: Db;
  repo: RosterRepository;
  presence: PresenceRepository;
  calendar: CalendarService;
  contractInForce: (code: string, range: { from: string; to: string }) => Promise<Contract | null>;
  audit: AuditWriter;
  clock: () => Date;
}) {
  const { db, repo, audit } = d;
  const dayType = () => dayTypeFromCalendar(d.calendar.calendar);

  async function contractOf(code: string, m: string): Promise<Contract> {
    const days = monthDays(m);
    const c = await d.contractInForce(code, { from: days[0], to: days[days.length - 1] });
    if (!c) throw validation({ month: 'no contract version in force in this month' });
    return c;
  }

  /** The requirements of the days the contract covers: days outside its period need nobody. */
  function inPeriod(c: Contract, days: string[]) {
    return days.filter((x) => x >= c.period.from && x <= c.period.to);
  }

  async function approvedLeave(tx: DbOrTx, from: string, to: string) {
    return (await repo.leaveList(tx, { status: 'approved', from, to })).map((l) => ({
      agentId: String(l.userId),
      from: l.fromDay,
      to: l.toDay,
    }));
  }

  async function previousShifts(tx: DbOrTx, code: string, first: string) {
    return (
      await repo.assignmentsBetween(tx, { contractCode: code, from: addDays(first, -7), to: addDays(first, -1) })
    ).map(toAssignment);
  }

  /** The whole month as the grid shows it. */
  async function monthView(tx: DbOrTx, code: string, m: string) {
    const contract = await contractOf(code, m);
    const days = monthDays(m);
    const covered = inPeriod(contract, days);
    const [roster, agents, templateRows] = await Promise.all([
      repo.roster(tx, code, m),
      repo.rosteredAgents(tx),
      repo.templates(tx),
    ]);
    const templates = templateRows.map(toTemplate);
    const rows = roster ? await repo.assignments(tx, roster.id) : [];
    const assignments = rows.map(toAssignment);
    const leave = await approvedLeave(tx, days[0], days[days.length - 1]);
    const dt = dayType();
    const check = monthCheck({
      days: covered,
      dayType: dt,
      requirements: contract.staffing,
      templates,
      assignments,
      previous: await previousShifts(tx, code, days[0]),
      leave,
    });
    const cal = d.calendar.calendar;
    return {
      contract: { code: contract.code, version: contract.version, name: contract.name },
      month: m,
      roster: roster && {
        id: roster.id,
        status: roster.status,
        version: roster.version,
        publishedAt: roster.publishedAt,
        // edits after publishing: agents still see the published shifts until the leader publishes again
        unpublishedChanges: roster.status === 'published' && roster.publishedVersion !== roster.version,
      },
      days: days.map((x) => ({ day: x, type: dt(x), holiday: cal.holidayName(x), inContract: covered.includes(x) })),
      agents: agents.map((a) => ({ id: a.id, name: a.displayName, username: a.username })),
      requirements: contract.staffing.map((r) => ({
        id: r.id,
        label: r.label,
        start: r.start,
        end: r.end,
        seats: r.seats,
        dayTypes: r.dayTypes,
      })),
      templates: templateRows.map(templateView),
      assignments: rows.map((a) => ({
        id: a.id,
        userId: a.userId,
        day: a.day,
        templateCode: a.templateCode,
        source: a.source,
      })),
      leave,
      coverage: check.coverage.map(({ day: x, requirementId, required, planned, gap }) => ({
        day: x,
        requirementId,
        required,
        planned,
        gap,
      })),
      violations: check.violations,
      loads: loads(
        agents.map((a) => a.id),
        assignments,
        templates,
        dt,
      ),
    };
  }

  /** Locks the roster (created as a draft on first change) and checks the version the user saw. */
  async function lockFor(tx: DbOrTx, code: string, m: string, seen: number | undefined): Promise<RosterRow> {
    const r = await repo.lockRoster(tx, code, m);
    if (seen !== undefined && r.version !== seen)
      throw new AppError('VERSION_CONFLICT', 'The roster was changed by someone else', undefined, {
        current: r.version,
      });
    return r;
  }

  const auditRoster = (tx: DbOrTx, user: SessionUser, ip: string | null, r: RosterRow, action: string, data: unknown) =>
    audit.write(
      { actorId: user.id, actorIp: ip, entityType: 'roster', entityId: `${r.contractCode}/${r.month}`, action, data },
      tx,
    );

  /**
   * A request (leave, swap) is stored once per idempotency key; storing it is audited with it. The same key
   * with another request is refused (422), not answered with the first one.
   */
  const storeRequest = <R extends { id: number; requestHash: string | null }>(
    user: SessionUser,
    ip: string | null,
    entity: 'leave' | 'swap',
    hash: string | null,
    insert: (tx: DbOrTx) => Promise<{ row: R; created: boolean }>,
  ) =>
    db.transaction(async (tx) => {
      const out = await insert(tx);
      if (!out.created && hash) assertSameRequest(out.row.requestHash, hash);
      if (out.created)
        await audit.write(
          {
            actorId: user.id,
            actorIp: ip,
            entityType: entity,
            entityId: String(out.row.id),
            action: `${entity}.request`,
            after: out.row,
          },
          tx,
        );
      return out;
    });

  return {
    ...createTemplatesService(d),
    ...createAttendanceService(d),

    async month(user: SessionUser, code: string, m: string) {
      if (!has(user, VIEW_ROLES)) throw forbidden();
      return monthView(db, code, parse(month, m));
    },

    /**
     * Fills the month: hand-made cells (manual, swap) stay as they are, every auto cell is planned again.
     * Returns the month and the planner's report (gaps it could not fill, the fairness spread).
     */
    async autoPlan(user: SessionUser, code: string, m: string, body: unknown, ip: string | null) {
      if (!has(user, PLAN_ROLES)) throw forbidden();
      const b = parse(z.object({ version: version.optional() }), body ?? {});
      parse(month, m);
      const contract = await contractOf(code, m);
      const days = inPeriod(contract, monthDays(m));
      const report = await db.transaction(async (tx) => {
        const roster = await lockFor(tx, code, m, b.version);
        const rows = await repo.assignments(tx, roster.id);
        const fixed = rows.filter((a) => a.source !== 'auto');
        const agents = await repo.rosteredAgents(tx);
        const all = await repo.templates(tx);
        const plan = autoPlan({
          agents: agents.map((a) => ({ id: String(a.id), name: a.displayName })),
          days,
          dayType: dayType(),
          requirements: contract.staffing,
          // retired templates plan nothing new, but the hand-made shifts kept may still use them
          templates: all.map(toTemplate),
          templatesFor: templatesFor(all.filter((t) => t.active).map(toTemplate), contract),
          leave: await approvedLeave(tx, days[0] ?? `${m}-01`, days[days.length - 1] ?? `${m}-01`),
          fixed: fixed.map(toAssignment),
          previous: await previousShifts(tx, code, `${m}-01`),
        });
        const fixedIds = new Set(fixed.map((a) => String(a.id)));
        await repo.deleteAssignments(
          tx,
          rows.filter((a) => a.source === 'auto').map((a) => a.id),
        );
        const added = plan.assignments.filter((a) => !a.id || !fixedIds.has(a.id));
        await repo.insertAssignments(
          tx,
          added.map((a) => ({
            rosterId: roster.id,
            userId: Number(a.agentId),
            day: a.day,
            templateCode: a.templateCode,
            source: 'auto',
          })),
        );
        await repo.bumpRoster(tx, roster.id, {});
        await auditRoster(tx, user, ip, roster, 'roster.auto_plan', {
          planned: added.length,
          kept: fixed.length,
          gaps: plan.gaps.length,
        });
        return { gaps: plan.gaps, fairness: plan.fairness, stats: plan.stats };
      });
      return { ...(await monthView(db, code, m)), plan: report };
    },

    /** One cell set by hand (templateCode null clears it). */
    async setCell(user: SessionUser, code: string, m: string, body: unknown, ip: string | null) {
      if (!has(user, PLAN_ROLES)) throw forbidden();
      parse(month, m);
      const b = parse(z.object({ userId: dbId, day, templateCode: z.string().min(1).nullable(), version }), body);
      if (!b.day.startsWith(m)) throw validation({ day: 'not in this month' });
      await db.transaction(async (tx) => {
        const roster = await lockFor(tx, code, m, b.version);
        if (b.templateCode && !(await repo.templates(tx)).some((t) => t.code === b.templateCode && t.active))
          throw validation({ templateCode: 'unknown or retired shift' });
        if (!(await repo.rosteredAgents(tx)).some((a) => a.id === b.userId))
          throw validation({ userId: 'not a seat agent' });
        const before = await repo.cell(tx, roster.id, b.userId, b.day);
        if (b.templateCode)
          await repo.setCell(tx, {
            rosterId: roster.id,
            userId: b.userId,
            day: b.day,
            templateCode: b.templateCode,
            source: 'manual',
          });
        else if (before) await repo.deleteAssignments(tx, [before.id]);
        await repo.bumpRoster(tx, roster.id, {});
        await auditRoster(tx, user, ip, roster, 'roster.cell', {
          userId: b.userId,
          day: b.day,
          from: before?.templateCode ?? null,
          to: b.templateCode,
        });
      });
      return monthView(db, code, m);
    },

    async publish(user: SessionUser, code: string, m: string, body: unknown, ip: string | null) {
      if (!has(user, PLAN_ROLES)) throw forbidden();
      parse(month, m);
      const b = parse(z.object({ version }), body);
      await db.transaction(async (tx) => {
        const roster = await lockFor(tx, code, m, b.version);
        await repo.bumpRoster(tx, roster.id, {
          status: 'published',
          publishedAt: d.clock(),
          publishedBy: user.id,
          publishedVersion: roster.version + 1,
        });
        await auditRoster(tx, user, ip, roster, 'roster.publish', { version: roster.version });
      });
      return monthView(db, code, m);
    },

    /** Seat agents by name: whom an agent can ask to swap with, whom a leader plans. */
    async colleagues(user: SessionUser) {
      if (!has(user, [...SEAT_ROLES, ...VIEW_ROLES])) throw forbidden();
      return (await repo.rosteredAgents(db)).map((a) => ({ id: a.id, name: a.displayName }));
    },

    /** Own shifts in published rosters (an agent sees what is in force, not a draft). */
    async myShifts(user: SessionUser, query: unknown) {
      const q = parse(z.object({ from: day, to: day }), query);
      const rows = await repo.assignmentsBetween(db, { from: q.from, to: q.to, userId: user.id, published: true });
      const templates = new Map((await repo.templates(db)).map((t) => [t.code, toTemplate(t)]));
      return rows.map((a) => {
        const t = templates.get(a.templateCode);
        const span = t ? shiftInterval(a.day, t) : null;
        return {
          id: a.id,
          day: a.day,
          contractCode: a.contractCode,
          templateCode: a.templateCode,
          name: t?.name ?? a.templateCode,
          from: span && new Date(span.from).toISOString(),
          to: span && new Date(span.to).toISOString(),
        };
      });
    },

    // ---- leave ---------------------------------------------------------------------------------------
    async requestLeave(user: SessionUser, body: unknown, ip: string | null, idempotencyKey?: string) {
      if (!has(user, SEAT_ROLES)) throw forbidden('Only seat agents request leave');
      checkIdempotencyKey(idempotencyKey);
      const b = parse(
        z
          .object({
            fromDay: day,
            toDay: day,
            kind: z.enum(['annual', 'sick', 'personal', 'other']),
            note: z.string().trim().max(500).nullable().optional(),
          })
          .refine((x) => x.toDay >= x.fromDay, { path: ['toDay'], error: 'must not be before fromDay' })
          .refine((x) => x.toDay <= addDays(x.fromDay, 60), { path: ['toDay'], error: 'at most 60 days at a time' }),
        body,
      );
      const hash = idempotencyKey ? requestHash(b) : null;
      return storeRequest(user, ip, 'leave', hash, (tx) =>
        repo.insertLeave(tx, {
          userId: user.id,
          fromDay: b.fromDay,
          toDay: b.toDay,
          kind: b.kind,
          note: b.note ?? null,
          idempotencyKey: idempotencyKey ?? null,
          requestHash: hash,
        }),
      );
    },

    async leaveList(user: SessionUser, query: unknown) {
      const q = parse(z.object({ status: z.string().optional(), mine: z.string().optional() }), query);
      const mine = q.mine === '1' || !has(user, VIEW_ROLES);
      return repo.leaveList(db, { userId: mine ? user.id : undefined, status: q.status });
    },

    /** Approve or reject; an approved leave takes the agent off their shifts on those days (gaps show). */
    async decideLeave(user: SessionUser, id: number, body: unknown, ip: string | null) {
      const b = parse(z.object({ approve: z.boolean(), note: z.string().trim().max(500).optional(), version }), body);
      return db.transaction(async (tx) => {
        const l = await repo.leave(tx, id, true);
        if (!l) throw notFound('Leave request');
        const own = l.userId === user.id;
        // the agent may withdraw their own request; deciding is the leader's
        if (!has(user, PLAN_ROLES) && !(own && !b.approve)) throw forbidden();
        if (l.version !== b.version)
          throw new AppError('VERSION_CONFLICT', 'The request was changed by someone else', undefined, {
            current: l.version,
          });
        if (l.status !== 'pending') throw new AppError('INVALID_TRANSITION', `The request is already ${l.status}`);
        const status = b.approve ? 'approved' : own && !has(user, PLAN_ROLES) ? 'cancelled' : 'rejected';
        const row = await repo.decideLeave(tx, id, {
          status,
          decidedBy: user.id,
          decidedAt: d.clock(),
          decisionNote: b.note ?? null,
        });
        const removed = b.approve ? await repo.deleteShiftsOf(tx, l.userId, l.fromDay, l.toDay) : [];
        await audit.write(
          {
            actorId: user.id,
            actorIp: ip,
            entityType: 'leave',
            entityId: String(id),
            action: `leave.${status}`,
            before: { status: l.status },
            after: { status },
            data: { removedShifts: removed.map((a) => ({ id: a.id, day: a.day, templateCode: a.templateCode })) },
          },
          tx,
        );
        return { leave: row, removedShifts: removed.length };
      });
    },

    // ---- swaps ---------------------------------------------------------------------------------------
    async requestSwap(user: SessionUser, body: unknown, ip: string | null, idempotencyKey?: string) {
      if (!has(user, SEAT_ROLES)) throw forbidden('Only seat agents swap shifts');
      checkIdempotencyKey(idempotencyKey);
      const b = parse(
        z.object({
          contractCode: z.string().min(1),
          month,
          requesterDay: day,
          counterpartId: dbId,
          counterpartDay: day.nullable().optional(),
          note: z.string().trim().max(500).nullable().optional(),
        }),
        body,
      );
      if (b.counterpartId === user.id) throw validation({ counterpartId: 'must be someone else' });
      if (!(await repo.rosteredAgents(db)).some((a) => a.id === b.counterpartId))
        throw validation({ counterpartId: 'not a seat agent' });
      const roster = await repo.roster(db, b.contractCode, b.month);
      if (!roster) throw validation({ month: 'no roster for this month' });
      if (!(await repo.cell(db, roster.id, user.id, b.requesterDay)))
        throw validation({ requesterDay: 'you have no shift that day' });
      if (b.counterpartDay && !(await repo.cell(db, roster.id, b.counterpartId, b.counterpartDay)))
        throw validation({ counterpartDay: 'your colleague has no shift that day' });
      const hash = idempotencyKey ? requestHash(b) : null;
      return storeRequest(user, ip, 'swap', hash, (tx) =>
        repo.insertSwap(tx, {
          rosterId: roster.id,
          requesterId: user.id,
          requesterDay: b.requesterDay,
          counterpartId: b.counterpartId,
          counterpartDay: b.counterpartDay ?? null,
          note: b.note ?? null,
          idempotencyKey: idempotencyKey ?? null,
          requestHash: hash,
        }),
      );
    },

    async swapList(user: SessionUser, query: unknown) {
      const q = parse(z.object({ status: z.string().optional() }), query);
      const rows = await repo.swapList(db, { userId: has(user, VIEW_ROLES) ? undefined : user.id, status: q.status });
      const names = new Map((await repo.rosteredAgents(db)).map((a) => [a.id, a.displayName]));
      return rows.map((r) => ({
        ...r,
        requesterName: names.get(r.requesterId) ?? null,
        counterpartName: names.get(r.counterpartId) ?? null,
      }));
    },

    /**
     * The leader approves: the two shifts change hands in one transaction, but only if neither agent breaks
     * a rule by it (rest, nights, leave) — otherwise 400 with the violations, and nothing changes.
     */
    async decideSwap(user: SessionUser, id: number, body: unknown, ip: string | null) {
      if (!has(user, PLAN_ROLES)) throw forbidden();
      const b = parse(z.object({ approve: z.boolean(), note: z.string().trim().max(500).optional(), version }), body);
      return db.transaction(async (tx) => {
        const s = await repo.swap(tx, id, true);
        if (!s) throw notFound('Swap request');
        if (s.version !== b.version)
          throw new AppError('VERSION_CONFLICT', 'The request was changed by someone else', undefined, {
            current: s.version,
          });
        if (s.status !== 'pending') throw new AppError('INVALID_TRANSITION', `The request is already ${s.status}`);
        const roster = (await repo.rosterById(tx, s.rosterId))!;
        await lockFor(tx, roster.contractCode, roster.month, undefined);
        if (b.approve) {
          const mine = await repo.cell(tx, roster.id, s.requesterId, s.requesterDay);
          const theirs = s.counterpartDay ? await repo.cell(tx, roster.id, s.counterpartId, s.counterpartDay) : null;
          if (!mine || (s.counterpartDay && !theirs))
            throw new AppError('INVALID_TRANSITION', 'The shifts of this swap have changed since it was asked');
          const all = (await repo.assignments(tx, roster.id)).map(toAssignment);
          const moved = all
            .filter((a) => a.id !== String(mine.id) && a.id !== String(theirs?.id))
            .concat([{ agentId: String(s.counterpartId), day: mine.day, templateCode: mine.templateCode }])
            .concat(
              theirs ? [{ agentId: String(s.requesterId), day: theirs.day, templateCode: theirs.templateCode }] : [],
            );
          const templates = (await repo.templates(tx)).map(toTemplate);
          const days = monthDays(roster.month);
          const leave = await approvedLeave(tx, days[0], days[days.length - 1]);
          const involved = (a: Assignment) =>
            a.agentId === String(s.requesterId) || a.agentId === String(s.counterpartId);
          const after = checkRoster({ assignments: moved.filter(involved), templates, leave });
          if (after.length)
            throw validation(
              Object.fromEntries(after.map((v, i) => [`violations.${i}`, `${v.code} ${v.day}: ${v.message}`])),
              'The swap would break a roster rule',
            );
          await repo.deleteAssignments(tx, [mine.id, ...(theirs ? [theirs.id] : [])]);
          await repo.insertAssignments(tx, [
            {
              rosterId: roster.id,
              userId: s.counterpartId,
              day: mine.day,
              templateCode: mine.templateCode,
              source: 'swap',
            },
            ...(theirs
              ? [
                  {
                    rosterId: roster.id,
                    userId: s.requesterId,
                    day: theirs.day,
                    templateCode: theirs.templateCode,
                    source: 'swap',
                  },
                ]
              : []),
          ]);
          await repo.bumpRoster(tx, roster.id, {});
        }
        const status = b.approve ? 'approved' : 'rejected';
        const row = await repo.decideSwap(tx, id, {
          status,
          decidedBy: user.id,
          decidedAt: d.clock(),
          decisionNote: b.note ?? null,
        });
        await audit.write(
          {
            actorId: user.id,
            actorIp: ip,
            entityType: 'swap',
            entityId: String(id),
            action: `swap.${status}`,
            after: row,
          },
          tx,
        );
        return { swap: row };
      });
    },
  };
}
export type RosterService = ReturnType<typeof createRosterService>;
