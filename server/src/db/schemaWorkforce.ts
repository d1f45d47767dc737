// Drizzle schema of workforce and contracts (rosters, shift templates, leave and swaps, contract versions and
// the facts a settlement counts); re-exported by schema.ts, from which migrations are generated.
import {
  bigint,
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
import { tz } from './columns';
// only inside lazy `references(() => …)` callbacks: schema.ts and this file import each other
import { users } from './schema';

// A contract version is immutable data (validated by modules/contracts/domain/schema.ts); an edit is a new
// version. Rosters are per contract and month; assignments are the cells of the agents × days grid.

export const contracts = pgTable(
  'contracts',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull(),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    periodFrom: text('period_from').notNull(),
    periodTo: text('period_to').notNull(),
    totalFen: bigint('total_fen', { mode: 'number' }).notNull(),
    /** the whole validated contract document */
    document: jsonb('document').notNull(),
    /** active | archived: the newest active version of a code is the one in force */
    status: text('status').notNull().default('active'),
    createdBy: integer('created_by'),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('contracts_code_version_uq').on(t.code, t.version)],
);

export const shiftTemplates = pgTable('shift_templates', {
  id: serial('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  start: text('start').notNull(),
  end: text('end').notNull(),
  /** day | night | duty24 | standby */
  kind: text('kind').notNull(),
  /** staffing requirement ids this shift counts toward */
  covers: jsonb('covers').$type<string[]>().notNull(),
  countsAsWork: boolean('counts_as_work').notNull().default(true),
  active: boolean('active').notNull().default(true),
  version: integer('version').notNull().default(1),
});

export const rosters = pgTable(
  'rosters',
  {
    id: serial('id').primaryKey(),
    contractCode: text('contract_code').notNull(),
    /** 'YYYY-MM' */
    month: text('month').notNull(),
    /** draft | published */
    status: text('status').notNull().default('draft'),
    version: integer('version').notNull().default(1),
    /** the version that was published: a later version of a published roster has changes agents don't see yet */
    publishedVersion: integer('published_version'),
    publishedAt: tz('published_at'),
    publishedBy: integer('published_by'),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('rosters_contract_month_uq').on(t.contractCode, t.month)],
);

export const rosterAssignments = pgTable(
  'roster_assignments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    rosterId: integer('roster_id')
      .notNull()
      .references(() => rosters.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    /** the day the shift starts ('YYYY-MM-DD', Asia/Shanghai) */
    day: text('day').notNull(),
    templateCode: text('template_code').notNull(),
    /** auto | manual | swap */
    source: text('source').notNull(),
  },
  (t) => [
    uniqueIndex('roster_assignments_cell_uq').on(t.rosterId, t.userId, t.day),
    index('roster_assignments_user_idx').on(t.userId, t.day),
  ],
);

/** What an agent asks and a leader decides (leave, shift swaps): the decision, its version, the idempotency key. */
const requestColumns = () => ({
  note: text('note'),
  /** pending | approved | rejected | cancelled */
  status: text('status').notNull().default('pending'),
  decidedBy: integer('decided_by'),
  decidedAt: tz('decided_at'),
  decisionNote: text('decision_note'),
  version: integer('version').notNull().default(1),
  createdAt: tz('created_at').notNull().defaultNow(),
  idempotencyKey: text('idempotency_key'),
  /** sha256 of the request body: the same key with another body is refused (422) */
  requestHash: text('request_hash'),
});

export const leaveRequests = pgTable(
  'leave_requests',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    fromDay: text('from_day').notNull(),
    toDay: text('to_day').notNull(),
    /** annual | sick | personal | other */
    kind: text('kind').notNull(),
    ...requestColumns(),
  },
  (t) => [
    index('leave_requests_user_idx').on(t.userId, t.fromDay),
    uniqueIndex('leave_requests_idem_uq').on(t.userId, t.idempotencyKey),
  ],
);

export const swapRequests = pgTable(
  'swap_requests',
  {
    id: serial('id').primaryKey(),
    rosterId: integer('roster_id')
      .notNull()
      .references(() => rosters.id, { onDelete: 'cascade' }),
    requesterId: integer('requester_id')
      .notNull()
      .references(() => users.id),
    requesterDay: text('requester_day').notNull(),
    counterpartId: integer('counterpart_id')
      .notNull()
      .references(() => users.id),
    /** the counterpart's shift taken in exchange; null = the counterpart just takes the requester's shift */
    counterpartDay: text('counterpart_day'),
    ...requestColumns(),
  },
  (t) => [uniqueIndex('swap_requests_idem_uq').on(t.requesterId, t.idempotencyKey)],
);

/**
 * Facts a settlement counts that the system cannot observe itself: client-entered assessment mark-downs,
 * trainings held, leavers, missing documents, verified complaints, late days, devices in use, assessments
 * done… Each with who entered it and why (audited); deleting is a soft 'voided'.
 */
export const contractFacts = pgTable(
  'contract_facts',
  {
    id: serial('id').primaryKey(),
    contractCode: text('contract_code').notNull(),
    metric: text('metric').notNull(),
    day: text('day').notNull(),
    /** last day for facts that span days (a device in use); null otherwise */
    toDay: text('to_day'),
    quantity: real('quantity').notNull().default(1),
    amountFen: bigint('amount_fen', { mode: 'number' }),
    /** kind within the metric, e.g. 'institution' | 'individual' for assessments */
    kind: text('kind'),
    label: text('label').notNull(),
    reason: text('reason'),
    ref: text('ref'),
    voided: boolean('voided').notNull().default(false),
    createdBy: integer('created_by'),
    createdAt: tz('created_at').notNull().defaultNow(),
    idempotencyKey: text('idempotency_key'),
    requestHash: text('request_hash'),
  },
  (t) => [
    index('contract_facts_contract_idx').on(t.contractCode, t.day),
    uniqueIndex('contract_facts_idem_uq').on(t.createdBy, t.idempotencyKey),
  ],
);

/** The parties of service contracts (clients 甲方 and contractors 乙方), kept by administrators. */
export const partners = pgTable('partners', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  /** client | contractor */
  kind: text('kind').notNull(),
  /** 统一社会信用代码 */
  creditCode: text('credit_code'),
  contactName: text('contact_name'),
  /** the contact's phone is personal data: encrypted, masked for display */
  contactPhoneEnc: text('contact_phone_enc'),
  contactPhoneMasked: text('contact_phone_masked'),
  address: text('address'),
  note: text('note'),
  active: boolean('active').notNull().default(true),
  version: integer('version').notNull().default(1),
  updatedAt: tz('updated_at').notNull().defaultNow(),
});
