// Starts the whole product in one process: database (embedded or DATABASE_URL), migrations, services,
// demo data, HTTP + socket.io on one port, and the job runner.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Config } from './config/env';
import { createDb, runMigrations } from './db/client';
import { startEmbeddedPostgres, type EmbeddedPg } from './db/embedded';
import { createApp } from './http/app';
import { startJobs } from './jobs/agenda';
import { createPii } from './lib/pii';
import { attachRealtime } from './realtime/socket';
import { seedDemo } from './seed/demo';
import { seedWorkforce } from './seed/workforce';
import { seedKb } from './seed/kb';
import { createServices, type Services } from './services';
import { startTelephonyHost } from './modules/telephony/host';

export interface RunningServer {
  url: string;
  port: number;
  services: Services;
  close(): Promise<void>;
}

/** PII key from the environment; a development machine without one gets a generated key kept in DATA_DIR. */
export function resolvePiiKey(config: Config): Buffer {
  if (config.PII_KEY) return Buffer.from(config.PII_KEY, 'base64');
  if (config.NODE_ENV === 'production') throw new Error('PII_KEY is required in production (32 bytes, base64)');
  const file = path.join(config.DATA_DIR, 'pii.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.DATA_DIR, { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(32).toString('base64'), { mode: 0o600 });
    console.warn(`[pii] PII_KEY not set: generated a development key in ${file}. Set PII_KEY in production.`);
  }
  return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
}

export async function startServer(
  config: Config,
  opts: { clock?: () => Date; log?: (m: string) => void } = {},
): Promise<RunningServer> {
  const log = opts.log ?? ((m: string) => console.log(m));
  let embedded: EmbeddedPg | null = null;
  let url = config.DATABASE_URL;
  if (!url) {
    log(`[db] DATABASE_URL not set: starting embedded PostgreSQL in ${config.EMBEDDED_PG_DIR}`);
    fs.mkdirSync(path.dirname(config.EMBEDDED_PG_DIR), { recursive: true });
    embedded = await startEmbeddedPostgres(config.EMBEDDED_PG_DIR, config.EMBEDDED_PG_PORT);
    url = embedded.url;
  }
  const { db, pool } = createDb(url);
  try {
    await runMigrations(db);
    const services = await createServices({
      config,
      db,
      pool,
      pii: createPii(resolvePiiKey(config)),
      clock: opts.clock,
    });
    if (config.SEED_DEMO) {
      const seeded = await seedDemo(services, { password: config.DEMO_PASSWORD, tickets: config.DEMO_TICKETS, log });
      if (seeded) await Promise.all([services.org.reload(), services.catalog.reload()]);
    }
    await seedKb(services.db, log); // idempotent: knowledge-base categories and starter articles
    await seedWorkforce(services.db); // idempotent: the five seed contracts and the default shift templates
    const app = createApp(services);
    const server = http.createServer(app);
    const io = attachRealtime(server, {
      auth: services.auth,
      bus: services.bus,
      org: services.org,
      tickets: services.tickets,
      presence: services.presence,
    });
    services.telephony = startTelephonyHost(services, config);
    if (config.JOBS_ENABLED) {
      services.jobs = await startJobs({
        connectionString: url,
        sweepInterval: config.DEADLINE_SWEEP_INTERVAL,
        sweep: () => services.deadlines.sweep(),
        presenceSweep: () => services.presence.graceSweep(),
        recordingsRetention: () => services.recordings.retention(),
      });
    }
    await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
    const port = (server.address() as AddressInfo).port;
    return {
      url: `http://127.0.0.1:${port}`,
      port,
      services,
      async close() {
        await services.jobs?.stop();
        await services.telephony?.stop();
        io.close();
        await services.presence.settled(); // the closed sockets' disconnect writes, before the pool ends
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await pool.end();
        await embedded?.stop();
      },
    };
  } catch (e) {
    await pool.end().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw e;
  }
}
