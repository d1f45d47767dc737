// Knowledge base API (/api/kb). recordKbUse is also used by the "close consultation on the call" form.
import { api, request } from './client';

export type KbStatus = 'draft' | 'published' | 'archived';

export interface KbCategory {
  id: number;
  parentId: number | null;
  code: string;
  name: string;
  nameEn: string | null;
  children: KbCategory[];
}

export interface KbArticleSummary {
  id: number;
  categoryId: number;
  categoryName: string | null;
  categoryNameEn: string | null;
  ticketCategoryId: number | null;
  ticketCategoryName: string | null;
  title: string;
  keywords: string[];
  status: KbStatus;
  version: number;
  viewCount: number;
  useCount: number;
  updatedAt: string;
  publishedAt: string | null;
}

export interface KbSearchItem extends KbArticleSummary {
  /** a piece of the body around the first match */
  snippet: string;
}

export interface KbUse {
  ticketId: number;
  ticketNumber: string;
  usedAt: string;
  usedBy: string | null;
}

export interface KbArticle extends KbArticleSummary {
  body: string;
  createdAt: string;
  /** the latest 20 tickets this article answered */
  uses: KbUse[];
}

export interface KbTicketUse extends KbUse {
  articleId: number;
  title: string;
  status: KbStatus;
}

export interface KbSearchQuery {
  q?: string;
  categoryId?: number;
  status?: KbStatus;
  ticketCategoryId?: number;
  page?: number;
  pageSize?: number;
}

export interface KbArticleInput {
  categoryId: number;
  ticketCategoryId?: number | null;
  title: string;
  body: string;
  keywords?: string;
}

export const kbApi = {
  categories: () => api.get<{ categories: KbCategory[] }>('/kb/categories').then((r) => r.categories),
  search: (query: KbSearchQuery, signal?: AbortSignal) =>
    api.get<{ items: KbSearchItem[]; total: number; page: number; pageSize: number }>(
      '/kb/articles',
      { ...query },
      signal,
    ),
  /** Counts a view. */
  get: (id: number) => api.get<KbArticle>(`/kb/articles/${id}`),
  create: (input: KbArticleInput) => api.post<KbArticle>('/kb/articles', input),
  update: (id: number, input: Partial<KbArticleInput> & { version: number }) =>
    request<KbArticle>(`/kb/articles/${id}`, { method: 'PATCH', body: input }),
  publish: (id: number, version: number) => api.post<KbArticle>(`/kb/articles/${id}/publish`, { version }),
  archive: (id: number, version: number) => api.post<KbArticle>(`/kb/articles/${id}/archive`, { version }),
  usesOfTicket: (ticketId: number) => api.get<{ uses: KbTicketUse[] }>('/kb/uses', { ticketId }).then((r) => r.uses),
};

/** Link an article to the ticket it answered. Idempotent: repeating it for the same ticket changes nothing. */
export async function recordKbUse(articleId: number, ticketId: number): Promise<void> {
  await api.post(`/kb/articles/${articleId}/uses`, { ticketId });
}
