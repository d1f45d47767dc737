// Drizzle schema of telephony (softphone credentials and registrations, calls, legs, recordings, 一键呼 elder
// profiles); re-exported by schema.ts, from which migrations are generated.
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { tz } from './columns';
// only inside lazy `references(() => …)` callbacks: schema.ts and this file import each other
import { orgUnits, tickets, users } from './schema';

/**
 * SIP credentials of an agent's browser softphone: issued by the server, not the login password. The
 * registrar checks digests against `ha1` (MD5(user:realm:password), what SIP digest needs); the password
 * itself is kept encrypted so the desk can be given it again after a reload.
 */
export const sipCredentials = pgTable('sip_credentials', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id),
  sipUser: text('sip_user').notNull().unique(),
  ha1: text('ha1').notNull(),
  passwordEnc: text('password_enc').notNull(),
  issuedAt: tz('issued_at').notNull().defaultNow(),
});

/** Live softphone registrations (one row per contact), written by the registrar. */
export const sipRegistrations = pgTable(
  'sip_registrations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    contact: text('contact').notNull(),
    /** the drachtio-side address the contact is reached through (NAT / WebSocket) */
    received: text('received'),
    userAgent: text('user_agent'),
    registeredAt: tz('registered_at').notNull(),
    expiresAt: tz('expires_at').notNull(),
  },
  (t) => [
    uniqueIndex('sip_registrations_contact_uq').on(t.userId, t.contact),
    index('sip_registrations_exp_idx').on(t.expiresAt),
  ],
);

/**
 * One row per call (inbound from a trunk, or outbound click-to-call). The columns are the record built from
 * `events` (the ordered call events): the record can always be rebuilt from them.
 */
export const calls = pgTable(
  'calls',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** SIP Call-ID of the first leg (trunk side); unique, so a retransmitted INVITE cannot make two calls */
    sipCallId: text('sip_call_id').notNull().unique(),
    direction: text('direction').notNull(), // inbound | outbound
    lineDid: text('line_did'),
    queue: text('queue'),
    callerPhoneEnc: text('caller_phone_enc'),
    callerPhoneHash: text('caller_phone_hash'),
    callerPhoneMasked: text('caller_phone_masked'),
    ticketId: bigint('ticket_id', { mode: 'number' }).references(() => tickets.id),
    agentId: integer('agent_id').references(() => users.id),
    arrivedAt: tz('arrived_at').notNull(),
    queuedAt: tz('queued_at'),
    firstOfferedAt: tz('first_offered_at'),
    answeredAt: tz('answered_at'),
    endedAt: tz('ended_at'),
    waitMs: integer('wait_ms'),
    talkMs: integer('talk_ms'),
    offers: integer('offers').notNull().default(0),
    outcome: text('outcome').notNull(), // in_progress | answered | abandoned_queue | abandoned_ringing | no_agent
    endedBy: text('ended_by'),
    transferredTo: text('transferred_to'),
    events: jsonb('events').notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('calls_arrived_idx').on(t.arrivedAt),
    index('calls_queue_idx').on(t.queue, t.arrivedAt),
    index('calls_agent_idx').on(t.agentId, t.arrivedAt),
    index('calls_ticket_idx').on(t.ticketId),
    index('calls_phone_idx').on(t.callerPhoneHash),
  ],
);

/** Every leg of a call: the trunk side, each agent it rang, transfers, outbound legs. */
export const callLegs = pgTable(
  'call_legs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    callId: bigint('call_id', { mode: 'number' })
      .notNull()
      .references(() => calls.id),
    kind: text('kind').notNull(), // trunk | agent | transfer | outbound
    userId: integer('user_id').references(() => users.id),
    target: text('target'),
    sipCallId: text('sip_call_id'),
    startedAt: tz('started_at').notNull(),
    answeredAt: tz('answered_at'),
    endedAt: tz('ended_at'),
    result: text('result'), // answered | no_answer | declined | cancelled | failed
    sipStatus: integer('sip_status'),
  },
  (t) => [index('call_legs_call_idx').on(t.callId)],
);

/** Call recordings: the file is AES-256-GCM encrypted at rest; `deletedAt` once retention removed it. */
export const recordings = pgTable(
  'recordings',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    callId: bigint('call_id', { mode: 'number' })
      .notNull()
      .references(() => calls.id),
    path: text('path').notNull(),
    format: text('format').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    durationMs: integer('duration_ms'),
    /** the data key the file is encrypted under (key rotation re-encrypts files of older keys) */
    keyId: integer('key_id').notNull().default(0),
    createdAt: tz('created_at').notNull().defaultNow(),
    deletedAt: tz('deleted_at'),
  },
  (t) => [index('recordings_call_idx').on(t.callId), index('recordings_created_idx').on(t.createdAt)],
);

/** 一键呼 devices: the elder behind a device's calling number, shown on the screen pop of an emergency call. */
export const elderProfiles = pgTable('elder_profiles', {
  id: serial('id').primaryKey(),
  devicePhoneHash: text('device_phone_hash').notNull().unique(),
  devicePhoneMasked: text('device_phone_masked').notNull(),
  name: text('name').notNull(),
  birthYear: integer('birth_year'),
  addressEnc: text('address_enc'),
  addressMasked: text('address_masked'),
  communityId: integer('community_id').references(() => orgUnits.id),
  /** medical notes and emergency contacts ({name, relation, phone}[]), encrypted together */
  detailsEnc: text('details_enc'),
  installedAt: tz('installed_at'),
  removedAt: tz('removed_at'),
});

/**
 * Hotline lines (the numbers callers dial) kept by administrators; the telephony application routes by them.
 * Seeded once from HOTLINE_LINES; changes apply without a restart.
 */
export const hotlineLines = pgTable('hotline_lines', {
  id: serial('id').primaryKey(),
  did: text('did').notNull().unique(),
  name: text('name').notNull(),
  queue: text('queue').notNull(),
  priority: integer('priority').notNull(),
  skill: text('skill'),
  emergency: boolean('emergency').notNull().default(false),
  active: boolean('active').notNull().default(true),
  version: integer('version').notNull().default(1),
  updatedAt: tz('updated_at').notNull().defaultNow(),
});
