import { backoffMs, loginKeys } from './throttle';

const l = { free: 5, baseMs: 30_000, maxMs: 15 * 60_000 };

test('no wait while failures are free, then doubling from the base, capped', () => {
  expect([1, 2, 3, 4].map((n) => backoffMs(n, l))).toEqual([0, 0, 0, 0]);
  expect([5, 6, 7, 8].map((n) => backoffMs(n, l))).toEqual([30_000, 60_000, 120_000, 240_000]);
  expect(backoffMs(10, l)).toBe(900_000);
  expect(backoffMs(10_000, l)).toBe(900_000);
});

test('the keys name what was typed, case-insensitively; a missing address still gets a key', () => {
  const keys = loginKeys(' Agent1 ', null, { pair: l, account: l, ip: l }).map((k) => k.key);
  expect(keys).toEqual(['pair:agent1|unknown', 'acct:agent1', 'ip:unknown']);
});
