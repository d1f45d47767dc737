// Knowledge base: search and read for the whole centre; drafts, edits and publishing for editors.
import type { Db } from '../../db/client';
import { AppError, forbidden, notFound, validation } from '../../lib/errors';
import { parse } from '../../lib/validate';
import type { AuditRepository } from '../audit/repository';
import type { SessionUser } from '../auth/service';
import type { CategoryCatalog } from '../categories/repository';
import { scopePathOf } from '../tickets/service';
import {
  isEditor,
  isReader,
  KB_STATUSES,
  normalizeKeywords,
  searchTerms,
  snippet,
  transition,
  type KbAction,
  type KbStatus,
} from './domain';
import type { KbArticleRow, KbRepository } from './repository';
import {
  createArticleSchema,
  listQuerySchema,
  updateArticleSchema,
  usesQuerySchema,
  useSchema,
  versionSchema,
} from './schemas';
import { buildTree } from '../../lib/tree';

export interface KbServiceDeps {
  db: Db;
  repo: KbRepository;
  catalog: CategoryCatalog;
  audit: AuditRepository;
  clock: () => Date;
}

type Named = KbArticleRow & { categoryName?: string | null; categoryNameEn?: string | null };

const PUBLISHED: KbStatus[] = ['published'];
const ALL: KbStatus[] = [...KB_STATUSES];

/** The fields an audit row records before and after a change. */
const auditView = (a: KbArticleRow) => ({
  title: a.title,
  body: a.body,
  keywords: a.keywords,
  categoryId: a.categoryId,
  ticketCategoryId: a.ticketCategoryId,
  status: a.status,
  version: a.version,
});

