// Exact money arithmetic. Amounts are integer fen; rates (percent, per-mille, day fractions) are turned into
// exact fractions and each line is rounded once, half-up, to the fen — so a statement never depends on how
// floating point happened to round an intermediate product.

/** A non-negative rational number as numerator / denominator. */
export interface Ratio {
  num: bigint;
  den: bigint;
}

/** Rates are written in contracts with at most a few decimals (5 ‰, 2 %, 0.5 %); 6 is plenty. */
const RATE_SCALE = 1_000_000;

/** A decimal rate such as 5, 2.5 or 0.05 as an exact fraction. */
export function ratioOf(rate: number): Ratio {
  return { num: BigInt(Math.round(rate * RATE_SCALE)), den: BigInt(RATE_SCALE) };
}

export const percent = (p: number): Ratio => ({ num: ratioOf(p).num, den: ratioOf(p).den * 100n });
export const perMille = (p: number): Ratio => ({ num: ratioOf(p).num, den: ratioOf(p).den * 1000n });
export const fraction = (num: number, den: number): Ratio => ({ num: BigInt(num), den: BigInt(den) });

/** factors × ratios, rounded half-up to an integer number of fen. All inputs are non-negative. */
export function roundHalfUp(factors: number[], ratios: Ratio[] = []): number {
  let num = 1n;
  let den = 1n;
  for (const f of factors) {
    if (!Number.isSafeInteger(f) || f < 0) throw new RangeError(`Money factor must be a non-negative integer: ${f}`);
    num *= BigInt(f);
  }
  for (const r of ratios) {
    num *= r.num;
    den *= r.den;
  }
  return Number((2n * num + den) / (2n * den));
}

/** '¥1,234.50' — for formulas and notes; statements carry the fen. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}¥${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/** A rate for display: 5 → '5', 0.5 → '0.5' (no float noise like 0.30000000000000004). */
export function rate(n: number): string {
  return String(Math.round(n * RATE_SCALE) / RATE_SCALE);
}
