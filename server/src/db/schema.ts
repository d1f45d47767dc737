// Drizzle schema. Migrations are generated from this file (`npm run db:generate -w server`) into
// server/drizzle/ and applied on start. Personal data columns end in _enc (AES-256-GCM ciphertext),
// _hash (keyed HMAC for exact search) or _masked (what lists show); plaintext never touches the table.
import { sql } from 'drizzle-orm';
import {
  bigint,
  customType,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  serial,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

import type { TicketStatus } from '../modules/tickets/domain/types';
import {
  contractFacts,
  contracts,
  leaveRequests,
  partners,
  rosterAssignments,
  rosters,
  shiftTemplates,
  swapRequests,
} from './schemaWorkforce';

import { tz } from './columns';
import {
  callLegs,
  calls,
  elderProfiles,
  hotlineLines,
  recordings,
  sipCredentials,
  sipRegistrations,
} from './schemaTelephony';
import {
  auditArchives,
  auditSeals,
  loginThrottle,
  passwordHistory,
  piiKeys,
  piiMaster,
  piiRotations,
  revealQuota,
  securityAlerts,
  settings,
} from './schemaSecurity';

export const orgUnits = pgTable(
  'org_units',
  {
    id: serial('id').primaryKey(),
    parentId: integer('parent_id'),
    name: text('name').notNull(),
    type: text('type').notNull(), // centre | department | street | community | provider
    code: text('code').notNull(),
    /** materialized path '/1/4/12/': a subtree is `path LIKE '/1/4/%'` */
    path: text('path').notNull(),
    sort: integer('sort').notNull().default(0),
    active: boolean('active').notNull().default(true),
  },
  (t) => [uniqueIndex('org_units_code_uq').on(t.code), index('org_units_path_idx').on(t.path)],
);

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  roles: text('roles').array().notNull(),
  unitId: integer('unit_id').references(() => orgUnits.id),
  /** lines' skills this agent takes (e.g. citizen, elder, onekey); empty: every line */
  skills: text('skills')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  active: boolean('active').notNull().default(true),
  createdAt: tz('created_at').notNull().defaultNow(),
  /** optimistic version of the administrator's edits */
  version: integer('version').notNull().default(1),
  updatedAt: tz('updated_at'),
  /** set by an administrator's reset: the next session may only change the password */
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  passwordChangedAt: tz('password_changed_at'),
  /** TOTP second factor: the secret (encrypted like personal data), when it was confirmed, the last step used */
  totpSecretEnc: text('totp_secret_enc'),
  totpEnabledAt: tz('totp_enabled_at'),
  totpLastStep: bigint('totp_last_step', { mode: 'number' }),
});

