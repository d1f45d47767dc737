// SQL only: softphone credentials and registrations.
import { and, asc, eq, gt, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { sipCredentials, sipRegistrations, users } from '../../db/schema';

export function createSoftphoneRepository() {
  return {
    async credentialsOf(db: DbOrTx, userId: number) {
      const [r] = await db.select().from(sipCredentials).where(eq(sipCredentials.userId, userId));
      return r ?? null;
    },
    async credentialsBySipUser(db: DbOrTx, sipUser: string) {
      const [r] = await db
        .select({ c: sipCredentials, active: users.active })
        .from(sipCredentials)
        .innerJoin(users, eq(users.id, sipCredentials.userId))
        .where(eq(sipCredentials.sipUser, sipUser));
      return r ? { ...r.c, active: r.active } : null;
    },
    /** First issue wins: two tabs asking at once both get the row that was stored. */
    async insertCredentials(db: DbOrTx, row: typeof sipCredentials.$inferInsert): Promise<boolean> {
      const inserted = await db
        .insert(sipCredentials)
        .values(row)
        .onConflictDoNothing()
        .returning({ userId: sipCredentials.userId });
      return inserted.length > 0;
    },
    async upsertRegistration(db: DbOrTx, row: typeof sipRegistrations.$inferInsert) {
      await db
        .insert(sipRegistrations)
        .values(row)
        .onConflictDoUpdate({
          target: [sipRegistrations.userId, sipRegistrations.contact],
          set: {
            received: row.received,
            userAgent: row.userAgent,
            registeredAt: row.registeredAt,
            expiresAt: row.expiresAt,
          },
        });
    },
    async removeRegistration(db: DbOrTx, userId: number, contact: string | null) {
      await db
        .delete(sipRegistrations)
        .where(
          contact
            ? and(eq(sipRegistrations.userId, userId), eq(sipRegistrations.contact, contact))
            : eq(sipRegistrations.userId, userId),
        );
    },
    async purgeExpired(db: DbOrTx, now: Date) {
      await db.delete(sipRegistrations).where(lte(sipRegistrations.expiresAt, now));
    },
    async live(db: DbOrTx, now: Date, userId?: number) {
      return db
        .select({
          userId: sipRegistrations.userId,
          username: users.username,
          displayName: users.displayName,
          contact: sipRegistrations.contact,
          received: sipRegistrations.received,
          userAgent: sipRegistrations.userAgent,
          registeredAt: sipRegistrations.registeredAt,
          expiresAt: sipRegistrations.expiresAt,
        })
        .from(sipRegistrations)
        .innerJoin(users, eq(users.id, sipRegistrations.userId))
        .where(and(gt(sipRegistrations.expiresAt, now), userId ? eq(sipRegistrations.userId, userId) : sql`true`))
        .orderBy(asc(users.username), asc(sipRegistrations.id));
    },
  };
}
export type SoftphoneRepository = ReturnType<typeof createSoftphoneRepository>;
