// One error type for everything a client can be told. Routes never build error JSON themselves.
export type ErrorCode =
  | 'VALIDATION'
  | 'UNAUTHENTICATED'
  | 'INVALID_CREDENTIALS'
  | 'LOGIN_THROTTLED'
  | 'PASSWORD_CHANGE_REQUIRED'
  | 'TOTP_ENROLMENT_REQUIRED'
  | 'FORBIDDEN'
  | 'ORIGIN_REFUSED'
  | 'CONFLICT'
  | 'ROTATION_IN_PROGRESS'
  | 'RATE_LIMITED'
  | 'REVEAL_LIMIT'
  | 'IDEMPOTENCY_MISMATCH'
  | 'NOT_FOUND'
  | 'INVALID_TRANSITION'
  | 'VERSION_CONFLICT'
  | 'IDEMPOTENCY_CONFLICT'
  | 'NAME_TAKEN'
  | 'EXPORT_TOO_LARGE'
  | 'PAYLOAD_TOO_LARGE'
  | 'TELEPHONY_UNAVAILABLE'
  | 'DATABASE_UNAVAILABLE'
  | 'SOFTPHONE_NOT_READY'
  | 'INTERNAL';

const STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  LOGIN_THROTTLED: 429,
  PASSWORD_CHANGE_REQUIRED: 403,
  TOTP_ENROLMENT_REQUIRED: 403,
  FORBIDDEN: 403,
  ORIGIN_REFUSED: 403,
  CONFLICT: 409,
  ROTATION_IN_PROGRESS: 409,
  RATE_LIMITED: 429,
  REVEAL_LIMIT: 429,
  IDEMPOTENCY_MISMATCH: 422,
  NOT_FOUND: 404,
  INVALID_TRANSITION: 409,
  VERSION_CONFLICT: 409,
  IDEMPOTENCY_CONFLICT: 409,
  NAME_TAKEN: 409,
  EXPORT_TOO_LARGE: 400,
  PAYLOAD_TOO_LARGE: 413,
  TELEPHONY_UNAVAILABLE: 503,
  DATABASE_UNAVAILABLE: 503,
  SOFTPHONE_NOT_READY: 409,
  INTERNAL: 500,
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.status = STATUS[code];
  }
  toJSON() {
    return { error: { code: this.code, message: this.message, fields: this.fields, ...this.details } };
  }
}

export const validation = (fields: Record<string, string>, message = 'Invalid input') =>
  new AppError('VALIDATION', message, fields);
export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'Not allowed') => new AppError('FORBIDDEN', message);

/** PostgreSQL SQLSTATE of an error, also when Drizzle wraps the driver error in `cause`. */
export function pgCode(e: unknown): string | undefined {
  const err = e as { code?: unknown; cause?: { code?: unknown } };
  const code = typeof err?.code === 'string' ? err.code : err?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}
