#!/usr/bin/env node
// Telephony load benchmark: sipp plays the carrier trunk at a fixed call rate against the full stack —
// drachtio-server, rtpengine and the compiled server in this process (SIP app, ACD, call records in
// PostgreSQL) — with N registered, ready agents whose phones are one sipp answering every offered call at once.
// Reports the calls per second sustained with zero failed calls and the offer latency (INVITE received →
// agent INVITE), next to the same drachtio-server answering the same load with a trivial drachtio-srf app
// (200 with the offered SDP), measured first in the same run. See docs/benchmarks.md.
//
//   npm run build && npm run bench:telephony
//   BENCH_CALLS=60 DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:telephony
//
// Env: BENCH_AGENTS (default 60), BENCH_RATE (calls/s, default 30), BENCH_CALLS (default 900), BENCH_TALK_MS
//      (caller hangs up after, default 1000), BENCH_LIMIT (sipp's concurrent call limit, default 10 × rate),
//      DATABASE_URL (optional: a fresh database on that server, dropped afterwards; else embedded PostgreSQL),
//      DRACHTIO_BIN / RTPENGINE_BIN / SIPP_BIN (else found on PATH).
// Exit code 1 if any call failed (either column) or was not answered by an agent; a missed target is reported.
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import {
  createDatabase,
  intEnv,
  login,
  machine,
  makeLog,
  markdownTable,
  percentile,
  pg,
  root,
  runBench,
  startServer,
} from '../lib.mjs';
import { cpuSeconds, freeSipPort, sipBinaries, sipp, sippFiles, startSipStack } from './sip.mjs';

const AGENTS = intEnv('BENCH_AGENTS', 60, { positive: true });
const RATE = intEnv('BENCH_RATE', 30, { positive: true });
const CALLS = intEnv('BENCH_CALLS', 900, { positive: true });
const TALK_MS = intEnv('BENCH_TALK_MS', 1000);
const LIMIT = intEnv('BENCH_LIMIT', RATE * 10, { positive: true });
// on (the product's default): callers are answered at once with greeting and music and moved to the agent by
// re-INVITE; off: callers ring until an agent answers
const QUEUE_AUDIO = (process.env.BENCH_QUEUE_AUDIO ?? 'on') === 'off' ? 'off' : 'on';
const DID = '12345'; // the citizen line of the default HOTLINE_LINES
const TARGET_CPS = 30;
const TARGET_P95_MS = 100;
const log = makeLog('bench:telephony');
const loadBefore = os
  .loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** CPU seconds so far of this process (server or trivial app) and of drachtio and rtpengine. */
function cpuNow(pids) {
  const u = process.cpuUsage();
  return {
    node: (u.user + u.system) / 1e6,
    drachtio: cpuSeconds(pids.drachtio) ?? NaN,
    rtpengine: cpuSeconds(pids.rtpengine) ?? NaN,
  };
}

/** sipp's last statistics line (-trace_stat) as { column: value }. */
function lastStats(cwd) {
  const [csv] = sippFiles(cwd, 'stat.csv');
  const lines = (csv ?? '').trim().split('\n');
  if (lines.length < 2) throw new Error(`no sipp statistics in ${cwd}`);
  const head = lines[0].split(';');
  const row = lines.at(-1).split(';');
  return Object.fromEntries(head.map((h, i) => [h, row[i]]));
}

/**
 * The trunk load: BENCH_CALLS calls at BENCH_RATE/s, each talking BENCH_TALK_MS. The sustained rate is the
 * calls connected to an agent per second over the run (per-call samples of -trace_rtt: INVITE → 200, or with
 * queue audio INVITE → the re-INVITE that puts the agent on the line).
 */
