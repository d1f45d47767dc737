// The live ACD: calls waiting in memory, re-planned whenever a call arrives, an agent's presence changes or
// an offer ends. Planning is serialised (one round at a time; a kick during a round schedules one more), so
// an agent is never offered two calls by two overlapping rounds.
import { nobodyCanTake, planOffers } from '../domain/acd';
import { orderQueue } from '../domain/queue';
import type { AgentView, WaitingCall } from '../domain/types';
import type { AgentsPort } from '../ports';
import { firstLine } from '../call/detach';

export interface QueuedSession {
  readonly waiting: WaitingCall;
  /** ring this agent; resolves when the offer is over (answered, timed out, declined, caller gone) */
  offerTo(userId: number): Promise<void>;
  /** nobody signed in can ever take this call */
  noAgent(): void;
}

export class Acd {
  private readonly queue = new Map<string, QueuedSession>();
  private readonly offering = new Set<number>();
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly agents: AgentsPort,
    private readonly log: (level: 'info' | 'warn' | 'error', m: string) => void,
  ) {
    agents.onChange(() => this.kick());
  }

  enqueue(session: QueuedSession): void {
    this.queue.set(session.waiting.callId, session);
    this.kick();
  }

  /** The caller hung up, or the call was answered elsewhere. */
  remove(callId: string): void {
    this.queue.delete(callId);
  }

  waitingCalls(): WaitingCall[] {
    return orderQueue([...this.queue.values()].map((s) => s.waiting));
  }

  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.round();
        } catch (e) {
          this.log('error', `ACD round failed: ${(e as Error).message}`);
        }
      } while (this.again);
      this.running = null;
    })();
  }

  /** Resolves once no round is running (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async round(): Promise<void> {
    if (!this.queue.size) return;
    const floor: AgentView[] = (await this.agents.snapshot()).map((a) => ({
      ...a,
      offering: this.offering.has(a.userId),
    }));
    const calls = [...this.queue.values()].map((s) => s.waiting);
    for (const offer of planOffers(calls, floor)) {
      const session = this.queue.get(offer.callId);
      if (!session) continue;
      this.queue.delete(offer.callId);
      this.offering.add(offer.userId);
      void session
        .offerTo(offer.userId)
        .catch((e: unknown) =>
          this.log('error', `offer of ${offer.callId} to agent ${offer.userId} failed: ${firstLine(e)}`),
        )
        .finally(() => {
          this.offering.delete(offer.userId);
          this.kick();
        });
    }
    for (const session of [...this.queue.values()]) {
      if (nobodyCanTake(session.waiting, floor)) {
        this.queue.delete(session.waiting.callId);
        session.noAgent();
      }
    }
  }
}
