// SQL only for contract versions and the facts a settlement counts. Every function takes the db or the open
// transaction it must run in.
import { and, asc, desc, eq, gte, lte, or, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { contractFacts, contracts, users } from '../../db/schema';
import type { Contract } from './domain';

export type ContractRow = typeof contracts.$inferSelect;

/** A contract version as stored: the searchable columns beside the whole document. */
export const contractRowOf = (c: Contract, createdBy: number | null = null) => ({
  code: c.code,
  version: c.version,
  name: c.name,
  periodFrom: c.period.from,
  periodTo: c.period.to,
  totalFen: c.totalFen,
  document: c,
  createdBy,
});
export type FactRow = typeof contractFacts.$inferSelect;

export function createContractsRepository() {
  return {
    /** Every version of every contract, newest version first within a code. */
    async all(db: DbOrTx): Promise<ContractRow[]> {
      return db.select().from(contracts).orderBy(asc(contracts.code), desc(contracts.version));
    },

    async versions(db: DbOrTx, code: string): Promise<ContractRow[]> {
      return db.select().from(contracts).where(eq(contracts.code, code)).orderBy(asc(contracts.version));
    },

    async version(db: DbOrTx, code: string, version: number): Promise<ContractRow | null> {
      const [r] = await db
        .select()
        .from(contracts)
        .where(and(eq(contracts.code, code), eq(contracts.version, version)));
      return r ?? null;
    },

    /** Serialises changes to one contract code (new versions are numbered from the newest). */
    async lockCode(db: DbOrTx, code: string): Promise<void> {
      await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`contract:${code}`}))`);
    },

    async insert(db: DbOrTx, row: typeof contracts.$inferInsert): Promise<ContractRow> {
      const [r] = await db.insert(contracts).values(row).returning();
      return r;
    },

    async setStatus(db: DbOrTx, id: number, status: string): Promise<void> {
      await db.update(contracts).set({ status }).where(eq(contracts.id, id));
    },

    // ---- facts -------------------------------------------------------------------------------------
    async facts(
      db: DbOrTx,
      q: { code: string; from: string; to: string; includeVoided?: boolean },
    ): Promise<(FactRow & { createdByName: string | null })[]> {
      const rows = await db
        .select({ f: contractFacts, createdByName: users.displayName })
        .from(contractFacts)
        .leftJoin(users, eq(users.id, contractFacts.createdBy))
        .where(
          and(
            eq(contractFacts.contractCode, q.code),
            lte(contractFacts.day, q.to),
            // a fact that spans days (a device in use) counts where it overlaps the period
            or(gte(contractFacts.day, q.from), isNull(contractFacts.toDay), gte(contractFacts.toDay, q.from)),
            q.includeVoided ? undefined : eq(contractFacts.voided, false),
          ),
        )
        .orderBy(asc(contractFacts.day), asc(contractFacts.id));
      return rows.map((r) => ({ ...r.f, createdByName: r.createdByName }));
    },

    async fact(db: DbOrTx, id: number, lock = false): Promise<FactRow | null> {
      const q = db.select().from(contractFacts).where(eq(contractFacts.id, id));
      const [r] = lock ? await q.for('update') : await q;
      return r ?? null;
    },

    async insertFact(db: DbOrTx, row: typeof contractFacts.$inferInsert): Promise<{ row: FactRow; created: boolean }> {
      const [r] = await db.insert(contractFacts).values(row).onConflictDoNothing().returning();
      if (r) return { row: r, created: true };
      const [existing] = await db
        .select()
        .from(contractFacts)
        .where(and(eq(contractFacts.createdBy, row.createdBy!), eq(contractFacts.idempotencyKey, row.idempotencyKey!)));
      return { row: existing, created: false };
    },

    async voidFact(db: DbOrTx, id: number): Promise<void> {
      await db.update(contractFacts).set({ voided: true }).where(eq(contractFacts.id, id));
    },
  };
}
export type ContractsRepository = ReturnType<typeof createContractsRepository>;
