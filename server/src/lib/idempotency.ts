// Idempotency-Key replays. A create stored under a key keeps the sha256 of its (validated) request; the same
// key sent again replays the stored result only when the request is the same. Another request under a used
// key is a client bug (a key reused for a different form) and must not silently return the first result.
import crypto from 'node:crypto';
import { AppError, validation } from './errors';

/** The Idempotency-Key header, checked: 1–100 characters (it is stored with the row it made). */
export function checkIdempotencyKey(key: string | undefined): string | undefined {
  if (key !== undefined && (key.length < 1 || key.length > 100))
    throw validation({ 'Idempotency-Key': 'Must be 1–100 characters' });
  return key;
}

/** JSON with object keys sorted at every level (and undefined members dropped): equal data, equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** sha256 (hex) of the canonical form of a request. */
export function requestHash(request: unknown): string {
  return crypto.createHash('sha256').update(canonicalJson(request)).digest('hex');
}

/**
 * A replay under a used key: 422 IDEMPOTENCY_MISMATCH when the stored request differs. A row stored before
 * hashes were kept (null) replays as it always did.
 */
export function assertSameRequest(storedHash: string | null | undefined, hash: string): void {
  if (storedHash && storedHash !== hash)
    throw new AppError(
      'IDEMPOTENCY_MISMATCH',
      'This Idempotency-Key was already used for a different request; send a new key for a new request',
    );
}
