// The one fetch wrapper: same-origin JSON API under /api, cookie session (credentials: 'include').
// Every failure becomes an ApiError so callers can branch on status/code and show per-field messages.

export type FieldErrors = Record<string, string>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldErrors;
  /** the error body's other fields (retryAfterSeconds, currentVersion, limit, problems …) */
  readonly details: Record<string, unknown>;

  constructor(
    status: number,
    code: string,
    message: string,
    fields: FieldErrors = {},
    details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.details = details;
  }
}

type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Query;
  signal?: AbortSignal;
  /** extra request headers (e.g. Idempotency-Key) */
  headers?: Record<string, string>;
  /** Do not run the global 401 handler (used by the login/me calls themselves). */
  skipAuthRedirect?: boolean;
}

let unauthorizedHandler: (() => void) | null = null;

/** main.ts registers what a 401 means for the app (clear the session, go to /login). */
export function onUnauthorized(handler: () => void): void {
  unauthorizedHandler = handler;
}

/** The session ended outside an API call (e.g. the socket says so): same handling as a 401. */
export function notifyUnauthorized(): void {
  unauthorizedHandler?.();
}

/** Codes of a session that must change its password or set up two-step sign-in before anything else. */
export const RESTRICTED_CODES = ['PASSWORD_CHANGE_REQUIRED', 'TOTP_ENROLMENT_REQUIRED'];
let restrictedHandler: (() => void) | null = null;

/** main.ts registers what a 403 "restricted session" means (re-read the account, go to the step due). */
export function onRestricted(handler: () => void): void {
  restrictedHandler = handler;
}

export function buildUrl(path: string, query?: Query): string {
  const url = `/api${path}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${url}?${qs}` : url;
}

/** Server sends fields as {field: message}; tolerate arrays of messages and [{path, message}] lists too. */
function normalizeFields(raw: unknown): FieldErrors {
  const out: FieldErrors = {};
  if (Array.isArray(raw)) {
    for (const item of raw as Array<{ path?: unknown; field?: unknown; message?: unknown }>) {
      const key = Array.isArray(item?.path) ? item.path.join('.') : String(item?.path ?? item?.field ?? '');
      if (key) out[key] = String(item?.message ?? '');
    }
  } else if (raw && typeof raw === 'object') {
    for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
      out[key] = Array.isArray(value) ? value.map(String).join('; ') : String(value);
    }
  }
  return out;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, query, signal, skipAuthRedirect = false } = options;
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (body !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(buildUrl(path, query), {
      method,
      headers,
      credentials: 'include',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', err instanceof Error ? err.message : 'Network error');
  }

  const text = await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }

  if (!response.ok) {
    const error = (
      data as { error?: { code?: string; message?: string; fields?: unknown } & Record<string, unknown> } | undefined
    )?.error;
    const { code: _code, message: _message, fields: _fields, ...details } = error ?? {};
    const apiError = new ApiError(
      response.status,
      error?.code ?? `HTTP_${response.status}`,
      error?.message ?? response.statusText ?? `HTTP ${response.status}`,
      normalizeFields(error?.fields),
      details,
    );
    if (response.status === 401 && !skipAuthRedirect) notifyUnauthorized();
    if (response.status === 403 && RESTRICTED_CODES.includes(apiError.code) && !skipAuthRedirect) restrictedHandler?.();
    throw apiError;
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>(path, { query, signal }),
  post: <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    request<T>(path, { ...options, method: 'POST', body: body ?? {} }),
};

/**
 * Fetches a file (so a refusal shows the server's reason rather than a broken download) and hands it to the
 * browser under the server's file name. A refusal throws ApiError carrying the error body's extra fields
 * (e.g. `count` and `max` of a too-large export).
 */
export async function downloadUrl(url: string, fallbackName: string): Promise<void> {
  const res = await fetch(url, { credentials: 'include' });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as {
      error?: { code?: string; message?: string } & Record<string, unknown>;
    };
    if (res.status === 401) notifyUnauthorized();
    const { code, message, ...rest } = body.error ?? {};
    throw Object.assign(
      new ApiError(res.status, code ?? `HTTP_${res.status}`, message ?? res.statusText, {}, rest),
      rest,
    );
  }
  const disposition = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const name = star ? decodeURIComponent(star) : (/filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? fallbackName);
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}
