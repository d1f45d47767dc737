#!/usr/bin/env node
// Roster planner benchmark: the Haidian 12345 seat contract (003) — 48 seats 09:00–18:00 on working days, 4 at
// night (18:00–09:00) every day, 6 by day on rest days and holidays — planned for a real month from the official
// calendar (default October 2026: National Day 10-01 … 10-07, make-up workday Saturday 10-10). The previous
// month is planned first (untimed) and its last week passed in, as the service does. Each team size is timed over
// several runs; the plan is then checked with checkRoster (it must break no rule) and its gaps and fairness
// spreads printed, with the smallest team the planner staffs fully and the per-day lower bound. Pure CPU: no
// database, no server process.
//
//   npx tsc -p server/tsconfig.build.json && node scripts/bench/roster/run.mjs
//   BENCH_AGENTS=60,70 BENCH_MONTH=2026-10 BENCH_RUNS=7 node scripts/bench/roster/run.mjs
//
// Env: BENCH_AGENTS (comma-separated team sizes, default 60,70; the first is the one held to the target),
//      BENCH_MONTH (YYYY-MM, default 2026-10), BENCH_RUNS (timed runs per size, default 5). Exit code 1 if the
//      first team size leaves a gap, breaks a rule, or takes 10 s or more (median).
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { distRequire, intEnv, machine, makeLog, markdownTable, root, runBench } from '../lib.mjs';

const TARGET_MS = 10_000;
const RUNS = Math.max(1, intEnv('BENCH_RUNS', 5));
const MONTH = process.env.BENCH_MONTH || '2026-10';
const SIZES = (process.env.BENCH_AGENTS || '60,70').split(',').map((s) => {
  const n = Number(s.trim());
  if (!Number.isInteger(n) || n < 1) throw new Error(`BENCH_AGENTS must list positive integers, got '${s}'`);
  return n;
});
if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(MONTH)) throw new Error(`BENCH_MONTH must be YYYY-MM, got '${MONTH}'`);
const log = makeLog('bench:roster');

const HAIDIAN = [
  { id: 'workday_day', label: '工作日白班', dayTypes: ['workday'], start: '09:00', end: '18:00', seats: 48 },
  { id: 'night', label: '夜班', dayTypes: ['workday', 'restday', 'holiday'], start: '18:00', end: '09:00', seats: 4 },
  { id: 'restday_day', label: '休息日白班', dayTypes: ['restday', 'holiday'], start: '09:00', end: '18:00', seats: 6 },
];

function load() {
  const need = ['planner', 'constraints', 'coverage', 'shifts'].map((m) => `modules/roster/domain/${m}.js`);
  for (const rel of [...need, 'modules/calendar/workingTime.js']) {
    if (!fs.existsSync(path.join(root, 'server', 'dist', rel)))
      throw new Error(`server/dist/${rel} not found: run \`npx tsc -p server/tsconfig.build.json\` first`);
  }
  const [planner, constraints, coverage, shifts] = need.map(distRequire);
  const { WorkingCalendar, validateCalendarYear } = distRequire('modules/calendar/workingTime.js');
  return { ...planner, ...constraints, ...coverage, ...shifts, WorkingCalendar, validateCalendarYear };
}

