// Need-to-know (等保 2.0 个人信息保护 / ASVS V8.3): why full personal data is shown, and how much of it.

/** Reasons a user may give for seeing a caller's full number or address (the UI offers these). */
export const REVEAL_REASONS = ['callback', 'dispatch', 'visit', 'verify', 'complaint', 'emergency', 'other'] as const;
export type RevealReason = (typeof REVEAL_REASONS)[number];

/** The hour a use counts in (quotas are per user per clock hour, UTC-aligned: whole hours in Asia/Shanghai too). */
export const hourOf = (at: Date) => new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000);

/** Roles that take calls and so may look a caller up by phone (the new-ticket form, the list's phone search). */
export const PHONE_SEARCH_ROLES = ['agent', 'shift_leader', 'supervisor', 'admin'] as const;
export const mayPhoneSearch = (roles: readonly string[]) =>
  roles.some((r) => (PHONE_SEARCH_ROLES as readonly string[]).includes(r));
