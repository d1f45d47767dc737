// Request shapes (zod). Field names are what the client sends and what VALIDATION errors name.
import { z } from 'zod';
import { dbId, idParam, instant } from '../../lib/validate';
import { TICKET_STATUSES, type ActionName } from './domain/types';

export const CHANNELS = ['phone_12345', 'elder_hotline', 'one_key_device', 'weibo', 'web', 'message_board'] as const;
export const URGENCY = ['normal', 'urgent', 'critical'] as const;

const text = (max: number) => z.string().trim().min(1, 'Required').max(max, `At most ${max} characters`);
const id = dbId;

export function createTicketSchema(maxContent: number) {
  return z.object({
    channel: z.enum(CHANNELS),
    callerName: z.string().trim().max(50).optional(),
    callerPhone: z
      .string()
      .trim()
      .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'Not a phone number')
      .optional(),
    content: text(maxContent),
    categoryId: id,
    urgency: z.enum(URGENCY).default('normal'),
    streetId: id.optional(),
    communityId: id.optional(),
    address: z.string().trim().max(200).optional(),
    receivedAt: instant().optional(),
    callId: z.string().trim().max(100).optional(),
    /** a repeat call: create the ticket and merge it into this open master ticket in one transaction */
    mergeIntoTicketId: id.optional(),
  });
}
export type CreateTicketInput = z.infer<ReturnType<typeof createTicketSchema>>;

export const listQuerySchema = z.object({
  status: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',').filter(Boolean) : undefined))
    .pipe(z.array(z.enum(TICKET_STATUSES)).optional()),
  unitId: idParam.optional(),
  categoryId: idParam.optional(),
  streetId: idParam.optional(),
  channel: z.enum(CHANNELS).optional(),
  overdue: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
  q: z.string().trim().max(100).optional(),
  from: instant().optional(),
  to: instant().optional(),
  /** receivedAt: newest first (default); closeDueAt: nearest close deadline first */
  sort: z.enum(['receivedAt', 'closeDueAt']).default('receivedAt'),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

const reason = text(1000);
export const actionSchemas: Record<ActionName, z.ZodObject> = {
  close_on_call: z.object({ resolution: text(5000) }),
  dispatch: z.object({
    parentAssignmentId: id.nullable().optional(),
    targets: z
      .array(z.object({ unitId: id, role: z.enum(['primary', 'assisting']) }))
      .min(1, 'At least one unit')
      .max(20),
    note: z.string().max(1000).optional(),
  }),
  sign: z.object({ assignmentId: id }),
  send_back: z.object({ assignmentId: id, reason }),
  request_extension: z.object({ assignmentId: id, days: z.number().int().min(1).max(30), reason }),
  decide_extension: z.object({ assignmentId: id, approve: z.boolean(), comment: z.string().max(1000).optional() }),
  feedback: z.object({
    assignmentId: id,
    content: text(5000),
    result: z.enum(['resolved', 'partly_resolved', 'unresolved']),
  }),
  review: z.object({ assignmentId: id, accept: z.boolean(), comment: z.string().max(1000).optional() }),
  revisit: z.object({
    reached: z.boolean(),
    resolved: z.boolean().optional(),
    satisfaction: z.enum(['satisfied', 'basically_satisfied', 'unsatisfied']).optional(),
    note: z.string().max(2000).optional(),
  }),
  redo: z.object({ reason }),
  supervise_open: z.object({ reason }),
  supervise_respond: z.object({ supervisionId: id, response: text(5000) }),
  supervise_close: z.object({ supervisionId: id, comment: z.string().max(1000).optional() }),
  merge: z.object({ masterTicketId: id }),
  close: z.object({ reason }),
  reopen: z.object({ reason }),
};
export const versionSchema = z.object({ version: z.number().int().min(1) });
