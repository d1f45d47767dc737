// Administrators keep the org tree: create a unit under a parent (its path from the parent's), rename it,
// change its code or order, deactivate it with its subtree or reactivate it. Nothing is deleted: tickets,
// assignments and accounts keep pointing at their unit. Each change is one transaction with its audit rows;
// the in-memory catalog the ticket service validates against is reloaded after the commit.
import type { Db } from '../../db/client';
import { notFound, pgCode, validation } from '../../lib/errors';
import { buildTree } from '../../lib/tree';
import { parse } from '../../lib/validate';
import type { AuditInput, AuditWriter } from '../audit/repository';
import type { SessionUser } from '../auth/service';
import type { OrgCatalog } from '../org/repository';
import { mayHoldChild } from './domain';
import { requireAdmin, taken, versionConflict } from './guard';
import type { OrgAdminRepository, UnitRow } from './orgRepository';
import { presentUnit, unitRev, unitSnapshot } from './presenter';
import { revBody, unitCreate, unitUpdate } from './schemas';

export function createOrgAdminService(d: {
  db: Db;
  repo: OrgAdminRepository;
  audit: AuditWriter;
  org: Pick<OrgCatalog, 'reload'>;
  clock: () => Date;
}) {
  const { db, repo, audit } = d;
  const entry = (
    user: SessionUser,
    ip: string | null,
    action: string,
    before: UnitRow | null,
    after: UnitRow,
    data?: unknown,
  ): AuditInput => ({
    actorId: user.id,
    actorIp: ip,
    entityType: 'org_unit',
    entityId: String(after.id),
    action,
    before: before ? unitSnapshot(before) : null,
    after: unitSnapshot(after),
    data: data ?? null,
    at: d.clock(),
  });
  const checkRev = (u: UnitRow, rev: string) => {
    if (unitRev(u) !== rev) throw versionConflict('unit', unitRev(u), presentUnit(u));
  };
  const codeTaken = (e: unknown) => {
    if (pgCode(e) === '23505') throw taken('code');
    throw e;
  };

  async function setActive(user: SessionUser, id: number, active: boolean, body: unknown, ip: string | null) {
    requireAdmin(user);
    const { rev } = parse(revBody, body);
    const out = await db.transaction(async (tx) => {
      await repo.lockTree(tx);
      const unit = await repo.get(tx, id, { lock: true });
      if (!unit) throw notFound('Unit');
      checkRev(unit, rev);
      let targets: UnitRow[] = [];
      if (active && !unit.active) {
        const parent = unit.parentId == null ? null : await repo.get(tx, unit.parentId);
        if (parent && !parent.active) throw validation({ active: 'Reactivate the parent unit first' });
        targets = [unit];
      } else if (!active && unit.active) {
        if (unit.parentId == null) throw validation({ active: 'The top of the tree cannot be deactivated' });
        // a unit's sub-units go with it: an active community under an inactive street would be orphaned
        targets = (await repo.subtree(tx, unit.path)).filter((u) => u.active);
      }
      const updated = await repo.setActive(
        tx,
        targets.map((u) => u.id),
        active,
      );
      const usage = await repo.usage(
        tx,
        targets.map((u) => u.id),
      );
      const total = { activeUsers: 0, liveAssignments: 0 };
      for (const u of usage.values()) {
        total.activeUsers += u.activeUsers;
        total.liveAssignments += u.liveAssignments;
      }
      const byId = new Map(targets.map((u) => [u.id, u]));
      await audit.writeMany(
        updated.map((after) =>
          entry(
            user,
            ip,
            active ? 'org_unit.reactivate' : 'org_unit.deactivate',
            byId.get(after.id)!,
            after,
            after.id === id ? { subtree: targets.length, ...total } : { with: id },
          ),
        ),
        tx,
      );
      const now = updated.find((u) => u.id === id) ?? unit;
      return { unit: presentUnit(now, usage.get(id)), affected: updated.length, ...total };
    });
    await d.org.reload();
    return out;
  }

  return {
    /** every unit, inactive ones too, with what still depends on it */
    async tree(user: SessionUser) {
      requireAdmin(user);
      const [rows, usage] = await Promise.all([repo.all(db), repo.usage(db)]);
      return buildTree(rows.map((u) => presentUnit(u, usage.get(u.id))));
    },

    async create(user: SessionUser, body: unknown, ip: string | null) {
      requireAdmin(user);
      const b = parse(unitCreate, body);
      const row = await db
        .transaction(async (tx) => {
          await repo.lockTree(tx);
          const parent = await repo.get(tx, b.parentId, { lock: true });
          if (!parent) throw validation({ parentId: 'Unknown unit' });
          if (!parent.active) throw validation({ parentId: 'The parent unit is inactive' });
          if (!mayHoldChild(parent.type, b.type))
            throw validation({ type: `A ${parent.type} cannot hold a ${b.type}` });
          if (await repo.codeTaken(tx, b.code)) throw taken('code');
          const created = await repo.insert(tx, {
            parentId: parent.id,
            parentPath: parent.path,
            name: b.name,
            type: b.type,
            code: b.code,
            sort: b.sort ?? (await repo.nextSort(tx, parent.id)),
          });
          await audit.write(entry(user, ip, 'org_unit.create', null, created), tx);
          return created;
        })
        .catch(codeTaken);
      await d.org.reload();
      return presentUnit(row);
    },

    /** name, code and order; the type and the place in the tree stay */
    async update(user: SessionUser, id: number, body: unknown, ip: string | null) {
      requireAdmin(user);
      const { rev, ...b } = parse(unitUpdate, body);
      const out = await db
        .transaction(async (tx) => {
          const before = await repo.get(tx, id, { lock: true });
          if (!before) throw notFound('Unit');
          checkRev(before, rev);
          const patch = Object.fromEntries(
            Object.entries(b).filter(([k, v]) => v !== undefined && v !== before[k as keyof UnitRow]),
          ) as Partial<Pick<UnitRow, 'name' | 'code' | 'sort'>>;
          if (!Object.keys(patch).length) return before;
          if (patch.code && (await repo.codeTaken(tx, patch.code, id))) throw taken('code');
          const after = await repo.update(tx, id, patch);
          await audit.write(entry(user, ip, 'org_unit.update', before, after), tx);
          return after;
        })
        .catch(codeTaken);
      await d.org.reload();
      const usage = await repo.usage(db, [id]);
      return presentUnit(out, usage.get(id));
    },

    deactivate: (user: SessionUser, id: number, body: unknown, ip: string | null) =>
      setActive(user, id, false, body, ip),
    reactivate: (user: SessionUser, id: number, body: unknown, ip: string | null) =>
      setActive(user, id, true, body, ip),
  };
}
export type OrgAdminService = ReturnType<typeof createOrgAdminService>;
