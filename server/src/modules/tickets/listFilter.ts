// The ticket-list query (GET /api/tickets, the export and saved filters share it) turned into a repository filter.
import type { z } from 'zod';
import type { Pii } from '../../lib/pii';
import type { ListFilter } from './repository';
import { listQuerySchema } from './schemas';

export type ListQuery = z.infer<typeof listQuerySchema>;

/** A search that looks like a phone number also matches the caller's phone (by its keyed hash, never plaintext). */
export const PHONE_LIKE = /^\+?[0-9 -]{5,20}$/;

/**
 * `scopePath`: the caller's unit subtree for department handlers (scopePathOf), null for the centre.
 * `phoneSearch`: whether a phone-like `q` may match callers' phones (the same roles as the caller lookup;
 * for others it matches ticket numbers and content only).
 */
export function toListFilter(
  q: ListQuery,
  pii: Pii,
  scopePath: string | null,
  opts: { phoneSearch?: boolean; scopeHistory?: boolean } = {},
): ListFilter {
  return {
    status: q.status,
    unitId: q.unitId,
    categoryId: q.categoryId,
    streetId: q.streetId,
    channel: q.channel,
    overdue: q.overdue,
    q: q.q || undefined,
    phoneHash: opts.phoneSearch !== false && isPhoneSearch(q) ? pii.hash(q.q!) : undefined,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
    scopePath,
    scopeHistory: opts.scopeHistory,
    sort: q.sort,
  };
}

export const isPhoneSearch = (q: Pick<ListQuery, 'q'>) => !!q.q && PHONE_LIKE.test(q.q);

/** The query keys a saved filter may hold (paging is not part of a filter). */
export const FILTER_KEYS = Object.keys(listQuerySchema.shape).filter((k) => k !== 'page' && k !== 'pageSize');