export function createKbService(deps: KbServiceDeps) {
  const { db, repo, catalog, audit, clock } = deps;

  function requireReader(user: SessionUser) {
    if (!isReader(user.roles)) throw forbidden('The knowledge base is for the hotline centre');
  }
  function requireEditor(user: SessionUser) {
    if (!isEditor(user.roles)) throw forbidden('Only editors can change the knowledge base');
  }
  const visibleStatuses = (user: SessionUser) => (isEditor(user.roles) ? ALL : PUBLISHED);

  /** The ticket category and its ancestors: an article for "咨询" also answers "咨询 › 社保". */
  function ticketCategoryLine(id: number): number[] {
    const ids: number[] = [];
    for (let c = catalog.get(id); c && ids.length < 10; c = c.parentId == null ? undefined : catalog.get(c.parentId))
      ids.push(c.id);
    return ids;
  }

  const summary = (a: Named) => ({
    id: a.id,
    categoryId: a.categoryId,
    categoryName: a.categoryName ?? null,
    categoryNameEn: a.categoryNameEn ?? null,
    ticketCategoryId: a.ticketCategoryId,
    ticketCategoryName: a.ticketCategoryId ? (catalog.get(a.ticketCategoryId)?.name ?? null) : null,
    title: a.title,
    keywords: a.keywords ? a.keywords.split(',') : [],
    status: a.status as KbStatus,
    version: a.version,
    viewCount: a.viewCount,
    useCount: a.useCount,
    updatedAt: a.updatedAt.toISOString(),
    publishedAt: a.publishedAt?.toISOString() ?? null,
  });

  async function detail(a: KbArticleRow, categoryName?: Pick<Named, 'categoryName' | 'categoryNameEn'>) {
    const names = categoryName ?? (await repo.find(db, a.id, ALL)) ?? {};
    const uses = await repo.usesOfArticle(db, a.id, 20);
    return {
      ...summary({ ...a, ...names }),
      body: a.body,
      createdAt: a.createdAt.toISOString(),
      uses: uses.map((u) => ({
        ticketId: u.ticketId,
        ticketNumber: u.ticketNumber,
        usedAt: u.usedAt.toISOString(),
        usedBy: u.usedByName,
      })),
    };
  }

  async function validateRefs(input: { categoryId?: number; ticketCategoryId?: number | null }) {
    const fields: Record<string, string> = {};
    if (input.categoryId !== undefined && !(await repo.categoryExists(db, input.categoryId)))
      fields.categoryId = 'Unknown knowledge-base category';
    if (input.ticketCategoryId != null && !catalog.get(input.ticketCategoryId))
      fields.ticketCategoryId = 'Unknown ticket category';
    if (Object.keys(fields).length) throw validation(fields);
  }

  const conflict = (current: number) =>
    new AppError('VERSION_CONFLICT', 'The article was changed by someone else', undefined, {
      currentVersion: current,
    });

  return {
    async categories(user: SessionUser) {
      requireReader(user);
      const rows = await repo.categories(db);
      return buildTree(
        rows.map((c) => ({ id: c.id, parentId: c.parentId, code: c.code, name: c.name, nameEn: c.nameEn })),
      );
    },

    async list(user: SessionUser, query: unknown) {
      requireReader(user);
      const q = parse(listQuerySchema, query);
      const editor = isEditor(user.roles);
      // Agents see published articles only, whatever status they ask for.
      const statuses: KbStatus[] = !editor ? PUBLISHED : q.status ? [q.status] : ALL;
      const terms = searchTerms(q.q);
      const { items, total } = await repo.search(
        db,
        {
          terms,
          q: q.q,
          statuses,
          categoryId: q.categoryId,
          preferTicketCategoryIds: q.ticketCategoryId ? ticketCategoryLine(q.ticketCategoryId) : undefined,
        },
        q.page,
        q.pageSize,
      );
      return {
        items: items.map((a) => ({ ...summary(a), snippet: snippet(a.body, terms) })),
        total,
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    /** Reading an article counts a view. */
    async get(user: SessionUser, id: number) {
      requireReader(user);
      const a = await repo.view(db, id, visibleStatuses(user));
      if (!a) throw notFound('Article');
      return detail(a);
    },

    async create(user: SessionUser, body: unknown, ip: string | null) {
      requireEditor(user);
      const input = parse(createArticleSchema, body);
      await validateRefs(input);
      const now = clock();
      return db
        .transaction(async (tx) => {
          const a = await repo.insert(tx, {
            categoryId: input.categoryId,
            ticketCategoryId: input.ticketCategoryId ?? null,
            title: input.title,
            body: input.body,
            keywords: normalizeKeywords(input.keywords),
            status: 'draft',
            createdBy: user.id,
            updatedBy: user.id,
            createdAt: now,
            updatedAt: now,
          });
          await audit.write(
            {
              actorId: user.id,
              actorIp: ip,
              entityType: 'kb_article',
              entityId: String(a.id),
              action: 'kb.create',
              at: now,
              after: auditView(a),
            },
            tx,
          );
          return a;
        })
        .then((a) => detail(a));
    },

    async update(user: SessionUser, id: number, body: unknown, ip: string | null) {
      requireEditor(user);
      const input = parse(updateArticleSchema, body);
      await validateRefs(input);
      const now = clock();
      const a = await db.transaction(async (tx) => {
        const before = await repo.lock(tx, id);
        if (!before) throw notFound('Article');
        if (before.version !== input.version) throw conflict(before.version);
        const after = await repo.update(tx, id, {
          ...(input.categoryId !== undefined && { categoryId: input.categoryId }),
          ...(input.ticketCategoryId !== undefined && { ticketCategoryId: input.ticketCategoryId }),
          ...(input.title !== undefined && { title: input.title }),
          ...(input.body !== undefined && { body: input.body }),
          ...(input.keywords !== undefined && { keywords: normalizeKeywords(input.keywords) }),
          version: before.version + 1,
          updatedBy: user.id,
          updatedAt: now,
        });
        await audit.write(
          {
            actorId: user.id,
            actorIp: ip,
            entityType: 'kb_article',
            entityId: String(id),
            action: 'kb.update',
            at: now,
            before: auditView(before),
            after: auditView(after),
          },
          tx,
        );
        return after;
      });
      return detail(a);
    },

    async changeStatus(user: SessionUser, id: number, action: KbAction, body: unknown, ip: string | null) {
      requireEditor(user);
      const { version } = parse(versionSchema, body);
      const now = clock();
      const a = await db.transaction(async (tx) => {
        const before = await repo.lock(tx, id);
        if (!before) throw notFound('Article');
        if (before.version !== version) throw conflict(before.version);
        const to = transition(before.status as KbStatus, action);
        if (!to) throw new AppError('INVALID_TRANSITION', `The article is already ${before.status}`);
        const after = await repo.update(tx, id, {
          status: to,
          version: before.version + 1,
          updatedBy: user.id,
          updatedAt: now,
          ...(to === 'published' && { publishedAt: now }),
        });
        await audit.write(
          {
            actorId: user.id,
            actorIp: ip,
            entityType: 'kb_article',
            entityId: String(id),
            action: `kb.${action}`,
            at: now,
            before: { status: before.status, version: before.version },
            after: { status: after.status, version: after.version },
          },
          tx,
        );
        return after;
      });
      return detail(a);
    },

    /**
     * "This article answered ticket X". Idempotent: the unique (article, ticket) index turns a repeat into a
     * no-op, so use_count goes up once per ticket however often the agent clicks.
     */
    async recordUse(user: SessionUser, articleId: number, body: unknown) {
      requireReader(user);
      const { ticketId } = parse(useSchema, body);
      const article = await repo.find(db, articleId, visibleStatuses(user));
      if (!article) throw notFound('Article');
      const ticket = await repo.visibleTicket(db, ticketId, scopePathOf(user));
      if (!ticket) throw validation({ ticketId: 'Unknown ticket' });
      const created = await db.transaction(async (tx) => {
        const row = await repo.insertUse(tx, { articleId, ticketId, usedBy: user.id, usedAt: clock() });
        if (row) await repo.incrementUseCount(tx, articleId);
        return !!row;
      });
      const use = (await repo.use(db, articleId, ticketId))!;
      return {
        created,
        use: {
          articleId,
          title: article.title,
          ticketId,
          ticketNumber: use.ticketNumber,
          usedAt: use.usedAt.toISOString(),
          usedBy: use.usedByName,
        },
      };
    },

    async usesOfTicket(user: SessionUser, query: unknown) {
      requireReader(user);
      const { ticketId } = parse(usesQuerySchema, query);
      const ticket = await repo.visibleTicket(db, ticketId, scopePathOf(user));
      if (!ticket) throw notFound('Ticket');
      const rows = await repo.usesOfTicket(db, ticketId);
      return rows.map((u) => ({
        articleId: u.articleId,
        title: u.title,
        status: u.status,
        ticketId,
        ticketNumber: ticket.number,
        usedAt: u.usedAt.toISOString(),
        usedBy: u.usedByName,
      }));
    },
  };
}
export type KbService = ReturnType<typeof createKbService>;
