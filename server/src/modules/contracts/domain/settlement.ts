// settle(contract, input) → Statement. Pure and deterministic: input rows are put in a canonical order first,
// every list in the statement is ordered by stable keys, and nothing reads the clock.
//
// Sub-periods. Each rule counts per its period (calendar month or quarter, contract year, whole contract),
// clipped to the contract. A rule whose amount is a plain sum (no threshold, no required count, no cap) is
// additive: it is charged for the days of the statement, whatever the sub-period. A rule with a threshold, a
// required count or a cap is only meaningful over its whole sub-period ("more than 4 leavers in a quarter"),
// so it is assessed once, in the statement that contains the sub-period's last day, over all rows of that
// sub-period — the caller passes those rows (see inputWindow); sub-periods ending later are listed as deferred.
import type { Contract, DayRange, Rule } from './contract';
import { intersect, subPeriods, type SubPeriod } from './days';
import { computeFee, pctOf } from './fee';
import { checkInput, type CheckedInput, type SettlementInput } from './input';
import { excludedKey, incidentRef, measure, newUsage, slotRef, type Usage } from './metrics';
import { perMille, percent, rate, roundHalfUp, yuan } from './money';
import type { DeferredLine, IgnoredRow, InputList, Statement, StatementLine } from './statement';

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export const isAdditive = (r: Rule) => r.threshold === undefined && r.required === undefined && r.cap === undefined;

/**
 * The days whose rows `settle` needs for `period`: the statement's own days, extended back to the start of any
 * non-additive sub-period that ends inside it.
 */
export function inputWindow(contract: Contract, period: DayRange): DayRange | null {
  const covered = intersect(period, contract.period);
  if (!covered) return null;
  let from = covered.from;
  for (const r of contract.rules) {
    if (isAdditive(r)) continue;
    for (const sp of subPeriods(r.period, contract.period, covered))
      if (sp.to <= covered.to && sp.from < from) from = sp.from;
  }
  return { from, to: covered.to };
}

/** Compare rows by a list of string keys, in order. */
const byKeys =
  <T>(keys: (t: T) => string[]) =>
  (a: T, b: T): number => {
    const ka = keys(a);
    const kb = keys(b);
    for (let i = 0; i < ka.length; i += 1) {
      const c = cmp(ka[i], kb[i]);
      if (c) return c;
    }
    return 0;
  };

function canonical(input: CheckedInput): CheckedInput {
  return {
    ...input,
    slots: [...input.slots].sort(byKeys((s) => [s.day, s.requirementId])),
    incidents: [...input.incidents].sort(
      byKeys((i) => [i.day, i.assignmentId, i.from, i.agentId, i.to, i.state, i.reason ?? '', String(i.minutes)]),
    ),
    manualItems: [...input.manualItems].sort(byKeys((m) => [m.day, m.id])),
    facts: [...input.facts].sort(byKeys((f) => [f.day, f.id])),
    devices: [...input.devices].sort(byKeys((d) => [d.id])),
    assessments: [...input.assessments].sort(byKeys((a) => [a.day, a.id])),
  };
}

export function settle(contract: Contract, rawInput: SettlementInput): Statement {
  const input = canonical(checkInput(contract, rawInput));
  const covered = intersect(input.period, contract.period) as DayRange; // checkInput rejects disjoint periods
  const usage = newUsage();
  const fee = computeFee(contract, input, covered, input.priorGrossFen, usage.used);
  const grossFen = fee.cappedFen;

  const lines: StatementLine[] = [];
  const deferred: DeferredLine[] = [];
  for (const rule of contract.rules) {
    for (const sp of subPeriods(rule.period, contract.period, covered)) {
      if (isAdditive(rule)) {
        lines.push(line(contract, input, rule, sp, intersect(sp, covered) as DayRange, usage));
      } else if (sp.to <= covered.to) {
        lines.push(line(contract, input, rule, sp, sp, usage));
      } else {
        deferred.push({
          ruleId: rule.id,
          period: sp.key,
          from: sp.from,
          to: sp.to,
          reason: `整期考核，计入包含 ${sp.to} 的结算单`,
        });
      }
    }
  }

  const deductionsFen = lines.reduce((s, l) => s + l.cappedFen, 0);
  return {
    contractCode: contract.code,
    version: contract.version,
    period: { from: input.period.from, to: input.period.to },
    covered,
    fee,
    grossFen,
    lines,
    deductionsFen,
    payableFen: Math.max(0, grossFen - deductionsFen),
    excessDeductionsFen: Math.max(0, deductionsFen - grossFen),
    deferred,
    ignored: ignoredRows(contract, input, usage, deferred),
  };
}

