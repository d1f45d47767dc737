// SQL for administrators' user management.
import { and, asc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { orgUnits, users } from '../../db/schema';

export type AdminUserRow = typeof users.$inferSelect & { unitName: string | null };

export interface UserFilter {
  q?: string;
  role?: string;
  unitId?: number;
  active?: boolean;
}

const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;

export function createUsersRepository() {
  const select = (db: DbOrTx) =>
    db.select({ u: users, unitName: orgUnits.name }).from(users).leftJoin(orgUnits, eq(orgUnits.id, users.unitId));
  const flat = (r: { u: typeof users.$inferSelect; unitName: string | null }): AdminUserRow => ({
    ...r.u,
    unitName: r.unitName,
  });
  const where = (f: UserFilter) => {
    const c: SQL[] = [];
    if (f.q) c.push(or(ilike(users.username, like(f.q)), ilike(users.displayName, like(f.q)))!);
    if (f.role) c.push(sql`${f.role} = any(${users.roles})`);
    if (f.unitId) c.push(eq(users.unitId, f.unitId));
    if (f.active !== undefined) c.push(eq(users.active, f.active));
    return c.length ? and(...c) : undefined;
  };
  return {
    async list(db: DbOrTx, f: UserFilter, page: number, pageSize: number) {
      const [rows, [{ total }]] = await Promise.all([
        select(db)
          .where(where(f))
          .orderBy(asc(users.username))
          .limit(pageSize)
          .offset((page - 1) * pageSize),
        db
          .select({ total: sql<number>`count(*)::int` })
          .from(users)
          .where(where(f)),
      ]);
      return { items: rows.map(flat), total };
    },
    async get(db: DbOrTx, id: number, opts: { lock?: boolean } = {}): Promise<AdminUserRow | null> {
      const q = select(db).where(eq(users.id, id));
      const [r] = opts.lock ? await q.for('update', { of: users }) : await q;
      return r ? flat(r) : null;
    },
    async byUsername(db: DbOrTx, username: string) {
      const [r] = await db
        .select({ id: users.id })
        .from(users)
        .where(sql`lower(${users.username}) = lower(${username})`);
      return r ?? null;
    },
    async insert(db: DbOrTx, row: typeof users.$inferInsert) {
      const [r] = await db.insert(users).values(row).returning({ id: users.id });
      return r.id;
    },
    async update(db: DbOrTx, id: number, set: Partial<typeof users.$inferInsert>) {
      await db
        .update(users)
        .set({ ...set, version: sql`${users.version} + 1` })
        .where(eq(users.id, id));
    },
  };
}
export type UsersRepository = ReturnType<typeof createUsersRepository>;
