// The ONE place that talks to socket.io. It maps server events to Pinia store actions;
// components never touch the socket. Loaded lazily once a user is signed in.
import { watch } from 'vue';
import type { Pinia } from 'pinia';
import { io, type Socket } from 'socket.io-client';
import { notifyUnauthorized } from '../api/client';
// The event map is the server's own (type-only import, erased at build): both sides change together.
import type { ClientToServerEvents, ServerToClientEvents } from '../../../server/src/realtime/events';
import { useTicketsStore } from '../stores/tickets';
import { useWorkStore } from '../stores/work';
import { usePresenceStore } from '../stores/presence';
import { useQueuesStore } from '../stores/queues';
import { useSoftphoneStore } from '../stores/softphone';
import { useAuthStore } from '../stores/auth';
import { useNotificationsStore } from '../stores/notifications';
import { useSecurityAlertsStore } from '../stores/securityAlerts';
import { deadlineNoticeFor, noticeFor } from './notices';

/** Connects (same origin, session cookie) and returns a function that disconnects. */
export function startRealtime(pinia: Pinia): () => void {
  const tickets = useTicketsStore(pinia);
  // work queues refresh on any ticket/deadline event, stale or not (debounced in the store)
  const work = useWorkStore(pinia);
  const presence = usePresenceStore(pinia);
  const queues = useQueuesStore(pinia);
  const softphone = useSoftphoneStore(pinia);
  const auth = useAuthStore(pinia);
  const notices = useNotificationsStore(pinia);
  const securityAlerts = useSecurityAlertsStore(pinia);
  const notify = (event: {
    ticketId: number;
    number: string;
    action: string;
    status: string;
    actorId?: number | null;
  }) => {
    const kind = auth.user ? noticeFor(event, auth.user) : null;
    if (kind) notices.push(kind, event.ticketId, event.number);
  };
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
    path: '/socket.io',
    withCredentials: true,
    transports: ['websocket', 'polling'],
  });

  /** Drop events we have already seen (or superseded): event.version <= stored version. */
  const isStale = (ticketId: number, version: number): boolean => {
    const known = tickets.versionOf(ticketId);
    return known !== undefined && version <= known;
  };

  socket.on('ticket:created', (event) => {
    work.onRemoteChange();
    if (isStale(event.ticketId, event.version)) return;
    tickets.applyRemoteCreate(event);
  });

  socket.on('ticket:updated', (event) => {
    work.onRemoteChange();
    notify(event);
    if (isStale(event.ticketId, event.version)) return;
    tickets.applyRemoteUpdate(event);
  });

  const onDeadline = (event: { ticketId: number; number: string; phase: 'warn' | 'overdue' }) => {
    work.onRemoteChange();
    const kind = auth.user ? deadlineNoticeFor(event.phase, auth.user) : null;
    if (kind) notices.push(kind, event.ticketId, event.number);
  };
  socket.on('deadline:warning', onDeadline);
  socket.on('deadline:overdue', onDeadline);

  // agent presence (own state bar, wallboard); the store drops events older than what it shows
  socket.on('presence:changed', (event) => presence.applyRemote(event));
  socket.on('presence:connection', (event) => presence.applyConnection(event.userId, event.connected));
  // queue figures (wallboard): re-read, debounced in the store, only while a wallboard is open
  socket.on('queues:changed', () => queues.onRemoteChange());

  // the screen pop for the call ringing at this agent's phone, and its end
  socket.on('call:offered', (pop) => softphone.applyOffered(pop));
  socket.on('call:answered', (pop) => softphone.applyAnswered(pop));
  socket.on('call:ended', (event) => softphone.applyEnded(event.callId));

  // security alerts reach supervisors and administrators (the server's rooms decide): the header count, a notice
  socket.on('security:alert', (alert) => {
    securityAlerts.applyRaised(alert);
    notices.pushAlert(alert);
  });

  // the server ends the socket's session (logout elsewhere, expiry): same path as a 401 from the API
  socket.on('session:expired', () => notifyUnauthorized());

  let everConnected = false;
  socket.on('connect', () => {
    if (tickets.currentId !== null) socket.emit('ticket:watch', { ticketId: tickets.currentId });
    if (everConnected) tickets.resync(); // events may have been missed while disconnected
    if (everConnected) void presence.resync();
    if (everConnected) queues.onRemoteChange();
    if (everConnected) work.onRemoteChange();
    everConnected = true;
  });

  // the detail view opening/closing a ticket is store state; translate it into watch/unwatch
  const stopWatch = watch(
    () => tickets.currentId,
    (id, previous) => {
      if (!socket.connected) return; // 'connect' re-sends the watch
      if (previous !== null && previous !== undefined) socket.emit('ticket:unwatch', { ticketId: previous });
      if (id !== null) socket.emit('ticket:watch', { ticketId: id });
    },
  );

  return () => {
    stopWatch();
    socket.removeAllListeners();
    socket.disconnect();
  };
}
