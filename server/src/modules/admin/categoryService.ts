// Administrators keep the category tree and its time limits (category × urgency: sign, feedback, close).
// A category without limits of its own for an urgency inherits its nearest ancestor's, so a top-level
// category must always have all three. Deadlines already computed stay on their tickets and assignments:
// new limits apply to tickets received (and dispatches made) afterwards. Each change is one transaction
// with its audit rows; the catalog the ticket service reads is reloaded after the commit.
import type { Db, Tx } from '../../db/client';
import { notFound, pgCode, validation } from '../../lib/errors';
import { buildTree } from '../../lib/tree';
import { parse } from '../../lib/validate';
import type { AuditInput, AuditWriter } from '../audit/repository';
import type { SessionUser } from '../auth/service';
import type { CategoryCatalog } from '../categories/repository';
import { contentRev, effectiveLimits, limitOrderErrors, URGENCIES, type LimitSet } from './domain';
import { requireAdmin, taken, versionConflict } from './guard';
import { toLimitSet, type CategoryAdminRepository, type CategoryRow } from './categoryRepository';
import { categoryRev, categorySnapshot, type OwnLimits } from './presenter';
import { categoryCreate, categoryUpdate, limitsBody, revBody } from './schemas';

const noLimits = (): OwnLimits => ({ normal: null, urgent: null, critical: null });

/** Field errors of a category's own limits: complete on a top-level category, each urgency in order. */
function limitErrors(own: OwnLimits, topLevel: boolean): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const u of URGENCIES) {
    const l = own[u];
    if (l) Object.assign(fields, limitOrderErrors(l, `limits.${u}`));
    else if (topLevel) fields[`limits.${u}`] = 'A top-level category needs its own limits (nothing to inherit)';
  }
  return fields;
}