async function trunkLoad(bins, stack, scenario = 'trunk-call-load.xml') {
  const cpu0 = cpuNow(stack.pids);
  const t0 = Date.now();
  const run = sipp(
    bins.sipp,
    stack,
    scenario,
    [
      ...['-s', DID, '-key', 'caller', '1390000', '-d', String(TALK_MS)],
      ...['-r', String(RATE), '-m', String(CALLS), '-l', String(LIMIT), '-recv_timeout', '30000'],
      ...['-trace_rtt', '-rtt_freq', '20', '-trace_stat', '-stf', 'stat.csv', '-fd', '1'],
    ],
    { timeoutMs: (CALLS / RATE) * 1000 + TALK_MS + 90_000 },
  );
  const { code, log: out, cwd } = await run.done;
  const wallS = (Date.now() - t0) / 1000;
  const cpu1 = cpuNow(stack.pids);
  const stats = lastStats(cwd);
  const samples = sippFiles(cwd, '_rtt.csv')
    .join('\n')
    .split('\n')
    .map((l) => l.split(';'))
    .filter((f) => f[2] === 'answer')
    .map(([at, ms]) => ({ at: Number(at), ms: Number(ms) }));
  const ats = samples.map((s) => s.at).sort((a, b) => a - b);
  const span = (ats.at(-1) - ats[0]) / 1000;
  const result = {
    code,
    created: Number(stats['TotalCallCreated']),
    successful: Number(stats['SuccessfulCall(C)']),
    failed: Number(stats['FailedCall(C)']),
    retrans: Number(stats['Retransmissions(C)']),
    answers: samples.length,
    cps: ats.length > 1 ? (ats.length - 1) / span : NaN,
    answerMs: samples.map((s) => s.ms).sort((a, b) => a - b),
    wallS,
    cpu: Object.fromEntries(Object.keys(cpu0).map((k) => [k, cpu1[k] - cpu0[k]])),
  };
  if (code !== 0 || result.failed > 0) log(`trunk sipp exit ${code}, ${result.failed} failed:\n${out}`);
  return result;
}

/** The baseline: the same drachtio-server answers every INVITE with 200 and the offered SDP, nothing else. */
async function trivialApp(bins, stack) {
  const Srf = createRequire(path.join(root, 'telephony', 'package.json'))('drachtio-srf');
  const srf = new Srf();
  srf.connect({ host: '127.0.0.1', port: stack.adminPort, secret: 'cymru' });
  await new Promise((resolve, reject) => {
    srf.once('connect', resolve);
    srf.once('error', reject);
  });
  srf.invite((req, res) => {
    srf.createUAS(req, res, { localSdp: req.body }).catch((e) => log(`trivial app: ${e.message}`));
  });
  try {
    log(`trivial app: ${CALLS} calls at ${RATE}/s`);
    return await trunkLoad(bins, stack);
  } finally {
    srf.disconnect();
    await sleep(500); // drachtio drops the app's connection before the product's app connects
  }
}

/** The telephony app logs through console; during the run its lines are counted and kept off the report. */
function captureTelephonyLogs() {
  const orig = { log: console.log, warn: console.warn, error: console.error };
  const counts = { log: 0, warn: 0, error: 0 };
  const kept = [];
  for (const k of Object.keys(orig))
    console[k] = (...a) => {
      const line = a.map(String).join(' ');
      if (!line.startsWith('[telephony]')) return orig[k](...a);
      counts[k]++;
      if (k !== 'log' && kept.length < 20) kept.push(line);
    };
  return {
    counts,
    restore() {
      Object.assign(console, orig);
      for (const l of kept) log(l);
    },
  };
}

async function until(what, fn, ms = 30_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`${what}: not reached in ${ms} ms`);
    await sleep(200);
  }
}

