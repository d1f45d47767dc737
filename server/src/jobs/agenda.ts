// agenda v6 on PostgreSQL runs every timer. Jobs are at-least-once, so each handler is idempotent.
import { Agenda } from 'agenda';
import { PostgresBackend } from '@agendajs/postgres-backend';

export interface JobRunner {
  stop(): Promise<void>;
  status(): { running: boolean; lastSweepAt: string | null; lastError: string | null };
}

export async function startJobs(opts: {
  connectionString: string;
  sweepInterval: string;
  sweep: () => Promise<{ fired: number }>;
  /** agents disconnected longer than the grace period go offline (idempotent) */
  presenceSweep?: () => Promise<unknown>;
  /** recordings past retention are deleted (idempotent) */
  recordingsRetention?: () => Promise<unknown>;
}): Promise<JobRunner> {
  const agenda = new Agenda({
    backend: new PostgresBackend({ connectionString: opts.connectionString }),
    processEvery: '2 seconds',
    // A sweep never needs to run twice at once on one server; across servers the unique keys protect us.
    defaultConcurrency: 1,
  });
  let lastSweepAt: string | null = null;
  let lastError: string | null = null;
  // A sweep takes seconds; if one holds its lock for 2 min it is stuck, and another server may take over
  // (safe: the sweep is idempotent).
  const jobOptions = { lockLifetime: 120_000 };
  agenda.define(
    'deadlines.sweep',
    async () => {
      try {
        await opts.sweep();
        lastSweepAt = new Date().toISOString();
        lastError = null;
      } catch (e) {
        lastError = (e as Error).message;
        throw e;
      }
    },
    jobOptions,
  );
  // Its own job so a slow deadline sweep never delays it; the state it works on is in the database.
  if (opts.presenceSweep)
    agenda.define('presence.grace', () => opts.presenceSweep!().then(() => undefined), jobOptions);
  if (opts.recordingsRetention)
    agenda.define('recordings.retention', () => opts.recordingsRetention!().then(() => undefined), jobOptions);
  await agenda.start();
  // every() upserts one job by name: restarts and extra servers do not multiply it.
  await agenda.every(opts.sweepInterval, 'deadlines.sweep');
  if (opts.presenceSweep) await agenda.every('15 seconds', 'presence.grace');
  if (opts.recordingsRetention) await agenda.every('1 day', 'recordings.retention');
  let running = true;
  return {
    async stop() {
      running = false;
      await agenda.stop();
    },
    status: () => ({ running, lastSweepAt, lastError }),
  };
}
