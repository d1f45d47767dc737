import { inForce, securitySettingsSchema } from './domain';

const v = (value: number, iso: string) => ({ value, validFrom: new Date(iso) });

test('the version in force is the latest not after the instant; before the first there is none', () => {
  const versions = [v(2, '2026-06-01T00:00:00Z'), v(1, '2026-01-01T00:00:00Z'), v(3, '2027-01-01T00:00:00Z')];
  expect(inForce(versions, new Date('2025-12-31T23:59:59Z'))).toBeNull();
  expect(inForce(versions, new Date('2026-01-01T00:00:00Z'))?.value).toBe(1);
  expect(inForce(versions, new Date('2026-12-31T00:00:00Z'))?.value).toBe(2);
  expect(inForce(versions, new Date('2027-02-01T00:00:00Z'))?.value).toBe(3);
});

test('a later change to the same instant wins (two versions from one date: the last stored)', () => {
  expect(inForce([v(1, '2026-01-01T00:00:00Z'), v(2, '2026-01-01T00:00:00Z')], new Date('2026-02-01'))?.value).toBe(2);
});

test('the policy refuses weak or unknown values by field', () => {
  const r = securitySettingsSchema.safeParse({
    passwordMinLength: 6,
    passwordMinClasses: 3,
    passwordHistory: 5,
    passwordMaxAgeDays: 90,
    sessionIdleMinutes: 30,
    sessionMaxHours: 12,
    totpRequiredRoles: ['admin', 'janitor'],
    revealLimitPerHour: 30,
    exportLimitPerHour: 10,
    departmentHistory: 'redacted',
  });
  expect(r.success).toBe(false);
  const paths = r.error!.issues.map((i) => i.path.join('.'));
  expect(paths).toEqual(expect.arrayContaining(['passwordMinLength', 'totpRequiredRoles.1']));
});
