// Administration of accounts and security (用户管理, 安全设置, 密钥管理), the auditor's desk (审计查询) and
// security alerts (安全告警): /api/admin/*.
import { api, buildUrl, request } from './client';
import type { Page, Role } from './types';

export interface AdminUser {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  unitId: number | null;
  unitName: string | null;
  skills: string[];
  active: boolean;
  version: number;
  mustChangePassword: boolean;
  passwordChangedAt: string | null;
  totpEnabled: boolean;
  createdAt: string;
  updatedAt: string | null;
  /** failed sign-ins counted against the account */
  failedLogins: number;
  /** further attempts must wait until then (null: not throttled) */
  throttledUntil: string | null;
}

export interface UserQuery {
  q?: string;
  role?: Role;
  unitId?: number;
  active?: 'true' | 'false';
  page: number;
  pageSize: number;
}

export interface UserInput {
  username: string;
  displayName: string;
  roles: Role[];
  unitId?: number | null;
  skills?: string[];
}

export interface UserPatch {
  version: number;
  displayName?: string;
  roles?: Role[];
  unitId?: number | null;
  skills?: string[];
}

export interface SecurityPolicy {
  passwordMinLength: number;
  passwordMinClasses: number;
  passwordHistory: number;
  passwordMaxAgeDays: number;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  totpRequiredRoles: Role[];
  revealLimitPerHour: number;
  exportLimitPerHour: number;
  departmentHistory: 'redacted' | 'none';
}

export interface PolicyVersion {
  id: number;
  value: Partial<SecurityPolicy>;
  validFrom: string;
  setBy: number | null;
  setAt: string;
}

export interface KeyInfo {
  id: number;
  purpose: 'enc' | 'mac';
  state: 'pending' | 'active' | 'retired';
  createdAt: string;
  retiredAt: string | null;
}

export interface Rotation {
  id: number;
  keyId: number;
  startedAt: string;
  finishedAt: string | null;
  total: number;
  done: number;
  /** rows left per target */
  progress: Record<string, number>;
  lastError: string | null;
}

export interface KeyStatus {
  checkValue: string;
  currentKeyId: number;
  keys: KeyInfo[];
  targets: string[];
  rotation: Rotation | null;
}

export type AlertKind = 'reveal_limit' | 'export_limit' | 'login_throttled' | 'audit_chain_broken';

export interface SecurityAlert {
  id: number;
  kind: AlertKind;
  userId: number | null;
  username: string | null;
  displayName: string | null;
  at: string;
  data: Record<string, unknown>;
  acknowledgedBy: number | null;
  acknowledgedAt: string | null;
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  ticketId?: number;
  ip?: string;
  /** ISO with offset; [from, to) */
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export interface AuditRow {
  id: number;
  at: string;
  actor: { id: number; username: string | null; displayName: string | null } | null;
  ip: string | null;
  action: string;
  entityType: string;
  entityId: string;
  ticketId: number | null;
  before: unknown;
  after: unknown;
  data: unknown;
  /** position in the hash chain (null: not sealed yet) */
  seq: number | null;
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  broken: null | { seq: number; auditId: number; problem: string };
  unsealed: { count: number; firstId: number | null };
  lastSeq: number;
  at: string;
}

type Query = Record<string, string | number | boolean | undefined>;
const q = (v: object) => v as Query;

export const usersApi = {
  list: (query: UserQuery) => api.get<Page<AdminUser>>('/admin/users', q(query)),
  get: (id: number) => api.get<{ user: AdminUser; sessions: number }>(`/admin/users/${id}`),
  create: (input: UserInput) => api.post<{ user: AdminUser; temporaryPassword: string | null }>('/admin/users', input),
  update: (id: number, patch: UserPatch) =>
    request<{ user: AdminUser }>(`/admin/users/${id}`, { method: 'PATCH', body: patch }).then((r) => r.user),
  setActive: (id: number, active: boolean, version: number) =>
    api
      .post<{ user: AdminUser }>(`/admin/users/${id}/${active ? 'enable' : 'disable'}`, { version })
      .then((r) => r.user),
  unlock: (id: number) => api.post<{ user: AdminUser }>(`/admin/users/${id}/unlock`).then((r) => r.user),
  resetPassword: (id: number, version: number) =>
    api.post<{ user: AdminUser; temporaryPassword: string }>(`/admin/users/${id}/reset-password`, { version }),
  resetTotp: (id: number, version: number) =>
    api.post<{ user: AdminUser }>(`/admin/users/${id}/reset-totp`, { version }).then((r) => r.user),
  signOut: (id: number) => api.post<{ ended: number }>(`/admin/users/${id}/sign-out`),
};

export const settingsApi = {
  security: () =>
    api.get<{ value: SecurityPolicy; defaults: SecurityPolicy; history: PolicyVersion[] }>('/admin/settings/security'),
  updateSecurity: (value: Partial<SecurityPolicy>, validFrom?: string) =>
    request<{ value: SecurityPolicy; validFrom: string }>('/admin/settings/security', {
      method: 'PUT',
      body: { value, ...(validFrom ? { validFrom } : {}) },
    }),
};

export const keysApi = {
  status: () => api.get<KeyStatus>('/admin/keys'),
  rotate: () => api.post<{ rotation: Rotation }>('/admin/keys/rotate').then((r) => r.rotation),
};

export const alertsApi = {
  list: (open: boolean) => api.get<{ alerts: SecurityAlert[] }>('/admin/alerts', { open }).then((r) => r.alerts),
  acknowledge: (id: number) => api.post<{ ok: boolean }>(`/admin/alerts/${id}/acknowledge`),
};

export const auditApi = {
  search: (query: AuditQuery, signal?: AbortSignal) => api.get<Page<AuditRow>>('/admin/audit', q(query), signal),
  exportUrl: (query: AuditQuery) => {
    const { page: _p, pageSize: _s, ...filter } = query;
    return buildUrl('/admin/audit/export.xlsx', q(filter));
  },
  verify: () => api.post<ChainReport>('/admin/audit/verify'),
};
