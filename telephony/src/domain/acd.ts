// Automatic call distribution: which ready agent gets which waiting call. Pure; the call-control code asks
// whenever a call arrives or an agent becomes free, and offers what `planOffers` returns.
import { orderQueue } from './queue';
import type { AgentView, WaitingCall } from './types';

export type AcdPolicy = 'longest_idle' | 'fewest_calls';

/** Idle since the later of entering ready and the end of the last call (after-call work is not idle). */
export function idleSince(agent: AgentView): number {
  return Math.max(agent.since, agent.lastCallEndedAt ?? 0);
}

export function canTake(agent: AgentView, call: WaitingCall): boolean {
  return (
    agent.state === 'ready' &&
    agent.registered &&
    !agent.offering &&
    !call.excluded.includes(agent.userId) &&
    (!call.skill || agent.skills.includes(call.skill))
  );
}

/** The agent for one call: longest idle first (ties: lower user id, so the result is stable). */
export function chooseAgent(call: WaitingCall, agents: readonly AgentView[]): AgentView | null {
  let best: AgentView | null = null;
  for (const a of agents) {
    if (!canTake(a, call)) continue;
    if (!best || idleSince(a) < idleSince(best) || (idleSince(a) === idleSince(best) && a.userId < best.userId))
      best = a;
  }
  return best;
}

export interface Offer {
  callId: string;
  userId: number;
}

/**
 * Offers for as many waiting calls as there are free agents, calls taken in queue order (emergency first),
 * each agent at most once. A call no free agent can take (skills, everyone excluded) does not block the
 * calls behind it.
 */
export function planOffers(calls: readonly WaitingCall[], agents: readonly AgentView[]): Offer[] {
  const taken = new Set<number>();
  const offers: Offer[] = [];
  for (const call of orderQueue(calls)) {
    const free = agents.filter((a) => !taken.has(a.userId));
    const agent = chooseAgent(call, free);
    if (!agent) continue;
    taken.add(agent.userId);
    offers.push({ callId: call.callId, userId: agent.userId });
  }
  return offers;
}

/** After a ring timeout the call goes back to its place (same enqueuedAt) and never rings that agent again. */
export function afterRingTimeout(call: WaitingCall, userId: number): WaitingCall {
  return { ...call, excluded: call.excluded.includes(userId) ? call.excluded : [...call.excluded, userId] };
}

/** Nobody could ever take the call: no agent signed in with the skill, or every one of them let it ring out. */
export function nobodyCanTake(call: WaitingCall, agents: readonly AgentView[]): boolean {
  return !agents.some(
    (a) =>
      a.state !== 'offline' &&
      a.registered &&
      !call.excluded.includes(a.userId) &&
      (!call.skill || a.skills.includes(call.skill)),
  );
}