function line(
  contract: Contract,
  input: CheckedInput,
  rule: Rule,
  sp: SubPeriod,
  window: DayRange,
  usage: Usage,
): StatementLine {
  const m = measure(rule, window, input, contract.attendance, usage);
  let count = m.measured;
  let counting = `${m.measured}`;
  if (rule.threshold !== undefined) {
    count = Math.max(0, m.measured - rule.threshold);
    counting = `(${m.measured} − 允许 ${rule.threshold} = ${count})`;
  } else if (rule.required !== undefined) {
    count = Math.max(0, rule.required - m.measured);
    counting = `(应 ${rule.required} − 实 ${m.measured} = ${count})`;
  }
  // The fee of the line's own days, for "x % of the service fee"; cumulative caps do not apply to it.
  const feeOf = () => computeFee(contract, input, window, 0).cappedFen;

  const out: StatementLine = {
    ruleId: rule.id,
    metric: rule.metric,
    label: rule.label,
    source: rule.source,
    ...(rule.assumed ? { assumed: true } : {}),
    period: sp.key,
    from: window.from,
    to: window.to,
    measured: m.measured,
    ...(rule.threshold !== undefined ? { threshold: rule.threshold } : {}),
    ...(rule.required !== undefined ? { required: rule.required } : {}),
    count,
    formula: '',
    amountFen: 0,
    cappedFen: 0,
    evidence: [...m.evidence].sort((a, b) => cmp(a.day ?? '', b.day ?? '') || cmp(a.kind, b.kind) || cmp(a.ref, b.ref)),
  };

  const a = rule.amount;
  switch (a.kind) {
    case 'unit':
      out.unitFen = a.unitFen;
      out.amountFen = count * a.unitFen;
      out.formula = `${counting} × ${yuan(a.unitFen)}`;
      break;
    case 'percent_of_total':
    case 'percent_of_fee': {
      const base = a.kind === 'percent_of_total' ? contract.totalFen : feeOf();
      out.percent = a.percent;
      out.baseFen = base;
      out.amountFen = roundHalfUp([count, base], [percent(a.percent)]);
      out.formula = `${counting} × ${pctOf(a.percent, base)}${a.kind === 'percent_of_fee' ? `（${window.from} 至 ${window.to} 服务费）` : ''}`;
      break;
    }
    case 'per_mille_per_day_of_total':
      out.perMille = a.perMille;
      out.baseFen = contract.totalFen;
      out.amountFen = roundHalfUp([count, contract.totalFen], [perMille(a.perMille)]);
      out.formula = `${counting} 天 × ${rate(a.perMille)}‰ × ${yuan(contract.totalFen)}`;
      break;
    case 'manual':
      out.amountFen = m.manualFen;
      out.formula = `Σ ${m.measured} 笔录入金额（每笔 ${yuan(a.minFen)} – ${yuan(a.maxFen)}）`;
      break;
  }
  out.formula += ` = ${yuan(out.amountFen)}`;
  out.cappedFen = out.amountFen;

  if (rule.cap) {
    const c = rule.cap;
    const capFen =
      c.kind === 'fen'
        ? c.fen
        : roundHalfUp([c.kind === 'percent_of_total' ? contract.totalFen : feeOf()], [percent(c.percent)]);
    if (out.amountFen > capFen) {
      out.cappedFen = capFen;
      const what =
        c.kind === 'fen'
          ? '本条规则上限'
          : c.kind === 'percent_of_total'
            ? `合同总额的 ${rate(c.percent)}%`
            : `服务费的 ${rate(c.percent)}%`;
      out.capNote = `封顶 ${yuan(capFen)}（${what}）`;
    }
  }
  return out;
}

function ignoredRows(contract: Contract, input: CheckedInput, usage: Usage, deferred: DeferredLine[]): IgnoredRow[] {
  const out: IgnoredRow[] = [];
  const why = (list: InputList, ref: string, metric: string, day: string): string => {
    const excluded = usage.excluded.get(excludedKey(list, ref));
    if (excluded) return excluded;
    const rule = contract.rules.find((r) => r.metric === metric);
    if (!rule) return `本合同没有计“${metric}”的规则`;
    const later = deferred.find((d) => d.ruleId === rule.id && day >= d.from && day <= d.to);
    if (later) return `在 ${later.period} 考核时计入（${later.to} 结束）`;
    return '不在结算期间内';
  };
  const add = (list: InputList, ref: string, metric: string, day: string) => {
    if (!usage.used[list].has(ref)) out.push({ list, ref, reason: why(list, ref, metric, day) });
  };
  for (const s of input.slots) add('slots', slotRef(s), 'seat_gap_person_days', s.day);
  for (const i of input.incidents) add('incidents', incidentRef(i), 'unattended_incidents', i.day);
  for (const m of input.manualItems) add('manualItems', m.id, m.metric, m.day);
  for (const f of input.facts) add('facts', f.id, f.metric, f.day);
  for (const d of input.devices)
    if (!usage.used.devices.has(d.id))
      out.push({
        list: 'devices',
        ref: d.id,
        reason: contract.fee.kind === 'per_device_year' ? '结算期间内未使用' : '本合同不按设备计费',
      });
  for (const a of input.assessments)
    if (!usage.used.assessments.has(a.id))
      out.push({
        list: 'assessments',
        ref: a.id,
        reason: contract.fee.kind === 'per_unit' ? '不在结算期间内' : '本合同不按评估件数计费',
      });
  return out.sort((x, y) => cmp(x.list, y.list) || cmp(x.ref, y.ref));
}
