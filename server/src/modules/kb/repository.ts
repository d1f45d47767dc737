// SQL only. Every function takes the db or the open transaction it must run in.
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { kbArticles, kbArticleUses, kbCategories, tickets, users } from '../../db/schema';
import { inUnitSubtree } from '../tickets/repository';
import { escapeLike, type KbStatus } from './domain';

export type KbArticleRow = typeof kbArticles.$inferSelect;
export type NewKbArticleRow = typeof kbArticles.$inferInsert;
export type KbCategoryRow = typeof kbCategories.$inferSelect;

export interface ArticleFilter {
  terms: string[];
  /** the raw query, for trigram ranking */
  q?: string;
  statuses: KbStatus[];
  /** the category and its descendants */
  categoryId?: number;
  /** ranked first: articles answering these ticket categories (the ticket's category and its ancestors) */
  preferTicketCategoryIds?: number[];
}

const articleColumns = {
  a: kbArticles,
  categoryName: kbCategories.name,
  categoryNameEn: kbCategories.nameEn,
};

const categorySubtree = (id: number) =>
  sql`${kbArticles.categoryId} in (with recursive sub(id) as (
        select id from ${kbCategories} where id = ${id}
        union all select c.id from ${kbCategories} c join sub on c.parent_id = sub.id)
      select id from sub)`;

