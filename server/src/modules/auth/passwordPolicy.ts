// 等保 2.0 level 3 身份鉴别 / OWASP ASVS V2.1: a password of enough length and variety, not the user's own
// name, not an everyday password. (Reuse of the last N is checked by the service: it needs the hashes.)

export interface PasswordPolicy {
  passwordMinLength: number;
  passwordMinClasses: number;
}

export type PasswordProblem = 'too_short' | 'too_long' | 'too_few_classes' | 'contains_username' | 'too_common';

/** Passwords everyone tries first (plus the demo password): refused whatever the policy. */
const COMMON = new Set(
  [
    'password',
    'passw0rd',
    'p@ssw0rd',
    'p@ssword',
    'qwerty',
    'qwertyuiop',
    'admin',
    'administrator',
    'welcome',
    'letmein',
    'iloveyou',
    'abc123',
    'abcd1234',
    'a1b2c3d4',
    '123456',
    '12345678',
    '123456789',
    '1234567890',
    '1qaz2wsx',
    '1q2w3e4r',
    'zaq12wsx',
    'hotline',
    'hotline@2026',
    'hotline12345',
    'changeme',
  ].map((p) => p.toLowerCase()),
);

export function characterClasses(pw: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(pw)).length;
}

export function passwordProblems(pw: string, username: string, policy: PasswordPolicy): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = Array.from(pw).length;
  if (length < policy.passwordMinLength) problems.push('too_short');
  if (length > 128) problems.push('too_long');
  if (characterClasses(pw) < policy.passwordMinClasses) problems.push('too_few_classes');
  const lower = pw.toLowerCase();
  if (username.length >= 3 && lower.includes(username.toLowerCase())) problems.push('contains_username');
  // 'Password1!' is 'password' with decorations: strip trailing digits and symbols before the lookup
  const core = lower.replace(/[^a-z]+$/g, '').replace(/^[^a-z]+/g, '');
  if (COMMON.has(lower) || (core.length >= 5 && COMMON.has(core))) problems.push('too_common');
  return problems;
}

const MESSAGES: Record<PasswordProblem, (p: PasswordPolicy) => string> = {
  too_short: (p) => `At least ${p.passwordMinLength} characters`,
  too_long: () => 'At most 128 characters',
  too_few_classes: (p) => `At least ${p.passwordMinClasses} of: lower case, upper case, digits, symbols`,
  contains_username: () => 'Must not contain the user name',
  too_common: () => 'Too common a password',
};

export const problemMessage = (problem: PasswordProblem, policy: PasswordPolicy) => MESSAGES[problem](policy);
