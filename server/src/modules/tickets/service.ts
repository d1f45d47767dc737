import type { Db, Tx } from '../../db/client';
import type { EventBus, QueuedEvent } from '../../lib/bus';
import { AppError, forbidden, notFound, pgCode, validation } from '../../lib/errors';
import { maskAddress, maskName, maskPhone, type Pii } from '../../lib/pii';
import { mayPhoneSearch, REVEAL_REASONS } from '../access/domain';
import type { Quota } from '../access/quota';
import type { SecuritySettings } from '../settings/domain';
import { z } from 'zod';
import { parse } from '../../lib/validate';
import { assertSameRequest, checkIdempotencyKey, requestHash } from '../../lib/idempotency';
import type { AuditInput, AuditRepository } from '../audit/repository';
import type { SessionUser } from '../auth/service';
import { actorOf } from '../auth/service';
import type { CategoryCatalog, Urgency } from '../categories/repository';
import type { CalendarService } from '../calendar/service';
import { shanghaiDay, warnAt } from '../calendar/workingTime';
import type { OrgCatalog } from '../org/repository';
import { allowedActions, decide } from './domain/stateMachine';
import { ACTION_NAMES, type ActionInputs, type ActionName, type Actor, type TicketState } from './domain/types';
import { applyEffects } from './effects';
import { presentDetail, presentSummary, type NameLookup } from './presenter';
import type { AssignmentRow, RevisitRow, SupervisionRow, TicketRepository, TicketRow } from './repository';
import { actionSchemas, createTicketSchema, listQuerySchema, versionSchema } from './schemas';
import { isPhoneSearch, toListFilter } from './listFilter';

export const CREATOR_ROLES = ['agent', 'shift_leader', 'supervisor', 'admin'];
const MAX_BACKDATE_MS = 366 * 24 * 3600_000;
const CLOCK_SKEW_MS = 5 * 60_000;

export interface TicketServiceDeps {
  db: Db;
  repo: TicketRepository;
  org: OrgCatalog;
  catalog: CategoryCatalog;
  calendar: CalendarService;
  audit: AuditRepository;
  pii: Pii;
  bus: EventBus;
  clock: () => Date;
  maxContentChars: number;
  quota: Quota;
  policy: () => SecuritySettings;
}

const revealBody = z.object({
  reason: z.enum(REVEAL_REASONS, { error: 'Choose a reason' }),
  /** required with 'other' */
  note: z.string().trim().max(200).optional(),
});

/** A department's history row: the case without anything that names or locates the caller. */
export function redactSummary<T extends { callerName: unknown; callerPhone: unknown }>(s: T): T & { redacted: true } {
  return { ...s, callerName: null, callerPhone: null, redacted: true };
}
function redactDetail<T extends { callerName: unknown; callerPhone: unknown; address: unknown; callId: unknown }>(
  d: T,
) {
  return { ...redactSummary(d), address: null, callId: null };
}

/** A department handler with no centre role sees only tickets dispatched into their unit subtree. */
export function scopePathOf(user: Pick<SessionUser, 'roles' | 'unitPath'>): string | null {
  if (user.roles.some((r) => CENTRE_CASE_ROLES.includes(r))) return null;
  // a department handler: their unit's subtree; an auditor (audit trail only): no case at all
  if (user.roles.includes('department_handler')) return user.unitPath ?? '/__no_unit__/';
  return '/__no_case_access__/';
}
/** Roles that work on every case of the centre. */
const CENTRE_CASE_ROLES: readonly string[] = ['agent', 'shift_leader', 'supervisor', 'revisit_agent', 'admin'];

export function toState(t: TicketRow, assignments: AssignmentRow[], supervisions: SupervisionRow[]): TicketState {
  return {
    id: t.id,
    status: t.status as TicketState['status'],
    version: t.version,
    mergedIntoId: t.mergedIntoId,
    assignments: assignments.map((a) => ({
      id: a.id,
      unitId: a.unitId,
      unitPath: a.unitPath,
      parentId: a.parentId,
      role: a.role as 'primary' | 'assisting',
      status: a.status as TicketState['assignments'][number]['status'],
      extension: a.extensionStatus ? { status: a.extensionStatus as 'pending', days: a.extensionDays ?? 0 } : null,
      redoCount: a.redoCount,
      rejectCount: a.rejectCount,
    })),
    supervisions: supervisions.map((s) => ({ id: s.id, status: s.status as 'open' })),
  };
}

