// Today's queue figures for the wallboard (GET /api/telephony/queues).
import type { QueueBoard } from '../../../server/src/modules/telephony/wallboard';
import { request } from './client';

// the server's own type (type-only import, erased at build): both sides change together
export type { QueueBoard };

export interface QueuesToday {
  thresholdSeconds: number;
  /** ISO: midnight (Beijing) the figures count from */
  since: string;
  queues: QueueBoard[];
}

export const telephonyQueuesApi = {
  today: () => request<QueuesToday>('/telephony/queues'),
};
