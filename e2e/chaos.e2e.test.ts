// A process survives its dependencies (DESIGN.md "Shape of the code" 12), black-box: the compiled server on a
// PostgreSQL of its own, under a ticket load and a deadline-timer load, while PostgreSQL has all its
// connections terminated and is restarted three times. The scenario lives in scripts/bench/chaos/scenario.mjs
// (shared with `npm run bench:chaos`); it runs as its own process here, and this test judges its result.
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

interface Round {
  round: number;
  terminated: number;
  terminateRecoverySeconds: number | null;
  downMs: number;
  recoverySeconds: number | null;
  sweepRecoverySeconds: number | null;
  outageSeconds: number | null;
}
interface ChaosResult {
  ok: boolean;
  problems: string[];
  serverExited: unknown;
  shutdown?: { code: number | null; signal: string | null };
  ticketsCreated: number;
  replayed: number;
  ticketsPerSecond: number;
  requestsFailed: number;
  failedPerOutage: number[];
  failedOutsideOutages: number;
  rounds: Round[];
  lost: number;
  duplicateKeys: number;
  jobs: {
    deadlineTickets: number;
    fired: number;
    duplicateFirings: number;
    missingFirings: number;
    duplicateAudits: number;
    missingAudits: number;
  };
  health: { status: string; process: { unhandledRejections: number; uncaughtExceptions: number } } | null;
  serverLog?: string;
  serverLogTail?: string;
}

function runScenario(): Promise<{ result: ChaosResult | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'scripts/bench/chaos/scenario.mjs')], {
      cwd: root,
      env: { ...process.env, CHAOS_RESTARTS: '3' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', () => {
      const line = out.split('\n').find((l) => l.startsWith('CHAOS_RESULT '));
      resolve({ result: line ? (JSON.parse(line.slice('CHAOS_RESULT '.length)) as ChaosResult) : null, output: err });
    });
  });
}

test('the server survives three PostgreSQL restarts under load: no ticket lost, every timer fired once', async () => {
  const { result: r, output } = await runScenario();
  if (!r) throw new Error(`the scenario gave no result:\n${output}`);
  if (!r.ok)
    throw new Error(`${r.problems.join('\n')}\n--- scenario ---\n${output}\n--- server ---\n${r.serverLogTail}`);

  console.log(
    [
      `tickets created ${r.ticketsCreated} (${r.ticketsPerSecond.toFixed(1)}/s, ${r.replayed} answered by replay)`,
      `requests failed during the outages ${r.failedPerOutage.join(' / ')} (all retried with the same key), outside ${r.failedOutsideOutages}`,
      ...r.rounds.map(
        (x) =>
          `restart ${x.round}: ${x.terminated} connections terminated (healthy again after ${x.terminateRecoverySeconds} s), ` +
          `PostgreSQL down ${(x.downMs / 1000).toFixed(1)} s; ` +
          `/api/health ok ${x.recoverySeconds} s and the deadline sweep running ${x.sweepRecoverySeconds} s after it was back`,
      ),
      `deadline timers: ${r.jobs.fired} firings for ${r.jobs.deadlineTickets} tickets, none twice, none missing`,
      `server: ${r.health?.process.unhandledRejections} unhandled rejections, ${r.health?.process.uncaughtExceptions} uncaught exceptions`,
    ].join('\n'),
  );

  expect(r.serverExited).toBeNull();
  expect(r.shutdown).toEqual({ code: 0, signal: null }); // and it still shuts down in order afterwards
  expect(r.rounds).toHaveLength(3);
  for (const x of r.rounds) {
    expect(x.terminated).toBeGreaterThan(0);
    expect(x.terminateRecoverySeconds).not.toBeNull();
    expect(x.recoverySeconds).not.toBeNull();
    expect(x.sweepRecoverySeconds).not.toBeNull();
  }
  expect(r.ticketsCreated).toBeGreaterThan(100);
  expect(r.lost).toBe(0);
  expect(r.duplicateKeys).toBe(0);
  expect(r.jobs.deadlineTickets).toBeGreaterThan(5);
  expect(r.jobs.fired).toBeGreaterThanOrEqual(4 * 5); // sign warn/overdue + close warn/overdue per ticket
  expect(r.jobs).toMatchObject({ duplicateFirings: 0, missingFirings: 0, duplicateAudits: 0, missingAudits: 0 });
  expect(r.health?.status).toBe('ok');
  // each of these would have ended the process without the guard
  expect(r.health?.process.uncaughtExceptions).toBe(0);
}, 900_000);
