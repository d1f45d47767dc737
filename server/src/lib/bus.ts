// In-process domain event bus. Services queue events while a transaction runs and publish them only after
// it commits (see `afterCommit`), so no listener ever sees a change that was rolled back.
import { EventEmitter } from 'node:events';
import { describeError } from './safeError';
import type {
  CallPopPayload,
  DeadlineEventPayload,
  PresenceChangedPayload,
  SecurityAlertPayload,
  TicketEventPayload,
} from '../realtime/events';

export interface DomainEvents {
  'ticket.created': TicketEventPayload & { unitIds: number[] };
  'ticket.updated': TicketEventPayload & { unitIds: number[] };
  'deadline.fired': DeadlineEventPayload & { unitIds: number[] };
  'presence.changed': PresenceChangedPayload;
  'presence.connection': { userId: number; connected: boolean };
  'call.desk':
    | { userId: number; kind: 'offered' | 'answered'; pop: CallPopPayload }
    | { userId: number; kind: 'ended'; callId: number };
  'call.queues': Record<string, never>;
  /** sessions that ended (logout, idle, expiry, disable, password reset …): their sockets close */
  'session.ended': { idHashes: string[]; userId: number; reason: string };
  /** something supervisors must look at (reveal limit exceeded, logins throttled …) */
  'security.alert': SecurityAlertPayload;
}
export type DomainEventName = keyof DomainEvents;
export type QueuedEvent = { [K in DomainEventName]: { name: K; payload: DomainEvents[K] } }[DomainEventName];

export class EventBus {
  private readonly emitter = new EventEmitter();
  on<K extends DomainEventName>(name: K, fn: (p: DomainEvents[K]) => void): void {
    this.emitter.on(name, fn);
  }
  publish(events: QueuedEvent[]): void {
    for (const e of events) {
      try {
        this.emitter.emit(e.name, e.payload);
      } catch (err) {
        // A failing listener must not turn a committed change into an error response.
        console.error(`[bus] listener for ${e.name} failed: ${describeError(err)}`);
      }
    }
  }
}