function calendar(m, years) {
  const loaded = years.map((y) => {
    const file = path.join(root, 'server', 'data', 'calendar', `cn-${y}.json`);
    if (!fs.existsSync(file)) throw new Error(`${file} not found: the month needs that year's official calendar`);
    const v = m.validateCalendarYear(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (!v.ok) throw new Error(`${file}: ${JSON.stringify(v.fields)}`);
    return v.value;
  });
  return new m.WorkingCalendar(loaded);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const agentsOf = (n) =>
  Array.from({ length: n }, (_, i) => ({ id: `agent${String(i + 1).padStart(3, '0')}`, name: `坐席${i + 1}` }));

await runBench('bench:roster', async () => {
  const m = load();
  const first = `${MONTH}-01`;
  const days = m.daysBetween(first, m.addDays(m.addDays(first, 32).slice(0, 8) + '01', -1));
  const prevDays = m.daysBetween(m.addDays(first, -1).slice(0, 8) + '01', m.addDays(first, -1));
  const cal = calendar(m, [...new Set([prevDays[0], first].map((d) => Number(d.slice(0, 4))))]);
  const dayType = m.dayTypeFromCalendar(cal);
  const templates = m.DEFAULT_TEMPLATES;
  const rules = m.DEFAULT_RULES;
  const count = (t) => days.filter((d) => dayType(d) === t).length;
  const required = m.requiredSlots(HAIDIAN, days, dayType).reduce((s, r) => s + r.required, 0);
  // An 18:00–09:00 night leaves 9 h before the next evening, under the 11 h rest: whoever worked last night is off
  // today, so a day needs its own seats plus yesterday's night seats in people.
  const nightSeats = HAIDIAN.filter((r) => r.start >= r.end).reduce((s, r) => s + r.seats, 0);
  const bound = Math.max(
    ...days.map((d) => m.requiredSlots(HAIDIAN, [d], dayType).reduce((s, r) => s + r.required, 0) + nightSeats),
  );

  const plan = (n) => {
    const agents = agentsOf(n);
    const before = m.autoPlan({ agents, days: prevDays, dayType, requirements: HAIDIAN, templates, rules });
    const previous = before.assignments.filter((a) => a.day >= prevDays[prevDays.length - 7]);
    const input = { agents, days, dayType, requirements: HAIDIAN, templates, rules, previous };
    return { input, run: () => m.autoPlan(input) };
  };

  const rows = [];
  for (const n of SIZES) {
    log(`${n} agents: ${RUNS} runs`);
    const { input, run } = plan(n);
    const times = [];
    let result;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      result = run();
      times.push(performance.now() - t0);
    }
    const t0 = performance.now();
    const violations = m.checkRoster({ ...input, assignments: result.assignments });
    const checkMs = performance.now() - t0;
    rows.push({ n, times, result, rules: violations.filter((v) => v.code !== 'COVERAGE_GAP').length, checkMs });
  }

  // Smallest team the planner staffs without a gap, searched down from the first size.
  let smallest = null;
  for (let n = SIZES[0]; n >= bound; n--) {
    const r = plan(n).run();
    if (r.gaps.length) break;
    smallest = { n, result: r };
  }
  const below = plan((smallest?.n ?? bound) - 1).run();

  const f = (s) => `${s.min}–${s.max} (${s.spread})`;
  console.log('\nHotline Desk roster planner benchmark');
  console.log(`  date        ${new Date().toISOString()}`);
  console.log(`  machine     ${machine()}`);
  console.log(`  node        ${process.version}`);
  console.log(
    `  month       ${MONTH}: ${days.length} days = ${count('workday')} working + ${count('restday')} rest + ${count('holiday')} holiday days (official calendar)`,
  );
  console.log(
    `  demand      ${HAIDIAN.map((r) => `${r.id} ${r.seats} × ${days.filter((d) => r.dayTypes.includes(dayType(d))).length}`).join(' + ')} = ${required} shifts`,
  );
  console.log(
    `  rules       rest ≥ ${rules.minRestHours} h, ≤ ${rules.maxConsecutiveWorkDays} consecutive work days, ≤ ${rules.maxConsecutiveNights} consecutive nights, no day shift after a night; previous month planned first, its last 7 days passed in`,
  );
  console.log(`  method      autoPlan timed ${RUNS}× per team size in one process (first run includes JIT warm-up)\n`);
  console.log(
    markdownTable(
      [
        'agents',
        'median ms',
        'min ms',
        'max ms',
        'gaps (seats)',
        'rule violations',
        'nights',
        'weekend days',
        'holiday days',
        'shifts',
        'hours',
        'repair moves',
      ],
      rows.map(({ n, times, result: r, rules: v }) => [
        String(n),
        median(times).toFixed(0),
        Math.min(...times).toFixed(0),
        Math.max(...times).toFixed(0),
        `${r.gaps.length} (${r.stats.missingSeats})`,
        String(v),
        f(r.fairness.nights),
        f(r.fairness.weekends),
        f(r.fairness.holidays),
        f(r.fairness.shifts),
        f(r.fairness.hours),
        String(r.stats.repairMoves),
      ]),
    ),
  );
  console.log('\n  fairness columns: min–max per agent (spread = max − min)');
  console.log(`  checkRoster on the ${rows[0].n}-agent plan: ${rows[0].checkMs.toFixed(0)} ms`);
  console.log(
    `  lower bound ${bound} people: the busiest day's seats + ${nightSeats} off after last night's shift (no back-to-back nights under the ${rules.minRestHours} h rest)`,
  );
  console.log(
    `  smallest team staffed without a gap: ${smallest ? smallest.n : `none at or below ${SIZES[0]}`}; with ${smallest ? smallest.n - 1 : bound - 1}: ${below.stats.missingSeats} seats missing on ${below.gaps.length} slot(s) (${below.gaps
      .slice(0, 4)
      .map((g) => `${g.day} ${g.requirementId} −${g.missing}`)
      .join(', ')}${below.gaps.length > 4 ? ', …' : ''})`,
  );
  const head = rows[0];
  const failed = head.result.gaps.length > 0 || head.rules > 0 || !(median(head.times) < TARGET_MS);
  console.log(
    `\n  target (${head.n} agents: 0 gaps, 0 violations, median < ${TARGET_MS} ms): ${failed ? 'MISSED' : 'met'}`,
  );
  return failed;
});
