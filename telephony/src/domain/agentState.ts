// What a call does to the agent's presence. Pure: returns the state to set (through the presence module,
// source 'telephony'), or null to leave the agent alone.
import type { AgentPhoneState } from './types';

export type AgentCallEvent = 'answered' | 'ended' | 'ring_timeout' | 'wrap_up_done';

export interface StateChange {
  state: AgentPhoneState;
  reason?: 'no_answer';
}

export function agentStateAfter(
  event: AgentCallEvent,
  current: AgentPhoneState,
  wrapUpSeconds: number,
): StateChange | null {
  switch (event) {
    case 'answered':
      return { state: 'on_call' };
    case 'ended':
      // only the agent who was on the call; wrap-up time 0 means straight back to ready
      if (current !== 'on_call') return null;
      return { state: wrapUpSeconds > 0 ? 'after_call_work' : 'ready' };
    case 'wrap_up_done':
      // the agent may have left after-call work by hand (ready, a break): their choice stands
      return current === 'after_call_work' ? { state: 'ready' } : null;
    case 'ring_timeout':
      // an agent who did not pick up is probably not at the desk: stop offering them calls
      return current === 'ready' ? { state: 'not_ready', reason: 'no_answer' } : null;
  }
}
