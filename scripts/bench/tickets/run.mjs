#!/usr/bin/env node
// Ticket throughput benchmark: ticket create and one lifecycle action (dispatch) under concurrent load
// through the real HTTP server, next to raw PostgreSQL single-row INSERT throughput measured in the same
// run on the same database server. See docs/benchmarks.md.
//
//   npm run build -w server && npm run bench:tickets
//   BENCH_N=3000 BENCH_C=32 DATABASE_URL=postgres://… npm run bench:tickets
//
// Env: BENCH_N (requests per phase, default 3000), BENCH_C (concurrency, default 32),
//      BENCH_WARMUP (default 100), BENCH_CLIENT=thread|inline (default thread: the HTTP client runs in a
//      worker thread so its CPU work does not share the server's event loop), DATABASE_URL (optional:
//      a fresh database is created on that server and dropped afterwards; else embedded PostgreSQL),
//      BENCH_RATE (open-loop arrival rate instead of C workers), BENCH_PG_STATS=1 (per-statement times),
//      BENCH_HOOK (what-if experiments, see whatif.mjs). Exit code 1 if any request failed.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { runLoad } from './load.mjs';
import {
  createDatabase,
  intEnv as anyIntEnv,
  login,
  machine,
  makeLog,
  markdownTable,
  percentile,
  pg,
  root,
  runBench,
  serverRequire,
  startServer,
} from '../lib.mjs';

// The experiment hook resolves the compiled server's modules relative to this directory.
const require = createRequire(import.meta.url);
const intEnv = (name, dflt) => anyIntEnv(name, dflt, { positive: true });
const N = intEnv('BENCH_N', 3000);
const C = intEnv('BENCH_C', 32);
const WARMUP = process.env.BENCH_WARMUP === '0' ? 0 : intEnv('BENCH_WARMUP', 100);
// BENCH_RATE=<requests/s>: open-loop load for the HTTP phases (fixed arrival rate, latency measured from each
// request's due time, at most BENCH_MAX_INFLIGHT outstanding) instead of C closed-loop workers.
const RATE = process.env.BENCH_RATE ? intEnv('BENCH_RATE', 0) : 0;
const MAX_INFLIGHT = intEnv('BENCH_MAX_INFLIGHT', 1000);
const CLIENT_MODE = process.env.BENCH_CLIENT === 'inline' ? 'inline' : 'thread';
// Diagnostics: BENCH_PG_STATS=1 prints the top statements per phase from pg_stat_statements (embedded
// PostgreSQL loads it; with DATABASE_URL the server must already have it in shared_preload_libraries).
const PG_STATS = process.env.BENCH_PG_STATS === '1';
// Experiments: BENCH_HOOK=<module> is imported and may patch the compiled server before it starts
// (export beforeStart({ require, serverRequire, dbUrl, log }), returning a one-line description). The output then says so:
// such numbers are what-if estimates, not the product. See whatif.mjs.
const HOOK = process.env.BENCH_HOOK ? path.resolve(process.env.BENCH_HOOK) : null;

const log = makeLog('bench');

const HZ = 100; // USER_HZ on Linux
let pgRootPid = null; // embedded postmaster; its backends are its children

function readStat(pid) {
  try {
    const t = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = t.slice(t.lastIndexOf(')') + 2).split(' '); // fields from #3 (state) on
    return {
      ppid: Number(f[1]),
      self: (Number(f[11]) + Number(f[12])) / HZ,
      children: (Number(f[13]) + Number(f[14])) / HZ,
    };
  } catch {
    return null;
  }
}

/** CPU seconds of the embedded PostgreSQL: postmaster + live backends + reaped children. */
function pgCpu() {
  if (!pgRootPid) return NaN;
  const root = readStat(pgRootPid);
  if (!root) return NaN;
  let sum = root.self + root.children;
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const s = readStat(d);
    if (s && s.ppid === pgRootPid) sum += s.self;
  }
  return sum;
}

