// Work-list rows as clients see them. Personal data only masked (the full values go through the audited
// reveal on the ticket).
import type { Row } from './repository';

// Raw queries return timestamps as text (drizzle keeps the driver from parsing them) or Date.
const toDate = (v: unknown) => (v == null ? null : v instanceof Date ? v : new Date(String(v)));
const iso = (v: unknown) => toDate(v)?.toISOString() ?? null;
const num = (v: unknown) => (v == null ? null : Number(v));
const past = (v: unknown, now: Date) => (toDate(v)?.getTime() ?? Infinity) <= now.getTime();

export function presentTicketPart(r: Row, categoryName: (id: number) => string | undefined) {
  const content = String(r.content ?? '');
  return {
    ticketId: Number(r.ticket_id),
    number: String(r.number),
    version: Number(r.version),
    ticketStatus: String(r.ticket_status),
    categoryId: Number(r.category_id),
    categoryName: categoryName(Number(r.category_id)) ?? null,
    urgency: String(r.urgency),
    content: r.content_cut ? `${content}…` : content,
    receivedAt: iso(r.received_at),
    closeDueAt: iso(r.close_due_at),
    ticketOverdue: Boolean(r.ticket_overdue),
    callerName: r.caller_name_masked ? String(r.caller_name_masked) : null,
    callerPhone: (r.caller_phone_masked as string | null) ?? null,
    address: (r.address_masked as string | null) ?? null,
  };
}

/** `dueAt` is the deadline the unit is working against now: signing while pending, feedback once signed. */
export function presentAssignmentPart(r: Row, now: Date) {
  const status = String(r.assignment_status);
  const dueAt = status === 'pending_sign' ? r.sign_due_at : r.feedback_due_at;
  const flagged = status === 'pending_sign' ? Boolean(r.sign_overdue) : Boolean(r.feedback_overdue);
  return {
    assignmentId: Number(r.assignment_id),
    unitId: Number(r.unit_id),
    unitName: String(r.unit_name),
    parentId: num(r.parent_id),
    role: String(r.role),
    status,
    dispatchedAt: iso(r.dispatched_at),
    signDueAt: iso(r.sign_due_at),
    signedAt: iso(r.signed_at),
    feedbackDueAt: iso(r.feedback_due_at),
    feedbackAt: iso(r.feedback_at),
    feedbackContent: (r.feedback_content as string | null) ?? null,
    feedbackResult: (r.feedback_result as string | null) ?? null,
    reviewComment: (r.review_comment as string | null) ?? null,
    signOverdue: Boolean(r.sign_overdue),
    feedbackOverdue: Boolean(r.feedback_overdue),
    dueAt: iso(dueAt),
    overdue: (status === 'pending_sign' || status === 'signed') && (flagged || past(dueAt, now)),
    extension: r.extension_status
      ? { status: String(r.extension_status), days: num(r.extension_days), reason: r.extension_reason ?? null }
      : null,
    rejectCount: Number(r.reject_count ?? 0),
    redoCount: Number(r.redo_count ?? 0),
    attachmentCount: Number(r.attachment_count ?? 0),
  };
}

export function presentSupervisionPart(r: Row) {
  return {
    supervisionId: Number(r.supervision_id),
    supervisionStatus: String(r.supervision_status),
    reason: String(r.reason),
    automatic: Boolean(r.automatic),
    openedAt: iso(r.opened_at),
    response: (r.response as string | null) ?? null,
    respondedAt: iso(r.responded_at),
  };
}

export function presentRevisitPart(r: Row) {
  return {
    unitName: (r.unit_name as string | null) ?? null,
    feedbackResult: (r.feedback_result as string | null) ?? null,
    feedbackContent: (r.feedback_content as string | null) ?? null,
    feedbackAt: iso(r.feedback_at),
    unreachedAttempts: Number(r.unreached_attempts ?? 0),
    lastAttemptAt: iso(r.last_attempt_at),
  };
}
