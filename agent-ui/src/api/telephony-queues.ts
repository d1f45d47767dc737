// Today's queue figures for the wallboard (GET /api/telephony/queues). Wire types live here: only the
// wallboard uses them.
import { request } from './client';

export interface QueueBoard {
  queue: string;
  offered: number;
  answered: number;
  abandoned: number;
  noAgent: number;
  answeredWithinThreshold: number;
  /** answered within the threshold ÷ offered, 0..1; null before the first call */
  serviceLevel: number | null;
  averageHandleMs: number | null;
  averageAnswerMs: number | null;
  /** calls waiting now and the longest wait, as of the response */
  waiting: number;
  longestWaitMs: number;
}

export interface QueuesToday {
  thresholdSeconds: number;
  /** ISO: midnight (Beijing) the figures count from */
  since: string;
  queues: QueueBoard[];
}

export const telephonyQueuesApi = {
  today: () => request<QueuesToday>('/telephony/queues'),
};