export function createKbRepository() {
  return {
    async categories(db: DbOrTx): Promise<KbCategoryRow[]> {
      return db.select().from(kbCategories).orderBy(asc(kbCategories.sort), asc(kbCategories.id));
    },
    async categoryExists(db: DbOrTx, id: number): Promise<boolean> {
      const [r] = await db.select({ id: kbCategories.id }).from(kbCategories).where(eq(kbCategories.id, id));
      return !!r;
    },

    async search(db: DbOrTx, f: ArticleFilter, page: number, pageSize: number) {
      const conds: SQL[] = [inArray(kbArticles.status, f.statuses)];
      if (f.categoryId) conds.push(categorySubtree(f.categoryId));
      const likes = f.terms.map((t) => `%${escapeLike(t)}%`);
      // Every term must appear somewhere: ILIKE is a plain substring test, which is what Chinese needs
      // (pg_trgm alone does not split Chinese words); the trigram GIN indexes serve these ILIKEs.
      for (const like of likes)
        conds.push(
          sql`(${kbArticles.title} ilike ${like} or ${kbArticles.keywords} ilike ${like} or ${kbArticles.body} ilike ${like})`,
        );
      const where = and(...conds);
      const order: SQL[] = [];
      if (f.preferTicketCategoryIds?.length)
        order.push(sql`(${inArray(kbArticles.ticketCategoryId, f.preferTicketCategoryIds)}) is true desc`);
      if (likes.length) {
        const hits = (col: typeof kbArticles.title | typeof kbArticles.keywords) =>
          sql.join(
            likes.map((l) => sql`(case when ${col} ilike ${l} then 1 else 0 end)`),
            sql` + `,
          );
        // Title hits first, then keyword hits; trigram similarity orders the rest (it ranks close spellings
        // of Latin text; for Chinese the substring tests above carry the ranking).
        order.push(sql`(${hits(kbArticles.title)}) desc`, sql`(${hits(kbArticles.keywords)}) desc`);
        order.push(sql`word_similarity(${f.q ?? ''}, ${kbArticles.title}) desc`);
        order.push(sql`similarity(${kbArticles.title}, ${f.q ?? ''}) desc`);
      }
      order.push(desc(kbArticles.useCount), desc(kbArticles.viewCount), desc(kbArticles.id));
      const [items, [{ count }]] = await Promise.all([
        db
          .select(articleColumns)
          .from(kbArticles)
          .innerJoin(kbCategories, eq(kbCategories.id, kbArticles.categoryId))
          .where(where)
          .orderBy(...order)
          .limit(pageSize)
          .offset((page - 1) * pageSize),
        db
          .select({ count: sql<number>`count(*)::int` })
          .from(kbArticles)
          .where(where),
      ]);
      return {
        items: items.map((r) => ({ ...r.a, categoryName: r.categoryName, categoryNameEn: r.categoryNameEn })),
        total: count,
      };
    },

    async find(db: DbOrTx, id: number, statuses: KbStatus[]) {
      const [r] = await db
        .select(articleColumns)
        .from(kbArticles)
        .innerJoin(kbCategories, eq(kbCategories.id, kbArticles.categoryId))
        .where(and(eq(kbArticles.id, id), inArray(kbArticles.status, statuses)));
      return r ? { ...r.a, categoryName: r.categoryName, categoryNameEn: r.categoryNameEn } : null;
    },
    /** Count a view and read the article in one statement: concurrent readers never lose a count. */
    async view(db: DbOrTx, id: number, statuses: KbStatus[]): Promise<KbArticleRow | null> {
      const [r] = await db
        .update(kbArticles)
        .set({ viewCount: sql`${kbArticles.viewCount} + 1` })
        .where(and(eq(kbArticles.id, id), inArray(kbArticles.status, statuses)))
        .returning();
      return r ?? null;
    },
    async lock(tx: DbOrTx, id: number): Promise<KbArticleRow | null> {
      const [r] = await tx.select().from(kbArticles).where(eq(kbArticles.id, id)).for('update');
      return r ?? null;
    },
    async insert(tx: DbOrTx, row: NewKbArticleRow): Promise<KbArticleRow> {
      const [r] = await tx.insert(kbArticles).values(row).returning();
      return r;
    },
    async update(tx: DbOrTx, id: number, set: Partial<NewKbArticleRow>): Promise<KbArticleRow> {
      const [r] = await tx.update(kbArticles).set(set).where(eq(kbArticles.id, id)).returning();
      return r;
    },

    /** The ticket, if the user may see it (scopePath: department handlers' unit subtree). */
    async visibleTicket(db: DbOrTx, id: number, scopePath: string | null) {
      const conds: SQL[] = [eq(tickets.id, id)];
      if (scopePath) conds.push(inUnitSubtree(scopePath));
      const [r] = await db
        .select({ id: tickets.id, number: tickets.number })
        .from(tickets)
        .where(and(...conds));
      return r ?? null;
    },
    /** The unique (article, ticket) index makes a repeated link a no-op; null when it already existed. */
    async insertUse(tx: DbOrTx, row: typeof kbArticleUses.$inferInsert) {
      const [r] = await tx.insert(kbArticleUses).values(row).onConflictDoNothing().returning();
      return r ?? null;
    },
    async incrementUseCount(tx: DbOrTx, articleId: number) {
      await tx
        .update(kbArticles)
        .set({ useCount: sql`${kbArticles.useCount} + 1` })
        .where(eq(kbArticles.id, articleId));
    },
    async use(db: DbOrTx, articleId: number, ticketId: number) {
      const [r] = await db
        .select({ u: kbArticleUses, ticketNumber: tickets.number, usedByName: users.displayName })
        .from(kbArticleUses)
        .innerJoin(tickets, eq(tickets.id, kbArticleUses.ticketId))
        .leftJoin(users, eq(users.id, kbArticleUses.usedBy))
        .where(and(eq(kbArticleUses.articleId, articleId), eq(kbArticleUses.ticketId, ticketId)));
      return r ? { ...r.u, ticketNumber: r.ticketNumber, usedByName: r.usedByName } : null;
    },
    /** Latest uses of an article ("used to answer ticket X"). */
    async usesOfArticle(db: DbOrTx, articleId: number, limit = 20) {
      const rows = await db
        .select({ u: kbArticleUses, ticketNumber: tickets.number, usedByName: users.displayName })
        .from(kbArticleUses)
        .innerJoin(tickets, eq(tickets.id, kbArticleUses.ticketId))
        .leftJoin(users, eq(users.id, kbArticleUses.usedBy))
        .where(eq(kbArticleUses.articleId, articleId))
        .orderBy(desc(kbArticleUses.usedAt), desc(kbArticleUses.id))
        .limit(limit);
      return rows.map((r) => ({ ...r.u, ticketNumber: r.ticketNumber, usedByName: r.usedByName }));
    },
    async usesOfTicket(db: DbOrTx, ticketId: number) {
      const rows = await db
        .select({
          u: kbArticleUses,
          title: kbArticles.title,
          status: kbArticles.status,
          usedByName: users.displayName,
        })
        .from(kbArticleUses)
        .innerJoin(kbArticles, eq(kbArticles.id, kbArticleUses.articleId))
        .leftJoin(users, eq(users.id, kbArticleUses.usedBy))
        .where(eq(kbArticleUses.ticketId, ticketId))
        .orderBy(asc(kbArticleUses.usedAt), asc(kbArticleUses.id));
      return rows.map((r) => ({ ...r.u, title: r.title, status: r.status, usedByName: r.usedByName }));
    },
  };
}
export type KbRepository = ReturnType<typeof createKbRepository>;
