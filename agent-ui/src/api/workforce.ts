// Workforce: rosters (/api/roster), leave and swaps, attendance, contracts and settlements (/api/contracts).
// The domain shapes are the server's own (type-only imports, erased at build): both sides change together.
import { buildUrl, downloadUrl, request } from './client';
import type { Contract, RuleMetric } from '../../../server/src/modules/contracts/domain/contract';
import type { Statement, StatementLine } from '../../../server/src/modules/contracts/domain/statement';
import type { Violation } from '../../../server/src/modules/roster/domain/constraints';
import type { AttendanceRow, AttendanceStatus } from '../../../server/src/modules/roster/domain/attendance';
import type { UnattendedIncident, Evidence, DayType } from '../../../server/src/modules/contracts/domain/types';
export type { Contract, RuleMetric, Statement, StatementLine, Violation, AttendanceStatus, Evidence, DayType };

// ---- roster -----------------------------------------------------------------------------------------
export type ShiftKind = 'day' | 'night' | 'duty24' | 'standby';
export interface RosterDay {
  day: string;
  type: DayType;
  holiday: string | null;
  inContract: boolean;
}
export interface RosterAgent {
  id: number;
  name: string;
  username: string;
}
export interface Requirement {
  id: string;
  label: string;
  start: string;
  end: string;
  seats: number;
  dayTypes: DayType[];
}
export interface ShiftTemplate {
  id: number;
  code: string;
  name: string;
  start: string;
  end: string;
  kind: ShiftKind;
  covers: string[];
  countsAsWork: boolean;
  /** false: retired, offered for no new shift; the shifts already planned with it keep it */
  active: boolean;
  version: number;
}
/** What a shift leader sets on a template; the code is fixed once created. */
export type ShiftTemplateInput = Pick<
  ShiftTemplate,
  'code' | 'name' | 'start' | 'end' | 'kind' | 'covers' | 'countsAsWork'
>;
export type ShiftTemplateUpdate = Omit<ShiftTemplateInput, 'code'> & { active: boolean; version: number };
export interface RosterCell {
  id: number;
  userId: number;
  day: string;
  templateCode: string;
  source: 'auto' | 'manual' | 'swap';
}
export interface CoverageCell {
  day: string;
  requirementId: string;
  required: number;
  planned: number;
  gap: number;
}
export interface Spread {
  min: number;
  max: number;
  spread: number;
}
export type LoadKey = 'shifts' | 'nights' | 'weekends' | 'holidays' | 'hours';
export interface AgentLoad extends Record<LoadKey, number> {
  userId: number;
}
export interface RosterMonth {
  contract: { code: string; version: number; name: string };
  month: string;
  roster: {
    id: number;
    status: 'draft' | 'published';
    version: number;
    publishedAt: string | null;
    /** published, then changed: agents still see the published shifts */
    unpublishedChanges: boolean;
  } | null;
  days: RosterDay[];
  agents: RosterAgent[];
  requirements: Requirement[];
  templates: ShiftTemplate[];
  assignments: RosterCell[];
  leave: { agentId: string; from: string; to: string }[];
  coverage: CoverageCell[];
  violations: Violation[];
  loads: { perAgent: AgentLoad[]; spread: Record<LoadKey, Spread | null> };
}
export interface PlanReport {
  gaps: { day: string; requirementId: string; missing: number }[];
  stats: { planned: number; fixed: number; requiredSeats: number; staffedSeats: number; missingSeats: number };
}
export interface MyShift {
  id: number;
  day: string;
  contractCode: string;
  templateCode: string;
  name: string;
  from: string | null;
  to: string | null;
}
export type LeaveKind = 'annual' | 'sick' | 'personal' | 'other';
export type RequestStatus = 'pending' | 'approved' | 'rejected' | 'cancelled';
export interface LeaveRequest {
  id: number;
  userId: number;
  displayName?: string;
  fromDay: string;
  toDay: string;
  kind: LeaveKind;
  note: string | null;
  status: RequestStatus;
  decisionNote: string | null;
  version: number;
  createdAt: string;
}
export interface SwapRequest {
  id: number;
  rosterId: number;
  requesterId: number;
  requesterDay: string;
  counterpartId: number;
  counterpartDay: string | null;
  note: string | null;
  status: RequestStatus;
  decisionNote: string | null;
  version: number;
  createdAt: string;
  requesterName: string | null;
  counterpartName: string | null;
}
export interface SwapInput {
  contractCode: string;
  month: string;
  requesterDay: string;
  counterpartId: number;
  counterpartDay: string | null;
  note: string | null;
}
export interface Attendance {
  day: string;
  rows: (AttendanceRow & { name: string })[];
  incidents: (Omit<UnattendedIncident, 'assignmentId' | 'day'> & { name: string })[];
  planned: number;
}