/** This process's CPU (all threads), embedded PostgreSQL's CPU, and machine-wide busy CPU (/proc/stat). */
function cpuSnapshot() {
  const u = process.cpuUsage();
  let machineBusy = NaN;
  let machineTotal = NaN;
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already inside user)
    machineTotal = f.slice(0, 8).reduce((a, b) => a + b, 0) / HZ;
    machineBusy = machineTotal - (f[3] + f[4]) / HZ;
  } catch {
    /* not Linux */
  }
  const main = readStat(`${process.pid}/task/${process.pid}`); // the main thread = the server's event loop
  return {
    node: (u.user + u.system) / 1e6,
    main: main ? main.self : NaN,
    pg: pgCpu(),
    machineBusy,
    machineTotal,
    at: process.hrtime.bigint(),
  };
}

function cpuDelta(a, b, ops) {
  const node = b.node - a.node;
  const pgs = b.pg - a.pg;
  const busy = b.machineBusy - a.machineBusy;
  const cap = b.machineTotal - a.machineTotal;
  return {
    nodeMsPerOp: (node * 1000) / ops,
    mainMsPerOp: ((b.main - a.main) * 1000) / ops,
    pgMsPerOp: (pgs * 1000) / ops,
    busyPct: (100 * busy) / cap,
    foreignPct: (100 * (busy - node - (Number.isFinite(pgs) ? pgs : 0))) / cap,
  };
}

function summarize(name, r, cpu) {
  const okLat = [];
  for (let i = 0; i < r.latenciesMs.length; i++) if (r.ok[i]) okLat.push(r.latenciesMs[i]);
  okLat.sort((a, b) => a - b);
  const count = r.latenciesMs.length;
  return {
    name,
    count,
    errors: r.errors.length,
    seconds: r.seconds,
    opsPerSec: (count - r.errors.length) / r.seconds,
    p50: percentile(okLat, 50),
    p95: percentile(okLat, 95),
    p99: percentile(okLat, 99),
    max: okLat.length ? okLat[okLat.length - 1] : NaN,
    cpu,
  };
}

/** Run one HTTP phase inline or in a worker thread. */
function httpPhase(opts) {
  if (CLIENT_MODE === 'inline') return runLoad(opts);
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./load.mjs', import.meta.url), { workerData: { benchLoad: opts } });
    w.once('message', (m) => (m.error ? reject(new Error(m.error)) : resolve(m.result)));
    w.once('error', reject);
    w.once('exit', (code) => code !== 0 && reject(new Error(`load worker exited with ${code}`)));
  });
}

async function rawInsertPhase(url, count, concurrency, offset) {
  const pool = new pg.Pool({ connectionString: url, max: concurrency });
  // Open all C connections up front, like the server's warm pool.
  const clients = await Promise.all(Array.from({ length: concurrency }, () => pool.connect()));
  clients.forEach((c) => c.release());
  const content = '楼下商铺夜间噪声扰民，每晚十点后仍在营业放音乐，严重影响休息，请相关部门尽快处理。';
  const sql = 'insert into bench_raw_insert (number, content, phone_enc, address_enc) values ($1, $2, $3, $4)';
  const lat = new Float64Array(count);
  const ok = new Uint8Array(count);
  const errors = [];
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      const n = offset + i;
      const params = [
        `HL-20261121-${String(n).padStart(6, '0')}`,
        content,
        crypto.randomBytes(40).toString('base64'),
        crypto.randomBytes(72).toString('base64'),
      ];
      const t0 = process.hrtime.bigint();
      try {
        await pool.query(sql, params);
        ok[i] = 1;
      } catch (e) {
        errors.push({ i, status: 'pg', body: String(e.message) });
      }
      lat[i] = Number(process.hrtime.bigint() - t0) / 1e6;
    }
  };
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpuEnd = cpuSnapshot(); // before pool.end(): the backends' CPU is lost once they exit
  await pool.end();
  return { seconds, latenciesMs: lat, ok, errors, cpuEnd };
}

