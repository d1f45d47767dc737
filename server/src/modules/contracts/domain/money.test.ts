// Exact rounding and the day arithmetic behind sub-periods.
import { addDays, daysInclusive, isDay, subPeriods } from './days';
import { fraction, perMille, percent, rate, roundHalfUp, yuan } from './money';

describe('money', () => {
  it('rounds half up once, on exact fractions', () => {
    expect(roundHalfUp([1], [fraction(1, 2)])).toBe(1);
    expect(roundHalfUp([1], [fraction(49, 100)])).toBe(0);
    expect(roundHalfUp([3990, 73], [fraction(1, 365)])).toBe(798);
    // 0.1 + 0.2 style float noise never reaches a statement: 3 × 0.1 % of ¥1,000.00
    expect(roundHalfUp([3, 100_000], [percent(0.1)])).toBe(300);
    expect(roundHalfUp([3, 199_500_000], [perMille(5)])).toBe(2_992_500);
  });

  it('refuses fractional or negative factors', () => {
    expect(() => roundHalfUp([1.5])).toThrow(RangeError);
    expect(() => roundHalfUp([-1])).toThrow(RangeError);
  });

  it('formats yuan and rates', () => {
    expect(yuan(380_000)).toBe('¥3,800.00');
    expect(yuan(798)).toBe('¥7.98');
    expect(yuan(5)).toBe('¥0.05');
    expect(yuan(669_556_800)).toBe('¥6,695,568.00');
    expect(rate(0.1 + 0.2)).toBe('0.3');
  });
});

describe('days', () => {
  it('checks real dates and counts days inclusively', () => {
    expect(isDay('2024-02-29')).toBe(true);
    expect(isDay('2023-02-29')).toBe(false);
    expect(isDay('2023-2-01')).toBe(false);
    expect(daysInclusive('2022-04-01', '2023-03-31')).toBe(365);
    expect(daysInclusive('2022-04-02', '2022-04-01')).toBe(0);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });

  const contract = { from: '2026-02-10', to: '2027-02-09' };

  it('splits a range into calendar months and quarters clipped to the contract', () => {
    expect(subPeriods('month', contract, { from: '2026-02-10', to: '2026-04-05' })).toEqual([
      { key: '2026-02', from: '2026-02-10', to: '2026-02-28' },
      { key: '2026-03', from: '2026-03-01', to: '2026-03-31' },
      { key: '2026-04', from: '2026-04-01', to: '2026-04-30' },
    ]);
    expect(subPeriods('quarter', contract, { from: '2026-12-01', to: '2027-02-09' })).toEqual([
      { key: '2026-Q4', from: '2026-10-01', to: '2026-12-31' },
      { key: '2027-Q1', from: '2027-01-01', to: '2027-02-09' },
    ]);
  });

  it('counts contract years from the start day, and the whole contract as one', () => {
    const long = { from: '2024-02-29', to: '2026-12-31' };
    expect(subPeriods('year', long, long).map((p) => p.key)).toEqual([
      '2024-02-29/2025-02-27',
      '2025-02-28/2026-02-27',
      '2026-02-28/2026-12-31',
    ]);
    expect(subPeriods('contract', contract, { from: '2026-05-01', to: '2026-05-31' })).toEqual([
      { key: 'contract', ...contract },
    ]);
  });
});