const DECISION_STATUS = {
  INVALID_TRANSITION: 'INVALID_TRANSITION',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'VALIDATION',
  VALIDATION: 'VALIDATION',
} as const;

export function createTicketService(deps: TicketServiceDeps) {
  const { db, repo, org, catalog, calendar, audit, pii, bus, clock } = deps;
  const createSchema = createTicketSchema(deps.maxContentChars);
  const names: NameLookup = { category: (id) => catalog.get(id)?.name, unit: (id) => org.get(id)?.name };
  const unitIdsOf = (as: AssignmentRow[]) => [...new Set(as.map((a) => a.unitId))];

  async function loadVisible(user: SessionUser, id: number, tx: Db | Tx = db) {
    const t = await repo.findById(tx, id, scopePathOf(user));
    if (!t) throw notFound('Ticket');
    return t;
  }

  /**
   * A department's view of a ticket: 'full' while it has a live assignment there; 'history' (read-only,
   * no personal data) after it was sent back or cancelled, if the policy keeps that; otherwise not found.
   */
  async function loadWithAccess(user: SessionUser, id: number): Promise<{ t: TicketRow; access: 'full' | 'history' }> {
    const scope = scopePathOf(user);
    const t = await repo.findById(db, id, scope);
    if (t) return { t, access: 'full' };
    if (scope && deps.policy().departmentHistory === 'redacted') {
      const past = await repo.findById(db, id, scope, { history: true });
      if (past) return { t: past, access: 'history' };
    }
    throw notFound('Ticket');
  }

  type Parts = { assignments: AssignmentRow[]; supervisions: SupervisionRow[]; revisits: RevisitRow[] };
  // Sequential on purpose: inside a transaction there is one connection, and pg queues anyway.
  const loadParts = async (tx: Db | Tx, id: number): Promise<Parts> => ({
    assignments: await repo.assignmentsOf(tx, [id]),
    supervisions: await repo.supervisionsOf(tx, id),
    revisits: await repo.revisitsOf(tx, id),
  });
  function present(user: SessionUser, t: TicketRow, parts: Parts) {
    return {
      ticket: presentDetail(t, names, parts),
      allowedActions: allowedActions(toState(t, parts.assignments, parts.supervisions), actorOf(user)),
    };
  }
  async function detail(user: SessionUser, t: TicketRow) {
    const parts = await loadParts(db, t.id);
    await org.ensure([t.streetId, t.communityId, ...parts.assignments.map((a) => a.unitId)]);
    return present(user, t, parts);
  }

  function validateLocation(input: { streetId?: number; communityId?: number }) {
    const fields: Record<string, string> = {};
    let streetId = input.streetId ?? null;
    const street = input.streetId !== undefined ? org.get(input.streetId) : undefined;
    // a deactivated street or community (系统管理) takes no new tickets
    if (input.streetId !== undefined && (street?.type !== 'street' || !street.active))
      fields.streetId = 'Unknown street';
    if (input.communityId !== undefined) {
      const c = org.get(input.communityId);
      if (c?.type !== 'community' || !c.active) fields.communityId = 'Unknown community';
      else if (streetId !== null && c.parentId !== streetId) fields.communityId = 'Community is not in this street';
      else streetId = c.parentId;
    }
    return { fields, streetId };
  }

  return {
    async create(user: SessionUser, body: unknown, idempotencyKey: string | undefined, ip: string | null) {
      if (!user.roles.some((r) => CREATOR_ROLES.includes(r))) throw forbidden('Your role cannot create tickets');
      checkIdempotencyKey(idempotencyKey);
      const input = parse(createSchema, body);
      const hash = idempotencyKey ? requestHash(input) : null;
      // No look-up before the insert: a replayed key hits the unique index and returns the stored ticket
      // (below), which keeps the common path — a new ticket — at one insert and one audit row.
      const now = clock();
      const fields: Record<string, string> = {};
      const category = catalog.get(input.categoryId);
      const limits = category?.active ? catalog.effectiveLimits(input.categoryId, input.urgency as Urgency) : null;
      if (!category?.active) fields.categoryId = 'Unknown category';
      else if (!limits) fields.categoryId = 'No time limit configured for this category and urgency';
      await org.ensure([input.streetId, input.communityId]);
      const loc = validateLocation(input);
      Object.assign(fields, loc.fields);
      const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
      if (receivedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) fields.receivedAt = 'Must not be in the future';
      else if (receivedAt.getTime() < now.getTime() - MAX_BACKDATE_MS) fields.receivedAt = 'More than a year ago';
      if (Object.keys(fields).length) throw validation(fields);

      const closeDueAt = calendar.deadline(receivedAt, limits!.limits.close);
      const events: QueuedEvent[] = [];
      let ticket: TicketRow;
      // A new ticket has no assignments, supervisions or revisits: no need to read them back (unless merged).
      let createdParts: Parts = { assignments: [], supervisions: [], revisits: [] };
      const day = shanghaiDay(now).replace(/-/g, '');
      await repo.ensureDaySequence(db, day);
      try {
        ticket = await db.transaction(async (tx) => {
          const t = await repo.insert(tx, {
            number: repo.nextNumberSql(day),
            status: 'received',
            channel: input.channel,
            callerName: null,
            callerNameEnc: input.callerName ? pii.encrypt(input.callerName) : null,
            callerNameMasked: input.callerName ? maskName(input.callerName) : null,
            callerPhoneEnc: input.callerPhone ? pii.encrypt(input.callerPhone) : null,
            callerPhoneHash: input.callerPhone ? pii.hash(input.callerPhone) : null,
            callerPhoneMasked: input.callerPhone ? maskPhone(input.callerPhone) : null,
            addressEnc: input.address ? pii.encrypt(input.address) : null,
            addressMasked: input.address ? maskAddress(input.address) : null,
            categoryId: input.categoryId,
            urgency: input.urgency,
            streetId: loc.streetId,
            communityId: input.communityId ?? null,
            content: input.content,
            receivedAt,
            createdAt: now,
            updatedAt: now,
            createdBy: user.id,
            idempotencyKey: idempotencyKey ?? null,
            requestHash: hash,
            callId: input.callId ?? null,
            closeDueAt,
            closeWarnAt: warnAt(receivedAt, closeDueAt),
          });
          await audit.write(
            {
              actorId: user.id,
              actorIp: ip,
              entityType: 'ticket',
              entityId: String(t.id),
              ticketId: t.id,
              action: 'ticket.create',
              at: now,
              after: { ...presentSummary(t, names), content: t.content, address: t.addressMasked },
            },
            tx,
          );
          events.push({
            name: 'ticket.created',
            payload: {
              ticketId: t.id,
              number: t.number,
              version: t.version,
              status: t.status,
              action: 'create',
              actorId: user.id,
              unitIds: [],
            },
          });
          if (input.mergeIntoTicketId === undefined) return t;
          const merged = await mergeOnCreate(tx, user, t, input.mergeIntoTicketId, ip, events);
          createdParts = merged.parts;
          return merged.updated;
        });
      } catch (e) {
        // Two requests with one idempotency key raced: the loser returns the winner's ticket.
        if (idempotencyKey && pgCode(e) === '23505') {
          const existing = await repo.findByIdempotencyKey(db, user.id, idempotencyKey);
          if (existing) {
            assertSameRequest(existing.requestHash, hash!);
            return { ...(await detail(user, existing)), replayed: true };
          }
        }
        throw e;
      }
      bus.publish(events);
      return { ...present(user, ticket, createdParts), replayed: false };
    },

    async list(user: SessionUser, query: unknown, ip: string | null = null) {
      const q = parse(listQuerySchema, query);
      const phoneSearch = mayPhoneSearch(user.roles);
      const filter = toListFilter(q, pii, scopePathOf(user), {
        phoneSearch,
        scopeHistory: deps.policy().departmentHistory === 'redacted',
      });
      const { items, total } = await repo.list(db, filter, q.page, q.pageSize);
      // a search by a caller's phone is a personal-data lookup like GET /tickets/caller: audited, masked
      if (phoneSearch && isPhoneSearch(q))
        await audit.write({
          actorId: user.id,
          actorIp: ip,
          entityType: 'caller',
          entityId: maskPhone(q.q!),
          action: 'pii.phone_search',
          data: { phone: maskPhone(q.q!), tickets: total },
        });
      await org.ensure(items.flatMap((t) => [t.streetId, t.communityId]));
      return {
        items: items.map((t) => (t.fullAccess ? presentSummary(t, names) : redactSummary(presentSummary(t, names)))),
        total,
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    async get(user: SessionUser, id: number) {
      const { t, access } = await loadWithAccess(user, id);
      if (access === 'full') return { ...(await detail(user, t)), access };
      const parts = await loadParts(db, t.id);
      await org.ensure([t.streetId, t.communityId, ...parts.assignments.map((a) => a.unitId)]);
      return { ticket: redactDetail(presentDetail(t, names, parts)), allowedActions: [], access };
    },

    async timeline(user: SessionUser, id: number) {
      const { access } = await loadWithAccess(user, id);
      const rows = await audit.timeline(id);
      return rows.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        actor: r.actorId ? { id: r.actorId, username: r.actorUsername, displayName: r.actorName } : null,
        action: r.action,
        entityType: r.entityType,
        entityId: r.entityId,
        // history: who did what when, not the details (they may quote the caller)
        before: access === 'full' ? r.before : null,
        after: access === 'full' ? r.after : null,
        data: access === 'full' ? r.data : null,
      }));
    },

    /**
     * Full personal data, for someone who must call or visit the citizen: a reason from the list, within the
     * hourly limit (beyond it refused, supervisors alerted), every reveal audited with its reason.
     */
    async reveal(user: SessionUser, id: number, ip: string | null, body: unknown) {
      const b = parse(revealBody, body ?? {});
      if (b.reason === 'other' && !b.note) throw validation({ note: 'Say why' });
      const t = await loadVisible(user, id);
      await deps.quota.take(user.id, 'reveal', deps.policy().revealLimitPerHour, ip);
      return this.revealForUse(user, t, ip, b.reason, b.note ?? null);
    },

    /**
     * The decrypted fields, audited, without the hourly limit: for uses where the data stays on the server
     * (click-to-call dials the number; the agent never sees it).
     */
    async revealForUse(
      user: SessionUser,
      ticket: number | TicketRow,
      ip: string | null,
      reason: string,
      note: string | null = null,
    ) {
      const t = typeof ticket === 'number' ? await loadVisible(user, ticket) : ticket;
      const revealed = {
        callerPhone: t.callerPhoneEnc ? pii.decrypt(t.callerPhoneEnc) : null,
        address: t.addressEnc ? pii.decrypt(t.addressEnc) : null,
        callerName: t.callerNameEnc ? pii.decrypt(t.callerNameEnc) : null,
      };
      await audit.write({
        actorId: user.id,
        actorIp: ip,
        entityType: 'ticket',
        entityId: String(t.id),
        ticketId: t.id,
        action: 'pii.reveal',
        data: {
          fields: Object.keys(revealed).filter((k) => revealed[k as keyof typeof revealed] !== null),
          reason,
          note,
        },
      });
      return revealed;
    },

    async act(user: SessionUser, id: number, action: string, body: unknown, ip: string | null) {
      if (!ACTION_NAMES.includes(action as ActionName)) throw validation({ action: `Unknown action '${action}'` });
      const name = action as ActionName;
      const { version } = parse(versionSchema, body);
      const input = parse(actionSchemas[name], body) as Record<string, unknown>;
      const events: QueuedEvent[] = [];
      const result = await db.transaction(async (tx) => {
        // Scope check and row lock in one statement: outside the caller's scope the ticket does not exist.
        const t = await repo.lock(tx, id, scopePathOf(user));
        if (!t) throw notFound('Ticket');
        if (t.version !== version)
          throw new AppError('VERSION_CONFLICT', 'The ticket was changed by someone else', undefined, {
            currentVersion: t.version,
          });
        return runAction(tx, user, t, name, input, ip, events);
      });
      bus.publish(events);
      await org.ensure(result.parts.assignments.map((a) => a.unitId));
      return present(user, result.updated, result.parts);
    },
  };

  /** One state change of a ticket row locked by the open transaction; queues its event for after commit. */
  async function runAction(
    tx: Tx,
    user: SessionUser,
    t: TicketRow,
    name: ActionName,
    input: Record<string, unknown>,
    ip: string | null,
    events: QueuedEvent[],
  ) {
    const actor = actorOf(user);
    const assignments = await repo.assignmentsOf(tx, [t.id]);
    const supervisions = await repo.supervisionsOf(tx, t.id);
    const machineInput = await resolveInput(tx, user, name, input);
    const decision = decide(toState(t, assignments, supervisions), actor, name, machineInput as never);
    if (!decision.ok) {
      const code = DECISION_STATUS[decision.code];
      throw new AppError(code, decision.message, decision.field ? { [decision.field]: decision.message } : undefined);
    }
    const limits = catalog.effectiveLimits(t.categoryId, t.urgency as Urgency);
    if (!limits) throw new AppError('INTERNAL', 'No time limits for this ticket category');
    const now = clock();
    const { patch, audits } = await applyEffects(
      { tx, repo, calendar, ticket: t, assignments, limits: limits.limits, actor, ip, now, input },
      decision.effects,
    );
    const updated = { ...t, ...patch, version: t.version + 1, updatedAt: now } as TicketRow;
    await repo.updateTicket(tx, t.id, { ...patch, version: updated.version, updatedAt: now });
    const actionAudit: AuditInput = {
      actorId: actor.userId,
      actorIp: ip,
      entityType: 'ticket',
      entityId: String(t.id),
      ticketId: t.id,
      action: `action.${name}`,
      at: now,
      before: { status: t.status, version: t.version },
      after: { status: updated.status, version: updated.version },
      data: input,
    };
    await audit.writeMany([actionAudit, ...audits], tx);
    // Read back once, inside the transaction: it feeds the event's unit rooms and the response.
    const parts = await loadParts(tx, t.id);
    const after = parts.assignments;
    events.push({
      name: 'ticket.updated',
      payload: {
        ticketId: t.id,
        number: t.number,
        version: updated.version,
        status: updated.status,
        action: name,
        actorId: user.id,
        unitIds: unitIdsOf(after),
      },
    });
    return { updated, parts };
  }

  /**
   * A repeat call recorded and merged into its master in the same transaction: either both happen or the
   * agent sees one error and nothing was written. Errors name the create field, not the action's.
   */
  async function mergeOnCreate(
    tx: Tx,
    user: SessionUser,
    t: TicketRow,
    masterTicketId: number,
    ip: string | null,
    events: QueuedEvent[],
  ) {
    try {
      return await runAction(tx, user, t, 'merge', { masterTicketId }, ip, events);
    } catch (e) {
      if (e instanceof AppError && e.fields?.masterTicketId)
        throw new AppError(e.code, e.message, { mergeIntoTicketId: e.fields.masterTicketId });
      throw e;
    }
  }

  async function resolveInput(
    tx: Tx,
    user: SessionUser,
    name: ActionName,
    input: Record<string, unknown>,
  ): Promise<ActionInputs[ActionName]> {
    if (name === 'dispatch') {
      const targets = input.targets as { unitId: number; role: 'primary' | 'assisting' }[];
      await org.ensure(targets.map((t) => t.unitId));
      const fields: Record<string, string> = {};
      const resolved = targets.map((t, i) => {
        const u = org.get(t.unitId);
        if (!u || !u.active || u.type === 'centre') fields[`targets.${i}.unitId`] = 'Unknown or non-dispatchable unit';
        return { unitId: t.unitId, role: t.role, unitPath: u?.path ?? '' };
      });
      if (Object.keys(fields).length) throw validation(fields);
      return {
        parentAssignmentId: (input.parentAssignmentId as number | null | undefined) ?? null,
        targets: resolved,
        note: input.note as string | undefined,
      };
    }
    if (name === 'merge') {
      const master = await repo.findById(tx, input.masterTicketId as number, scopePathOf(user));
      if (!master) throw validation({ masterTicketId: 'Unknown ticket' });
      return { masterTicketId: master.id, masterStatus: master.status as TicketState['status'] };
    }
    return input as unknown as ActionInputs[ActionName];
  }
}
export type TicketService = ReturnType<typeof createTicketService>;
export type { Actor };