export const sessions = pgTable(
  'sessions',
  {
    /** sha256 of the cookie token: a leaked table does not leak live sessions */
    idHash: text('id_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: tz('created_at').notNull().defaultNow(),
    lastSeenAt: tz('last_seen_at').notNull().defaultNow(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    revokedAt: tz('revoked_at'),
    /** absolute end, whatever the activity */
    expiresAt: tz('expires_at'),
    /** password checked, second factor not yet: only the TOTP step is open to this session */
    mfaPending: boolean('mfa_pending').notNull().default(false),
    /** why it ended: logout | idle | expired | signed_out_everywhere | disabled | password_changed … */
    endReason: text('end_reason'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const categories = pgTable('categories', {
  id: serial('id').primaryKey(),
  parentId: integer('parent_id'),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  nameEn: text('name_en'),
  /** top-level kind: consult 咨询 | help 求助 | complaint 投诉 | report 举报 | suggestion 建议 | praise 表扬 */
  kind: text('kind').notNull(),
  sort: integer('sort').notNull().default(0),
  active: boolean('active').notNull().default(true),
});

/** Limits per category × urgency; a category without its own row inherits its parent's. */
export const timeLimits = pgTable(
  'time_limits',
  {
    id: serial('id').primaryKey(),
    categoryId: integer('category_id')
      .notNull()
      .references(() => categories.id),
    urgency: text('urgency').notNull(), // normal | urgent | critical
    signValue: real('sign_value').notNull(),
    signUnit: text('sign_unit').notNull(),
    feedbackValue: real('feedback_value').notNull(),
    feedbackUnit: text('feedback_unit').notNull(),
    closeValue: real('close_value').notNull(),
    closeUnit: text('close_unit').notNull(),
  },
  (t) => [uniqueIndex('time_limits_cat_urg_uq').on(t.categoryId, t.urgency)],
);

export const calendarYears = pgTable('calendar_years', {
  year: integer('year').primaryKey(),
  source: text('source').notNull(),
  data: jsonb('data').notNull(),
  loadedAt: tz('loaded_at').notNull().defaultNow(),
  loadedBy: integer('loaded_by'),
});

export const tickets = pgTable(
  'tickets',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    number: text('number').notNull().unique(),
    status: text('status').$type<TicketStatus>().notNull(),
    version: integer('version').notNull().default(1),
    channel: text('channel').notNull(),
    /** legacy plaintext, emptied by the key job at start (names are personal data: callerNameEnc) */
    callerName: text('caller_name'),
    callerNameEnc: text('caller_name_enc'),
    callerNameMasked: text('caller_name_masked'),
    callerPhoneEnc: text('caller_phone_enc'),
    callerPhoneHash: text('caller_phone_hash'),
    callerPhoneMasked: text('caller_phone_masked'),
    addressEnc: text('address_enc'),
    addressMasked: text('address_masked'),
    categoryId: integer('category_id')
      .notNull()
      .references(() => categories.id),
    urgency: text('urgency').notNull(),
    streetId: integer('street_id').references(() => orgUnits.id),
    communityId: integer('community_id').references(() => orgUnits.id),
    content: text('content').notNull(),
    receivedAt: tz('received_at').notNull(),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
    createdBy: integer('created_by').references(() => users.id),
    idempotencyKey: text('idempotency_key'),
    /** sha256 of the create request: the same key with another body is refused (422) */
    requestHash: text('request_hash'),
    callId: text('call_id'),
    resolution: text('resolution'),
    closeDueAt: tz('close_due_at').notNull(),
    closeWarnAt: tz('close_warn_at').notNull(),
    overdue: boolean('overdue').notNull().default(false),
    closedAt: tz('closed_at'),
    mergedIntoId: bigint('merged_into_id', { mode: 'number' }),
    reopenCount: integer('reopen_count').notNull().default(0),
  },
  (t) => [
    uniqueIndex('tickets_idem_uq').on(t.createdBy, t.idempotencyKey),
    index('tickets_status_idx').on(t.status, t.receivedAt),
    index('tickets_received_idx').on(t.receivedAt),
    index('tickets_phone_hash_idx').on(t.callerPhoneHash),
    index('tickets_close_warn_idx')
      .on(t.closeWarnAt)
      .where(sql`status not in ('closed','merged')`),
    index('tickets_close_due_idx')
      .on(t.closeDueAt)
      .where(sql`status not in ('closed','merged')`),
  ],
);

export const assignments = pgTable(
  'assignments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: bigint('ticket_id', { mode: 'number' })
      .notNull()
      .references(() => tickets.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => orgUnits.id),
    parentId: bigint('parent_id', { mode: 'number' }),
    role: text('role').notNull(),
    status: text('status').notNull(),
    dispatchedAt: tz('dispatched_at').notNull(),
    dispatchedBy: integer('dispatched_by'),
    note: text('note'),
    signDueAt: tz('sign_due_at').notNull(),
    signWarnAt: tz('sign_warn_at').notNull(),
    signedAt: tz('signed_at'),
    signedBy: integer('signed_by'),
    feedbackDueAt: tz('feedback_due_at').notNull(),
    feedbackWarnAt: tz('feedback_warn_at').notNull(),
    feedbackAt: tz('feedback_at'),
    feedbackBy: integer('feedback_by'),
    feedbackContent: text('feedback_content'),
    feedbackResult: text('feedback_result'),
    sendBackReason: text('send_back_reason'),
    reviewComment: text('review_comment'),
    extensionStatus: text('extension_status'),
    extensionDays: integer('extension_days'),
    extensionReason: text('extension_reason'),
    redoCount: integer('redo_count').notNull().default(0),
    rejectCount: integer('reject_count').notNull().default(0),
    signOverdue: boolean('sign_overdue').notNull().default(false),
    feedbackOverdue: boolean('feedback_overdue').notNull().default(false),
  },
  (t) => [
    index('assignments_ticket_idx').on(t.ticketId),
    index('assignments_unit_idx').on(t.unitId, t.status),
    index('assignments_sign_warn_idx')
      .on(t.signWarnAt)
      .where(sql`status = 'pending_sign'`),
    index('assignments_fb_warn_idx')
      .on(t.feedbackWarnAt)
      .where(sql`status = 'signed'`),
  ],
);

export const supervisions = pgTable(
  'supervisions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: bigint('ticket_id', { mode: 'number' })
      .notNull()
      .references(() => tickets.id),
    status: text('status').notNull(),
    reason: text('reason').notNull(),
    automatic: boolean('automatic').notNull().default(false),
    openedBy: integer('opened_by'),
    openedAt: tz('opened_at').notNull(),
    response: text('response'),
    respondedBy: integer('responded_by'),
    respondedAt: tz('responded_at'),
    closedBy: integer('closed_by'),
    closedAt: tz('closed_at'),
    closeComment: text('close_comment'),
  },
  (t) => [index('supervisions_ticket_idx').on(t.ticketId)],
);

export const revisits = pgTable(
  'revisits',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: bigint('ticket_id', { mode: 'number' })
      .notNull()
      .references(() => tickets.id),
    reached: boolean('reached').notNull(),
    resolved: boolean('resolved'),
    satisfaction: text('satisfaction'),
    note: text('note'),
    by: integer('by'),
    at: tz('at').notNull(),
  },
  (t) => [index('revisits_ticket_idx').on(t.ticketId)],
);

/** Append-only (a trigger rejects UPDATE and DELETE; see the migration). */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: tz('at').notNull().defaultNow(),
    actorId: integer('actor_id'),
    actorIp: text('actor_ip'),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    ticketId: bigint('ticket_id', { mode: 'number' }),
    action: text('action').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    data: jsonb('data'),
  },
  (t) => [
    index('audit_ticket_idx').on(t.ticketId, t.id),
    index('audit_actor_idx').on(t.actorId, t.at),
    index('audit_entity_idx').on(t.entityType, t.entityId, t.id),
    index('audit_at_idx').on(t.at),
    index('audit_action_idx').on(t.action, t.at),
  ],
);