function cpuTable(rows) {
  const head = [
    'operation',
    'Node CPU ms/op',
    'main thread ms/op',
    'PostgreSQL CPU ms/op',
    'machine busy %',
    'of which other processes %',
  ];
  const fmt = (x, d) => (Number.isFinite(x) ? x.toFixed(d) : '-');
  const body = rows.map((r) => [
    r.name,
    fmt(r.cpu.nodeMsPerOp, 2),
    fmt(r.cpu.mainMsPerOp, 2),
    fmt(r.cpu.pgMsPerOp, 2),
    fmt(r.cpu.busyPct, 0),
    fmt(Math.max(0, r.cpu.foreignPct), 0),
  ]);
  return markdownTable(head, body);
}

function printErrors(name, errors) {
  if (!errors.length) return;
  console.log(`\n${name}: ${errors.length} failed request(s):`);
  for (const e of errors.slice(0, 20)) console.log(`  #${e.i} status=${e.status} ${e.body}`);
  if (errors.length > 20) console.log(`  … and ${errors.length - 20} more`);
}

function table(rows) {
  const head = ['operation', 'count', 'errors', 'seconds', 'ops/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'];
  const fmt = (x, d) => (Number.isFinite(x) ? x.toFixed(d) : '-');
  const body = rows.map((r) => [
    r.name,
    String(r.count),
    String(r.errors),
    fmt(r.seconds, 2),
    fmt(r.opsPerSec, 0),
    fmt(r.p50, 1),
    fmt(r.p95, 1),
    fmt(r.p99, 1),
    fmt(r.max, 1),
  ]);
  return markdownTable(head, body);
}

