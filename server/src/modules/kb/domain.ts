// Pure pieces of the knowledge base: who may edit, query parsing for LIKE, snippets, status transitions.
import type { Role } from '../tickets/domain/types';

export const KB_STATUSES = ['draft', 'published', 'archived'] as const;
export type KbStatus = (typeof KB_STATUSES)[number];

/** Editors curate the knowledge base; they also see drafts and archived articles. */
export const EDITOR_ROLES: Role[] = ['admin', 'supervisor', 'shift_leader'];
/** The centre reads the knowledge base; department handlers answer in their own systems. */
export const READER_ROLES: Role[] = ['agent', 'shift_leader', 'supervisor', 'revisit_agent', 'admin'];

export const isEditor = (roles: readonly Role[]) => roles.some((r) => EDITOR_ROLES.includes(r));
export const isReader = (roles: readonly Role[]) => roles.some((r) => READER_ROLES.includes(r));

/** Escape LIKE wildcards so a user's "%" or "_" matches itself (used with the default '\' escape). */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

/**
 * Search terms of a query: whitespace separates terms (Chinese is usually typed without spaces, so a whole
 * phrase stays one substring term). Duplicates and empty pieces go; at most 5 terms keep the SQL bounded.
 */
export function searchTerms(q: string | undefined | null): string[] {
  if (!q) return [];
  const terms = q
    .trim()
    .split(/[\s\u3000]+/)
    .map((t) => t.trim())
    .filter(Boolean);
  return [...new Set(terms.map((t) => t.toLowerCase()))].slice(0, 5);
}

/**
 * A short piece of the body around the first match of any term, so a result list shows why it matched
 * without sending whole articles. Without a match in the body, the start of the body.
 */
export function snippet(body: string, terms: string[], radius = 40): string {
  const text = body.replace(/\s+/g, ' ').trim();
  const lower = text.toLowerCase();
  let at = -1;
  let len = 0;
  for (const t of terms) {
    const i = lower.indexOf(t.toLowerCase());
    if (i >= 0 && (at < 0 || i < at)) {
      at = i;
      len = t.length;
    }
  }
  if (at < 0) return text.length > radius * 2 ? text.slice(0, radius * 2) + '…' : text;
  const start = Math.max(0, at - radius);
  const end = Math.min(text.length, at + len + radius);
  return (start > 0 ? '…' : '') + text.slice(start, end) + (end < text.length ? '…' : '');
}

/** Keywords are stored as one comma-separated string; normalise separators (，、;) and duplicates. */
export function normalizeKeywords(k: string | string[] | undefined): string {
  const parts = (Array.isArray(k) ? k : (k ?? '').split(/[,，、;；\n]+/)).map((s) => s.trim()).filter(Boolean);
  return [...new Set(parts)].join(',');
}

export type KbAction = 'publish' | 'archive';
/** Which status changes are allowed: publishing an archived article brings it back. */
export function transition(from: KbStatus, action: KbAction): KbStatus | null {
  if (action === 'publish') return from === 'published' ? null : 'published';
  return from === 'archived' ? null : 'archived';
}
