// Agent presence API (/api/presence). Wire types live here: only this feature uses them.
import { request } from './client';

export const PRESENCE_STATES = ['ready', 'not_ready', 'after_call_work', 'on_call', 'offline'] as const;
export type PresenceState = (typeof PRESENCE_STATES)[number];
/** Reasons an agent picks; no_answer is only set by the system (a ringing call nobody took). */
export const USER_REASONS = ['break', 'meal', 'training', 'meeting', 'other'] as const;
export type NotReadyReason = (typeof USER_REASONS)[number] | 'no_answer';

export interface PresenceView {
  userId: number;
  username?: string;
  displayName: string;
  state: PresenceState;
  reason: NotReadyReason | null;
  /** ISO; null for someone who never had a presence */
  since: string | null;
  version: number;
  /** has a live socket (wallboard) */
  connected?: boolean;
}

export interface PresenceInterval {
  state: PresenceState;
  reason: NotReadyReason | null;
  startedAt: string;
  endedAt: string | null;
  source: string;
  actorId: number | null;
}

export const presenceApi = {
  me: () => request<{ presence: PresenceView }>('/presence/me').then((r) => r.presence),
  setMine: (state: PresenceState, reason?: NotReadyReason) =>
    request<{ presence: PresenceView }>('/presence/me', { method: 'PUT', body: { state, reason } }).then(
      (r) => r.presence,
    ),
  agents: () => request<{ agents: PresenceView[] }>('/presence/agents').then((r) => r.agents),
  history: (userId: number, from: string, to: string) =>
    request<{ intervals: PresenceInterval[] }>('/presence/history', { query: { userId, from, to } }).then(
      (r) => r.intervals,
    ),
};
