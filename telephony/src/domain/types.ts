// Plain data the telephony rules work on. No SIP, no I/O: the call-control code maps its live objects to
// these, asks the pure functions, and carries out what they return.

/** Lines the centre answers. Priority orders waiting calls across queues: the 一键呼 emergency line first. */
export interface LineConfig {
  /** dialled number (DID) the trunk sends, e.g. 12345 */
  did: string;
  /** queue the line's calls wait in */
  queue: string;
  name: string;
  /** higher is answered first */
  priority: number;
  /** agents need this skill to take the line's calls; none: every ready agent */
  skill?: string;
  /** one-key device line: the caller number identifies an elder's device */
  emergency?: boolean;
}

export interface WaitingCall {
  callId: string;
  queue: string;
  priority: number;
  /** ms since epoch; a call keeps it when it goes back to the queue after a ring-no-answer */
  enqueuedAt: number;
  /** skill the line asks for */
  skill?: string;
  /** agents who already let this call ring out: never offered it again */
  excluded: readonly number[];
}

export type AgentPhoneState = 'offline' | 'ready' | 'not_ready' | 'after_call_work' | 'on_call';

export interface AgentView {
  userId: number;
  state: AgentPhoneState;
  /** ms since epoch the agent entered `state` */
  since: number;
  /** end of the agent's last call (ms), if any: idle time counts from the later of the two */
  lastCallEndedAt: number | null;
  /** the softphone has a live registration: a ready agent without one cannot ring */
  registered: boolean;
  skills: readonly string[];
  /** a call is ringing at this agent right now */
  offering: boolean;
}
