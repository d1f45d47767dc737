#!/usr/bin/env node
// Chaos benchmark: the scenario of e2e/chaos.e2e.test.ts (scenario.mjs: a dedicated PostgreSQL restarted
// three times under a ticket load and a deadline-timer load, the compiled server as its own process) run
// CHAOS_RUNS times, with the median and spread of what it measures. See docs/benchmarks.md.
//
//   npm run build && npm run bench:chaos
//   CHAOS_RUNS=5 CHAOS_DOWN_MS=10000 npm run bench:chaos
//
// Env: CHAOS_RUNS (3) and the scenario's own: CHAOS_RESTARTS (3), CHAOS_DOWN_MS (3000), CHAOS_BETWEEN_MS
// (8000), CHAOS_CLIENTS (4), CHAOS_RATE (10 tickets/s per client).
// Exit code 1 if a ticket was lost, an idempotency key made two tickets, a deadline fired twice or not at
// all, an audit row is missing or doubled, or the server died.
import os from 'node:os';
import { intEnv, machine, makeLog, markdownTable, percentile, runBench } from '../lib.mjs';
import { runChaos } from './scenario.mjs';

const RUNS = intEnv('CHAOS_RUNS', 3, { positive: true });
const scenario = {
  restarts: intEnv('CHAOS_RESTARTS', 3, { positive: true }),
  downMs: intEnv('CHAOS_DOWN_MS', 3000),
  betweenMs: intEnv('CHAOS_BETWEEN_MS', 8000),
  clients: intEnv('CHAOS_CLIENTS', 4, { positive: true }),
  rate: intEnv('CHAOS_RATE', 10, { positive: true }),
};
const log = makeLog('bench:chaos');

/** median and spread (min–max) of a list of numbers */
function stats(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return { n: 0, median: NaN, min: NaN, max: NaN };
  return { n: v.length, median: percentile(v, 50), min: v[0], max: v[v.length - 1] };
}
const fmt = (x, digits) => (Number.isFinite(x) ? x.toFixed(digits) : '–');

runBench('bench:chaos', async () => {
  const results = [];
  for (let i = 1; i <= RUNS; i++) {
    log(`run ${i} of ${RUNS}`);
    const r = await runChaos({ ...scenario, log });
    results.push(r);
    log(
      `run ${i}: ${r.ok ? 'passed' : 'FAILED'}; ${r.ticketsCreated} tickets, ${r.jobs.fired} deadline firings, ` +
        `recovery ${r.rounds.map((x) => x.recoverySeconds).join(' / ')} s`,
    );
    for (const p of r.problems) log(`  problem: ${p}`);
    if (!r.ok && r.serverLog) log(`  server log: ${r.serverLog}`);
  }

  const rounds = results.flatMap((r) => r.rounds);
  const rows = [
    [
      'recovery after pg_terminate_backend, s (→ /api/health ok)',
      stats(rounds.map((x) => x.terminateRecoverySeconds)),
      2,
    ],
    ['recovery after restart, s (PostgreSQL ready → /api/health ok)', stats(rounds.map((x) => x.recoverySeconds)), 2],
    ['deadline sweep running again, s (after PostgreSQL ready)', stats(rounds.map((x) => x.sweepRecoverySeconds)), 2],
    ['whole event, s (terminate, stop, down, start → /api/health ok)', stats(rounds.map((x) => x.outageSeconds)), 2],
    ['PostgreSQL down, s (stop → ready)', stats(rounds.map((x) => x.downMs / 1000)), 2],
    ['tickets/s during the load (outages included)', stats(results.map((r) => r.ticketsPerSecond)), 1],
    ['tickets created per run', stats(results.map((r) => r.ticketsCreated)), 0],
    ['failed requests per outage (retried with the same key)', stats(results.flatMap((r) => r.failedPerOutage)), 0],
    ['failed requests outside outages', stats(results.map((r) => r.failedOutsideOutages)), 0],
    ['deadline firings per run', stats(results.map((r) => r.jobs.fired)), 0],
    ['machine load, 1-min average at the end of a run', stats(results.map((r) => r.loadavg[0])), 2],
  ];
  const sum = (f) => results.reduce((s, r) => s + f(r), 0);
  const invariants = [
    ['lost tickets (answered 201/200, not in the database)', sum((r) => r.lost)],
    ['idempotency keys with two tickets', sum((r) => r.duplicateKeys)],
    ['deadlines fired twice', sum((r) => r.jobs.duplicateFirings)],
    ['due deadlines never fired', sum((r) => r.jobs.missingFirings)],
    ['deadline audit rows doubled or missing', sum((r) => r.jobs.duplicateAudits + r.jobs.missingAudits)],
    ['server exits during a run', results.filter((r) => r.serverExited).length],
  ];
  const rejections = sum((r) => r.health?.process?.unhandledRejections ?? 0);
  const exceptions = sum((r) => r.health?.process?.uncaughtExceptions ?? 0);

  console.log('\nHotline Desk chaos benchmark');
  console.log(`  date        ${new Date().toISOString()}`);
  console.log(
    `  machine     ${machine()}; load average now ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  console.log(`  node        ${process.version}`);
  console.log(
    `  scenario    ${RUNS} runs × ${scenario.restarts} restarts; PostgreSQL down ${scenario.downMs} ms each time, ` +
      `${scenario.betweenMs} ms of load between; ${scenario.clients} ticket clients at ${scenario.rate}/s each + ` +
      `one client creating and dispatching a ticket with 14 s / 22 s deadlines every 1.5 s; sweep every 2 s`,
  );
  console.log('');
  console.log(
    markdownTable(
      ['figure', 'n', 'median', 'min', 'max'],
      rows.map(([name, s, d]) => [name, String(s.n), fmt(s.median, d), fmt(s.min, d), fmt(s.max, d)]),
    ),
  );
  console.log('');
  console.log(
    markdownTable(
      ['must be 0', 'total'],
      invariants.map(([name, n]) => [name, String(n)]),
    ),
  );
  console.log(
    `\nserver process, all runs: ${rejections} unhandled rejection(s), ${exceptions} uncaught exception(s) ` +
      '(logged and survived; /api/health process section)',
  );
  const kinds = new Map();
  for (const r of results) for (const k of r.failureKinds ?? []) kinds.set(k.kind, (kinds.get(k.kind) ?? 0) + k.n);
  console.log(
    `failed requests by answer (status, code), all runs: ${[...kinds].map(([k, n]) => `${k}: ${n}`).join(', ') || 'none'}; ` +
      `answered by replay of an earlier attempt: ${sum((r) => r.replayed)}`,
  );
  const failed = results.filter((r) => !r.ok);
  console.log(failed.length ? `\nFAILED: ${failed.length} of ${RUNS} runs` : `\nall ${RUNS} runs passed`);
  return failed.length > 0;
});
