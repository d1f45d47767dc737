import { and, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { orgUnits, sessions, users } from '../../db/schema';

export type UserRow = typeof users.$inferSelect & { unitName: string | null; unitPath: string | null };

export function createAuthRepository(db: DbOrTx) {
  const userWithUnit = () =>
    db
      .select({ u: users, unitName: orgUnits.name, unitPath: orgUnits.path })
      .from(users)
      .leftJoin(orgUnits, eq(orgUnits.id, users.unitId));
  const flat = (r: { u: typeof users.$inferSelect; unitName: string | null; unitPath: string | null }): UserRow => ({
    ...r.u,
    unitName: r.unitName,
    unitPath: r.unitPath,
  });
  return {
    async findByUsername(username: string): Promise<UserRow | null> {
      const [r] = await userWithUnit().where(eq(users.username, username));
      return r ? flat(r) : null;
    },
    async recordFailure(userId: number, maxFailures: number, lockUntil: Date): Promise<{ locked: boolean }> {
      // One statement, so two parallel wrong guesses cannot both read "4 failures" and skip the lock.
      const [r] = await db
        .update(users)
        .set({
          failedLoginCount: sql`case when ${users.failedLoginCount} + 1 >= ${maxFailures} then 0 else ${users.failedLoginCount} + 1 end`,
          lockedUntil: sql`case when ${users.failedLoginCount} + 1 >= ${maxFailures} then ${lockUntil.toISOString()}::timestamptz else ${users.lockedUntil} end`,
        })
        .where(eq(users.id, userId))
        .returning({ lockedUntil: users.lockedUntil });
      return { locked: !!r?.lockedUntil && r.lockedUntil.getTime() === lockUntil.getTime() };
    },
    async resetFailures(userId: number) {
      await db.update(users).set({ failedLoginCount: 0, lockedUntil: null }).where(eq(users.id, userId));
    },
    async createSession(s: {
      idHash: string;
      userId: number;
      ip: string | null;
      userAgent: string | null;
      createdAt: Date;
      lastSeenAt: Date;
    }) {
      await db.insert(sessions).values(s);
    },
    async findSession(idHash: string) {
      const [r] = await db
        .select({ s: sessions, u: users, unitName: orgUnits.name, unitPath: orgUnits.path })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .leftJoin(orgUnits, eq(orgUnits.id, users.unitId))
        .where(and(eq(sessions.idHash, idHash), isNull(sessions.revokedAt)));
      return r ? { session: r.s, user: flat(r) } : null;
    },
    async touchSession(idHash: string, at: Date) {
      await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.idHash, idHash));
    },
    async revokeSession(idHash: string, at: Date) {
      await db.update(sessions).set({ revokedAt: at }).where(eq(sessions.idHash, idHash));
    },
  };
}
export type AuthRepository = ReturnType<typeof createAuthRepository>;
