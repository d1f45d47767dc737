// An account as administrators see it: never the password hash or the TOTP secret.
import type { AdminUserRow } from './repository';

export function presentUser(u: AdminUserRow, throttle: { failures: number; blockedUntil: Date | null } | null) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    unitId: u.unitId,
    unitName: u.unitName,
    skills: u.skills,
    active: u.active,
    version: u.version,
    mustChangePassword: u.mustChangePassword,
    passwordChangedAt: u.passwordChangedAt?.toISOString() ?? null,
    totpEnabled: !!u.totpEnabledAt,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt?.toISOString() ?? null,
    /** failed sign-ins counted against the account, and until when further attempts must wait */
    failedLogins: throttle?.failures ?? 0,
    throttledUntil:
      throttle?.blockedUntil && throttle.blockedUntil.getTime() > Date.now()
        ? throttle.blockedUntil.toISOString()
        : null,
  };
}
