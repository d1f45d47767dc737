// Today's queue figures for the wallboard: calls since midnight (Asia/Shanghai) from the call records,
// waiting calls from the live ACD, and the service level against the configured threshold.
import {
  emptyQueueStats,
  lineups,
  longestWaits,
  queueStats,
  type CallOutcome,
  type QueueStats,
  type WaitingCall,
} from '@hotline-desk/telephony';
import type { Db } from '../../db/client';
import { forbidden } from '../../lib/errors';
import type { SessionUser } from '../auth/service';
import { WALLBOARD_ROLES } from '../presence/domain';
import type { CallsRepository } from './callsRepository';

/** Midnight in Beijing time of the day `now` falls on. */
export function shanghaiMidnight(now: Date): Date {
  const shifted = new Date(now.getTime() + 8 * 3600_000);
  return new Date(Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate()) - 8 * 3600_000);
}

export interface QueueBoard extends QueueStats {
  queue: string;
  waiting: number;
  longestWaitMs: number;
  /** the waiting callers in answer order (place in the queue, wait so far); no numbers: a wallboard is public */
  lineup: { position: number; waitMs: number; priority: number }[];
}

export function createWallboard(d: {
  db: Db;
  repo: CallsRepository;
  clock: () => Date;
  thresholdSeconds: number;
  waiting: () => WaitingCall[];
  /** the lines' queues in force now */
  queues: () => string[];
}) {
  return {
    async today(user: SessionUser) {
      if (!user.roles.some((r) => (WALLBOARD_ROLES as readonly string[]).includes(r))) throw forbidden();
      const now = d.clock();
      const rows = await d.repo.since(d.db, shanghaiMidnight(now));
      const stats = queueStats(
        rows.map((r) => ({
          arrivedAt: r.arrivedAt.getTime(),
          queue: r.queue,
          queuedAt: r.queuedAt?.getTime() ?? null,
          firstOfferedAt: r.firstOfferedAt?.getTime() ?? null,
          answeredAt: r.answeredAt?.getTime() ?? null,
          endedAt: r.endedAt?.getTime() ?? null,
          agentId: r.agentId,
          offers: r.offers,
          waitMs: r.waitMs,
          talkMs: r.talkMs,
          transferredTo: r.transferredTo,
          endedBy: r.endedBy as 'caller' | 'agent' | 'system' | null,
          outcome: r.outcome as CallOutcome,
        })),
        d.thresholdSeconds * 1000,
      );
      const waiting = d.waiting();
      const longest = longestWaits(waiting, now.getTime());
      const places = lineups(waiting, now.getTime());
      const names = [...new Set([...d.queues(), ...Object.keys(stats)])];
      const queues: QueueBoard[] = names.map((q) => ({
        queue: q,
        ...(stats[q] ?? emptyQueueStats()),
        waiting: waiting.filter((c) => c.queue === q).length,
        longestWaitMs: longest[q] ?? 0,
        lineup: (places[q] ?? []).map(({ position, waitMs, priority }) => ({ position, waitMs, priority })),
      }));
      return { thresholdSeconds: d.thresholdSeconds, since: shanghaiMidnight(now).toISOString(), queues };
    },
  };
}
export type Wallboard = ReturnType<typeof createWallboard>;
