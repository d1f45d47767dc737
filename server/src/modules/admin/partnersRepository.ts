// SQL of the contract partners (clients 甲方 and contractors 乙方).
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { partners } from '../../db/schema';

export type PartnerRow = typeof partners.$inferSelect;
export type PartnerInput = Omit<PartnerRow, 'id' | 'version' | 'updatedAt'>;

export function createPartnersRepository() {
  return {
    async all(db: DbOrTx): Promise<PartnerRow[]> {
      return db.select().from(partners).orderBy(asc(partners.kind), asc(partners.name));
    },
    async get(db: DbOrTx, id: number, opts: { lock?: boolean } = {}): Promise<PartnerRow | null> {
      const q = db.select().from(partners).where(eq(partners.id, id));
      const [r] = opts.lock ? await q.for('update') : await q;
      return r ?? null;
    },
    async nameTaken(db: DbOrTx, name: string, exceptId?: number): Promise<boolean> {
      const same = sql`lower(${partners.name}) = lower(${name})`;
      const rows = await db
        .select({ id: partners.id })
        .from(partners)
        .where(exceptId ? and(same, ne(partners.id, exceptId)) : same);
      return rows.length > 0;
    },
    async insert(db: DbOrTx, p: PartnerInput, now: Date): Promise<PartnerRow> {
      const [r] = await db
        .insert(partners)
        .values({ ...p, updatedAt: now })
        .returning();
      return r;
    },
    async update(db: DbOrTx, id: number, patch: Partial<PartnerInput>, version: number, now: Date) {
      const [r] = await db
        .update(partners)
        .set({ ...patch, version, updatedAt: now })
        .where(eq(partners.id, id))
        .returning();
      return r;
    },
    async remove(db: DbOrTx, id: number): Promise<void> {
      await db.delete(partners).where(eq(partners.id, id));
    },
  };
}
export type PartnersRepository = ReturnType<typeof createPartnersRepository>;
