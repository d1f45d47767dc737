import 'dotenv/config';
import { loadConfig } from './config/env';
import { installProcessGuard } from './lib/processGuard';
import { startServer, type RunningServer } from './server';

/** How long an orderly close may take before the process exits anyway. */
const CLOSE_LIMIT_MS = 10_000;

async function main() {
  let running: RunningServer | null = null;
  let stopping = false;
  const stop = async (why: string, code: number) => {
    if (stopping) return;
    stopping = true;
    console.log(`[main] ${why}: shutting down`);
    const limit = setTimeout(() => {
      console.error(`[main] shutdown took longer than ${CLOSE_LIMIT_MS / 1000} s: exiting`);
      process.exit(code || 1);
    }, CLOSE_LIMIT_MS);
    limit.unref();
    await running?.close().catch((e: Error) => console.error('[main] shutdown error:', e.message));
    process.exit(code);
  };
  // Installed first, so a rejection during start-up is logged the same way (see lib/processGuard.ts for what
  // is survivable and why).
  const guard = installProcessGuard({ fatal: (reason) => void stop(`fatal error (${reason})`, 1) });
  const config = loadConfig();
  running = await startServer(config);
  guard.started();
  console.log(`Hotline Desk listening on http://localhost:${running.port} (API /api, health /api/health)`);
  process.on('SIGINT', () => void stop('SIGINT', 0));
  process.on('SIGTERM', () => void stop('SIGTERM', 0));
}

main().catch((e) => {
  console.error('[main] failed to start:', e);
  process.exit(1);
});
