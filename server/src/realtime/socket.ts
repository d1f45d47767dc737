// socket.io on the API's port, authenticated by the same session cookie. Rooms: user:<id>, unit:<id>,
// role:<role>, ticket:<id>. It only relays domain events that the bus publishes after commit.
import type http from 'node:http';
import { Server } from 'socket.io';
import type { OriginPolicy } from '../http/security';
import type { EventBus } from '../lib/bus';
import { cookieToken } from '../modules/auth/routes';
import type { AuthService, SessionUser } from '../modules/auth/service';
import type { OrgCatalog } from '../modules/org/repository';
import type { TicketService } from '../modules/tickets/service';
import { presenceOnConnection, relayPresence } from '../modules/presence/realtime';
import type { PresenceService } from '../modules/presence/service';
import type { ClientToServerEvents, ServerToClientEvents } from './events';

const CENTRE_ROLES = ['agent', 'shift_leader', 'supervisor', 'revisit_agent', 'admin'];
const SESSION_SWEEP_MS = 5_000;

export function attachRealtime(
  server: http.Server,
  deps: {
    auth: AuthService;
    bus: EventBus;
    org: OrgCatalog;
    tickets: TicketService;
    presence?: PresenceService;
    /** the HTTP app's policy (http/security.ts): one rule for requests and handshakes */
    origins: OriginPolicy;
  },
) {
  // Browsers send the cookie with a WebSocket from any site (no CORS there): a handshake from a foreign
  // Origin is refused like a cross-site POST.
  const { origins } = deps;
  const io = new Server<
    ClientToServerEvents,
    ServerToClientEvents,
    Record<string, never>,
    { user: SessionUser; sessionIdHash: string }
  >(server, {
    serveClient: false,
    allowRequest: (req, done) => done(null, origins.refusal(req) === null),
  });

  io.use(async (socket, next) => {
    const s = await deps.auth.authenticate(cookieToken(socket.handshake.headers.cookie)).catch(() => null);
    // a session half-way through sign-in, or one that must change its password first, gets no events
    if (!s || s.mfaPending || s.user.restriction) return next(new Error('UNAUTHENTICATED'));
    socket.data.user = s.user;
    socket.data.sessionIdHash = s.idHash;
    next();
  });

  /** The session behind a socket ended: tell the desk (it goes to the login page) and hang up. */
  const expire = (target: { emit(ev: 'session:expired'): unknown; disconnect(close?: boolean): unknown }) => {
    target.emit('session:expired');
    target.disconnect(true);
  };
  deps.bus.on('session.ended', ({ idHashes }) => {
    for (const h of idHashes) {
      io.in(`session:${h}`).emit('session:expired');
      io.in(`session:${h}`).disconnectSockets(true);
    }
  });
  // Sessions also end without an event here: idle or absolute expiry, or a logout on another node.
  // Every few seconds each socket's session is checked (from the auth cache: cheap, no touch).
  const sweep = setInterval(() => {
    for (const socket of io.of('/').sockets.values()) {
      void deps.auth
        .check(socket.data.sessionIdHash, { touch: false })
        .then((s) => {
          if (!s || s.user.restriction) expire(socket);
        })
        .catch(() => undefined); // database away: keep the socket, the next sweep decides
    }
  }, SESSION_SWEEP_MS);
  sweep.unref();
  const close = io.close.bind(io);
  io.close = (fn) => {
    clearInterval(sweep);
    return close(fn);
  };

  io.on('connection', (socket) => {
    const u = socket.data.user;
    socket.join([
      `user:${u.id}`,
      `session:${socket.data.sessionIdHash}`,
      ...u.roles.map((r) => `role:${r}`),
      ...(u.unitId ? [`unit:${u.unitId}`] : []),
    ]);
    // every event from the desk proves the session still lives (and counts as activity)
    socket.use((_packet, next) => {
      deps.auth
        .check(socket.data.sessionIdHash)
        .then((s) => (s && !s.user.restriction ? next() : expire(socket)))
        .catch(() => next(new Error('UNAVAILABLE')));
    });
    if (deps.presence) presenceOnConnection(socket, deps.presence);
    socket.on('ticket:watch', async ({ ticketId }, ack) => {
      try {
        await deps.tickets.get(u, Number(ticketId)); // throws 404 outside the user's scope
        await socket.join(`ticket:${Number(ticketId)}`);
        ack?.({ ok: true });
      } catch {
        ack?.({ ok: false, error: 'NOT_FOUND' });
      }
    });
    socket.on('ticket:unwatch', ({ ticketId }) => void socket.leave(`ticket:${Number(ticketId)}`));
  });

  /** A unit sees events for its own assignments and for those of its sub-units. */
  const unitRooms = (unitIds: number[]) => {
    const rooms = new Set<string>();
    for (const id of unitIds) {
      const path = deps.org.get(id)?.path ?? `/${id}/`;
      for (const part of path.split('/').filter(Boolean)) rooms.add(`unit:${part}`);
    }
    return [...rooms];
  };
  const audience = (ticketId: number, unitIds: number[]) => [
    `ticket:${ticketId}`,
    ...CENTRE_ROLES.map((r) => `role:${r}`),
    ...unitRooms(unitIds),
  ];

  deps.bus.on('ticket.created', ({ unitIds, ...p }) => io.to(audience(p.ticketId, unitIds)).emit('ticket:created', p));
  deps.bus.on('ticket.updated', ({ unitIds, ...p }) => io.to(audience(p.ticketId, unitIds)).emit('ticket:updated', p));
  deps.bus.on('deadline.fired', ({ unitIds, ...p }) =>
    io.to(audience(p.ticketId, unitIds)).emit(p.phase === 'warn' ? 'deadline:warning' : 'deadline:overdue', p),
  );
  if (deps.presence) relayPresence(io, deps.bus);
  // telephony: the screen pop and call state go to the agent's own desk; queue changes to the wallboards
  deps.bus.on('call.desk', (e) => {
    if (e.kind === 'ended') io.to(`user:${e.userId}`).emit('call:ended', { callId: e.callId });
    else io.to(`user:${e.userId}`).emit(e.kind === 'offered' ? 'call:offered' : 'call:answered', e.pop);
  });
  deps.bus.on('security.alert', (a) =>
    io.to(['role:supervisor', 'role:admin', 'role:auditor']).emit('security:alert', a),
  );
  deps.bus.on('call.queues', () =>
    io.to(['role:shift_leader', 'role:supervisor', 'role:admin']).emit('queues:changed'),
  );
  return io;
}
