// socket.io glue for presence, called from realtime/socket.ts: connection counting, `presence:set` and the
// relay of committed changes to the agent's own room and the rooms of everyone who watches the wallboard.
import type { Server, Socket } from 'socket.io';
import { AppError } from '../../lib/errors';
import type { EventBus } from '../../lib/bus';
import type { SessionUser } from '../auth/service';
import type { ClientToServerEvents, ServerToClientEvents } from '../../realtime/events';
import { WALLBOARD_ROLES } from './domain';
import type { PresenceService } from './service';
import { describeError } from '../../lib/safeError';

type Io = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { user: SessionUser }>;
type Sock = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { user: SessionUser }>;

/** Per connection: count it (synchronously, before anything async) and handle `presence:set`. */
export function presenceOnConnection(socket: Sock, presence: PresenceService): void {
  const u = socket.data.user;
  presence.socketConnected(u);
  socket.on('disconnect', () => presence.socketDisconnected(u));
  socket.on('presence:set', async (p, ack) => {
    try {
      const { presence: view } = await presence.setMine(u, p, 'socket');
      const { connected: _c, username: _u, ...payload } = view;
      ack?.({ ok: true, presence: { ...payload, since: payload.since ?? new Date().toISOString() } });
    } catch (e) {
      if (e instanceof AppError) ack?.({ ok: false, error: e.code, fields: e.fields });
      else {
        console.error(`[presence] presence:set failed: ${describeError(e)}`);
        ack?.({ ok: false, error: 'INTERNAL' });
      }
    }
  });
}

export function relayPresence(io: Io, bus: EventBus): void {
  bus.on('presence.connection', (p) => io.to(WALLBOARD_ROLES.map((r) => `role:${r}`)).emit('presence:connection', p));
  bus.on('presence.changed', (p) =>
    io.to([`user:${p.userId}`, ...WALLBOARD_ROLES.map((r) => `role:${r}`)]).emit('presence:changed', p),
  );
}