/**
 * One row per deadline phase that has fired. The unique key makes timers idempotent: a job that runs
 * twice (at-least-once delivery, restart, two servers) inserts once and acts once.
 */
export const deadlineEvents = pgTable(
  'deadline_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    targetType: text('target_type').notNull(), // assignment_sign | assignment_feedback | ticket_close
    targetId: bigint('target_id', { mode: 'number' }).notNull(),
    ticketId: bigint('ticket_id', { mode: 'number' }).notNull(),
    phase: text('phase').notNull(), // warn | overdue
    dueAt: tz('due_at').notNull(),
    firedAt: tz('fired_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('deadline_events_uq').on(t.targetType, t.targetId, t.phase, t.dueAt)],
);

/** Raw bytes (attachment ciphertext). */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * Agent presence: the current state of every agent who ever signed in (one row per user). `version`
 * orders updates so clients can drop stale events; the history below is what attendance is computed from.
 */
export const agentPresence = pgTable('agent_presence', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id),
  state: text('state').notNull(), // offline | ready | not_ready | after_call_work | on_call
  reason: text('reason'), // not_ready: break | meal | training | meeting | other | no_answer
  since: tz('since').notNull(),
  version: integer('version').notNull().default(1),
  /** set while no socket of the agent is connected; the grace sweep goes offline after it passes */
  disconnectedAt: tz('disconnected_at'),
});

/** Every presence interval: [startedAt, endedAt). endedAt is null for the open (current) one. */
export const agentStateEvents = pgTable(
  'agent_state_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    state: text('state').notNull(),
    reason: text('reason'),
    startedAt: tz('started_at').notNull(),
    endedAt: tz('ended_at'),
    /** ui | rest | socket | grace | telephony | system | leader */
    source: text('source').notNull(),
    actorId: integer('actor_id'),
  },
  (t) => [
    index('agent_state_events_user_idx').on(t.userId, t.startedAt),
    index('agent_state_events_open_idx')
      .on(t.userId)
      .where(sql`ended_at is null`),
  ],
);

