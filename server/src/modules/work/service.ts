// Work queues: what each role has to do next, as counts (home page) and paged lists.
import type { Db } from '../../db/client';
import { forbidden } from '../../lib/errors';
import { parse } from '../../lib/validate';
import type { SessionUser } from '../auth/service';
import type { CategoryCatalog } from '../categories/repository';
import type { Role } from '../tickets/domain/types';
import { scopePathOf } from '../tickets/service';
import { presentAssignmentPart, presentRevisitPart, presentSupervisionPart, presentTicketPart } from './presenter';
import type { Row, WorkRepository } from './repository';
import { inboxQuery, pageQuery } from './schemas';

export const REVIEW_ROLES: Role[] = ['supervisor', 'shift_leader', 'admin'];
export const REVISIT_ROLES: Role[] = ['revisit_agent', 'supervisor', 'shift_leader', 'admin'];

export function createWorkService(deps: { db: Db; repo: WorkRepository; catalog: CategoryCatalog; clock: () => Date }) {
  const { db, repo, catalog, clock } = deps;
  const categoryName = (id: number) => catalog.get(id)?.name;
  const requireRole = (user: SessionUser, roles: Role[]) => {
    if (!user.roles.some((r) => roles.includes(r))) throw forbidden('Your role has no access to this work list');
  };
  /** The unit subtree whose inbox a department handler works. */
  const handlerPath = (user: SessionUser) => {
    if (!user.roles.includes('department_handler') || !user.unitPath)
      throw forbidden('Only department handlers have an inbox');
    return user.unitPath;
  };
  const paged = <T>(
    res: { rows: Row[]; total: number },
    q: { page: number; pageSize: number },
    map: (r: Row) => T,
  ) => ({
    items: res.rows.map(map),
    total: res.total,
    page: q.page,
    pageSize: q.pageSize,
  });

  return {
    async summary(user: SessionUser) {
      const now = clock();
      const scope = scopePathOf(user);
      if (scope) return { scope: 'department' as const, counts: await repo.departmentCounts(db, scope, now) };
      return { scope: 'centre' as const, counts: await repo.centreCounts(db, now) };
    },

    async inbox(user: SessionUser, query: unknown) {
      const path = handlerPath(user);
      const q = parse(inboxQuery, query);
      const now = clock();
      return paged(await repo.inbox(db, path, q.status, q), q, (r) => ({
        ...presentTicketPart(r, categoryName),
        ...presentAssignmentPart(r, now),
      }));
    },

    async reviews(user: SessionUser, query: unknown) {
      requireRole(user, REVIEW_ROLES);
      const q = parse(pageQuery, query);
      const now = clock();
      return paged(await repo.reviews(db, q), q, (r) => ({
        ...presentTicketPart(r, categoryName),
        ...presentAssignmentPart(r, now),
      }));
    },

    async extensions(user: SessionUser, query: unknown) {
      requireRole(user, REVIEW_ROLES);
      const q = parse(pageQuery, query);
      const now = clock();
      return paged(await repo.extensions(db, q), q, (r) => ({
        ...presentTicketPart(r, categoryName),
        ...presentAssignmentPart(r, now),
      }));
    },

    async supervisions(user: SessionUser, query: unknown) {
      requireRole(user, REVIEW_ROLES);
      const q = parse(pageQuery, query);
      return paged(await repo.supervisions(db, q), q, (r) => ({
        ...presentTicketPart(r, categoryName),
        ...presentSupervisionPart(r),
      }));
    },

    async overdue(user: SessionUser, query: unknown) {
      requireRole(user, REVIEW_ROLES);
      const q = parse(pageQuery, query);
      return paged(await repo.overdue(db, clock(), q), q, (r) => ({
        ...presentTicketPart(r, categoryName),
        units: (r.units as string | null) ?? null,
      }));
    },

    async revisits(user: SessionUser, query: unknown) {
      requireRole(user, REVISIT_ROLES);
      const q = parse(pageQuery, query);
      return paged(await repo.revisits(db, q), q, (r) => ({
        ...presentTicketPart(r, categoryName),
        ...presentRevisitPart(r),
      }));
    },
  };
}
export type WorkService = ReturnType<typeof createWorkService>;