export function createCategoryAdminService(d: {
  db: Db;
  repo: CategoryAdminRepository;
  audit: AuditWriter;
  catalog: Pick<CategoryCatalog, 'reload'>;
  clock: () => Date;
}) {
  const { db, repo, audit } = d;
  const entry = (
    user: SessionUser,
    ip: string | null,
    action: string,
    before: { c: CategoryRow; own: OwnLimits } | null,
    after: { c: CategoryRow; own: OwnLimits },
    data?: unknown,
  ): AuditInput => ({
    actorId: user.id,
    actorIp: ip,
    entityType: 'category',
    entityId: String(after.c.id),
    action,
    before: before ? categorySnapshot(before.c, before.own) : null,
    after: categorySnapshot(after.c, after.own),
    data: data ?? null,
    at: d.clock(),
  });
  const codeTaken = (e: unknown) => {
    if (pgCode(e) === '23505') throw taken('code');
    throw e;
  };

  /** Every category, inactive ones too, each with its own limits and the effective ones (and where from). */
  async function rows() {
    const { cats, limits } = await repo.all(db);
    const byId = new Map(cats.map((c) => [c.id, c]));
    const own = new Map(limits.map((l) => [`${l.categoryId}:${l.urgency}`, toLimitSet(l)]));
    return cats.map((c) => {
      const mine = Object.fromEntries(URGENCIES.map((u) => [u, own.get(`${c.id}:${u}`) ?? null])) as OwnLimits;
      const effective = Object.fromEntries(
        URGENCIES.map((u) => {
          const e = effectiveLimits(byId, own, c.id, u);
          return [
            u,
            e && {
              limits: e.limits,
              fromCategoryId: e.fromCategoryId,
              fromName: byId.get(e.fromCategoryId)?.name ?? null,
              inherited: e.fromCategoryId !== c.id,
            },
          ];
        }),
      ) as Record<
        (typeof URGENCIES)[number],
        { limits: LimitSet; fromCategoryId: number; fromName: string | null; inherited: boolean } | null
      >;
      return { ...categorySnapshot(c, mine), rev: categoryRev(c, mine), effective };
    });
  }
  /** one category as the tree shows it, after a change */
  const present = async (id: number) => (await rows()).find((c) => c.id === id)!;

  async function lockChecked(tx: Tx, id: number, rev: string) {
    const c = await repo.get(tx, id, { lock: true });
    if (!c) throw notFound('Category');
    const own = await repo.ownLimits(tx, id);
    if (categoryRev(c, own) !== rev) {
      const current = { ...categorySnapshot(c, own), rev: categoryRev(c, own) };
      throw versionConflict('category', current.rev, current);
    }
    return { c, own };
  }

  async function setActive(user: SessionUser, id: number, active: boolean, body: unknown, ip: string | null) {
    requireAdmin(user);
    const { rev } = parse(revBody, body);
    const affected = await db.transaction(async (tx) => {
      await repo.lockTree(tx);
      const { c, own } = await lockChecked(tx, id, rev);
      let targets: CategoryRow[] = [];
      if (active && !c.active) {
        const parent = c.parentId == null ? null : await repo.get(tx, c.parentId);
        if (parent && !parent.active) throw validation({ active: 'Reactivate the parent category first' });
        targets = [c];
      } else if (!active && c.active) {
        // its sub-categories go with it: the intake cascader offers none of them any more
        const { cats } = await repo.all(tx);
        const ids = new Set([id]);
        for (let grew = true; grew;) {
          grew = false;
          for (const x of cats)
            if (x.parentId != null && ids.has(x.parentId) && !ids.has(x.id)) {
              ids.add(x.id);
              grew = true;
            }
        }
        targets = cats.filter((x) => ids.has(x.id) && x.active);
      }
      const updated = await repo.setActive(
        tx,
        targets.map((x) => x.id),
        active,
      );
      const entries: AuditInput[] = [];
      for (const after of updated) {
        const before = targets.find((x) => x.id === after.id)!;
        const limits = after.id === id ? own : await repo.ownLimits(tx, after.id);
        entries.push(
          entry(
            user,
            ip,
            active ? 'category.reactivate' : 'category.deactivate',
            { c: before, own: limits },
            { c: after, own: limits },
            after.id === id ? { subtree: targets.length } : { with: id },
          ),
        );
      }
      await audit.writeMany(entries, tx);
      return updated.length;
    });
    await d.catalog.reload();
    return { category: await present(id), affected };
  }

  return {
    async tree(user: SessionUser) {
      requireAdmin(user);
      return buildTree(await rows());
    },

    async create(user: SessionUser, body: unknown, ip: string | null) {
      requireAdmin(user);
      const b = parse(categoryCreate, body);
      const id = await db
        .transaction(async (tx) => {
          await repo.lockTree(tx);
          const parent = b.parentId == null ? null : await repo.get(tx, b.parentId, { lock: true });
          const fields: Record<string, string> = {};
          if (b.parentId != null && !parent) fields.parentId = 'Unknown category';
          else if (parent && !parent.active) fields.parentId = 'The parent category is inactive';
          if (!parent && !b.kind) fields.kind = 'Choose a kind';
          const own = { ...noLimits(), ...b.limits };
          Object.assign(fields, limitErrors(own, b.parentId == null));
          if (Object.keys(fields).length) throw validation(fields);
          if (await repo.codeTaken(tx, b.code)) throw taken('code');
          const created = await repo.insert(tx, {
            parentId: parent?.id ?? null,
            code: b.code,
            name: b.name,
            nameEn: b.nameEn ?? null,
            // a sub-category is of its parent's kind (the kind drives statistics by 诉求类型)
            kind: parent?.kind ?? b.kind!,
            sort: b.sort ?? (await repo.nextSort(tx, parent?.id ?? null)),
          });
          for (const u of URGENCIES) if (own[u]) await repo.setLimits(tx, created.id, u, own[u]);
          await audit.write(entry(user, ip, 'category.create', null, { c: created, own }), tx);
          return created.id;
        })
        .catch(codeTaken);
      await d.catalog.reload();
      return present(id);
    },

    /** name, English name, code and order; the kind and the place in the tree stay */
    async update(user: SessionUser, id: number, body: unknown, ip: string | null) {
      requireAdmin(user);
      const { rev, ...b } = parse(categoryUpdate, body);
      await db
        .transaction(async (tx) => {
          const { c, own } = await lockChecked(tx, id, rev);
          const patch = Object.fromEntries(
            Object.entries(b).filter(([k, v]) => v !== undefined && v !== c[k as keyof CategoryRow]),
          ) as Partial<Pick<CategoryRow, 'code' | 'name' | 'nameEn' | 'sort'>>;
          if (!Object.keys(patch).length) return;
          if (patch.code && (await repo.codeTaken(tx, patch.code, id))) throw taken('code');
          const after = await repo.update(tx, id, patch);
          await audit.write(entry(user, ip, 'category.update', { c, own }, { c: after, own }), tx);
        })
        .catch(codeTaken);
      await d.catalog.reload();
      return present(id);
    },

    /** Sets the category's own limits per urgency; null: none of its own, inherit the parent's. */
    async setLimits(user: SessionUser, id: number, body: unknown, ip: string | null) {
      requireAdmin(user);
      const b = parse(limitsBody, body);
      await db.transaction(async (tx) => {
        const { c, own } = await lockChecked(tx, id, b.rev);
        const fields = limitErrors(b.limits, c.parentId == null);
        if (Object.keys(fields).length) throw validation(fields);
        if (contentRev(own) === contentRev(b.limits)) return;
        for (const u of URGENCIES) await repo.setLimits(tx, id, u, b.limits[u]);
        await audit.write(entry(user, ip, 'category.limits', { c, own }, { c, own: b.limits }), tx);
      });
      await d.catalog.reload();
      return present(id);
    },

    deactivate: (user: SessionUser, id: number, body: unknown, ip: string | null) =>
      setActive(user, id, false, body, ip),
    reactivate: (user: SessionUser, id: number, body: unknown, ip: string | null) =>
      setActive(user, id, true, body, ip),
  };
}
export type CategoryAdminService = ReturnType<typeof createCategoryAdminService>;
