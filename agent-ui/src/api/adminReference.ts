// The administrators' reference data (/api/admin/…): org units, categories and time limits, hotline lines,
// contract partners; holiday calendars through /api/calendar/years. Org units and categories carry `rev`
// (a revision of their content), lines and partners `version`: every edit sends what the screen showed.
import { request } from './client';
import type { Urgency } from './types';

export type UnitType = 'centre' | 'department' | 'street' | 'community' | 'provider';
export const UNIT_TYPES: UnitType[] = ['centre', 'department', 'street', 'community', 'provider'];
/** what may be created under what (the server's rule, modules/admin/domain.ts) */
export const CHILD_TYPES: Record<UnitType, UnitType[]> = {
  centre: ['centre', 'department', 'street', 'provider'],
  department: ['department'],
  street: ['community'],
  community: [],
  provider: ['provider'],
};

export interface AdminUnit {
  id: number;
  parentId: number | null;
  name: string;
  code: string;
  type: UnitType;
  path: string;
  sort: number;
  active: boolean;
  rev: string;
  activeUsers: number;
  liveAssignments: number;
  children: AdminUnit[];
}
export interface ActiveChange<T> {
  affected: number;
  activeUsers?: number;
  liveAssignments?: number;
  unit?: T;
  category?: T;
}

export type LimitUnit = 'working_hours' | 'working_days' | 'calendar_hours' | 'calendar_days';
export const LIMIT_UNITS: LimitUnit[] = ['working_hours', 'working_days', 'calendar_hours', 'calendar_days'];
export const URGENCIES: Urgency[] = ['normal', 'urgent', 'critical'];
export const LIMIT_KINDS = ['sign', 'feedback', 'close'] as const;
export type LimitKind = (typeof LIMIT_KINDS)[number];
export interface Limit {
  value: number;
  unit: LimitUnit;
}
export type LimitSet = Record<LimitKind, Limit>;
export type OwnLimits = Record<Urgency, LimitSet | null>;
export interface EffectiveLimits {
  limits: LimitSet;
  fromCategoryId: number;
  fromName: string | null;
  inherited: boolean;
}
export const CATEGORY_KINDS = ['consult', 'help', 'complaint', 'report', 'suggestion', 'praise'] as const;
export interface AdminCategory {
  id: number;
  parentId: number | null;
  code: string;
  name: string;
  nameEn: string | null;
  kind: string;
  sort: number;
  active: boolean;
  rev: string;
  /** its own limits per urgency; null: inherited */
  limits: OwnLimits;
  effective: Record<Urgency, EffectiveLimits | null>;
  children: AdminCategory[];
}

export interface AdminLine {
  id: number;
  did: string;
  name: string;
  queue: string;
  priority: number;
  skill: string | null;
  emergency: boolean;
  active: boolean;
  version: number;
  updatedAt: string;
}
export type LineInput = Omit<AdminLine, 'id' | 'version' | 'updatedAt'>;

export type PartnerKind = 'client' | 'contractor';
export interface AdminPartner {
  id: number;
  name: string;
  kind: PartnerKind;
  creditCode: string | null;
  contactName: string | null;
  /** never the full number: that is a separate, audited reveal */
  contactPhoneMasked: string | null;
  address: string | null;
  note: string | null;
  active: boolean;
  version: number;
  updatedAt: string;
}
export interface PartnerInput {
  name: string;
  kind: PartnerKind;
  creditCode: string | null;
  contactName: string | null;
  /** absent: unchanged; '' or null: cleared */
  contactPhone?: string | null;
  address: string | null;
  note: string | null;
  active: boolean;
}

export interface CalendarYearData {
  year: number;
  source: string;
  holidays: { name: string; from: string; to: string }[];
  makeupWorkdays: string[];
}
export interface CalendarYearRow {
  year: number;
  source: string;
  loadedAt: string;
  data: CalendarYearData;
}

const patch = <T>(path: string, body: unknown) => request<T>(path, { method: 'PATCH', body });
const post = <T>(path: string, body: unknown) => request<T>(path, { method: 'POST', body });

export const adminApi = {
  units: () => request<{ units: AdminUnit[] }>('/admin/org/units').then((r) => r.units),
  createUnit: (b: { parentId: number; name: string; code: string; type: UnitType; sort?: number }) =>
    post<{ unit: AdminUnit }>('/admin/org/units', b).then((r) => r.unit),
  updateUnit: (id: number, b: { rev: string; name?: string; code?: string; sort?: number }) =>
    patch<{ unit: AdminUnit }>(`/admin/org/units/${id}`, b).then((r) => r.unit),
  setUnitActive: (id: number, rev: string, active: boolean) =>
    post<ActiveChange<AdminUnit>>(`/admin/org/units/${id}/${active ? 'reactivate' : 'deactivate'}`, { rev }),

  categories: () => request<{ categories: AdminCategory[] }>('/admin/categories').then((r) => r.categories),
  createCategory: (b: {
    parentId: number | null;
    code: string;
    name: string;
    nameEn: string | null;
    kind?: string;
    sort?: number;
    limits?: OwnLimits;
  }) => post<{ category: AdminCategory }>('/admin/categories', b).then((r) => r.category),
  updateCategory: (
    id: number,
    b: { rev: string; name?: string; nameEn?: string | null; code?: string; sort?: number },
  ) => patch<{ category: AdminCategory }>(`/admin/categories/${id}`, b).then((r) => r.category),
  setLimits: (id: number, rev: string, limits: OwnLimits) =>
    request<{ category: AdminCategory }>(`/admin/categories/${id}/limits`, {
      method: 'PUT',
      body: { rev, limits },
    }).then((r) => r.category),
  setCategoryActive: (id: number, rev: string, active: boolean) =>
    post<ActiveChange<AdminCategory>>(`/admin/categories/${id}/${active ? 'reactivate' : 'deactivate'}`, { rev }),

  lines: () => request<{ lines: AdminLine[] }>('/admin/lines').then((r) => r.lines),
  createLine: (b: LineInput) => post<{ line: AdminLine }>('/admin/lines', b).then((r) => r.line),
  updateLine: (id: number, b: Partial<LineInput> & { version: number }) =>
    patch<{ line: AdminLine }>(`/admin/lines/${id}`, b).then((r) => r.line),

  partners: () => request<{ partners: AdminPartner[] }>('/admin/partners').then((r) => r.partners),
  createPartner: (b: PartnerInput) => post<{ partner: AdminPartner }>('/admin/partners', b).then((r) => r.partner),
  updatePartner: (id: number, b: Partial<PartnerInput> & { version: number }) =>
    patch<{ partner: AdminPartner }>(`/admin/partners/${id}`, b).then((r) => r.partner),
  deletePartner: (id: number, version: number) =>
    request<void>(`/admin/partners/${id}`, { method: 'DELETE', query: { version } }),
  revealPartner: (id: number, reason: string, note?: string) =>
    post<{ contactPhone: string | null }>(`/admin/partners/${id}/reveal`, { reason, note }),

  calendarYears: () => request<{ years: CalendarYearRow[] }>('/calendar/years').then((r) => r.years),
  loadCalendarYear: (data: unknown) => post<{ year: CalendarYearData }>('/calendar/years', data).then((r) => r.year),
};
