// Request shapes (zod). Field names are what the client sends and what VALIDATION errors name.
import { z } from 'zod';
import { idParam, instant } from '../../lib/validate';
import { NOT_READY_REASONS, PRESENCE_STATES } from './domain';

export const setPresenceSchema = z.object({
  state: z.enum(PRESENCE_STATES),
  // the machine decides whether a reason fits the state and the source; here only its spelling
  reason: z.enum(NOT_READY_REASONS).nullish(),
});
export type SetPresenceInput = z.infer<typeof setPresenceSchema>;

export const historyQuerySchema = z.object({
  userId: idParam,
  from: instant(),
  to: instant(),
});
