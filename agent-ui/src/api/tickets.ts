import { api } from './client';
import type { ActionName, Page, TicketDetail, TicketListQuery, TicketSummary, TimelineEvent } from './types';

export const ticketsApi = {
  list: (query: TicketListQuery, signal?: AbortSignal) =>
    api.get<Page<TicketSummary>>('/tickets', { ...query }, signal),
  get: (id: number) => api.get<{ ticket: TicketDetail; allowedActions: ActionName[] }>(`/tickets/${id}`),
  timeline: (id: number) => api.get<{ events: TimelineEvent[] }>(`/tickets/${id}/timeline`).then((r) => r.events),
  reveal: (id: number) => api.post<{ callerPhone: string | null; address: string | null }>(`/tickets/${id}/reveal`),
  act: (id: number, action: ActionName, body: { version: number } & Record<string, unknown>) =>
    api.post<{ ticket: TicketDetail }>(`/tickets/${id}/actions/${action}`, body).then((r) => r.ticket),
};
