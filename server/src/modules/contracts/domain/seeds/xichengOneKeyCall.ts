// 001: Xicheng civil-affairs bureau "一键呼" one-key emergency call, 1 year from signing, ¥1,995,000 cap.
import type { Contract } from '../contract';
import { DEFAULT_SEAT_ATTENDANCE } from './haidian';

export const xichengOneKeyCall: Contract = {
  code: 'XC-YJH-2025',
  version: 1,
  name: '西城区为老年人开展“一键呼”应急呼叫服务',
  document: '001_f9781c93b942a66c.txt',
  client: { name: '北京市西城区民政局', role: '甲方' },
  contractor: { name: '北京熙诚紫光科技有限公司', role: '乙方' },
  // "自本合同签订之日起1年": the cover page is dated 2025-07-24 (the signature page says 2025-01-24, before the
  // tender was awarded, so the cover date is taken).
  period: { from: '2025-07-24', to: '2026-07-23' },
  totalFen: 199_500_000,
  fee: {
    kind: 'per_device_year',
    unitFen: 3_990,
    capFen: 199_500_000,
    source: '001 第三条2',
    note: '¥39.9 per device for a whole year of normal use; otherwise ¥39.9 × days in normal use ÷ days of the contract term, summed over devices and capped at the provisional total.',
  },
  paymentSchedule: [
    {
      id: 'advance',
      label: '合同暂计总价的 50%',
      amount: { kind: 'fixed', fen: 99_750_000 },
      due: null,
      dueNote: '合同生效后15个工作日内（收到等额增值税发票后）',
      source: '001 第三条2(1)',
    },
    {
      id: 'final',
      label: '剩余价款（按项目总费用核算）',
      amount: { kind: 'balance' },
      due: null,
      dueNote: '项目结项、双方核算项目总费用后15个工作日内；总费用低于已付款的，乙方退还',
      source: '001 第三条2(2)',
    },
  ],
  staffing: [
    {
      id: 'call_service_24h',
      label: '7×24 小时呼叫及售后服务',
      dayTypes: ['workday', 'restday', 'holiday'],
      start: '00:00',
      end: '00:00',
      seats: 2,
      source: '001 附件2 §6.1; §八.2',
      assumed: true,
      note: 'The contract requires 7×24 service without a seat count; 2 is our default.',
    },
  ],
  staffRequirements: {
    headCount: null,
    roles: [{ id: 'project_manager', label: '项目经理（项目周期内不得更换）', min: 1, source: '001 附件2 §七' }],
    education: [],
    trainings: [],
    exams: [],
    reports: [
      { id: 'monthly_report', label: '月度工作报告', per: 'month', min: 1, source: '001 附件2 §6.4.9' },
      { id: 'weekly_stats', label: '服务数据周报', per: 'week', min: 1, source: '001 附件2 §6.7' },
      {
        id: 'audit_opinion',
        label: '会计师事务所审计意见（每次结算前）',
        per: 'contract',
        min: 1,
        source: '001 附件2 §6.4.9',
      },
    ],
    obligations: [
      { id: 'dispatch_meeting', label: '调度会', per: 'two_months', min: 1, source: '001 附件2 §6.4.9' },
      { id: 'satisfaction_revisit', label: '用户满意度回访（人）', per: 'month', min: 100, source: '001 附件2 §6.4.9' },
    ],
    turnover: null,
    replacement: null,
  },
  attendance: {
    ...DEFAULT_SEAT_ATTENDANCE,
    source: '001 附件2 §6.1',
    note: 'No money rule of this contract uses attendance; the roster does.',
  },
  rules: [
    {
      id: 'late_obligation',
      label: '未按时履行合同义务（每逾期一日，合同款总金额的 5‰）',
      metric: 'days_late',
      period: 'month',
      amount: { kind: 'per_mille_per_day_of_total', perMille: 5 },
      source: '001 第七条4',
      note: 'After 20 calendar days late the client may terminate.',
    },
    {
      id: 'termination',
      label: '严重违约等情形，甲方解除合同（合同款总金额的 10%）',
      metric: 'breaches',
      period: 'contract',
      amount: { kind: 'percent_of_total', percent: 10 },
      source: '001 第七条5',
      note: 'Recorded once, when the client terminates (3 serious breaches, failed acceptance, missing qualification …).',
    },
  ],
  notes: [
    'Next month, revisit 5 % of the previous month’s new users (附件2 §6.4.9).',
    'Late payment by the client (第七条3, 0.5 % per day of the overdue amount) is the client’s liability, not a deduction.',
  ],
};
