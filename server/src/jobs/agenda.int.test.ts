// The job runner against a real PostgreSQL: it keeps running when its connections are cut, frees a database
// lock its own failed run left behind, and replaces itself when a job is due and nobody starts it.
// (The whole-server version, with PostgreSQL restarts under load, is e2e/chaos.e2e.test.ts.)
import pg from 'pg';
import { PostgresBackend } from '@agendajs/postgres-backend';
import { createTestDatabase, sql } from '../../test/harness';
import { startJobs, type JobRunner } from './agenda';

async function waitFor<T>(what: string, fn: () => T | Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('survives cut connections, frees its stale locks, replaces a runner that does not start a due job', async () => {
  const db = await createTestDatabase();
  // agenda's table, created by the owner as db/setup.ts does at start-up
  const owner = new pg.Pool({ connectionString: db.url, max: 1 });
  await new PostgresBackend({ pool: owner, ensureSchema: true, disableNotifications: true }).connect();
  await owner.end();
  let sweeps = 0;
  let presence = 0;
  const logs: string[] = [];
  let runner: JobRunner | null = null;
  try {
    runner = await startJobs({
      connectionString: db.url,
      sweepInterval: '1 second',
      sweep: async () => {
        sweeps++;
        return { fired: 0 };
      },
      presenceSweep: async () => void presence++,
      processEvery: 500,
      watchdogEvery: 500,
      lateGrace: 3000,
      log: (m) => logs.push(m),
    });
    const r = runner;
    await waitFor(
      'two sweeps',
      () => sweeps,
      (n) => n >= 2,
    );
    await waitFor(
      'presence once',
      () => presence,
      (n) => n >= 1,
    );
    expect((await r.check()).ok).toBe(true);

    // every connection of the job runner cut (a fail-over, pg_terminate_backend): it reconnects and goes on
    const terminated = await sql(
      db.url,
      `select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()`,
    );
    expect(terminated.length).toBeGreaterThan(0);
    const before = sweeps;
    await waitFor(
      'sweeps after the cut',
      () => sweeps,
      (n) => n >= before + 2,
    );
    await waitFor(
      'notifications reconnected',
      () => r.status().notifications,
      (s) => s === 'connected',
    );

    // a lock of ours nothing in memory holds (a run whose unlock write failed): without the watchdog agenda
    // would wait for lockLifetime (2 min) before running the job again
    const presenceBefore = presence;
    await sql(
      db.url,
      `update agenda_jobs set locked_at = now() - interval '1 minute', last_modified_by = $1, next_run_at = now()
        where name = 'presence.grace'`,
      [r.status().instance],
    );
    await waitFor(
      'presence after the stale lock',
      () => presence,
      (n) => n > presenceBefore,
    );
    expect(r.status().staleLocksReleased).toBeGreaterThanOrEqual(1);
    expect(logs.join('\n')).toContain('released 1 stale lock(s) of this process: presence.grace');

    // a job due and started by nobody is late, and the watchdog replaces the runner
    await sql(db.url, `update agenda_jobs set disabled = true where name = 'deadlines.sweep'`);
    const late = await waitFor(
      'sweep late',
      () => r.check(),
      (s) => s.jobs['deadlines.sweep'].late,
    );
    expect(late.ok).toBe(false);
    await waitFor(
      'a restart',
      () => r.status().restarts,
      (n) => n >= 1,
    );
    await sql(db.url, `update agenda_jobs set disabled = false where name = 'deadlines.sweep'`);
    const resumed = sweeps;
    await waitFor(
      'sweeps on the new runner',
      () => sweeps,
      (n) => n >= resumed + 2,
    );
    await waitFor(
      'healthy again',
      () => r.check(),
      (s) => s.ok,
    );
    // every() upserts by name: one row per job however often the runner was replaced
    const rows = await sql(db.url, `select name, count(*)::int as n from agenda_jobs group by name order by name`);
    expect(rows).toEqual([
      { name: 'deadlines.sweep', n: 1 },
      { name: 'presence.grace', n: 1 },
    ]);
  } finally {
    await runner?.stop();
    await db.drop();
  }
}, 90_000);
