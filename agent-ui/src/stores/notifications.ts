// "Something landed on your desk": notices derived from realtime events, newest first, kept for the session.
import { computed, ref } from 'vue';
import { defineStore } from 'pinia';

export type NoticeKind =
  | 'dispatched' // a unit received an assignment (or it came back for redo / rejected feedback)
  | 'feedback' // feedback to review
  | 'extension' // an extension request to decide, or the decision on one
  | 'sent_back' // a unit sent an assignment back: re-dispatch
  | 'supervision' // a supervision was opened or answered
  | 'revisit' // a ticket is waiting for its revisit call
  | 'revisit_failed' // the caller was not satisfied: redo or close
  | 'deadline_warning'
  | 'deadline_overdue'
  | 'security_alert'; // supervisors and administrators: a limit was exceeded, a sign-in throttled, the audit chain broke

export interface Notice {
  id: number;
  kind: NoticeKind;
  ticketId: number;
  number: string;
  at: number;
  read: boolean;
  /** a security alert (no ticket: ticketId is 0) */
  alert?: { id: number; kind: string; username: string | null };
}

const MAX_KEPT = 50;

export const useNotificationsStore = defineStore('notifications', () => {
  const items = ref<Notice[]>([]);
  const unread = computed(() => items.value.filter((n) => !n.read).length);
  let seq = 0;
  /** the last notice, for the toast the header shows */
  const latest = ref<Notice | null>(null);

  function push(kind: NoticeKind, ticketId: number, number: string): void {
    // one event can reach a user through several rooms; and a burst of events for one ticket is one notice
    const dup = items.value.find((n) => n.ticketId === ticketId && n.kind === kind && Date.now() - n.at < 2000);
    if (dup) return;
    const notice: Notice = { id: ++seq, kind, ticketId, number, at: Date.now(), read: false };
    items.value = [notice, ...items.value].slice(0, MAX_KEPT);
    latest.value = notice;
  }

  function pushAlert(alert: { id: number; kind: string; username: string | null }): void {
    if (items.value.some((n) => n.alert?.id === alert.id)) return;
    const notice: Notice = {
      id: ++seq,
      kind: 'security_alert',
      ticketId: 0,
      number: '',
      at: Date.now(),
      read: false,
      alert: { id: alert.id, kind: alert.kind, username: alert.username },
    };
    items.value = [notice, ...items.value].slice(0, MAX_KEPT);
    latest.value = notice;
  }

  function markAllRead(): void {
    items.value = items.value.map((n) => ({ ...n, read: true }));
  }

  function clear(): void {
    items.value = [];
    latest.value = null;
  }

  return { items, unread, latest, push, pushAlert, markAllRead, clear };
});
