// socket.io on the API's port, authenticated by the same session cookie. Rooms: user:<id>, unit:<id>,
// role:<role>, ticket:<id>. It only relays domain events that the bus publishes after commit.
import type http from 'node:http';
import { Server } from 'socket.io';
import type { EventBus } from '../lib/bus';
import { cookieToken } from '../modules/auth/routes';
import type { AuthService, SessionUser } from '../modules/auth/service';
import type { OrgCatalog } from '../modules/org/repository';
import type { TicketService } from '../modules/tickets/service';
import { presenceOnConnection, relayPresence } from '../modules/presence/realtime';
import type { PresenceService } from '../modules/presence/service';
import type { ClientToServerEvents, ServerToClientEvents } from './events';

const CENTRE_ROLES = ['agent', 'shift_leader', 'supervisor', 'revisit_agent', 'admin'];

export function attachRealtime(
  server: http.Server,
  deps: { auth: AuthService; bus: EventBus; org: OrgCatalog; tickets: TicketService; presence?: PresenceService },
) {
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { user: SessionUser }>(
    server,
    {
      serveClient: false,
    },
  );

  io.use(async (socket, next) => {
    const s = await deps.auth.authenticate(cookieToken(socket.handshake.headers.cookie)).catch(() => null);
    if (!s) return next(new Error('UNAUTHENTICATED'));
    socket.data.user = s.user;
    next();
  });

  io.on('connection', (socket) => {
    const u = socket.data.user;
    socket.join([`user:${u.id}`, ...u.roles.map((r) => `role:${r}`), ...(u.unitId ? [`unit:${u.unitId}`] : [])]);
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
  deps.bus.on('call.queues', () =>
    io.to(['role:shift_leader', 'role:supervisor', 'role:admin']).emit('queues:changed'),
  );
  return io;
}
