// Work queues (/api/work/*) and attachments. Uploads send the raw file, not JSON, so they bypass api.post.
import { api, ApiError, buildUrl, notifyUnauthorized } from './client';
import type { FeedbackResult, Page, Satisfaction, SupervisionStatus, TicketStatus, Urgency } from './types';

// the server's own count shapes (type-only import, erased at build): both sides change together
import type { CentreCounts, DepartmentCounts } from '../../../server/src/modules/work/repository';
export type { CentreCounts, DepartmentCounts };
export type WorkCounts = Partial<DepartmentCounts & CentreCounts>;
export interface WorkSummary {
  scope: 'department' | 'centre';
  counts: WorkCounts;
}

/** Ticket columns on every work row (personal data masked). */
export interface WorkTicketPart {
  ticketId: number;
  number: string;
  version: number;
  ticketStatus: TicketStatus;
  categoryName: string | null;
  urgency: Urgency;
  content: string;
  receivedAt: string;
  closeDueAt: string | null;
  ticketOverdue: boolean;
  callerName: string | null;
  callerPhone: string | null;
  address: string | null;
}
export interface AssignmentRow extends WorkTicketPart {
  assignmentId: number;
  unitId: number;
  unitName: string;
  parentId: number | null;
  role: 'primary' | 'assisting';
  status: 'pending_sign' | 'signed' | 'feedback_submitted' | 'accepted' | 'sent_back' | 'cancelled';
  signDueAt: string;
  feedbackDueAt: string;
  feedbackAt: string | null;
  feedbackContent: string | null;
  feedbackResult: FeedbackResult | null;
  reviewComment: string | null;
  signOverdue: boolean;
  feedbackOverdue: boolean;
  /** the deadline the unit works against now: signing, then feedback */
  dueAt: string | null;
  overdue: boolean;
  extension: { status: 'pending' | 'approved' | 'rejected'; days: number; reason: string | null } | null;
  rejectCount: number;
  redoCount: number;
  attachmentCount: number;
}
export interface SupervisionRow extends WorkTicketPart {
  supervisionId: number;
  supervisionStatus: SupervisionStatus;
  reason: string;
  automatic: boolean;
  openedAt: string;
  response: string | null;
}
export interface OverdueRow extends WorkTicketPart {
  units: string | null;
}
export interface RevisitRow extends WorkTicketPart {
  unitName: string | null;
  feedbackResult: FeedbackResult | null;
  feedbackContent: string | null;
  feedbackAt: string | null;
  unreachedAttempts: number;
  lastAttemptAt: string | null;
}
export interface WorkRows {
  inbox: AssignmentRow;
  reviews: AssignmentRow;
  extensions: AssignmentRow;
  supervisions: SupervisionRow;
  overdue: OverdueRow;
  revisits: RevisitRow;
}
export type WorkListKind = keyof WorkRows;
export type AnyWorkRow = WorkRows[WorkListKind];
export interface WorkListParams {
  page: number;
  pageSize: number;
  status?: 'pending_sign' | 'signed';
}

export interface Attachment {
  id: number;
  ticketId: number;
  assignmentId: number | null;
  purpose: string;
  fileName: string;
  contentType: string;
  size: number;
  uploadedAt: string;
  uploadedBy: { id: number; displayName: string | null } | null;
}

export type { Satisfaction };

export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'];
/** Same as the server default (ATTACHMENT_MAX_BYTES); the server has the last word. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

export const workApi = {
  summary: () => api.get<WorkSummary>('/work/summary'),
  list: <K extends WorkListKind>(kind: K, params: WorkListParams, signal?: AbortSignal) =>
    api.get<Page<WorkRows[K]>>(`/work/${kind}`, { ...params }, signal),
  attachments: (ticketId: number, assignmentId?: number) =>
    api.get<{ items: Attachment[] }>(`/tickets/${ticketId}/attachments`, { assignmentId }).then((r) => r.items),
  downloadUrl: (id: number) => buildUrl(`/attachments/${id}`),

  async upload(ticketId: number, assignmentId: number, file: File): Promise<Attachment> {
    let res: Response;
    try {
      res = await fetch(buildUrl(`/tickets/${ticketId}/attachments`, { assignmentId, purpose: 'feedback' }), {
        method: 'POST',
        credentials: 'include',
        headers: {
          'Content-Type': file.type,
          'X-File-Name': encodeURIComponent(file.name),
          Accept: 'application/json',
        },
        body: file,
      });
    } catch (err) {
      throw new ApiError(0, 'NETWORK', err instanceof Error ? err.message : 'Network error');
    }
    const data = (await res.json().catch(() => null)) as {
      attachment?: Attachment;
      error?: { code: string; message: string; fields?: Record<string, string> };
    } | null;
    if (!res.ok) {
      if (res.status === 401) notifyUnauthorized();
      const e = data?.error;
      throw new ApiError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? res.statusText, e?.fields ?? {});
    }
    return data!.attachment!;
  },
};
