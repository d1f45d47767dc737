// The process's last line of defence (DESIGN.md "Shape of the code" 12: a process survives its dependencies).
// Every promise should be handled where it is made; this catches the ones that are not — a library's
// fire-and-forget promise (drachtio-srf's Dialog.destroy() rejecting with ENODIALOG when the caller hung up
// first), a missed `.catch` — so that one bad call or one lost connection never ends the desk for everyone.
//
// unhandledRejection: logged (summary without query parameters + stack frames), counted on /api/health, and
//   the process keeps serving. A rejected promise nobody waits for has no one left to tell; the work it
//   belonged to failed, everything else is unaffected.
// uncaughtException: logged and counted too, and the process keeps running, with three exceptions where it
//   exits (code 1, after an orderly close with a time limit) so that the supervisor (systemd, the container
//   runtime) starts a clean one:
//   - before the server has started: a half-initialised process must not pretend to serve;
//   - resource exhaustion (ENOMEM, EMFILE, ENFILE): nothing new can be opened, requests would only fail;
//   - a storm (100 within a minute): a fault repeating that fast means the process is wedged in it. (A
//     burst from one event — every pooled connection cut at once — stays well below: pools hold ≤ 25.)
//   Otherwise an uncaught exception here is in practice an 'error' event nobody listened for on one socket
//   (a pg client, a SIP dialog, a browser's socket.io connection) or a throw in one timer callback: what it
//   leaves broken is that connection or that call, which the pools and reconnect loops replace. Exiting would
//   hang up every caller in the queue and every agent's call in progress for the sake of one. Node warns the
//   process may be in an undefined state after an uncaught exception; we accept that risk, bounded by the
//   storm rule, and make every occurrence visible on /api/health so it gets fixed.
import { describeError, errorSummary, throttledLog } from './safeError';

const STORM_LIMIT = 100;
const STORM_WINDOW_MS = 60_000;
const FATAL_CODES = new Set(['ENOMEM', 'EMFILE', 'ENFILE']);

export interface ProcessStatus {
  pid: number;
  uptimeSeconds: number;
  /** whether the guard is installed (it is in `node server/dist/main.js`; not in in-process test servers) */
  guarded: boolean;
  unhandledRejections: number;
  uncaughtExceptions: number;
  last: { at: string; kind: 'unhandledRejection' | 'uncaughtException'; error: string } | null;
  rssMb: number;
}

const state = {
  guarded: false,
  started: false,
  unhandledRejections: 0,
  uncaughtExceptions: 0,
  recentExceptions: [] as number[],
  last: null as ProcessStatus['last'],
};

export function processStatus(): ProcessStatus {
  return {
    pid: process.pid,
    uptimeSeconds: Math.round(process.uptime()),
    guarded: state.guarded,
    unhandledRejections: state.unhandledRejections,
    uncaughtExceptions: state.uncaughtExceptions,
    last: state.last,
    rssMb: Math.round(process.memoryUsage.rss() / 2 ** 20),
  };
}

/** Why an uncaught exception must end the process, or null to keep running (see the header). */
export function fatalReason(e: unknown, started: boolean, recentCount: number): string | null {
  if (!started) return 'during start-up';
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && FATAL_CODES.has(code)) return `resource exhaustion (${code})`;
  if (recentCount >= STORM_LIMIT) return `${recentCount} uncaught exceptions within ${STORM_WINDOW_MS / 1000} s`;
  return null;
}

export interface ProcessGuard {
  /** the server is up: from now on an uncaught exception is survivable (see the header) */
  started(): void;
  uninstall(): void;
}

export function installProcessGuard(opts: {
  log?: (m: string) => void;
  /** called once for a fatal uncaught exception; expected to close what it can and exit */
  fatal: (reason: string) => void;
}): ProcessGuard {
  const log = opts.log ?? ((m: string) => console.error(m));
  const throttled = throttledLog(log);
  let fatalCalled = false;
  const onRejection = (reason: unknown) => {
    state.unhandledRejections++;
    const error = errorSummary(reason);
    state.last = { at: new Date().toISOString(), kind: 'unhandledRejection', error };
    throttled(`rejection:${error}`, `[process] unhandled promise rejection (kept serving): ${describeError(reason)}`);
  };
  const onException = (e: unknown) => {
    state.uncaughtExceptions++;
    const now = Date.now();
    state.recentExceptions = [...state.recentExceptions.filter((t) => now - t < STORM_WINDOW_MS), now];
    const error = errorSummary(e);
    state.last = { at: new Date(now).toISOString(), kind: 'uncaughtException', error };
    const reason = fatalReason(e, state.started, state.recentExceptions.length);
    if (!reason) {
      throttled(`exception:${error}`, `[process] uncaught exception (kept running): ${describeError(e)}`);
      return;
    }
    log(`[process] uncaught exception, exiting: ${reason}: ${describeError(e)}`);
    if (!fatalCalled) {
      fatalCalled = true;
      opts.fatal(reason);
    }
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  state.guarded = true;
  return {
    started() {
      state.started = true;
    },
    uninstall() {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
      state.guarded = false;
    },
  };
}
