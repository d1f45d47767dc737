// agenda v6 on PostgreSQL runs every timer. Jobs are at-least-once, so each handler is idempotent.
//
// Surviving the database (DESIGN.md "Shape of the code" 12). A PostgreSQL restart, a fail-over or a
// terminated connection must be a logged, recovered event:
// - agenda gets our own pg.Pool, with 'error' listeners (db/client.ts guardPool): the pool it would build
//   itself has none, and a client losing its connection then emits an unhandled 'error' that ends the process;
// - the LISTEN/NOTIFY channel and the Agenda instance emit 'error' too: both are listened to and logged
//   (throttled: an outage repeats the same failure many times a second);
// - agenda's processing loop itself survives failed queries (every scan catches and emits), but a run whose
//   final "unlock" write fails leaves the job row locked in the database, and agenda only takes such a lock
//   over after lockLifetime (2 min): timers stalled that long after every restart (seen in the chaos test).
//   The watchdog releases locks this process holds in the database but not in memory, once the database
//   answers again;
// - should a job still not start when it is due (agenda's loop stuck for any other reason), the watchdog
//   replaces the Agenda instance (stop, new instance, start: every() upserts, so nothing doubles).
// "Due and not started" is read from the job table, not from this process's runs: with two servers either
// may run a given tick, and each run moves the row's next_run_at on.
// The job table is created by the owner in db/setup.ts (ensureSchema: false here: the app role may not).
import crypto from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { Agenda, type Job } from 'agenda';
import { PostgresBackend } from '@agendajs/postgres-backend';
import { guardPool } from '../db/client';
import { errorSummary, isConnectionError, throttledLog } from '../lib/safeError';

export interface JobHealth {
  every: string;
  /** runs of this job in this process (another server may run some of the ticks) */
  runs: number;
  failures: number;
  /** failed runs in this process since its last success */
  failingInARow: number;
  lastStartAt: string | null;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  lastError: string | null;
  /** from the job table: when the next run is due, and when a run last finished on any server */
  nextRunAt: string | null;
  lastFinishedAt: string | null;
  /** due for longer than the grace period and not started by any server */
  late: boolean;
}

export interface JobsStatus {
  /** running, connected, no job late and none failed three times in a row */
  ok: boolean;
  running: boolean;
  /** this process's name in the job table's last_modified_by (whose locks these are) */
  instance: string;
  /** the job runner's own connection to the database answered at the last check */
  connected: boolean;
  checkedAt: string | null;
  /** LISTEN/NOTIFY channel: connected | reconnecting | error | disconnected (jobs run without it, by polling) */
  notifications: string;
  lastError: string | null;
  lastErrorAt: string | null;
  /** the Agenda instance was replaced by the watchdog this many times */
  restarts: number;
  /** database locks of this process's failed runs released by the watchdog */
  staleLocksReleased: number;
  /** last successful deadline sweep here (kept for older readers; also jobs['deadlines.sweep'].lastSuccessAt) */
  lastSweepAt: string | null;
  jobs: Record<string, JobHealth>;
}

export interface JobRunner {
  stop(): Promise<void>;
  /** the last known state, without touching the database */
  status(): JobsStatus;
  /** reads the job table now (which also checks the runner's connection), then reports */
  check(): Promise<JobsStatus>;
}

interface JobDef {
  name: string;
  every: string;
  run: () => Promise<unknown>;
  /** a failed run is retried after this long instead of waiting for the next interval */
  retryAfterMs?: number;
}

interface JobRow {
  name: string;
  next_run_at: Date | null;
  locked_at: Date | null;
  last_modified_by: string | null;
  last_finished_at: Date | null;
}

const TABLE = 'agenda_jobs';
const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

