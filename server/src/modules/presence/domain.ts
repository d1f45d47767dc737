// Agent presence as a pure state machine: which state an agent may move to, from which state, and who may
// ask for it. No I/O: the service loads the current state, asks `decide`, and writes what it returns.

export const PRESENCE_STATES = ['offline', 'ready', 'not_ready', 'after_call_work', 'on_call'] as const;
export type PresenceState = (typeof PRESENCE_STATES)[number];

/** 小休 / 用餐 / 培训 / 会议 / 其他 / 未接听. no_answer is set by the system (a ringing call nobody took). */
export const NOT_READY_REASONS = ['break', 'meal', 'training', 'meeting', 'other', 'no_answer'] as const;
export type NotReadyReason = (typeof NOT_READY_REASONS)[number];
/** Reasons an agent (or their leader) may pick themselves. */
export const USER_REASONS = NOT_READY_REASONS.filter((r) => r !== 'no_answer');

/** Who asks for the change. ui/rest/socket are the agent themselves. */
export const PRESENCE_SOURCES = ['ui', 'rest', 'socket', 'telephony', 'grace', 'system', 'leader'] as const;
export type PresenceSource = (typeof PRESENCE_SOURCES)[number];
type SourceGroup = 'agent' | 'telephony' | 'grace' | 'system' | 'leader';

/** Roles that have a presence (a seat on the floor). */
export const PRESENCE_ROLES = ['agent', 'revisit_agent', 'shift_leader'] as const;
/** Roles that watch everyone's presence. */
export const WALLBOARD_ROLES = ['shift_leader', 'supervisor', 'admin'] as const;

export interface Presence {
  state: PresenceState;
  reason: NotReadyReason | null;
}

export type Decision =
  | { ok: true; changed: boolean; next: Presence }
  | { ok: false; code: 'VALIDATION'; fields: Record<string, string> }
  | { ok: false; code: 'INVALID_TRANSITION'; message: string };

const ANY: readonly PresenceState[] = PRESENCE_STATES;
const NOT_ON_CALL: readonly PresenceState[] = ['offline', 'ready', 'not_ready', 'after_call_work'];

/**
 * target state -> the states it may be entered from, per source group. A missing target means the source
 * may never set it: on_call belongs to telephony alone, grace only ever signs an agent out.
 */
const ALLOWED: Record<SourceGroup, Partial<Record<PresenceState, readonly PresenceState[]>>> = {
  // An agent cannot leave a call from the desk: the call ends in telephony, which moves them on.
  agent: {
    offline: NOT_ON_CALL,
    ready: NOT_ON_CALL,
    not_ready: NOT_ON_CALL,
    // wrap-up needs a signed-in agent: there is nothing to wrap up after being offline
    after_call_work: ['ready', 'not_ready', 'after_call_work'],
  },
  telephony: {
    // outbound calls (revisits) start from not-ready too; nobody is called while offline
    on_call: ['ready', 'not_ready', 'after_call_work', 'on_call'],
    after_call_work: ['on_call', 'after_call_work'],
    ready: ['on_call', 'after_call_work', 'not_ready', 'ready'],
    not_ready: ['ready', 'not_ready'], // a ringing call nobody answered
    offline: ANY, // the softphone unregistered
  },
  grace: { offline: ANY },
  system: {
    offline: ANY, // logout, shutdown
    ready: ['after_call_work', 'ready'], // the wrap-up time is over
    not_ready: ['ready', 'not_ready'],
  },
  // A leader may send an agent on a break or sign them out, but not put an absent agent to work.
  leader: {
    offline: NOT_ON_CALL,
    ready: ['not_ready', 'after_call_work', 'ready'],
    not_ready: ['ready', 'not_ready', 'after_call_work'],
  },
};

function groupOf(source: PresenceSource): SourceGroup {
  return source === 'ui' || source === 'rest' || source === 'socket' ? 'agent' : source;
}

/** Sources allowed to set the no_answer reason. */
const NO_ANSWER_SOURCES: readonly SourceGroup[] = ['telephony', 'system'];

export function decide(
  current: Presence,
  target: { state: PresenceState; reason?: NotReadyReason | null },
  source: PresenceSource,
): Decision {
  const group = groupOf(source);
  const reason = target.reason ?? null;
  if (target.state === 'not_ready') {
    if (!reason) return { ok: false, code: 'VALIDATION', fields: { reason: 'Required for not_ready' } };
    if (reason === 'no_answer' && !NO_ANSWER_SOURCES.includes(group))
      return { ok: false, code: 'VALIDATION', fields: { reason: 'no_answer is set by the system only' } };
  } else if (reason) {
    return { ok: false, code: 'VALIDATION', fields: { reason: 'Only not_ready has a reason' } };
  }
  const from = ALLOWED[group][target.state];
  if (!from) return { ok: false, code: 'INVALID_TRANSITION', message: `${source} may not set ${target.state}` };
  const next: Presence = { state: target.state, reason };
  // Asking again for what is already the case is a no-op, not an error: clients retry, double-click.
  if (current.state === next.state && current.reason === next.reason) return { ok: true, changed: false, next };
  if (!from.includes(current.state))
    return {
      ok: false,
      code: 'INVALID_TRANSITION',
      message: `${source} may not go from ${current.state} to ${target.state}`,
    };
  return { ok: true, changed: true, next };
}

export const hasPresence = (roles: readonly string[]) =>
  roles.some((r) => (PRESENCE_ROLES as readonly string[]).includes(r));
export const seesWallboard = (roles: readonly string[]) =>
  roles.some((r) => (WALLBOARD_ROLES as readonly string[]).includes(r));
