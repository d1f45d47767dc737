// Starts the whole product in one process: database (embedded or DATABASE_URL), migrations, services,
// demo data, HTTP + socket.io on one port, and the job runner.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config/env';
import { createDb } from './db/client';
import { checkAppRole } from './db/roles';
import { prepareDatabase } from './db/setup';
import { createApp } from './http/app';
import { startJobs } from './jobs/agenda';
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

export async function startServer(
  config: Config,
  opts: { clock?: () => Date; log?: (m: string) => void } = {},
): Promise<RunningServer> {
  const log = opts.log ?? ((m: string) => console.log(m));
  // As the owner: migrations, the PII key check (a wrong or missing key stops here), the app role.
  const prepared = await prepareDatabase(config, log);
  const { embedded } = prepared;
  const { db, pool } = createDb(prepared.appUrl);
  try {
    const role = await checkAppRole(pool);
    if (role.problems.length) {
      const msg = `the database role ${role.role} ${role.problems.join('; ')}: the audit trail is not protected`;
      if (config.NODE_ENV === 'production' && !prepared.appIsOwner) throw new Error(msg);
      log(`[db] WARNING: ${msg}`);
    }
    const services = await createServices({
      config,
      db,
      pool,
      master: prepared.master,
      clock: opts.clock,
      log,
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
      origins: app.locals.originPolicy,
    });
    services.telephony = startTelephonyHost(services, config);
    if (config.JOBS_ENABLED) {
      services.jobs = await startJobs({
        connectionString: prepared.appUrl,
        sweepInterval: config.DEADLINE_SWEEP_INTERVAL,
        sweep: () => services.deadlines.sweep(),
        presenceSweep: () => services.presence.graceSweep(),
        recordingsRetention: () => services.recordings.retention(),
        more: [
          // the audit trail's hash chain: new rows sealed within seconds (docs/security.md)
          { name: 'audit.seal', every: '5 seconds', run: () => services.auditDesk.seal() },
          // the whole chain walked (and a late row sealed) nightly; a broken link raises an alert
          {
            name: 'audit.verify',
            every: '1 day',
            run: () => services.auditDesk.verify({ full: true }),
            retryAfterMs: 60_000,
          },
          // key rotation: activate a pending key when its time has come, re-encrypt a batch, report progress
          { name: 'pii.rotation', every: '5 seconds', run: () => services.keys.step() },
          {
            name: 'security.prune',
            every: '1 day',
            run: async () => ({
              throttle: await services.throttle.prune(services.clock()),
              quota: await services.quota.prune(),
            }),
            retryAfterMs: 60_000,
          },
        ],
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
        services.stopTimers();
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
