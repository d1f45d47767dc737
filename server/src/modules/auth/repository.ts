import { and, desc, eq, gt, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { orgUnits, passwordHistory, sessions, users } from '../../db/schema';

export type UserRow = typeof users.$inferSelect & { unitName: string | null; unitPath: string | null };
export type SessionRow = typeof sessions.$inferSelect;

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
  const live = (now: Date) =>
    and(isNull(sessions.revokedAt), or(isNull(sessions.expiresAt), gt(sessions.expiresAt, now)));
  return {
    async findByUsername(username: string): Promise<UserRow | null> {
      const [r] = await userWithUnit().where(eq(users.username, username));
      return r ? flat(r) : null;
    },
    async findUser(id: number): Promise<UserRow | null> {
      const [r] = await userWithUnit().where(eq(users.id, id));
      return r ? flat(r) : null;
    },
    async createSession(s: typeof sessions.$inferInsert) {
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
    /** true when this call ended it (a session ends once, for one reason) */
    async endSession(idHash: string, at: Date, reason: string): Promise<boolean> {
      const r = await db
        .update(sessions)
        .set({ revokedAt: at, endReason: reason })
        .where(and(eq(sessions.idHash, idHash), isNull(sessions.revokedAt)))
        .returning({ idHash: sessions.idHash });
      return r.length > 0;
    },
    /** End every live session of a user (except one); the ended sessions' ids. */
    async endUserSessions(userId: number, at: Date, reason: string, except?: string): Promise<string[]> {
      const r = await db
        .update(sessions)
        .set({ revokedAt: at, endReason: reason })
        .where(
          and(
            eq(sessions.userId, userId),
            isNull(sessions.revokedAt),
            ...(except ? [ne(sessions.idHash, except)] : []),
          ),
        )
        .returning({ idHash: sessions.idHash });
      return r.map((x) => x.idHash);
    },
    async liveSessions(userId: number, now: Date) {
      return db
        .select()
        .from(sessions)
        .where(and(eq(sessions.userId, userId), live(now), eq(sessions.mfaPending, false)))
        .orderBy(desc(sessions.lastSeenAt));
    },
    async passwordHashes(userId: number, n: number): Promise<string[]> {
      if (n <= 0) return [];
      const rows = await db
        .select({ hash: passwordHistory.hash })
        .from(passwordHistory)
        .where(eq(passwordHistory.userId, userId))
        .orderBy(desc(passwordHistory.createdAt), desc(passwordHistory.id))
        .limit(n);
      return rows.map((r) => r.hash);
    },
    /** New password: the hash, its history row, the forced-change flag; the version moves on. */
    async setPassword(userId: number, hash: string, at: Date, mustChange: boolean) {
      await db
        .update(users)
        .set({
          passwordHash: hash,
          passwordChangedAt: at,
          mustChangePassword: mustChange,
          version: sql`${users.version} + 1`,
          updatedAt: at,
        })
        .where(eq(users.id, userId));
      await db.insert(passwordHistory).values({ userId, hash, createdAt: at });
      // keep the last 24 (the most the policy may ask for)
      await db.execute(sql`delete from password_history where user_id = ${userId} and id not in
        (select id from password_history where user_id = ${userId} order by created_at desc, id desc limit 24)`);
    },
    async setTotp(
      userId: number,
      patch: { secretEnc: string | null; enabledAt: Date | null; lastStep: number | null },
      at: Date,
    ) {
      await db
        .update(users)
        .set({
          totpSecretEnc: patch.secretEnc,
          totpEnabledAt: patch.enabledAt,
          totpLastStep: patch.lastStep,
          version: sql`${users.version} + 1`,
          updatedAt: at,
        })
        .where(eq(users.id, userId));
    },
    /** Record a used TOTP step; false when this step (or a later one) was used already: a replay. */
    async useTotpStep(userId: number, step: number): Promise<boolean> {
      const r = await db
        .update(users)
        .set({ totpLastStep: step })
        .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), sql`${users.totpLastStep} < ${step}`)))
        .returning({ id: users.id });
      return r.length > 0;
    },
    async usersByIds(ids: number[]) {
      if (!ids.length) return [];
      return db.select({ id: users.id, username: users.username }).from(users).where(inArray(users.id, ids));
    },
  };
}
export type AuthRepository = ReturnType<typeof createAuthRepository>;
