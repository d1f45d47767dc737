// Integration-test harness: a fresh database per test file (cloned from the migrated template made in
// globalSetup), the real server started in-process on a free port, and a small cookie-keeping client.
import crypto from 'node:crypto';
import pg from 'pg';
import { loadConfig, type Config } from '../src/config/env';
import { startServer, type RunningServer } from '../src/server';

export const TEST_PII_KEY = crypto.createHash('sha256').update('hotline-desk-tests').digest('base64');
export const PASSWORD = 'Hotline@2026';

export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.HD_TEST_ADMIN_URL;
  const template = process.env.HD_TEST_TEMPLATE;
  if (!adminUrl || !template) throw new Error('globalSetup did not run (HD_TEST_ADMIN_URL unset)');
  const name = `hd_test_${process.env.HD_TEST_RUN ?? 'x'}_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${template}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestServer extends RunningServer {
  dbUrl: string;
  config: Config;
  stop(): Promise<void>;
}

/** Start the real server against a fresh database with demo reference data (no demo tickets by default). */
export async function startTestServer(
  env: Record<string, string> = {},
  opts: { clock?: () => Date; dbUrl?: string } = {},
): Promise<TestServer> {
  const db = opts.dbUrl ? { url: opts.dbUrl, drop: async () => undefined } : await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: db.url,
    PII_KEY: TEST_PII_KEY,
    SEED_DEMO: 'true',
    DEMO_TICKETS: '0',
    JOBS_ENABLED: 'false',
    UI_DIST: '/nonexistent',
    ...env,
  });
  const running = await startServer(config, { clock: opts.clock, log: () => undefined });
  return {
    ...running,
    dbUrl: db.url,
    config,
    async stop() {
      await running.close();
      await db.drop();
    },
  };
}

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A browser-like API client: keeps the session cookie, sends JSON. */
export class Client {
  cookie = '';
  constructor(readonly base: string) {}
  async req<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> {
    const res = await fetch(this.base + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0];
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* non-JSON body stays text */
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }
  get<T = any>(p: string) {
    return this.req<T>('GET', p);
  }
  post<T = any>(p: string, b?: unknown, h?: Record<string, string>) {
    return this.req<T>('POST', p, b ?? {}, h);
  }
  put<T = any>(p: string, b?: unknown) {
    return this.req<T>('PUT', p, b ?? {});
  }
  async login(username: string, password = PASSWORD) {
    const r = await this.post('/api/auth/login', { username, password });
    if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
    return this;
  }
}

export async function loginAs(base: string, username: string) {
  return new Client(base).login(username);
}

/** Look up ids of seeded reference data by code. */
export async function refIds(dbUrl: string) {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  try {
    const units = (await c.query('select id, code from org_units')).rows as { id: number; code: string }[];
    const cats = (await c.query('select id, code from categories')).rows as { id: number; code: string }[];
    return {
      unit: (code: string) => units.find((u) => u.code === code)!.id,
      category: (code: string) => cats.find((x) => x.code === code)!.id,
    };
  } finally {
    await c.end();
  }
}

export async function sql<T = any>(dbUrl: string, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}