export async function startJobs(opts: {
  connectionString: string;
  sweepInterval: string;
  sweep: () => Promise<{ fired: number }>;
  /** agents disconnected longer than the grace period go offline (idempotent) */
  presenceSweep?: () => Promise<unknown>;
  /** recordings past retention are deleted (idempotent) */
  recordingsRetention?: () => Promise<unknown>;
  /** further jobs (each idempotent): audit sealing, key rotation steps, nightly verification, pruning */
  more?: { name: string; every: string; run: () => Promise<unknown>; retryAfterMs?: number }[];
  log?: (m: string) => void;
  /** how often agenda looks for due jobs (ms) */
  processEvery?: number;
  /** how often the watchdog reads the job table, frees stale locks and looks for late jobs (ms) */
  watchdogEvery?: number;
  /** a job due this long (ms) and not started anywhere is late (default: 30 s, at least 10 scans) */
  lateGrace?: number;
}): Promise<JobRunner> {
  const log = opts.log ?? ((m: string) => console.error(m));
  const throttled = throttledLog(log);
  const processEvery = opts.processEvery ?? 2000;
  const watchdogEvery = opts.watchdogEvery ?? processEvery;
  // due longer ago than this and not started anywhere: the job runner is stuck
  const lateGrace = opts.lateGrace ?? Math.max(30_000, 10 * processEvery);
  // a database lock of ours that nothing in this process holds, older than this, is left over from a failed
  // run (a lock is registered in memory within milliseconds of taking it)
  const staleAfter = Math.max(5000, 2 * processEvery);
  // A sweep takes seconds; if one holds its lock for 2 min it is stuck, and another server may take over
  // (safe: the sweep is idempotent).
  const lockLifetime = 120_000;
  // Names this process's locks in the job table (last_modified_by), so the watchdog frees only its own.
  const instance = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;

  const defs: JobDef[] = [{ name: 'deadlines.sweep', every: opts.sweepInterval, run: opts.sweep }];
  // Its own job so a slow deadline sweep never delays it; the state it works on is in the database.
  if (opts.presenceSweep) defs.push({ name: 'presence.grace', every: '15 seconds', run: opts.presenceSweep });
  // once a day: a run lost to an outage is retried every minute rather than a day later
  if (opts.recordingsRetention)
    defs.push({ name: 'recordings.retention', every: '1 day', run: opts.recordingsRetention, retryAfterMs: 60_000 });
  defs.push(...(opts.more ?? []));

  const local = new Map(
    defs.map((d) => [
      d.name,
      {
        runs: 0,
        failures: 0,
        failingInARow: 0,
        lastStartAt: null as number | null,
        lastSuccessAt: null as number | null,
        lastFailureAt: null as number | null,
        lastError: null as string | null,
      },
    ]),
  );
  let rows = new Map<string, JobRow>();
  let running = true;
  let connected = true;
  let checkedAt: number | null = null;
  let lastError: string | null = null;
  let lastErrorAt: number | null = null;
  let restarts = 0;
  let staleLocksReleased = 0;
  let lastRestartAt = 0;

  const noteError = (source: string, e: unknown) => {
    const summary = errorSummary(e);
    lastError = `${source}: ${summary}`;
    lastErrorAt = Date.now();
    if (isConnectionError(e)) connected = false;
    throttled(`${source}:${summary}`, `[jobs] ${source}: ${summary}`);
  };

  const pool = new pg.Pool({
    connectionString: opts.connectionString,
    // agenda's queries, the LISTEN connection and the watchdog's reads
    max: 5,
    // during a fail-over a connect may hang on an unreachable address: fail it and retry instead
    connectionTimeoutMillis: 5000,
    keepAlive: true,
  });
  // a client whose connection was cut (database restart, pg_terminate_backend): logged, and the pool drops it
  guardPool(pool, (what, e) => noteError(what, e));

  const handler = (d: JobDef) => async (_job: Job) => {
    const h = local.get(d.name)!;
    h.runs++;
    h.lastStartAt = Date.now();
    try {
      await d.run();
      h.lastSuccessAt = Date.now();
      h.lastError = null;
      h.failingInARow = 0;
    } catch (e) {
      h.failures++;
      h.failingInARow++;
      h.lastFailureAt = Date.now();
      h.lastError = errorSummary(e);
      throw e; // agenda records the failure (and logs it through 'error' below); the next run is planned
    }
  };

  function build() {
    const backend = new PostgresBackend({ pool, ensureSchema: false });
    backend.notificationChannel?.on('error', (e: unknown) => noteError('notifications', e));
    const agenda = new Agenda({
      backend,
      name: instance,
      processEvery,
      // A sweep never needs to run twice at once on one server; across servers the unique keys protect us.
      defaultConcurrency: 1,
    });
    // agenda emits every failed scan, lock and run here (job failures included: logged without their params)
    agenda.on('error', (e: Error) => noteError('agenda', e));
    for (const d of defs) {
      const retry = d.retryAfterMs;
      const backoff = retry ? ({ attempt }: { attempt: number }) => (attempt <= 60 ? retry : null) : undefined;
      agenda.define(d.name, handler(d), { lockLifetime, ...(backoff ? { backoff } : {}) });
    }
    return { agenda, backend };
  }

  async function schedule(agenda: Agenda) {
    // every() upserts one job by name: restarts and extra servers do not multiply it.
    for (const d of defs) await agenda.every(d.every, d.name);
  }

  let current = build();
  await current.agenda.start();
  await schedule(current.agenda);

  /** The job rows as every server sees them; doubles as the runner's connection check. */
  async function readRows(): Promise<boolean> {
    try {
      const r = await withTimeout(
        pool.query<JobRow>(
          `select name, next_run_at, locked_at, last_modified_by, last_finished_at from "${TABLE}"
            where name = any($1::text[])`,
          [defs.map((d) => d.name)],
        ),
        3000,
        'reading the job table',
      );
      rows = new Map(r.rows.map((x) => [x.name, x]));
      connected = true;
    } catch (e) {
      noteError('database check', e);
      connected = false;
    }
    checkedAt = Date.now();
    return connected;
  }

  const isLate = (row: JobRow | undefined, now: number) =>
    !!row?.next_run_at && now - row.next_run_at.getTime() > lateGrace;

  /** Locks this process holds in the table but not in memory: left by a run whose unlock write failed. */
  async function releaseStaleLocks(): Promise<number> {
    const stats = await current.agenda.getRunningStats();
    const busy = Object.entries(stats.jobStatus ?? {})
      .filter(([, s]) => (s?.locked ?? 0) > 0 || (s?.running ?? 0) > 0)
      .map(([name]) => name);
    const r = await pool.query<{ name: string }>(
      `update "${TABLE}" set locked_at = null
        where last_modified_by = $1 and locked_at is not null and locked_at < $2 and not (name = any($3::text[]))
        returning name`,
      [instance, new Date(Date.now() - staleAfter), busy],
    );
    if (r.rowCount) {
      staleLocksReleased += r.rowCount;
      log(`[jobs] released ${r.rowCount} stale lock(s) of this process: ${r.rows.map((x) => x.name).join(', ')}`);
    }
    return r.rowCount ?? 0;
  }

  async function restart(why: string) {
    restarts++;
    lastRestartAt = Date.now();
    log(`[jobs] restarting the job runner: ${why}`);
    const old = current;
    await withTimeout(old.agenda.stop(false), 10_000, 'stopping agenda').catch((e) => noteError('restart', e));
    current = build();
    const starting = current.agenda.start();
    try {
      await withTimeout(starting, 15_000, 'starting agenda');
      await schedule(current.agenda);
    } catch (e) {
      noteError('restart', e);
      // should it start after all, it must not run beside the next attempt
      const abandoned = current.agenda;
      void starting.then(
        () => abandoned.stop(false).catch(() => undefined),
        () => undefined,
      );
    }
  }

  let ticking = false;
  async function tick() {
    if (ticking || !running) return;
    ticking = true;
    try {
      if (!(await readRows())) return;
      const channel = current.backend.notificationChannel;
      // the channel reconnects by itself; after giving up ('error') it needs a new start
      if (channel && channel.state === 'error')
        await channel.connect().catch((e: unknown) => noteError('notifications', e));
      if (await releaseStaleLocks()) return; // the next scan takes them; judge lateness after it
      const now = Date.now();
      // late, and free or ours: this process should have taken it (another server's live lock is its business,
      // and agenda takes over a dead one after lockLifetime)
      const stuck = defs
        .map((d) => rows.get(d.name))
        .filter((r): r is JobRow => isLate(r, now))
        .filter((r) => !r.locked_at || r.last_modified_by === instance || now - r.locked_at.getTime() > lockLifetime)
        .map((r) => r.name);
      if (stuck.length && now - lastRestartAt > lateGrace)
        await restart(`${stuck.join(', ')} due for more than ${lateGrace / 1000} s and not started`);
    } catch (e) {
      noteError('watchdog', e);
    } finally {
      ticking = false;
    }
  }
  const watchdog = setInterval(() => void tick(), watchdogEvery);
  watchdog.unref();

  function status(): JobsStatus {
    const now = Date.now();
    const jobs: Record<string, JobHealth> = {};
    let late = false;
    let failing = false;
    for (const d of defs) {
      const h = local.get(d.name)!;
      const row = rows.get(d.name);
      const isLateNow = isLate(row, now);
      late ||= isLateNow;
      // one failed run is an outage's echo (the next run decides); three in a row is a job that does not work
      failing ||= h.failingInARow >= 3;
      jobs[d.name] = {
        every: d.every,
        runs: h.runs,
        failures: h.failures,
        failingInARow: h.failingInARow,
        lastStartAt: iso(h.lastStartAt),
        lastSuccessAt: iso(h.lastSuccessAt),
        lastFailureAt: iso(h.lastFailureAt),
        lastError: h.lastError,
        nextRunAt: iso(row?.next_run_at?.getTime()),
        lastFinishedAt: iso(row?.last_finished_at?.getTime()),
        late: isLateNow,
      };
    }
    return {
      ok: running && connected && !late && !failing,
      running,
      instance,
      connected,
      checkedAt: iso(checkedAt),
      notifications: current.backend.notificationChannel?.state ?? 'disabled',
      lastError,
      lastErrorAt: iso(lastErrorAt),
      restarts,
      staleLocksReleased,
      lastSweepAt: jobs['deadlines.sweep'].lastSuccessAt,
      jobs,
    };
  }

  return {
    async stop() {
      running = false;
      clearInterval(watchdog);
      await current.agenda.stop(false).catch((e) => noteError('stop', e));
      await pool.end().catch(() => undefined);
    },
    status,
    async check() {
      await readRows();
      return status();
    },
  };
}