export const kbCategories = pgTable('kb_categories', {
  id: serial('id').primaryKey(),
  parentId: integer('parent_id'),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  nameEn: text('name_en'),
  sort: integer('sort').notNull().default(0),
});

/** Knowledge-base articles. Search is substring/trigram (pg_trgm), which works for Chinese text. */
export const kbArticles = pgTable(
  'kb_articles',
  {
    id: serial('id').primaryKey(),
    categoryId: integer('category_id')
      .notNull()
      .references(() => kbCategories.id),
    /** the ticket category this article answers, when there is one (consultations) */
    ticketCategoryId: integer('ticket_category_id').references(() => categories.id),
    title: text('title').notNull(),
    body: text('body').notNull(),
    keywords: text('keywords').notNull().default(''),
    status: text('status').notNull(), // draft | published | archived
    version: integer('version').notNull().default(1),
    viewCount: integer('view_count').notNull().default(0),
    useCount: integer('use_count').notNull().default(0),
    createdBy: integer('created_by').references(() => users.id),
    updatedBy: integer('updated_by').references(() => users.id),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
    publishedAt: tz('published_at'),
  },
  (t) => [
    index('kb_articles_status_idx').on(t.status, t.categoryId),
    index('kb_articles_title_trgm').using('gin', sql`${t.title} gin_trgm_ops`),
    index('kb_articles_body_trgm').using('gin', sql`${t.body} gin_trgm_ops`),
    index('kb_articles_keywords_trgm').using('gin', sql`${t.keywords} gin_trgm_ops`),
  ],
);

/** "Used to answer ticket X". */
export const kbArticleUses = pgTable(
  'kb_article_uses',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    articleId: integer('article_id')
      .notNull()
      .references(() => kbArticles.id),
    ticketId: bigint('ticket_id', { mode: 'number' })
      .notNull()
      .references(() => tickets.id),
    usedBy: integer('used_by').references(() => users.id),
    usedAt: tz('used_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('kb_article_uses_uq').on(t.articleId, t.ticketId),
    index('kb_article_uses_ticket_idx').on(t.ticketId),
  ],
);

/**
 * Files attached to a ticket (feedback evidence: images, PDF). The bytes are AES-256-GCM ciphertext
 * (they often show people and addresses); type and size are checked on upload.
 */
export const attachments = pgTable(
  'attachments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: bigint('ticket_id', { mode: 'number' })
      .notNull()
      .references(() => tickets.id),
    assignmentId: bigint('assignment_id', { mode: 'number' }).references(() => assignments.id),
    purpose: text('purpose').notNull(), // feedback | intake | other
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    dataEnc: bytea('data_enc').notNull(),
    uploadedBy: integer('uploaded_by').references(() => users.id),
    uploadedAt: tz('uploaded_at').notNull().defaultNow(),
  },
  (t) => [index('attachments_ticket_idx').on(t.ticketId), index('attachments_assignment_idx').on(t.assignmentId)],
);

/** A user's named ticket-list filters (with the columns they chose). */
export const savedFilters = pgTable(
  'saved_filters',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    filter: jsonb('filter').notNull(),
    columns: jsonb('columns'),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('saved_filters_user_name_uq').on(t.userId, t.name)],
);

export * from './schemaTelephony';
export * from './schemaWorkforce';
export * from './schemaSecurity';

export const schema = {
  orgUnits,
  users,
  sessions,
  categories,
  timeLimits,
  calendarYears,
  tickets,
  assignments,
  supervisions,
  revisits,
  auditEvents,
  deadlineEvents,
  agentPresence,
  agentStateEvents,
  kbCategories,
  kbArticles,
  kbArticleUses,
  attachments,
  savedFilters,
  sipCredentials,
  sipRegistrations,
  calls,
  callLegs,
  recordings,
  elderProfiles,
  contracts,
  shiftTemplates,
  rosters,
  rosterAssignments,
  leaveRequests,
  swapRequests,
  contractFacts,
  partners,
  hotlineLines,
  passwordHistory,
  loginThrottle,
  settings,
  piiKeys,
  piiMaster,
  piiRotations,
  revealQuota,
  auditSeals,
  auditArchives,
  securityAlerts,
};
