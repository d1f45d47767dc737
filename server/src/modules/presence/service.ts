// Agent presence: one transaction per change (row lock, close the open interval, open the next, bump the
// version), events published only after commit. Socket connections are counted in memory; the moment a
// user's last socket goes away is stored, so the grace sweep (an agenda job) works across restarts.
import type { Db } from '../../db/client';
import type { EventBus } from '../../lib/bus';
import { AppError, forbidden, validation } from '../../lib/errors';
import { parse } from '../../lib/validate';
import type { PresenceChangedPayload } from '../../realtime/events';
import type { SessionUser } from '../auth/service';
import { decide, hasPresence, seesWallboard, type PresenceSource, type PresenceState } from './domain';
import type { PresenceRepository, PresenceRow } from './repository';
import { historyQuerySchema, setPresenceSchema } from './schemas';
import { errorSummary } from '../../lib/safeError';

export interface PresenceView {
  userId: number;
  username?: string;
  displayName: string;
  state: PresenceState;
  reason: string | null;
  /** ISO time the current state began; null for someone never seen */
  since: string | null;
  version: number;
  /** has at least one live socket on this server */
  connected: boolean;
}

export function createPresenceService(deps: {
  db: Db;
  repo: PresenceRepository;
  bus: EventBus;
  clock: () => Date;
  graceSeconds: number;
}) {
  const { db, repo, bus, clock } = deps;
  /** live sockets per user id, on this process */
  const sockets = new Map<number, number>();
  /** per-user chain, so connection writes reach the database in the order the sockets came and went */
  const chains = new Map<number, Promise<void>>();

  const isConnected = (userId: number) => (sockets.get(userId) ?? 0) > 0;

  function payloadOf(row: PresenceRow, displayName: string): PresenceChangedPayload {
    return {
      userId: row.userId,
      displayName,
      state: row.state as PresenceState,
      reason: row.reason,
      since: row.since.toISOString(),
      version: row.version,
    };
  }

  /**
   * The one way a presence changes. `guard` re-checks a condition under the row lock (the grace sweep's
   * "still disconnected"); when it says no, nothing happens.
   */
  async function change(
    userId: number,
    input: unknown,
    source: PresenceSource,
    actorId: number | null,
    guard?: (cur: PresenceRow) => boolean,
  ): Promise<{ presence: PresenceView; changed: boolean }> {
    const target = parse(setPresenceSchema, input);
    const user = await repo.userById(db, userId);
    if (!user) throw new AppError('NOT_FOUND', 'User not found');
    const { row, changed } = await db.transaction(async (tx) => {
      await repo.ensure(tx, userId, clock());
      const cur = (await repo.lock(tx, userId))!;
      if (guard && !guard(cur)) return { row: cur, changed: false };
      const d = decide({ state: cur.state as PresenceState, reason: cur.reason as never }, target, source);
      if (!d.ok) {
        if (d.code === 'VALIDATION') throw validation(d.fields);
        throw new AppError('INVALID_TRANSITION', d.message, undefined, { from: cur.state, to: target.state });
      }
      if (!d.changed) return { row: cur, changed: false };
      // A change that waited for the lock must not start before the one it waited for: intervals stay ordered.
      const now = new Date(Math.max(clock().getTime(), cur.since.getTime()));
      return { row: await repo.change(tx, cur, { ...d.next, source, actorId }, now), changed: true };
    });
    const payload = payloadOf(row, user.displayName);
    if (changed) bus.publish([{ name: 'presence.changed', payload }]);
    return { presence: { ...payload, connected: isConnected(userId) }, changed };
  }

  function requirePresence(user: SessionUser) {
    if (!hasPresence(user.roles)) throw forbidden('This account has no agent presence');
  }
  function requireWallboard(user: SessionUser) {
    if (!seesWallboard(user.roles)) throw forbidden('Only shift leaders, supervisors and administrators');
  }

  function enqueue(userId: number, work: () => Promise<void>) {
    const next = (chains.get(userId) ?? Promise.resolve()).then(work).catch((e: Error) => {
      console.error(`[presence] connection update for user ${userId} failed: ${errorSummary(e)}`);
    });
    chains.set(userId, next);
    void next.then(() => {
      if (chains.get(userId) === next) chains.delete(userId);
    });
  }

  return {
    async me(user: SessionUser): Promise<PresenceView> {
      requirePresence(user);
      await db.transaction((tx) => repo.ensure(tx, user.id, clock()));
      const row = (await repo.find(db, user.id))!;
      return { ...payloadOf(row, user.displayName), username: user.username, connected: isConnected(user.id) };
    },

    /** The agent themselves (REST or socket). */
    async setMine(user: SessionUser, input: unknown, source: 'ui' | 'rest' | 'socket') {
      requirePresence(user);
      return change(user.id, input, source, user.id);
    },

    /** A leader changes an agent's state (send on a break, sign out someone who left). */
    async setFor(leader: SessionUser, userId: number, input: unknown) {
      requireWallboard(leader);
      const target = await repo.userById(db, userId);
      if (!target || !hasPresence(target.roles)) throw new AppError('NOT_FOUND', 'Agent not found');
      return change(userId, input, 'leader', leader.id);
    },

    /** For telephony and timers (no_answer, on_call, wrap-up over). */
    setBySystem(userId: number, input: unknown, source: 'telephony' | 'system') {
      return change(userId, input, source, null);
    },

    async agents(user: SessionUser): Promise<PresenceView[]> {
      requireWallboard(user);
      const rows = await repo.listAgents(db);
      return rows.map((r) => ({
        userId: r.userId,
        username: r.username,
        displayName: r.displayName,
        state: (r.state ?? 'offline') as PresenceState,
        reason: r.reason,
        since: r.since?.toISOString() ?? null,
        version: r.version ?? 0,
        connected: isConnected(r.userId),
      }));
    },

    // ---- for telephony (calls move agents through on-call and after-call work) ----------------------
    /** Every presence-capable agent with their current state, for the ACD. */
    async floor() {
      const rows = await repo.listAgents(db);
      return rows.map((r) => ({
        userId: r.userId,
        state: (r.state ?? 'offline') as PresenceState,
        since: r.since ?? new Date(0),
        skills: r.skills,
      }));
    },
    async setByTelephony(userId: number, state: PresenceState, reason?: 'no_answer') {
      return change(userId, reason ? { state, reason } : { state }, 'telephony', null);
    },
    /** Wrap-up time is over: back to ready, unless the agent already chose something else. */
    async finishWrapUp(userId: number) {
      return change(userId, { state: 'ready' }, 'telephony', null, (cur) => cur.state === 'after_call_work');
    },

    /** Attendance: the intervals of one agent in [from, to). Leaders see everyone, an agent themselves. */
    async history(user: SessionUser, query: unknown) {
      const q = parse(historyQuerySchema, query);
      if (q.userId !== user.id) requireWallboard(user);
      const from = new Date(q.from);
      const to = new Date(q.to);
      if (to <= from) throw validation({ to: 'Must be after from' });
      const rows = await repo.history(db, q.userId, from, to);
      return rows.map((r) => ({
        state: r.state,
        reason: r.reason,
        startedAt: r.startedAt.toISOString(),
        endedAt: r.endedAt?.toISOString() ?? null,
        source: r.source,
        actorId: r.actorId,
      }));
    },

    /** Logout ends the shift: offline. Never fails the logout itself. */
    async onLogout(user: SessionUser): Promise<void> {
      if (!hasPresence(user.roles)) return;
      await change(user.id, { state: 'offline' }, 'system', user.id).catch((e: Error) =>
        console.error(`[presence] offline on logout of ${user.id} failed: ${errorSummary(e)}`),
      );
    },

    socketConnected(user: SessionUser): void {
      const count = (sockets.get(user.id) ?? 0) + 1;
      sockets.set(user.id, count);
      if (!hasPresence(user.roles)) return;
      if (count === 1) bus.publish([{ name: 'presence.connection', payload: { userId: user.id, connected: true } }]);
      enqueue(user.id, () => repo.markConnection(db, user.id, isConnected(user.id), clock()));
    },

    socketDisconnected(user: SessionUser): void {
      const left = Math.max(0, (sockets.get(user.id) ?? 0) - 1);
      if (left) sockets.set(user.id, left);
      else sockets.delete(user.id);
      if (!hasPresence(user.roles)) return;
      if (!left) bus.publish([{ name: 'presence.connection', payload: { userId: user.id, connected: false } }]);
      // The count is read when the write runs, so a quick reconnect in between wins.
      enqueue(user.id, () => repo.markConnection(db, user.id, isConnected(user.id), clock()));
    },

    /** Wait until queued connection writes are done (tests, shutdown). */
    async settled(): Promise<void> {
      await Promise.all([...chains.values()]);
    },

    /**
     * Agents whose last socket went away more than the grace period ago go offline. Idempotent: the
     * condition is re-checked under the row lock, so a second run (or a second server) changes nothing.
     */
    async graceSweep(): Promise<{ offline: number }> {
      const cutoff = new Date(clock().getTime() - deps.graceSeconds * 1000);
      let offline = 0;
      for (const userId of await repo.graceExpired(db, cutoff)) {
        const r = await change(
          userId,
          { state: 'offline' },
          'grace',
          null,
          (cur) => cur.state !== 'offline' && !!cur.disconnectedAt && cur.disconnectedAt < cutoff,
        );
        if (r.changed) offline++;
      }
      return { offline };
    },

    /** On start nobody is connected to this process yet: begin everyone's grace period now. */
    startup(): Promise<void> {
      return repo.markAllDisconnected(db, clock());
    },
  };
}
export type PresenceService = ReturnType<typeof createPresenceService>;
