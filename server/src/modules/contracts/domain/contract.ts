// The contract document: versioned data that the settlement engine reads. Nothing in here is a
// contract-specific branch of code — a new district's contract is a new document, not a new function.
// The zod schema in schema.ts checks documents against these types (and a compile-time test keeps the two
// in step). Money is integer fen; percentages are 0–100; per-mille 0–1000.
import type { Day, StaffingRequirement } from './types';

/** Metrics a deduction rule can count. How each is measured from the settlement input: metrics.ts. */
export const RULE_METRICS = [
  'seat_gap_person_days',
  'unattended_incidents',
  'manual_assessment',
  'quarterly_leavers',
  'trainings_below_required',
  'missing_documents',
  'handling_mistakes',
  'verified_complaints',
  'other_violations',
  'days_late',
  'late_reports',
  'late_replacements',
  'unapproved_staff_changes',
  'lost_recordings',
  'breaches',
  'confidentiality_breaches',
] as const;
export type RuleMetric = (typeof RULE_METRICS)[number];

/** Metrics that only price the fee (the gross), never a deduction. */
export const FEE_METRICS = ['contract_days', 'device_days', 'assessments'] as const;
export type FeeMetric = (typeof FEE_METRICS)[number];

export type Metric = RuleMetric | FeeMetric;
export const METRICS: readonly Metric[] = [...RULE_METRICS, ...FEE_METRICS];

/** Rule metrics fed by `facts` / counted `manualItems` rows (the rest come from slots, incidents, manual amounts). */
export const FACT_METRICS = RULE_METRICS.filter(
  (m) => m !== 'seat_gap_person_days' && m !== 'unattended_incidents' && m !== 'manual_assessment',
) as Exclude<RuleMetric, 'seat_gap_person_days' | 'unattended_incidents' | 'manual_assessment'>[];

/** 'month' and 'quarter' are calendar ones; 'year' is a contract year counted from `period.from`. */
export const RULE_PERIODS = ['month', 'quarter', 'year', 'contract'] as const;
export type RulePeriod = (typeof RULE_PERIODS)[number];

export interface DayRange {
  /** Inclusive. */
  from: Day;
  /** Inclusive. */
  to: Day;
}

/** Where a number came from, and whether we had to choose it because the contract leaves it open. */
export interface Provenance {
  /** Contract file prefix and clause, e.g. '003 §三(一)5'. */
  source: string;
  /** True when the contract leaves the number to the client or is silent, and this is our default. */
  assumed?: boolean;
  note?: string;
}

// ---------------------------------------------------------------------------------------------------
// Fee: how the gross of a period is computed
// ---------------------------------------------------------------------------------------------------

/** Seat and service contracts: the total spread evenly over the contract's days. */
export interface ProratedTotalFee extends Provenance {
  kind: 'prorated_total';
}

/** "一键呼": unitFen per device-year, prorated by days in normal use ÷ contract days, summed, capped. */
export interface PerDeviceYearFee extends Provenance {
  kind: 'per_device_year';
  unitFen: number;
  capFen: number | null;
}

export const ASSESSMENT_KINDS = ['institution', 'individual'] as const;
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];

/** Assessment contracts: fixed price per unit of work, summed, capped. */
export interface PerUnitFee extends Provenance {
  kind: 'per_unit';
  prices: { unit: AssessmentKind; label: string; unitFen: number }[];
  capFen: number | null;
}

export type Fee = ProratedTotalFee | PerDeviceYearFee | PerUnitFee;

// ---------------------------------------------------------------------------------------------------
// Payment schedule
// ---------------------------------------------------------------------------------------------------

export type InstalmentAmount =
  | { kind: 'fixed'; fen: number }
  | { kind: 'percent_of_total'; percent: number }
  /** What is left of the settled total after deductions and earlier instalments. */
  | { kind: 'balance' };

export interface Instalment extends Provenance {
  id: string;
  label: string;
  amount: InstalmentAmount;
  /** "not more than": the instalment is at most this amount (e.g. a final payment ≤ ¥131,568). */
  maxFen?: number;
  /** Latest payment day when the contract names one. */
  due: Day | null;
  /** The contract's own words for when it is due ("签订后30日内", "验收后"). */
  dueNote: string;
  /** Service days the instalment pays for, when the contract says (Haidian pays by quarter). */
  covers?: DayRange;
}

// ---------------------------------------------------------------------------------------------------
// Staffing (seats per day type and time window) and staff requirements (people, training, reports)
// ---------------------------------------------------------------------------------------------------

