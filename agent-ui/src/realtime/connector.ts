// The ONE place that talks to socket.io. It maps server events to Pinia store actions;
// components never touch the socket. Loaded lazily once a user is signed in.
import { watch } from 'vue';
import type { Pinia } from 'pinia';
import { io, type Socket } from 'socket.io-client';
import { notifyUnauthorized } from '../api/client';
// The event map is the server's own (type-only import, erased at build): both sides change together.
import type { ClientToServerEvents, ServerToClientEvents } from '../../../server/src/realtime/events';
import { useTicketsStore } from '../stores/tickets';

/** Connects (same origin, session cookie) and returns a function that disconnects. */
export function startRealtime(pinia: Pinia): () => void {
  const tickets = useTicketsStore(pinia);
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
    if (isStale(event.ticketId, event.version)) return;
    tickets.applyRemoteCreate(event);
  });

  socket.on('ticket:updated', (event) => {
    if (isStale(event.ticketId, event.version)) return;
    tickets.applyRemoteUpdate(event);
  });

  // the server ends the socket's session (logout elsewhere, expiry): same path as a 401 from the API
  socket.on('session:expired', () => notifyUnauthorized());

  let everConnected = false;
  socket.on('connect', () => {
    if (tickets.currentId !== null) socket.emit('ticket:watch', { ticketId: tickets.currentId });
    if (everConnected) tickets.resync(); // events may have been missed while disconnected
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
