// Reference data the intake form picks from: the category tree (with time limits) and streets → communities.
import type { Category, OrgUnit, Urgency } from '../../api/types';

export type LimitUnit = 'working_days' | 'working_hours' | 'calendar_hours' | 'calendar_days';
export interface TimeLimit {
  value: number;
  unit: LimitUnit;
}
export interface CategoryLimits {
  sign: TimeLimit;
  feedback: TimeLimit;
  close: TimeLimit;
}
/** GET /api/categories sends each node's effective limits per urgency (inherited from its parents). */
export interface CategoryNode extends Category {
  kind: string;
  limits: Record<Urgency, CategoryLimits | null>;
  children: CategoryNode[];
}

export function findCategory(tree: CategoryNode[], id: number | null | undefined): CategoryNode | undefined {
  if (id == null) return undefined;
  for (const c of tree) {
    if (c.id === id) return c;
    const hit = findCategory(c.children ?? [], id);
    if (hit) return hit;
  }
  return undefined;
}

/** Every street in the org tree (they may sit under the centre or a district), in tree order. */
export function streetsOf(units: OrgUnit[]): OrgUnit[] {
  const out: OrgUnit[] = [];
  const walk = (list: OrgUnit[]) => {
    for (const u of list) {
      if (u.type === 'street') out.push(u);
      else walk(u.children ?? []);
    }
  };
  walk(units);
  return out;
}

export function communitiesOf(streets: OrgUnit[], streetId: number | null): OrgUnit[] {
  const street = streets.find((s) => s.id === streetId);
  return (street?.children ?? []).filter((c) => c.type === 'community');
}

/** Accepts what the server accepts as a phone; looks it up only once it could be a whole number. */
export function lookupablePhone(raw: string): string | null {
  const p = raw.trim();
  if (!/^\+?[0-9][0-9 -]{4,19}$/.test(p)) return null;
  return p.replace(/[^0-9]/g, '').length >= 7 ? p : null;
}
