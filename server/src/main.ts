import 'dotenv/config';
import { loadConfig } from './config/env';
import { startServer } from './server';

async function main() {
  const config = loadConfig();
  const running = await startServer(config);
  console.log(`Hotline Desk listening on http://localhost:${running.port} (API /api, health /api/health)`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[main] ${signal}: shutting down`);
    await running.close().catch((e) => console.error('[main] shutdown error', e));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e) => {
  console.error('[main] failed to start:', e);
  process.exit(1);
});
