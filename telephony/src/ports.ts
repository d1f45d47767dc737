// What the telephony application asks of its host (the server): identities, presence, call storage and the
// agents' desks. The host implements these over its database, presence module and socket.io; the SIP code
// never touches SQL.
import type { CallEvent } from './domain/callRecord';
import type { AgentPhoneState, AgentView } from './domain/types';

export interface RegistrationContact {
  userId: number;
  contact: string;
  /** drachtio's `<transport>/<ip>:<port>` the contact registered from */
  received: string | null;
}

export interface SoftphonePort {
  ha1For(sipUser: string): Promise<{ userId: number; ha1: string } | null>;
  registered(p: {
    userId: number;
    contact: string;
    received: string | null;
    userAgent: string | null;
    expiresSeconds: number;
  }): Promise<void>;
  unregistered(userId: number, contact: string | null): Promise<void>;
  liveContacts(userId?: number): Promise<RegistrationContact[]>;
}

export interface AgentsPort {
  /** every agent with a presence, as the ACD needs them (registered = has a live softphone contact) */
  snapshot(): Promise<Omit<AgentView, 'offering'>[]>;
  setState(userId: number, state: AgentPhoneState, reason?: 'no_answer'): Promise<void>;
  /** after-call work is over: ready again, unless the agent chose something else meanwhile */
  finishWrapUp(userId: number): Promise<void>;
  /** called whenever presence changes (an agent became ready, …) so waiting calls are re-planned */
  onChange(listener: () => void): void;
}

export interface NewCall {
  sipCallId: string;
  direction: 'inbound' | 'outbound';
  lineDid: string | null;
  queue: string | null;
  callerPhone: string | null;
  arrivedAt: Date;
  /** outbound calls made from a ticket (revisits) are linked to it */
  ticketId?: number | null;
}

export interface CallsPort {
  /** stores the call; returns its id (idempotent on sipCallId: a retransmission gets the same id) */
  started(call: NewCall): Promise<number>;
  /** the call's events so far; the host stores them and the record built from them */
  events(callId: number, events: CallEvent[]): Promise<void>;
  leg(
    callId: number,
    leg: {
      kind: 'trunk' | 'agent' | 'transfer' | 'outbound';
      userId?: number | null;
      target?: string | null;
      sipCallId?: string | null;
      startedAt: Date;
      answeredAt?: Date | null;
      endedAt?: Date | null;
      result?: string | null;
      sipStatus?: number | null;
    },
  ): Promise<void>;
  /** an encrypted recording of the call is stored (path relative to the recordings directory) */
  recording(
    callId: number,
    file: { path: string; format: string; size: number; sha256: string; durationMs?: number | null },
  ): Promise<void>;
}

export interface ScreenPop {
  callId: number;
  sipCallId: string;
  line: { did: string; name: string; queue: string; emergency: boolean };
  callerPhone: string | null;
}

export interface DeskPort {
  /** the agent's desk shows who is calling before they answer */
  offered(userId: number, pop: ScreenPop): void;
  answered(userId: number, pop: ScreenPop): void;
  ended(userId: number, callId: number): void;
  /** queue figures changed (a call queued, answered, abandoned) */
  queuesChanged(): void;
}

export interface TelephonyPorts {
  softphones: SoftphonePort;
  agents: AgentsPort;
  calls: CallsPort;
  desk: DeskPort;
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
}
