// Which realtime events land on whose desk. Pure: the connector feeds it events and the user's roles.
import type { Role } from '../api/types';
import type { NoticeKind } from '../stores/notifications';

const CENTRE_DESK: Role[] = ['supervisor', 'shift_leader', 'admin'];

export function noticeFor(
  event: { action: string; status: string; actorId?: number | null },
  user: { id: number; roles: Role[] },
): NoticeKind | null {
  if (event.actorId === user.id) return null; // nobody needs to be told about what they just did
  const has = (...roles: Role[]) => roles.some((r) => user.roles.includes(r));
  const handler = has('department_handler');
  const centre = has(...CENTRE_DESK);
  switch (event.action) {
    case 'dispatch':
    case 'redo':
      return handler ? 'dispatched' : null;
    case 'review':
      if (handler && event.status === 'processing') return 'dispatched'; // feedback rejected: back to the unit
      if (has('revisit_agent') && event.status === 'pending_revisit') return 'revisit';
      return null;
    case 'feedback':
      return centre ? 'feedback' : null;
    case 'request_extension':
      return centre ? 'extension' : null;
    case 'decide_extension':
      return handler ? 'extension' : null;
    case 'send_back':
      return centre || has('agent') ? 'sent_back' : null;
    case 'supervise_open':
      return handler ? 'supervision' : null;
    case 'supervise_respond':
      return centre ? 'supervision' : null;
    case 'revisit':
      return centre && event.status === 'revisit_failed' ? 'revisit_failed' : null;
    default:
      return null;
  }
}

/** Deadline warnings concern the unit that holds the ticket and the centre desk that supervises it. */
export function deadlineNoticeFor(phase: 'warn' | 'overdue', user: { roles: Role[] }): NoticeKind | null {
  const concerned = user.roles.some((r) => r === 'department_handler' || CENTRE_DESK.includes(r));
  if (!concerned) return null;
  return phase === 'warn' ? 'deadline_warning' : 'deadline_overdue';
}
