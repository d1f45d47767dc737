// Which counts each role sees on its home page, and where each one leads. Pure data.
import type { Role } from '../../api/types';

export interface HomeCard {
  key: string;
  route: string;
  query?: Record<string, string>;
  /** red when the count is above zero */
  alarm?: boolean;
}

const HANDLER: HomeCard[] = [
  { key: 'pendingSign', route: 'inbox', query: { tab: 'pending' } },
  { key: 'inProgress', route: 'inbox', query: { tab: 'signed' } },
  { key: 'dueSoon', route: 'inbox' },
  { key: 'overdue', route: 'inbox', alarm: true },
  { key: 'extensionPending', route: 'inbox', query: { tab: 'signed' } },
];
const CENTRE: HomeCard[] = [
  { key: 'toDispatch', route: 'tickets', query: { status: 'received' } },
  { key: 'feedbackToReview', route: 'review', query: { tab: 'feedback' } },
  { key: 'extensionRequests', route: 'review', query: { tab: 'extensions' } },
  { key: 'supervisionsOpen', route: 'review', query: { tab: 'supervisions' } },
  { key: 'dueSoon', route: 'tickets' },
  { key: 'overdue', route: 'review', query: { tab: 'overdue' }, alarm: true },
];
const AGENT: HomeCard[] = [
  { key: 'toDispatch', route: 'tickets', query: { status: 'received' } },
  { key: 'dueSoon', route: 'tickets' },
  { key: 'overdue', route: 'tickets', query: { overdue: 'true' }, alarm: true },
];
const REVISIT: HomeCard[] = [
  { key: 'awaitingRevisit', route: 'revisits' },
  { key: 'revisitFailed', route: 'tickets', query: { status: 'revisit_failed' }, alarm: true },
];

/** Cards of all the user's roles, each count once, in a stable order. */
export function cardsFor(roles: Role[]): HomeCard[] {
  const out: HomeCard[] = [];
  const add = (cards: HomeCard[]) => {
    for (const c of cards) if (!out.some((o) => o.key === c.key)) out.push(c);
  };
  if (roles.includes('department_handler')) add(HANDLER);
  if (roles.some((r) => r === 'supervisor' || r === 'shift_leader' || r === 'admin')) add(CENTRE);
  if (roles.includes('agent')) add(AGENT);
  if (roles.includes('revisit_agent')) add(REVISIT);
  return out;
}

export interface HomeLink {
  route: string;
  /** i18n keys */
  label: string;
  hint: string;
}

/** Pages offered as cards on a desk that has no ticket counts (the auditor sees no cases). */
export function linksFor(roles: Role[]): HomeLink[] {
  if (!roles.includes('auditor')) return [];
  return [
    { route: 'audit', label: 'security.nav.audit', hint: 'security.home.auditHint' },
    { route: 'security-alerts', label: 'security.nav.alerts', hint: 'security.home.alertsHint' },
  ];
}
