// What clients see. Personal data leaves only masked; the full values go out through reveal (audited).
import type { AssignmentRow, RevisitRow, SupervisionRow, TicketRow } from './repository';

export interface NameLookup {
  category(id: number): string | undefined;
  unit(id: number | null): string | undefined;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function presentSummary(t: TicketRow, names: NameLookup) {
  return {
    id: t.id,
    number: t.number,
    status: t.status,
    version: t.version,
    channel: t.channel,
    callerName: t.callerNameMasked,
    callerPhone: t.callerPhoneMasked,
    categoryId: t.categoryId,
    categoryName: names.category(t.categoryId) ?? null,
    urgency: t.urgency,
    streetId: t.streetId,
    streetName: names.unit(t.streetId) ?? null,
    communityId: t.communityId,
    communityName: names.unit(t.communityId) ?? null,
    content: t.content.length > 120 ? `${t.content.slice(0, 120)}…` : t.content,
    receivedAt: iso(t.receivedAt),
    createdAt: iso(t.createdAt),
    closeDueAt: iso(t.closeDueAt),
    dueAt: iso(t.closeDueAt),
    overdue: t.overdue,
    closedAt: iso(t.closedAt),
  };
}

export function presentAssignment(a: AssignmentRow) {
  return {
    id: a.id,
    unitId: a.unitId,
    unitName: a.unitName,
    parentId: a.parentId,
    role: a.role,
    status: a.status,
    dispatchedAt: iso(a.dispatchedAt),
    signDueAt: iso(a.signDueAt),
    signedAt: iso(a.signedAt),
    feedbackDueAt: iso(a.feedbackDueAt),
    feedbackAt: iso(a.feedbackAt),
    feedbackContent: a.feedbackContent,
    feedbackResult: a.feedbackResult,
    sendBackReason: a.sendBackReason,
    reviewComment: a.reviewComment,
    extension: a.extensionStatus
      ? { status: a.extensionStatus, days: a.extensionDays, reason: a.extensionReason }
      : null,
    redoCount: a.redoCount,
    rejectCount: a.rejectCount,
    signOverdue: a.signOverdue,
    feedbackOverdue: a.feedbackOverdue,
  };
}

export function presentDetail(
  t: TicketRow,
  names: NameLookup,
  parts: { assignments: AssignmentRow[]; supervisions: SupervisionRow[]; revisits: RevisitRow[] },
) {
  return {
    ...presentSummary(t, names),
    content: t.content,
    address: t.addressMasked,
    callId: t.callId,
    resolution: t.resolution,
    mergedIntoId: t.mergedIntoId,
    reopenCount: t.reopenCount,
    assignments: parts.assignments.map(presentAssignment),
    supervisions: parts.supervisions.map((s) => ({
      id: s.id,
      status: s.status,
      reason: s.reason,
      automatic: s.automatic,
      openedAt: iso(s.openedAt),
      response: s.response,
      respondedAt: iso(s.respondedAt),
      closedAt: iso(s.closedAt),
    })),
    revisits: parts.revisits.map((r) => ({
      id: r.id,
      reached: r.reached,
      resolved: r.resolved,
      satisfaction: r.satisfaction,
      note: r.note,
      at: iso(r.at),
    })),
  };
}
