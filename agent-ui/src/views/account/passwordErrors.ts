// The password policy's refusals in the user's language. The server sends the rule codes (`problems`) with
// an English message that carries the numbers of the policy in force (length, classes, history).
import { ApiError } from '../../api/client';

type T = (key: string, params?: Record<string, unknown>) => string;

const NUMBERS: Record<string, RegExp> = {
  too_short: /at least (\d+) characters/i,
  too_few_classes: /at least (\d+) of/i,
  reused: /last (\d+) passwords/i,
};

/** The message for `field` of a refused password, translated when the server named the rules. */
export function passwordFieldError(err: ApiError, field: string, t: T): string {
  const raw = err.fields[field] ?? '';
  const problems = Array.isArray(err.details.problems) ? (err.details.problems as string[]) : [];
  if (!problems.length) return raw;
  return problems
    .map((p) => {
      const n = NUMBERS[p]?.exec(raw)?.[1];
      return t(`account.password.problems.${p}`, { n: n ?? '' });
    })
    .join('；');
}
