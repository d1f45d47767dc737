// The security policy a centre changes at run time (administrators' 安全设置 screen). Defaults come from the
// environment; every change is a new version applying from a date, so what was in force at any past
// instant can be told (an audit question: "was the reveal limit 30 or 100 when this happened?").
import { z } from 'zod';
import type { Config } from '../../config/env';
import { ROLES } from '../tickets/domain/types';

export const securitySettingsSchema = z.strictObject({
  /** 等保 2.0 身份鉴别: length and character classes (lower, upper, digit, symbol) */
  passwordMinLength: z.number().int().min(8).max(128),
  passwordMinClasses: z.number().int().min(1).max(4),
  /** a new password may not be one of the last N */
  passwordHistory: z.number().int().min(0).max(24),
  /** days a password lasts (0: no expiry) */
  passwordMaxAgeDays: z.number().int().min(0).max(3650),
  sessionIdleMinutes: z
    .number()
    .min(1)
    .max(24 * 60),
  sessionMaxHours: z
    .number()
    .min(1)
    .max(24 * 30),
  /** roles whose members must sign in with a TOTP code */
  totpRequiredRoles: z.array(z.enum(ROLES)),
  /** full personal-data reveals one user may make per hour; beyond, refused and supervisors alerted */
  revealLimitPerHour: z.number().int().min(1).max(10000),
  /** exports (ticket lists, statements, audit) one user may make per hour */
  exportLimitPerHour: z.number().int().min(1).max(1000),
  /** a department whose assignment was sent back or cancelled: read-only without personal data, or nothing */
  departmentHistory: z.enum(['redacted', 'none']),
});
export type SecuritySettings = z.infer<typeof securitySettingsSchema>;

export function securityDefaults(c: Config): SecuritySettings {
  return {
    passwordMinLength: c.PASSWORD_MIN_LENGTH,
    passwordMinClasses: 3,
    passwordHistory: 5,
    passwordMaxAgeDays: c.PASSWORD_MAX_AGE_DAYS,
    sessionIdleMinutes: c.SESSION_IDLE_MINUTES,
    sessionMaxHours: c.SESSION_MAX_HOURS,
    totpRequiredRoles: c.TOTP_REQUIRED_ROLES.filter((r): r is (typeof ROLES)[number] =>
      (ROLES as readonly string[]).includes(r),
    ),
    revealLimitPerHour: c.REVEAL_LIMIT_PER_HOUR,
    exportLimitPerHour: c.EXPORT_LIMIT_PER_HOUR,
    departmentHistory: 'redacted',
  };
}

export interface SettingVersion<T> {
  value: T;
  validFrom: Date;
}

/** The version in force at `at`: the latest one not after it (versions in any order). */
export function inForce<T>(versions: readonly SettingVersion<T>[], at: Date): SettingVersion<T> | null {
  let best: SettingVersion<T> | null = null;
  for (const v of versions)
    if (v.validFrom.getTime() <= at.getTime() && (!best || v.validFrom.getTime() >= best.validFrom.getTime())) best = v;
  return best;
}