/** N agents (role agent, agent1's password), each registered with the shared phone port and ready. */
async function agentsReady(q, bins, stack, baseUrl, phonePort) {
  await q.query(
    `insert into users (username, display_name, password_hash, roles, unit_id)
     select 'loadagent' || g, '压测坐席' || g, a.password_hash, '{agent}', a.unit_id
     from users a, generate_series(1, $1::int) g where a.username = 'agent1'`,
    [AGENTS],
  );
  const sessions = [];
  for (let i = 1; i <= AGENTS; i++) {
    const cookie = await login(baseUrl, `loadagent${i}`);
    const res = await fetch(`${baseUrl}/api/telephony/softphone`, { headers: { cookie } });
    if (res.status !== 200) throw new Error(`softphone loadagent${i}: ${res.status} ${await res.text()}`);
    const { sipUser, password } = (await res.json()).softphone;
    // Contact sip:<sipUser>@127.0.0.1:<phonePort>: every agent's calls reach the one answering sipp
    const reg = await sipp(bins.sipp, stack, 'agent-register.xml', [
      ...['-s', sipUser, '-au', sipUser, '-ap', password, '-m', '1'],
      ...['-key', 'domain', 'hotline.local', '-key', 'expires', '600', '-p', String(phonePort)],
    ]).done;
    if (reg.code !== 0) throw new Error(`register loadagent${i} failed:\n${reg.log}`);
    sessions.push(cookie);
  }
  for (const cookie of sessions) {
    const res = await fetch(`${baseUrl}/api/presence/me`, {
      method: 'PUT',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ state: 'ready' }),
    });
    if (res.status !== 200) throw new Error(`ready: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  }
}

/** Offer latencies from the call records: arrived → first offered (events), arrived → agent phone got the INVITE. */
async function offerLatencies(q, phoneCwd) {
  const rows = (await q.query(`select id, outcome, events from calls where direction = 'inbound'`)).rows;
  const gotInvite = new Map();
  for (const line of sippFiles(phoneCwd, '_logs.log').join('\n').split('\n')) {
    const m = /^offer (\d+) ([\d.]+) ([\d.]+)/.exec(line);
    if (!m) continue;
    const ms = Number(m[2]) * 1000 + Number(m[3]) / 1000;
    gotInvite.set(m[1], Math.min(ms, gotInvite.get(m[1]) ?? Infinity));
  }
  const outcomes = {};
  const offered = [];
  const wire = [];
  for (const r of rows) {
    outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
    const arrived = r.events.find((e) => e.type === 'arrived')?.at;
    const first = r.events.find((e) => e.type === 'offered')?.at;
    if (arrived !== undefined && first !== undefined) offered.push(first - arrived);
    const got = gotInvite.get(String(r.id));
    if (arrived !== undefined && got !== undefined) wire.push(got - arrived);
  }
  const asc = (a) => a.sort((x, y) => x - y);
  return { calls: rows.length, outcomes, offered: asc(offered), wire: asc(wire) };
}

async function product(bins, stack, cleanups) {
  const { dbUrl, source } = await createDatabase({ dbPrefix: 'hotline_bench_tel_', cleanups, log });
  const logs = captureTelephonyLogs();
  cleanups.push(() => logs.restore());
  const { server } = await startServer({
    dbUrl,
    cleanups,
    log,
    env: {
      DRACHTIO_HOST: '127.0.0.1',
      DRACHTIO_PORT: String(stack.adminPort),
      RTPENGINE_NG: `127.0.0.1:${stack.ngPort}`,
      SIP_DOMAIN: 'hotline.local',
      WRAP_UP_SECONDS: '0',
      QUEUE_AUDIO,
      RING_TIMEOUT_SECONDS: '10',
    },
  });
  await until('telephony connected', async () => {
    const h = await fetch(`${server.url}/api/health`).then((r) => r.json());
    return h.telephony?.connected === true;
  });
  const q = new pg.Client({ connectionString: dbUrl });
  await q.connect();
  cleanups.push(() => q.end());

  const phonePort = await freeSipPort();
  log(`${AGENTS} agents: login, softphone credentials, REGISTER (contact port ${phonePort}), ready`);
  await agentsReady(q, bins, stack, server.url, phonePort);
  const phones = sipp(
    bins.sipp,
    stack,
    'agent-answer-load.xml',
    ['-p', String(phonePort), '-trace_logs', '-l', '10000', '-recv_timeout', '60000'],
    { target: null, timeoutMs: (CALLS / RATE) * 1000 + TALK_MS + 180_000 },
  );
  cleanups.push(() => phones.stop());
  await sleep(500); // sipp binds its port

  log(`Hotline Desk: ${CALLS} calls at ${RATE}/s`);
  const trunk = await trunkLoad(
    bins,
    stack,
    QUEUE_AUDIO === 'on' ? 'trunk-call-load-queued.xml' : 'trunk-call-load.xml',
  );
  // every call record finished (the agent's leg ends a moment after the caller's BYE)
  await until(
    'call records ended',
    async () =>
      (await q.query(`select count(*)::int n from calls where ended_at is null or outcome = 'in_progress'`)).rows[0]
        .n === 0,
  ).catch((e) => log(e.message));
  // SIGUSR1: sipp stops taking calls and exits once its calls are over, flushing its logs
  process.kill(phones.pid, 'SIGUSR1');
  const phoneRun = await Promise.race([phones.done, sleep(15_000).then(() => null)]);
  if (!phoneRun) {
    log('agent phones sipp did not exit on SIGUSR1; stopping it');
    await phones.stop();
  }
  const lat = await offerLatencies(q, phones.cwd);
  const [{ version }] = (await q.query('show server_version')).rows.map((r) => ({ version: r.server_version }));
  logs.restore();
  return { ...trunk, ...lat, telephonyLogs: logs.counts, pgSource: `${version} via ${source}` };
}

const ms = (v) => (Number.isFinite(v) ? v.toFixed(0) : '-');
const pcts = (a) =>
  a.length ? [50, 95, 99].map((p) => ms(percentile(a, p))).join(' / ') + ` / ${ms(a.at(-1))}` : 'n/a';
const cores = (r) =>
  ['node', 'drachtio', 'rtpengine']
    .map((k) => (Number.isFinite(r.cpu[k]) ? `${(r.cpu[k] / r.wallS).toFixed(2)}` : '-'))
    .join(' / ');

function table(p, b) {
  const na = 'n/a';
  const rows = [
    ['calls placed (sipp)', String(p.created), String(b.created)],
    ['successful / failed calls (sipp)', `${p.successful} / ${p.failed}`, `${b.successful} / ${b.failed}`],
    ['sustained calls/s (200 OKs over the run)', p.cps.toFixed(1), b.cps.toFixed(1)],
    [
      QUEUE_AUDIO === 'on'
        ? 'caller INVITE → agent on the line (re-INVITE; trivial app: 200) ms p50 / p95 / p99 / max'
        : 'caller INVITE → 200 ms p50 / p95 / p99 / max',
      pcts(p.answerMs),
      pcts(b.answerMs),
    ],
    ['offer: INVITE arrived → offered (call events) ms p50 / p95 / p99 / max', pcts(p.offered), na],
    ['offer: INVITE arrived → agent phone has the INVITE ms p50 / p95 / p99 / max', pcts(p.wire), na],
    [
      'call records: answered / abandoned / no agent',
      `${p.outcomes.answered ?? 0} / ${(p.outcomes.abandoned_queue ?? 0) + (p.outcomes.abandoned_ringing ?? 0)} / ${p.outcomes.no_agent ?? 0}`,
      na,
    ],
    ['SIP retransmissions (sipp)', String(p.retrans), String(b.retrans)],
    ['CPU cores used: node / drachtio / rtpengine', cores(p), cores(b)],
  ];
  return markdownTable(['measure', 'Hotline Desk', 'trivial drachtio-srf app'], rows);
}

await runBench('bench:telephony', async (cleanups) => {
  const bins = sipBinaries();
  const stack = await startSipStack(bins, cleanups);
  const base = await trivialApp(bins, stack);
  const prod = await product(bins, stack, cleanups);

  console.log('\nHotline Desk telephony load benchmark');
  console.log(`  date        ${new Date().toISOString()}`);
  console.log(`  machine     ${machine()}; load average before the run ${loadBefore}`);
  console.log(`  node        ${process.version}; postgres ${prod.pgSource}`);
  console.log(
    `  load        sipp UAC over UDP on 127.0.0.1: ${CALLS} calls at ${RATE}/s (concurrency limit ${LIMIT}), line ${DID}, caller hangs up ${TALK_MS} ms after the answer`,
  );
  console.log(
    `  product     compiled server in this process (SIP app, ACD, call records), rtpengine anchoring every call, drachtio-server; ${AGENTS} ready agents registered to one sipp that answers at once (180, 200); WRAP_UP_SECONDS=0, QUEUE_AUDIO=${QUEUE_AUDIO}${QUEUE_AUDIO === 'on' ? ' (answered at once, greeting + music from rtpengine, re-INVITE to the agent)' : ''}`,
  );
  console.log(
    `  baseline    the same drachtio-server, a drachtio-srf app answering 200 with the offered SDP (run first)`,
  );
  console.log(
    `  telephony   log lines during the run: ${prod.telephonyLogs.warn} warnings, ${prod.telephonyLogs.error} errors\n`,
  );
  console.log(table(prod, base));
  const p95 = percentile(prod.wire, 95);
  const met = prod.failed === 0 && prod.cps >= TARGET_CPS && p95 < TARGET_P95_MS;
  console.log(
    `\n  target (≥ ${TARGET_CPS} calls/s with zero failed calls, p95 offer latency < ${TARGET_P95_MS} ms on the wire): ${met ? 'met' : 'MISSED'}`,
  );
  const answered = prod.outcomes.answered ?? 0;
  return (
    prod.failed > 0 ||
    base.failed > 0 ||
    prod.successful < CALLS ||
    base.successful < CALLS ||
    answered < CALLS ||
    prod.code !== 0 ||
    base.code !== 0
  );
});
