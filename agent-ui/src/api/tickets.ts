import { api, buildUrl, request } from './client';
import type {
  ActionName,
  Channel,
  Page,
  TicketDetail,
  TicketListQuery,
  TicketSummary,
  TimelineEvent,
  Urgency,
} from './types';

export interface NewTicketInput {
  channel: Channel;
  callerName?: string;
  callerPhone?: string;
  content: string;
  categoryId: number;
  urgency: Urgency;
  streetId?: number;
  communityId?: number;
  address?: string;
  callId?: string;
  /** a repeat call: created and merged into this open ticket in one transaction */
  mergeIntoTicketId?: number;
}

export interface CallerHistory {
  /** masked */
  phone: string;
  /** latest 20 */
  tickets: TicketSummary[];
  /** not closed or merged */
  openCases: TicketSummary[];
}

export interface DuplicateHint extends TicketSummary {
  /** 0..1 */
  score: number;
  similarity: number;
  sameCategory: boolean;
}

/** Why full personal data is shown (the server's list; 'other' needs a note). */
export const REVEAL_REASONS = ['callback', 'dispatch', 'visit', 'verify', 'complaint', 'emergency', 'other'] as const;
export type RevealReason = (typeof REVEAL_REASONS)[number];

export interface SavedFilter {
  id: number;
  name: string;
  /** the list query as in the URL (string values) */
  filter: Record<string, string>;
  columns: string[] | null;
  createdAt: string;
}

/** The list query as the server reads it (status as a comma list). */
export function listParams(query: Partial<TicketListQuery>): Record<string, string | number | boolean | undefined> {
  const { status, ...rest } = query;
  return { ...rest, status: status?.length ? status.join(',') : undefined };
}

export const ticketsApi = {
  list: (query: TicketListQuery, signal?: AbortSignal) =>
    api.get<Page<TicketSummary>>('/tickets', listParams(query), signal),
  /** `access: 'history'`: a department whose assignment was sent back or cancelled (no personal data, no actions) */
  get: (id: number) =>
    api.get<{ ticket: TicketDetail; allowedActions: ActionName[]; access?: 'full' | 'history' }>(`/tickets/${id}`),
  timeline: (id: number) => api.get<{ events: TimelineEvent[] }>(`/tickets/${id}/timeline`).then((r) => r.events),
  /** Full phone, address and name: audited with the reason, limited per hour (429 REVEAL_LIMIT). */
  reveal: (id: number, reason: RevealReason, note?: string) =>
    api.post<{ callerPhone: string | null; address: string | null; callerName: string | null }>(
      `/tickets/${id}/reveal`,
      { reason, ...(note ? { note } : {}) },
    ),
  act: (id: number, action: ActionName, body: { version: number } & Record<string, unknown>) =>
    api.post<{ ticket: TicketDetail }>(`/tickets/${id}/actions/${action}`, body).then((r) => r.ticket),
  /** The same key for retries of one form: a repeated submit returns the ticket made the first time. */
  create: (input: NewTicketInput, idempotencyKey: string) =>
    api
      .post<{ ticket: TicketDetail }>('/tickets', input, { headers: { 'Idempotency-Key': idempotencyKey } })
      .then((r) => r.ticket),
  caller: (phone: string, signal?: AbortSignal) => api.get<CallerHistory>('/tickets/caller', { phone }, signal),
  duplicates: (body: { phone?: string; categoryId?: number; content: string }, signal?: AbortSignal) =>
    request<{ items: DuplicateHint[] }>('/tickets/duplicates', { method: 'POST', body, signal }).then((r) => r.items),
  /** A plain link: the browser downloads the file with the session cookie. */
  exportUrl: (query: Partial<TicketListQuery>, columns: string[]) => {
    const { page: _page, pageSize: _size, ...criteria } = query;
    return buildUrl('/tickets/export.xlsx', { ...listParams(criteria), columns: columns.join(',') || undefined });
  },
};

export const savedFiltersApi = {
  list: () => api.get<{ items: SavedFilter[] }>('/saved-filters').then((r) => r.items),
  create: (body: { name: string; filter: Record<string, string>; columns?: string[] }) =>
    api.post<SavedFilter>('/saved-filters', body),
  remove: (id: number) => request<void>(`/saved-filters/${id}`, { method: 'DELETE' }),
};
