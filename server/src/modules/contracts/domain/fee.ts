// The fee (gross) of a range of days under a contract's fee model.
import type { Contract, DayRange } from './contract';
import { addDays, daysInclusive, inRange, intersect } from './days';
import type { CheckedInput } from './input';
import { fraction, rate, roundHalfUp, yuan } from './money';
import type { FeeBreakdown, FeeLine } from './statement';
import type { Evidence } from './types';

/** Ids of devices and assessments the fee counted (for the statement's list of ignored rows). */
export interface FeeUsage {
  devices: Set<string>;
  assessments: Set<string>;
}

/**
 * Fee of `range` (inside the contract period). `priorGrossFen` is what earlier statements already settled:
 * caps in these contracts bound the whole contract's fee ("超出合同暂计总价部分不再计算"), not each month's.
 */
export function computeFee(
  contract: Contract,
  input: CheckedInput,
  range: DayRange,
  priorGrossFen: number,
  usage?: FeeUsage,
): FeeBreakdown {
  const lines = feeLines(contract, input, range, usage);
  const amountFen = lines.reduce((s, l) => s + l.amountFen, 0);
  const cap = contract.fee.kind === 'prorated_total' ? null : contract.fee.capFen;
  if (cap === null) return { kind: contract.fee.kind, lines, amountFen, capFen: null, cappedFen: amountFen };
  const capFen = Math.max(0, cap - priorGrossFen);
  const breakdown: FeeBreakdown = {
    kind: contract.fee.kind,
    lines,
    amountFen,
    capFen,
    cappedFen: Math.min(amountFen, capFen),
  };
  if (amountFen > capFen)
    breakdown.capNote = `封顶 ${yuan(capFen)}：服务费上限 ${yuan(cap)} − 此前已结算 ${yuan(priorGrossFen)}`;
  return breakdown;
}

function feeLines(contract: Contract, input: CheckedInput, range: DayRange, usage?: FeeUsage): FeeLine[] {
  const contractDays = daysInclusive(contract.period.from, contract.period.to);
  const fee = contract.fee;
  switch (fee.kind) {
    case 'prorated_total': {
      // Cumulative rounding: fee(range) = R(total × days up to range.to ÷ N) − R(total × days before range.from ÷ N).
      // Each period is still within half a fen of total × days ÷ N, and the periods add up to the total exactly.
      const through = (n: number) => roundHalfUp([contract.totalFen], [fraction(n, contractDays)]);
      const before = daysInclusive(contract.period.from, addDays(range.from, -1));
      const upTo = daysInclusive(contract.period.from, range.to);
      const days = upTo - before;
      return [
        {
          metric: 'contract_days',
          label: '合同总额按天分摊',
          count: days,
          formula: `${yuan(contract.totalFen)} × ${days} 天 ÷ ${contractDays} 天`,
          amountFen: through(upTo) - through(before),
          evidence: [],
        },
      ];
    }
    case 'per_device_year': {
      let deviceDays = 0;
      const evidence: Evidence[] = [];
      for (const d of input.devices) {
        const inUse = intersect({ from: d.from, to: d.to ?? range.to }, range);
        if (!inUse) continue;
        const days = daysInclusive(inUse.from, inUse.to);
        deviceDays += days;
        usage?.devices.add(d.id);
        evidence.push({
          kind: 'device',
          ref: d.id,
          day: inUse.from,
          label: `${d.label}：正常使用 ${days} 天（${inUse.from} 至 ${inUse.to}）`,
        });
      }
      // Σ unit × daysᵢ ÷ N rounded once: rounding each device would drift by up to half a fen per device.
      return [
        {
          metric: 'device_days',
          label: '正常使用的设备',
          count: deviceDays,
          unitFen: fee.unitFen,
          formula: `${yuan(fee.unitFen)} × ${deviceDays} 设备·天 ÷ ${contractDays} 天`,
          amountFen: roundHalfUp([fee.unitFen, deviceDays], [fraction(1, contractDays)]),
          evidence,
        },
      ];
    }
    case 'per_unit':
      return fee.prices.map((price) => {
        const done = input.assessments.filter((a) => a.kind === price.unit && inRange(a.day, range));
        for (const a of done) usage?.assessments.add(a.id);
        return {
          metric: 'assessments',
          label: price.label,
          count: done.length,
          unitFen: price.unitFen,
          formula: `${done.length} × ${yuan(price.unitFen)}`,
          amountFen: done.length * price.unitFen,
          evidence: done.map((a) => ({
            kind: 'assessment',
            ref: a.id,
            day: a.day,
            label: a.label ?? `${price.label} ${a.day}`,
          })),
        };
      });
  }
}

/** "5 % of ¥X" etc. for formulas. */
export const pctOf = (p: number, baseFen: number) => `${rate(p)}% × ${yuan(baseFen)}`;