const key = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`);
const rosterPath = (code: string, month: string) => `/roster/${encodeURIComponent(code)}/${month}`;

export const rosterApi = {
  month: (code: string, month: string) => request<RosterMonth>(rosterPath(code, month)),
  autoPlan: (code: string, month: string, version?: number) =>
    request<RosterMonth & { plan: PlanReport }>(`${rosterPath(code, month)}/auto-plan`, {
      method: 'POST',
      body: { version },
    }),
  setCell: (
    code: string,
    month: string,
    body: { userId: number; day: string; templateCode: string | null; version: number },
  ) => request<RosterMonth>(`${rosterPath(code, month)}/cells`, { method: 'PUT', body }),
  publish: (code: string, month: string, version: number) =>
    request<RosterMonth>(`${rosterPath(code, month)}/publish`, { method: 'POST', body: { version } }),
  exportPath: (code: string, month: string) => `${rosterPath(code, month)}/export.xlsx`,
  colleagues: () =>
    request<{ colleagues: { id: number; name: string }[] }>('/roster/colleagues').then((r) => r.colleagues),
  myShifts: (from: string, to: string) =>
    request<{ shifts: MyShift[] }>('/roster/me/shifts', { query: { from, to } }).then((r) => r.shifts),
  leave: (q: { status?: string; mine?: boolean }) =>
    request<{ leave: LeaveRequest[] }>('/roster/leave', {
      query: { status: q.status, mine: q.mine ? 1 : undefined },
    }).then((r) => r.leave),
  requestLeave: (body: { fromDay: string; toDay: string; kind: LeaveKind; note: string | null }) =>
    request<{ leave: LeaveRequest }>('/roster/leave', { method: 'POST', body, headers: { 'Idempotency-Key': key() } }),
  decideLeave: (id: number, body: { approve: boolean; note?: string; version: number }) =>
    request<{ leave: LeaveRequest; removedShifts: number }>(`/roster/leave/${id}/decision`, { method: 'POST', body }),
  swaps: (status?: string) =>
    request<{ swaps: SwapRequest[] }>('/roster/swaps', { query: { status } }).then((r) => r.swaps),
  requestSwap: (body: SwapInput) =>
    request<{ swap: SwapRequest }>('/roster/swaps', { method: 'POST', body, headers: { 'Idempotency-Key': key() } }),
  decideSwap: (id: number, body: { approve: boolean; note?: string; version: number }) =>
    request<{ swap: SwapRequest }>(`/roster/swaps/${id}/decision`, { method: 'POST', body }),
  templates: () => request<{ templates: ShiftTemplate[] }>('/roster/templates').then((r) => r.templates),
  createTemplate: (body: ShiftTemplateInput) =>
    request<{ template: ShiftTemplate }>('/roster/templates', { method: 'POST', body }).then((r) => r.template),
  updateTemplate: (code: string, body: ShiftTemplateUpdate) =>
    request<{ template: ShiftTemplate }>(`/roster/templates/${encodeURIComponent(code)}`, {
      method: 'PUT',
      body,
    }).then((r) => r.template),
  attendance: (contract: string, day: string) =>
    request<Attendance>('/roster/attendance', { query: { contract, day } }),
};

// ---- contracts and settlement ----------------------------------------------------------------------------
export interface ContractSummary {
  id: number;
  code: string;
  version: number;
  name: string;
  period: { from: string; to: string };
  totalFen: number;
  status: 'active' | 'archived' | string;
  createdAt?: string;
  client: string;
  contractor: string;
}
export interface Fact {
  id: number;
  contractCode: string;
  metric: string;
  day: string;
  toDay: string | null;
  quantity: number;
  amountFen: number | null;
  kind: string | null;
  label: string;
  reason: string | null;
  ref: string | null;
  voided: boolean;
  createdBy: number | null;
  createdByName: string | null;
  createdAt: string;
}
export interface FactInput {
  metric: string;
  day: string;
  toDay?: string | null;
  quantity?: number;
  amountFen?: number | null;
  kind?: string | null;
  label: string;
  reason?: string | null;
  ref?: string | null;
}

const contractPath = (code: string) => `/contracts/${encodeURIComponent(code)}`;

export const contractsApi = {
  list: () => request<{ contracts: ContractSummary[] }>('/contracts').then((r) => r.contracts),
  get: (code: string) =>
    request<{ contract: Contract; version: number; versions: ContractSummary[] }>(contractPath(code)),
  create: (document: unknown) =>
    request<{ contract: ContractSummary }>('/contracts', { method: 'POST', body: { document } }),
  addVersion: (code: string, body: { document: unknown; replaces: number | null; baseVersion: number }) =>
    request<{ contract: ContractSummary }>(`${contractPath(code)}/versions`, { method: 'POST', body }),
  facts: (code: string, period: string) =>
    request<{ facts: Fact[] }>(`${contractPath(code)}/facts`, { query: { period } }).then((r) => r.facts),
  addFact: (code: string, body: FactInput) =>
    request<{ fact: Fact }>(`${contractPath(code)}/facts`, {
      method: 'POST',
      body,
      headers: { 'Idempotency-Key': key() },
    }),
  voidFact: (code: string, id: number) => request<void>(`${contractPath(code)}/facts/${id}`, { method: 'DELETE' }),
  statement: (code: string, period: string) =>
    request<{ statement: Statement; agents: Record<string, string> }>(`${contractPath(code)}/settlement`, {
      query: { period },
    }),
  statementXlsxPath: (code: string, period: string) => `${contractPath(code)}/settlement.xlsx?period=${period}`,
};

/** A file under /api, downloaded under the server's file name (see `downloadUrl`). */
export const downloadFile = (path: string, fallbackName: string): Promise<void> =>
  downloadUrl(buildUrl(path), fallbackName);

/** ¥ with two decimals from integer fen: 380000 → ¥3,800.00. */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.round(fen));
  const whole = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}¥${whole}.${String(abs % 100).padStart(2, '0')}`;
}