await runBench('bench', async (cleanups) => {
  let failed = false;
  // Background load on the machine right before the run (this process is idle meanwhile).
  const b0 = cpuSnapshot();
  await new Promise((r) => setTimeout(r, 2000));
  const background = cpuDelta(b0, cpuSnapshot(), 1).busyPct;
  if (background > 10)
    log(`warning: the machine is already ${background.toFixed(0)}% busy before the run; results will be noisy`);
  // --- database: default durability (fsync on, synchronous_commit on), the comparison is like with like --
  const db = await createDatabase({
    dbPrefix: 'hotline_bench_',
    cleanups,
    log,
    postgresFlags: PG_STATS ? ['-c', 'shared_preload_libraries=pg_stat_statements'] : [],
  });
  const { dbUrl, dbName, source } = db;
  pgRootPid = db.pgPid;

  // --- server ------------------------------------------------------------------------------------
  let hookNote = null;
  const { server } = await startServer({
    dbUrl,
    cleanups,
    log,
    async beforeStart() {
      if (!HOOK) return;
      const hook = await import(HOOK);
      hookNote = (await hook.beforeStart?.({ require, serverRequire, dbUrl, log })) ?? hook.describe?.() ?? HOOK;
      log(`experiment hook: ${hookNote}`);
    },
  });

  const q = new pg.Client({ connectionString: dbUrl });
  await q.connect();
  cleanups.push(() => q.end());
  const one = async (sql, params) => (await q.query(sql, params)).rows[0];
  const categoryId = (await one(`select id from categories where code = 'complaint-noise'`))?.id;
  const unitId = (await one(`select id from org_units where code = 'cgw'`))?.id;
  if (!categoryId || !unitId) throw new Error('demo seed lacks category complaint-noise or unit cgw');
  const settingNames = [
    'server_version',
    'fsync',
    'synchronous_commit',
    'wal_sync_method',
    'full_page_writes',
    'shared_buffers',
    'max_connections',
  ];
  const settings = Object.fromEntries(
    (await q.query('select name, setting, unit from pg_settings where name = any($1)', [settingNames])).rows.map(
      (r) => [
        r.name,
        r.unit && !['8kB', 'kB'].includes(r.unit)
          ? `${r.setting}${r.unit}`
          : r.name === 'shared_buffers'
            ? `${(Number(r.setting) * 8) / 1024}MB`
            : r.setting,
      ],
    ),
  );
  if (PG_STATS) await q.query('create extension if not exists pg_stat_statements');
  const statsReset = async () => PG_STATS && (await q.query('select pg_stat_statements_reset()'));
  const statsPrint = async (phase) => {
    if (!PG_STATS) return;
    const r =
      await q.query(`select calls, round(total_exec_time::numeric, 1) as total_ms, round(mean_exec_time::numeric, 3) as mean_ms,
          wal_records, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) as query
        from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
        order by total_exec_time desc limit 12`);
    console.log(`\npg_stat_statements, ${phase} phase (top by total execution time):`);
    for (const x of r.rows)
      console.log(
        `  ${String(x.calls).padStart(6)} calls ${String(x.total_ms).padStart(9)} ms total ${String(x.mean_ms).padStart(8)} ms mean  ${x.query}`,
      );
  };
  await q.query(`create table bench_raw_insert (id bigserial primary key, number text not null, content text not null,
      phone_enc text, address_enc text, created_at timestamptz not null default now())`);

  const cookie = await login(server.url, 'agent1');
  const runId = crypto.randomBytes(4).toString('hex');
  const base = { baseUrl: server.url, cookie, concurrency: C, maxInFlight: MAX_INFLIGHT };
  const load = RATE ? { rate: RATE } : {};
  const createPhase = (o) => httpPhase({ ...base, kind: 'create', expectStatus: 201, categoryId, ...o });
  const dispatchPhase = (ids, o) =>
    httpPhase({ ...base, kind: 'dispatch', expectStatus: 200, count: ids.length, ids, unitId, ...o });

  // --- phase 1: creates --------------------------------------------------------------------------
  if (WARMUP) {
    log(`warm-up: ${WARMUP} creates + ${WARMUP} dispatches + ${WARMUP} raw inserts (not counted)`);
    const w = await createPhase({ count: WARMUP, offset: 90_000_000, runId: `${runId}w` });
    printErrors('warm-up create', w.errors);
    const wd = await dispatchPhase(w.ids.filter(Boolean), { count: WARMUP });
    printErrors('warm-up dispatch', wd.errors);
    failed ||= w.errors.length > 0 || wd.errors.length > 0;
  }
  const how = RATE ? `open loop at ${RATE}/s` : `concurrency ${C}`;
  log(`phase 1: ${N} creates at ${how} (${CLIENT_MODE} client)`);
  await statsReset();
  const c0 = cpuSnapshot();
  const creates = await createPhase({ ...load, count: N, offset: 0, runId });
  const createCpu = cpuDelta(c0, cpuSnapshot(), N);
  await statsPrint('ticket create');
  const createdIds = creates.ids.filter(Boolean);

  // --- phase 2: dispatch -------------------------------------------------------------------------
  log(`phase 2: ${createdIds.length} dispatches at ${how}`);
  await statsReset();
  const d0 = cpuSnapshot();
  const dispatches = await dispatchPhase(createdIds, load);
  const dispatchCpu = cpuDelta(d0, cpuSnapshot(), Math.max(1, createdIds.length));
  await statsPrint('dispatch');

  // --- phase 3: raw inserts ----------------------------------------------------------------------
  log(`phase 3: ${N} raw single-row INSERTs at concurrency ${C}`);
  if (WARMUP) await rawInsertPhase(dbUrl, WARMUP, C, 90_000_000);
  await statsReset();
  const r0 = cpuSnapshot();
  const raw = await rawInsertPhase(dbUrl, N, C, 0);
  const rawCpu = cpuDelta(r0, raw.cpuEnd, N);
  await statsPrint('raw INSERT');

  // --- report ------------------------------------------------------------------------------------
  const rows = [
    summarize('ticket create (HTTP)', creates, createCpu),
    summarize('dispatch (HTTP)', dispatches, dispatchCpu),
    summarize('raw INSERT (pg)', raw, rawCpu),
  ];
  const [sc, sd, sr] = rows;
  console.log('\nHotline Desk ticket benchmark');
  console.log(`  date        ${new Date().toISOString()}`);
  console.log(`  machine     ${machine()}`);
  console.log(
    `  node        ${process.version}; HTTP client: ${creates.client}, ${CLIENT_MODE === 'thread' ? 'in a worker thread' : 'inline on the server event loop'}`,
  );
  console.log(`  postgres    ${settings.server_version} via ${source}; database ${dbName}`);
  console.log(
    `  durability  fsync=${settings.fsync} synchronous_commit=${settings.synchronous_commit} wal_sync_method=${settings.wal_sync_method} full_page_writes=${settings.full_page_writes} shared_buffers=${settings.shared_buffers} (${process.env.DATABASE_URL ? 'as configured on that server' : 'PostgreSQL defaults, fsync NOT turned off'}; the raw baseline runs on the same server, so the comparison is like with like)`,
  );
  if (hookNote)
    console.log(
      `  EXPERIMENT  server patched at run time by ${path.relative(root, HOOK)}: ${hookNote} (what-if numbers, not the product)`,
    );
  console.log(
    `  parameters  N=${N} ${RATE ? `HTTP open loop at ${RATE} req/s (max ${MAX_INFLIGHT} in flight; latency from due time)` : `C=${C} closed loop`}, warm-up=${WARMUP}; server pg pool max=20 (server default); raw baseline: pool of ${C}, closed loop`,
  );
  console.log(
    `  note        server, client and PostgreSQL share the same machine and CPUs; background load before the run: ${Number.isFinite(background) ? Math.max(0, background).toFixed(0) + '% of the machine' : 'unknown'}\n`,
  );
  console.log(table(rows));
  console.log(
    `\nCPU per operation (Node = this process: server + client${CLIENT_MODE === 'thread' ? ' thread' : ''}; main thread = the server's event loop${CLIENT_MODE === 'inline' ? ' and the client' : ''};`,
  );
  console.log("PostgreSQL = the embedded server processes ('-' with DATABASE_URL);");
  console.log(
    `other processes = the rest of the machine, i.e. load that is not part of this benchmark${process.env.DATABASE_URL ? ', plus PostgreSQL if it runs here' : ''}):`,
  );
  console.log(cpuTable(rows));
  console.log(`\n  creates/s  ÷ raw inserts/s = ${(sc.opsPerSec / sr.opsPerSec).toFixed(3)}`);
  console.log(`  dispatch/s ÷ raw inserts/s = ${(sd.opsPerSec / sr.opsPerSec).toFixed(3)}`);
  const target = sc.opsPerSec >= 300 && sc.p95 < 50;
  console.log(
    `  target (≥ 300 creates/s, p95 < 50 ms): ${target ? 'met' : 'MISSED'} (${sc.opsPerSec.toFixed(0)}/s, p95 ${sc.p95.toFixed(1)} ms)`,
  );
  if (!RATE)
    console.log(
      `  note: in a closed loop mean latency ≈ C ÷ throughput (Little's law), so p95 < 50 ms at C=${C} needs more than ${Math.ceil(C / 0.05)} ops/s`,
    );
  if (settings.fsync !== 'on' || settings.synchronous_commit === 'off')
    console.log('  WARNING: durability is relaxed on this server (fsync off or synchronous_commit off)');
  printErrors('ticket create', creates.errors);
  printErrors('dispatch', dispatches.errors);
  printErrors('raw INSERT', raw.errors);
  return failed || rows.some((r) => r.errors > 0);
});
