// Errors as they may be logged. A failed Drizzle query's message (and so its stack, which starts with the
// message) carries the query's parameters — phone hashes, addresses, ticket text — and a PostgreSQL error's
// `detail` quotes row values; neither may reach a log. What is kept: the error's class, the driver's own
// message, the SQLSTATE and the stack frames.
import { pgCode } from './errors';

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  stack?: unknown;
  code?: unknown;
  query?: unknown;
  params?: unknown;
  cause?: unknown;
}

/** The "    at …" lines of a stack, without its first line(s), which repeat the message. */
function frames(stack: unknown, max: number): string[] {
  if (typeof stack !== 'string') return [];
  return stack
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .slice(0, max)
    .map((l) => l.trim());
}

/** `Class: message [SQLSTATE xxxxx]`, free of query parameters. */
export function errorSummary(e: unknown): string {
  if (e === null || typeof e !== 'object') return `non-error thrown: ${typeof e}`;
  const err = e as ErrorLike;
  const name = typeof err.name === 'string' ? err.name : 'Error';
  // Drizzle's DrizzleQueryError: "Failed query: <sql>\nparams: <values>"; the driver's error is its cause
  const wrapped = 'params' in err && 'query' in err;
  const inner = (wrapped && err.cause && typeof err.cause === 'object' ? err.cause : err) as ErrorLike;
  let message = typeof inner.message === 'string' ? inner.message : String(inner.message ?? '');
  if (/^Failed query:/.test(message)) message = 'failed query'; // a wrapper without a driver cause
  message = message.split('\n')[0].slice(0, 300);
  const code = pgCode(e) ?? (typeof inner.code === 'string' ? inner.code : undefined);
  // class 22 (data exception) messages quote the offending value: 'invalid input syntax for type …: "…"'
  if (code?.startsWith('22')) message = message.replace(/"[^"]*"/g, '"…"');
  const innerName = inner !== err && typeof inner.name === 'string' ? ` (${inner.name})` : '';
  return `${wrapped ? 'query failed' : name}${innerName}: ${message}${code ? ` [${code}]` : ''}`;
}

/** The summary plus up to `max` stack frames (of the wrapper: where our code called). */
export function describeError(e: unknown, max = 8): string {
  const f = e && typeof e === 'object' ? frames((e as ErrorLike).stack, max) : [];
  // a failed query's SQL says where it failed; its values travel apart as $1, $2 … (only constants are inlined)
  const query = e && typeof e === 'object' ? (e as ErrorLike).query : undefined;
  const sqlText = typeof query === 'string' ? [`    query: ${query.replace(/\s+/g, ' ').slice(0, 1000)}`] : [];
  return [errorSummary(e), ...sqlText, ...f.map((l) => `    ${l}`)].join('\n');
}

/**
 * A log line built elsewhere (the telephony package formats its own, with `${e.message}`): a failed Drizzle
 * query's message ends "\nparams: <values>"; the values go, the SQL stays.
 */
export function withoutQueryParams(text: string): string {
  return text.replace(/\nparams: [\s\S]*$/, ' [query parameters not logged]');
}

/**
 * A log line per key at most every `windowMs`: an outage makes every retry fail the same way, and one line
 * with a count says as much as a thousand.
 */
export function throttledLog(log: (m: string) => void, windowMs = 10_000) {
  const seen = new Map<string, { at: number; suppressed: number }>();
  return (key: string, message: string) => {
    const now = Date.now();
    const s = seen.get(key);
    if (s && now - s.at < windowMs) {
      s.suppressed++;
      return;
    }
    const more = s?.suppressed ? ` (${s.suppressed} more like it since)` : '';
    seen.set(key, { at: now, suppressed: 0 });
    if (seen.size > 200) seen.delete(seen.keys().next().value as string);
    log(message + more);
  };
}

/**
 * The database could not be reached or dropped the connection (restart, fail-over, terminated backend): the
 * request may simply be tried again.
 */
export function isConnectionError(e: unknown): boolean {
  const code = pgCode(e);
  if (code && (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03')) return true;
  const inner = (e as ErrorLike | null)?.cause ?? e;
  const message = String((inner as ErrorLike | null)?.message ?? '');
  return /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(
    message,
  );
}