export interface ContractStaffingRequirement extends StaffingRequirement {
  source: string;
  assumed?: boolean;
  note?: string;
}

export const FREQUENCIES = ['week', 'month', 'two_months', 'quarter', 'half_year', 'year', 'contract'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** "at least `min` per `per`": trainings per week, exams per month, meetings every two months … */
export interface RecurringObligation extends Provenance {
  id: string;
  label: string;
  per: Frequency;
  min: number;
}

export interface ReportObligation extends RecurringObligation {
  /** Due within this many days of `dueAfter` (e.g. 10 days after the monthly scores are published). */
  dueWithinDays?: number;
  dueDayKind?: 'calendar' | 'working';
  dueAfter?: string;
}

export const EDUCATION_LEVELS = ['high_school', 'college', 'bachelor'] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];

export interface StaffRequirements {
  headCount: ({ min: number; label: string } & Provenance) | null;
  roles: ({ id: string; label: string; min: number } & Provenance)[];
  /** At least `minPercent` of the staff hold `level` or higher. */
  education: ({ level: EducationLevel; minPercent: number } & Provenance)[];
  trainings: RecurringObligation[];
  exams: RecurringObligation[];
  reports: ReportObligation[];
  /** Other recurring duties: meetings, revisit quotas, Weibo updates. */
  obligations: RecurringObligation[];
  turnover: ({ maxQuarterlyPercent: number } & Provenance) | null;
  /** A replacement asked for by the client must be in place within this many days. */
  replacement: ({ withinDays: number; dayKind: 'calendar' | 'working' } & Provenance) | null;
}

// ---------------------------------------------------------------------------------------------------
// Attendance: when a rostered agent counts as staffing the seat, and what is an unattended seat
// ---------------------------------------------------------------------------------------------------

export interface AttendanceConfig extends Provenance {
  /** Lateness or leaving early up to this many minutes is not flagged. */
  graceMinutes: number;
  /** Fraction (0–1) of a shift an agent must be present for to count as staffing the seat that day. */
  staffedMinRatio: number;
  unattended: {
    /** Presence states that leave the seat empty. */
    states: string[];
    /** not_ready reasons that are allowed breaks, not incidents. */
    approvedReasons: string[];
    /** Only gaps strictly longer than this many minutes are incidents. */
    minutes: number;
  };
}

// ---------------------------------------------------------------------------------------------------
// Rules: metric × period → amount, with threshold / required count / cap
// ---------------------------------------------------------------------------------------------------

export type RuleAmount =
  | { kind: 'unit'; unitFen: number }
  | { kind: 'percent_of_total'; percent: number }
  /** Of the fee (gross) of the rule's sub-period, e.g. 2 % of the month's service fee. */
  | { kind: 'percent_of_fee'; percent: number }
  /** Per day counted (days late): count × perMille ‰ of the contract total. */
  | { kind: 'per_mille_per_day_of_total'; perMille: number }
  /** The client enters each amount; each must lie within [minFen, maxFen]. */
  | { kind: 'manual'; minFen: number; maxFen: number };

export type RuleCap =
  | { kind: 'fen'; fen: number }
  | { kind: 'percent_of_total'; percent: number }
  | { kind: 'percent_of_fee'; percent: number };

export interface Rule extends Provenance {
  id: string;
  label: string;
  metric: RuleMetric;
  period: RulePeriod;
  amount: RuleAmount;
  /** Only the count above this is charged (quarterly leavers above 4). */
  threshold?: number;
  /** The count is what is missing to reach this (trainings ≥ 2 a year → 2 − held). */
  required?: number;
  /** Per line (rule × sub-period). */
  cap?: RuleCap;
  /** Seat metrics only: restrict to these staffing requirements (default: all). */
  requirementIds?: string[];
}

// ---------------------------------------------------------------------------------------------------
// The document
// ---------------------------------------------------------------------------------------------------

export interface Party {
  name: string;
  role: string;
}

export interface Contract {
  /** Stable across versions, e.g. 'HD-12345-2022'. */
  code: string;
  /** 1, 2, … — a version replaces the rules for its own `period`; versions of one code never overlap. */
  version: number;
  name: string;
  /** Seed text the numbers were taken from (e.g. '003_6ff55634f16d0cfa.txt'). */
  document?: string;
  client: Party;
  contractor: Party;
  period: DayRange;
  totalFen: number;
  fee: Fee;
  paymentSchedule: Instalment[];
  staffing: ContractStaffingRequirement[];
  staffRequirements: StaffRequirements;
  attendance: AttendanceConfig | null;
  rules: Rule[];
  notes: string[];
}
