// The settlement statement: what the supervisor reads and the contractor is paid from. Every number is either
// an input count with its evidence or a formula over the contract's data, so a line can be checked by hand.
import type { DayRange, Fee, FeeMetric, RuleMetric } from './contract';
import type { Day, Evidence } from './types';

export interface FeeLine {
  metric: FeeMetric;
  label: string;
  /** Contract days, device-days or assessments. */
  count: number;
  unitFen?: number;
  formula: string;
  amountFen: number;
  evidence: Evidence[];
}

export interface FeeBreakdown {
  kind: Fee['kind'];
  lines: FeeLine[];
  /** Σ lines, before the cap. */
  amountFen: number;
  /** What was left of the fee cap for this period (cap − fee settled before), or null without a cap. */
  capFen: number | null;
  cappedFen: number;
  capNote?: string;
}

export interface StatementLine {
  ruleId: string;
  metric: RuleMetric;
  label: string;
  source: string;
  assumed?: boolean;
  /** Sub-period key: '2026-03', '2026-Q1', '2026-02-10/2027-02-09' (contract year) or 'contract'. */
  period: string;
  /** The days whose rows were counted. */
  from: Day;
  to: Day;
  /** What the metric measured, before threshold or required count. */
  measured: number;
  threshold?: number;
  required?: number;
  /** What is charged: measured − threshold, or required − measured, floored at 0. */
  count: number;
  unitFen?: number;
  percent?: number;
  perMille?: number;
  /** The amount a percentage or per-mille is taken of (contract total or the sub-period's fee). */
  baseFen?: number;
  formula: string;
  /** Before the cap. */
  amountFen: number;
  /** After the cap; what is deducted. */
  cappedFen: number;
  capNote?: string;
  evidence: Evidence[];
}

/** A rule sub-period that does not end inside this statement: it is assessed (whole) in a later one. */
export interface DeferredLine {
  ruleId: string;
  period: string;
  from: Day;
  to: Day;
  reason: string;
}

export type InputList = 'slots' | 'incidents' | 'manualItems' | 'facts' | 'devices' | 'assessments';

/** An input row that no line or fee counted, and why — so nothing handed in disappears silently. */
export interface IgnoredRow {
  list: InputList;
  ref: string;
  reason: string;
}

export interface Statement {
  contractCode: string;
  version: number;
  /** As asked for. */
  period: DayRange;
  /** The part of it inside the contract period. */
  covered: DayRange;
  fee: FeeBreakdown;
  grossFen: number;
  lines: StatementLine[];
  deductionsFen: number;
  /** gross − deductions, never below zero. */
  payableFen: number;
  /** Deductions the gross could not absorb (payable floored at 0); the client recovers them separately. */
  excessDeductionsFen: number;
  deferred: DeferredLine[];
  ignored: IgnoredRow[];
}
