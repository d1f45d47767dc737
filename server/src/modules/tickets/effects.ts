// Applies the state machine's effects to the database inside the action's transaction, with one audit
// row per changed entity (before → after). Deadlines for new work are computed here, from `now`.
import type { DbOrTx } from '../../db/client';
import type { AuditInput } from '../audit/repository';
import type { Limits } from '../categories/repository';
import type { CalendarService } from '../calendar/service';
import { addWorkingDays, warnAt } from '../calendar/workingTime';
import type { Actor, Effect } from './domain/types';
import type { AssignmentRow, NewTicketRow, TicketRepository, TicketRow } from './repository';

export interface EffectContext {
  tx: DbOrTx;
  repo: TicketRepository;
  calendar: CalendarService;
  ticket: TicketRow;
  assignments: AssignmentRow[];
  limits: Limits;
  actor: Actor;
  ip: string | null;
  now: Date;
  /** the action's validated input (reasons, comments, feedback text) */
  input: Record<string, unknown>;
}

const str = (v: unknown) => (typeof v === 'string' ? v : null);

export async function applyEffects(
  ctx: EffectContext,
  effects: Effect[],
): Promise<{ patch: Partial<NewTicketRow>; audits: AuditInput[] }> {
  const { tx, repo, ticket, actor, now, input } = ctx;
  const patch: Partial<NewTicketRow> = {};
  const audits: AuditInput[] = [];
  const base = { actorId: actor.userId, actorIp: ctx.ip, ticketId: ticket.id, at: now };
  const byId = new Map(ctx.assignments.map((a) => [a.id, a]));
  const assignmentAudit = (id: number, action: string, before: unknown, after: unknown) =>
    audits.push({ ...base, entityType: 'assignment', entityId: String(id), action, before, after });
  const updateAssignment = async (
    id: number,
    action: string,
    set: Parameters<TicketRepository['updateAssignment']>[2],
  ) => {
    const a = byId.get(id)!;
    const before = Object.fromEntries(Object.keys(set).map((k) => [k, (a as Record<string, unknown>)[k]]));
    await repo.updateAssignment(tx, id, set);
    Object.assign(a, set);
    assignmentAudit(id, action, before, set);
  };

  for (const e of effects) {
    switch (e.type) {
      case 'ticket.status': {
        audits.push({
          ...base,
          entityType: 'ticket',
          entityId: String(ticket.id),
          action: 'ticket.status',
          before: { status: ticket.status },
          after: { status: e.to },
        });
        patch.status = e.to;
        if (e.to === 'closed') {
          patch.closedAt = now;
          patch.resolution = str(input.resolution) ?? str(input.reason) ?? ticket.resolution ?? null;
        }
        break;
      }
      case 'ticket.merge':
        patch.mergedIntoId = e.masterTicketId;
        audits.push({
          ...base,
          entityType: 'ticket',
          entityId: String(ticket.id),
          action: 'ticket.merged_into',
          before: { mergedIntoId: null },
          after: { mergedIntoId: e.masterTicketId },
        });
        audits.push({
          ...base,
          ticketId: e.masterTicketId,
          entityType: 'ticket',
          entityId: String(e.masterTicketId),
          action: 'ticket.merged_from',
          after: { ticketId: ticket.id, number: ticket.number },
        });
        break;
      case 'ticket.reopen':
        patch.reopenCount = ticket.reopenCount + 1;
        patch.closedAt = null;
        // A reopened ticket needs a new close deadline: the old one has passed or is about to.
        patch.closeDueAt = ctx.calendar.deadline(now, ctx.limits.close);
        patch.closeWarnAt = warnAt(now, patch.closeDueAt);
        patch.overdue = false;
        audits.push({
          ...base,
          entityType: 'ticket',
          entityId: String(ticket.id),
          action: 'ticket.reopen',
          before: { closeDueAt: ticket.closeDueAt },
          after: { closeDueAt: patch.closeDueAt, reopenCount: patch.reopenCount },
        });
        break;
      case 'assignment.create': {
        const signDueAt = ctx.calendar.deadline(now, ctx.limits.sign);
        const feedbackDueAt = ctx.calendar.deadline(now, ctx.limits.feedback);
        const row = await repo.insertAssignment(tx, {
          ticketId: ticket.id,
          unitId: e.unitId,
          parentId: e.parentId,
          role: e.role,
          status: 'pending_sign',
          dispatchedAt: now,
          dispatchedBy: actor.userId,
          note: str(input.note),
          signDueAt,
          signWarnAt: warnAt(now, signDueAt),
          feedbackDueAt,
          feedbackWarnAt: warnAt(now, feedbackDueAt),
        });
        assignmentAudit(row.id, 'assignment.create', null, {
          unitId: e.unitId,
          role: e.role,
          parentId: e.parentId,
          signDueAt,
          feedbackDueAt,
        });
        break;
      }
      case 'assignment.status': {
        const set: Parameters<TicketRepository['updateAssignment']>[2] = { status: e.to };
        if (e.to === 'signed') Object.assign(set, { signedAt: now, signedBy: actor.userId });
        if (e.to === 'feedback_submitted')
          Object.assign(set, {
            feedbackAt: now,
            feedbackBy: actor.userId,
            feedbackContent: str(input.content),
            feedbackResult: str(input.result),
          });
        if (e.to === 'sent_back') set.sendBackReason = str(input.reason);
        if (e.to === 'accepted') set.reviewComment = str(input.comment);
        await updateAssignment(e.assignmentId, `assignment.${e.to}`, set);
        break;
      }
      case 'assignment.reject': {
        const a = byId.get(e.assignmentId)!;
        await updateAssignment(e.assignmentId, 'assignment.rejected', {
          status: 'signed',
          rejectCount: a.rejectCount + 1,
          reviewComment: str(input.comment),
        });
        break;
      }
      case 'assignment.redo': {
        const a = byId.get(e.assignmentId)!;
        const feedbackDueAt = ctx.calendar.deadline(now, ctx.limits.feedback);
        await updateAssignment(e.assignmentId, 'assignment.redo', {
          status: 'signed',
          redoCount: a.redoCount + 1,
          feedbackDueAt,
          feedbackWarnAt: warnAt(now, feedbackDueAt),
          feedbackOverdue: false,
        });
        break;
      }
      case 'assignment.extension': {
        const a = byId.get(e.assignmentId)!;
        if (e.status === 'pending') {
          await updateAssignment(e.assignmentId, 'assignment.extension_requested', {
            extensionStatus: 'pending',
            extensionDays: e.days,
            extensionReason: str(input.reason),
          });
        } else if (e.status === 'approved') {
          // The extension adds working days to the current deadline, not to today.
          const feedbackDueAt = addWorkingDays(ctx.calendar.calendar, a.feedbackDueAt, e.days);
          await updateAssignment(e.assignmentId, 'assignment.extension_approved', {
            extensionStatus: 'approved',
            feedbackDueAt,
            feedbackWarnAt: warnAt(a.dispatchedAt, feedbackDueAt),
            feedbackOverdue: feedbackDueAt <= now,
          });
        } else {
          await updateAssignment(e.assignmentId, 'assignment.extension_rejected', { extensionStatus: 'rejected' });
        }
        break;
      }
      case 'supervision.open': {
        const s = await repo.insertSupervision(tx, {
          ticketId: ticket.id,
          status: 'open',
          reason: e.reason,
          automatic: e.automatic,
          openedBy: actor.userId,
          openedAt: now,
        });
        audits.push({
          ...base,
          entityType: 'supervision',
          entityId: String(s.id),
          action: 'supervision.open',
          after: { reason: e.reason, automatic: e.automatic },
        });
        break;
      }
      case 'supervision.status': {
        const set =
          e.to === 'responded'
            ? { status: e.to, response: str(input.response), respondedBy: actor.userId, respondedAt: now }
            : { status: e.to, closedBy: actor.userId, closedAt: now, closeComment: str(input.comment) };
        await repo.updateSupervision(tx, e.supervisionId, set);
        audits.push({
          ...base,
          entityType: 'supervision',
          entityId: String(e.supervisionId),
          action: `supervision.${e.to}`,
          after: set,
        });
        break;
      }
      case 'revisit.record': {
        const r = await repo.insertRevisit(tx, {
          ticketId: ticket.id,
          reached: e.reached,
          resolved: e.resolved,
          satisfaction: e.satisfaction,
          note: str(input.note),
          by: actor.userId,
          at: now,
        });
        audits.push({
          ...base,
          entityType: 'revisit',
          entityId: String(r.id),
          action: 'revisit.record',
          after: { reached: e.reached, resolved: e.resolved, satisfaction: e.satisfaction },
        });
        break;
      }
    }
  }
  return { patch, audits };
}
