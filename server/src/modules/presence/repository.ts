// SQL only. Every function takes the db or the open transaction it must run in.
import { and, asc, eq, gt, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { agentPresence, agentStateEvents, users } from '../../db/schema';
import { PRESENCE_ROLES } from './domain';

export type PresenceRow = typeof agentPresence.$inferSelect;
export type StateEventRow = typeof agentStateEvents.$inferSelect;

export interface AgentPresenceRow {
  userId: number;
  username: string;
  displayName: string;
  roles: string[];
  /** lines this agent takes (telephony); empty: every line */
  skills: string[];
  state: string | null;
  reason: string | null;
  since: Date | null;
  version: number | null;
  disconnectedAt: Date | null;
}

const rolesSql = sql.raw(`array[${PRESENCE_ROLES.map((r) => `'${r}'`).join(',')}]::text[]`);

export function createPresenceRepository() {
  return {
    async find(db: DbOrTx, userId: number): Promise<PresenceRow | null> {
      const [r] = await db.select().from(agentPresence).where(eq(agentPresence.userId, userId));
      return r ?? null;
    },

    /**
     * Create the offline row (and its open interval) the first time a user is seen. Concurrent first calls
     * wait on the primary key; only the one that inserted writes the interval.
     */
    async ensure(tx: DbOrTx, userId: number, now: Date): Promise<void> {
      const inserted = await tx
        .insert(agentPresence)
        .values({ userId, state: 'offline', reason: null, since: now, version: 1 })
        .onConflictDoNothing()
        .returning({ userId: agentPresence.userId });
      if (inserted.length)
        await tx
          .insert(agentStateEvents)
          .values({ userId, state: 'offline', reason: null, startedAt: now, source: 'system', actorId: null });
    },

    async lock(tx: DbOrTx, userId: number): Promise<PresenceRow | null> {
      const [r] = await tx.select().from(agentPresence).where(eq(agentPresence.userId, userId)).for('update');
      return r ?? null;
    },

    /** Close the open interval at `now` and open the next one; bump the version. Caller holds the row lock. */
    async change(
      tx: DbOrTx,
      cur: PresenceRow,
      next: { state: string; reason: string | null; source: string; actorId: number | null },
      now: Date,
    ): Promise<PresenceRow> {
      await tx
        .update(agentStateEvents)
        .set({ endedAt: now })
        .where(and(eq(agentStateEvents.userId, cur.userId), isNull(agentStateEvents.endedAt)));
      await tx.insert(agentStateEvents).values({
        userId: cur.userId,
        state: next.state,
        reason: next.reason,
        startedAt: now,
        source: next.source,
        actorId: next.actorId,
      });
      const [r] = await tx
        .update(agentPresence)
        .set({ state: next.state, reason: next.reason, since: now, version: cur.version + 1 })
        .where(eq(agentPresence.userId, cur.userId))
        .returning();
      return r;
    },

    /** Set (connected=false, keeping an earlier time) or clear the moment the user's last socket went away. */
    async markConnection(db: DbOrTx, userId: number, connected: boolean, now: Date): Promise<void> {
      await db
        .update(agentPresence)
        .set({
          disconnectedAt: connected ? null : sql`coalesce(${agentPresence.disconnectedAt}, ${now.toISOString()})`,
        })
        .where(eq(agentPresence.userId, userId));
    },

    /** After a restart nobody is connected yet: start everyone's grace period now (clients reconnect in seconds). */
    async markAllDisconnected(db: DbOrTx, now: Date): Promise<void> {
      await db
        .update(agentPresence)
        .set({ disconnectedAt: now })
        .where(and(isNull(agentPresence.disconnectedAt), ne(agentPresence.state, 'offline')));
    },

    async graceExpired(db: DbOrTx, cutoff: Date): Promise<number[]> {
      const rows = await db
        .select({ userId: agentPresence.userId })
        .from(agentPresence)
        .where(and(lt(agentPresence.disconnectedAt, cutoff), ne(agentPresence.state, 'offline')))
        .limit(500);
      return rows.map((r) => r.userId);
    },

    /** Every active user with a presence-capable role, with their presence row when they have one. */
    async listAgents(db: DbOrTx): Promise<AgentPresenceRow[]> {
      return db
        .select({
          userId: users.id,
          username: users.username,
          displayName: users.displayName,
          roles: users.roles,
          skills: users.skills,
          state: agentPresence.state,
          reason: agentPresence.reason,
          since: agentPresence.since,
          version: agentPresence.version,
          disconnectedAt: agentPresence.disconnectedAt,
        })
        .from(users)
        .leftJoin(agentPresence, eq(agentPresence.userId, users.id))
        .where(and(eq(users.active, true), sql`${users.roles} && ${rolesSql}`))
        .orderBy(asc(users.username));
    },

    async userById(db: DbOrTx, userId: number) {
      const [u] = await db
        .select({ id: users.id, displayName: users.displayName, roles: users.roles })
        .from(users)
        .where(eq(users.id, userId));
      return u ?? null;
    },

    /** Intervals of one user overlapping [from, to), oldest first. */
    async history(db: DbOrTx, userId: number, from: Date, to: Date): Promise<StateEventRow[]> {
      return db
        .select()
        .from(agentStateEvents)
        .where(
          and(
            eq(agentStateEvents.userId, userId),
            lt(agentStateEvents.startedAt, to),
            or(isNull(agentStateEvents.endedAt), gt(agentStateEvents.endedAt, from)),
          ),
        )
        .orderBy(asc(agentStateEvents.startedAt), asc(agentStateEvents.id))
        .limit(5000);
    },

    /** Intervals of many users overlapping [from, to) (attendance of a shift, a month's settlement). */
    async historyOfMany(db: DbOrTx, userIds: number[], from: Date, to: Date): Promise<StateEventRow[]> {
      if (!userIds.length) return [];
      return db
        .select()
        .from(agentStateEvents)
        .where(
          and(
            inArray(agentStateEvents.userId, userIds),
            lt(agentStateEvents.startedAt, to),
            or(isNull(agentStateEvents.endedAt), gt(agentStateEvents.endedAt, from)),
          ),
        )
        .orderBy(asc(agentStateEvents.userId), asc(agentStateEvents.startedAt), asc(agentStateEvents.id));
    },
  };
}
export type PresenceRepository = ReturnType<typeof createPresenceRepository>;
