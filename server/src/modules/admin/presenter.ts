// What the administrators' screens (and the audit trail's before/after) see of each reference row.
import type { hotlineLines, partners } from '../../db/schema';
import { contentRev, type LimitSet, type Urgency } from './domain';
import type { UnitRow } from './orgRepository';
import type { CategoryRow } from './categoryRepository';

/** the row as the audit trail records it */
export const unitSnapshot = (u: UnitRow) => ({
  id: u.id,
  parentId: u.parentId,
  name: u.name,
  code: u.code,
  type: u.type,
  path: u.path,
  sort: u.sort,
  active: u.active,
});
export const unitRev = (u: UnitRow) => contentRev(unitSnapshot(u));

export function presentUnit(u: UnitRow, usage?: { activeUsers: number; liveAssignments: number }) {
  return {
    ...unitSnapshot(u),
    rev: unitRev(u),
    activeUsers: usage?.activeUsers ?? 0,
    liveAssignments: usage?.liveAssignments ?? 0,
  };
}
export type AdminUnit = ReturnType<typeof presentUnit>;

export type OwnLimits = Record<Urgency, LimitSet | null>;
export const categorySnapshot = (c: CategoryRow, own: OwnLimits) => ({
  id: c.id,
  parentId: c.parentId,
  code: c.code,
  name: c.name,
  nameEn: c.nameEn,
  kind: c.kind,
  sort: c.sort,
  active: c.active,
  limits: own,
});
export const categoryRev = (c: CategoryRow, own: OwnLimits) => contentRev(categorySnapshot(c, own));

type LineRow = typeof hotlineLines.$inferSelect;
export const presentLine = (l: LineRow) => ({
  id: l.id,
  did: l.did,
  name: l.name,
  queue: l.queue,
  priority: l.priority,
  skill: l.skill,
  emergency: l.emergency,
  active: l.active,
  version: l.version,
  updatedAt: l.updatedAt.toISOString(),
});
export type AdminLine = ReturnType<typeof presentLine>;

type PartnerRow = typeof partners.$inferSelect;
/** Never the contact's phone: only its mask (the full number is a separate, audited reveal). */
export const presentPartner = (p: PartnerRow) => ({
  id: p.id,
  name: p.name,
  kind: p.kind as 'client' | 'contractor',
  creditCode: p.creditCode,
  contactName: p.contactName,
  contactPhoneMasked: p.contactPhoneMasked,
  address: p.address,
  note: p.note,
  active: p.active,
  version: p.version,
  updatedAt: p.updatedAt.toISOString(),
});
export type AdminPartner = ReturnType<typeof presentPartner>;
