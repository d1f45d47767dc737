// Security tables: password history, login throttling, settings with a history, the personal-data keys,
// reveal quotas and the audit trail's hash chain and archives (docs/security.md).
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, serial, text } from 'drizzle-orm/pg-core';
import { tz } from './columns';

/** The last password hashes of each user: a new password must differ from the last N. */
export const passwordHistory = pgTable(
  'password_history',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id').notNull(),
    hash: text('hash').notNull(),
    createdAt: tz('created_at').notNull(),
  },
  (t) => [index('password_history_user_idx').on(t.userId, t.createdAt)],
);

/**
 * Failed-login counters keyed by what was typed, not by what exists ('acct:<name>', 'pair:<name>|<ip>',
 * 'ip:<ip>', 'totp:<user id>'): unknown and known names are throttled alike, so the answers reveal nothing.
 * An attempt is counted before the password is checked (see auth/throttle.ts).
 */
export const loginThrottle = pgTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  /** no attempt is checked before this instant */
  blockedUntil: tz('blocked_until'),
  updatedAt: tz('updated_at').notNull(),
});

/**
 * Settings a centre changes at run time (security policy, reveal limits …). Every change is a new row
 * applying from `validFrom`; the row in force at an instant is the latest one not after it.
 */
export const settings = pgTable(
  'settings',
  {
    id: serial('id').primaryKey(),
    key: text('key').notNull(),
    value: jsonb('value').notNull(),
    validFrom: tz('valid_from').notNull(),
    setBy: integer('set_by'),
    setAt: tz('set_at').notNull(),
  },
  (t) => [index('settings_key_idx').on(t.key, t.validFrom)],
);

/**
 * Data keys for personal data (envelope encryption): each is random, stored wrapped (AES-256-GCM) by the
 * master key, and named by its id in every ciphertext. Key 0 is the master-derived key of the first
 * release (ciphertexts 'v1.'), stored wrapped like the others. The newest active key encrypts new data.
 */
export const piiKeys = pgTable('pii_keys', {
  id: integer('id').primaryKey(),
  /** enc: encrypts data | mac: keys the search hashes (kept across rotations: a new one means rehashing) */
  purpose: text('purpose').notNull(),
  wrapped: text('wrapped').notNull(),
  /** active: encrypts new data | retired: only decrypts until the re-encryption job has moved its rows */
  state: text('state').notNull(),
  createdAt: tz('created_at').notNull(),
  retiredAt: tz('retired_at'),
});

/** One row: the master key's check value. A different master key refuses to start instead of writing garbage. */
export const piiMaster = pgTable('pii_master', {
  id: integer('id').primaryKey(),
  checkValue: text('check_value').notNull(),
  createdAt: tz('created_at').notNull(),
});

/** A key rotation: new key from `startedAt`, the job re-encrypts every older row; progress per table. */
export const piiRotations = pgTable('pii_rotations', {
  id: serial('id').primaryKey(),
  keyId: integer('key_id').notNull(),
  startedAt: tz('started_at').notNull(),
  startedBy: integer('started_by'),
  finishedAt: tz('finished_at'),
  total: integer('total').notNull().default(0),
  done: integer('done').notNull().default(0),
  progress: jsonb('progress').notNull().default({}),
  lastError: text('last_error'),
});

/**
 * Uses of personal data per user, kind (reveal | export) and hour, counted atomically: the limit holds under
 * parallel calls, and refusals are counted too (the first one alerts supervisors).
 */
export const revealQuota = pgTable(
  'reveal_quota',
  {
    userId: integer('user_id').notNull(),
    kind: text('kind').notNull(),
    hour: tz('hour').notNull(),
    count: integer('count').notNull().default(0),
    refused: integer('refused').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind, t.hour] })],
);

/**
 * The audit trail's hash chain, in sealing order: hash = sha256(prev hash ‖ the audit row's canonical text).
 * Written by the sealing job only (INSERT-only like the audit rows), so writers of audit rows never wait on
 * a chain lock; a row committed late is simply sealed in a later batch.
 */
export const auditSeals = pgTable('audit_seals', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  auditId: bigint('audit_id', { mode: 'number' }).notNull().unique(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
  sealedAt: tz('sealed_at').notNull(),
});

/** Audit rows moved out to an archive file (never deleted without one): the chain continues from here. */
export const auditArchives = pgTable('audit_archives', {
  id: serial('id').primaryKey(),
  fromSeq: bigint('from_seq', { mode: 'number' }).notNull(),
  throughSeq: bigint('through_seq', { mode: 'number' }).notNull(),
  lastHash: text('last_hash').notNull(),
  rows: integer('rows').notNull(),
  file: text('file').notNull(),
  fileSha256: text('file_sha256').notNull(),
  before: tz('before').notNull(),
  createdAt: tz('created_at').notNull(),
  verified: boolean('verified').notNull().default(false),
  data: jsonb('data'),
});

/** What supervisors must look at: reveal limits exceeded, throttled logins, a broken audit chain … */
export const securityAlerts = pgTable(
  'security_alerts',
  {
    id: serial('id').primaryKey(),
    kind: text('kind').notNull(),
    userId: integer('user_id'),
    at: tz('at').notNull(),
    data: jsonb('data'),
    acknowledgedBy: integer('acknowledged_by'),
    acknowledgedAt: tz('acknowledged_at'),
  },
  (t) => [index('security_alerts_open_idx').on(t.acknowledgedAt, t.at)],
);
