import path from 'node:path';
import { drizzle, NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { errorSummary, throttledLog } from '../lib/safeError';
import { schema } from './schema';

export type Db = NodePgDatabase<typeof schema>;
/** A transaction handle has the same query API as the db; repositories accept either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export const MIGRATIONS_DIR = path.resolve(__dirname, '../../drizzle');

export function createDb(url: string, max = 20): { db: Db; pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    // A connect that hangs (fail-over to an address that does not answer) fails after 10 s instead of holding
    // the request, and the next request tries again; waiting for a free client counts against it too.
    connectionTimeoutMillis: 10_000,
    // a peer that vanished without closing the connection is noticed by the kernel's keep-alive probes
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  const log = throttledLog((m) => console.error(m));
  guardPool(pool, (what, err) =>
    log(`${what}:${errorSummary(err)}`, `[db] ${what} lost its connection: ${errorSummary(err)}`),
  );
  return { db: drizzle(pool, { schema }), pool };
}

/**
 * A client losing its connection (database restart, fail-over, pg_terminate_backend) emits 'error'; with no
 * listener that ends the process. The pool listens on idle clients only, so every client gets a listener of
 * its own for its whole life. A client that dies while checked out is handed back to the pool at once (which
 * discards it): drizzle's db.transaction() checks a client out and sends BEGIN outside its try/finally, so
 * a connection cut at that moment would otherwise never be released, and every outage would shrink the
 * pool by one until no request could get a connection. The checkout's own later release() is then a no-op.
 */
export function guardPool(pool: pg.Pool, onError: (what: string, err: Error) => void): void {
  pool.on('error', (err) => onError('idle client', err));
  pool.on('connect', (client) => {
    let release: ((err?: Error | boolean) => void) | null = null;
    const once = (err?: Error | boolean) => {
      const r = release;
      release = null;
      r?.(err);
    };
    // pg-pool assigns a fresh release function at every checkout
    Object.defineProperty(client, 'release', {
      configurable: true,
      get: () => once,
      set: (fn: (err?: Error | boolean) => void) => {
        release = fn;
      },
    });
    // (an idle client's error reaches the pool's 'error' above; one being removed needs no word)
    client.on('error', (err) => {
      if (!release) return;
      onError('checked-out client', err);
      once(err);
    });
  });
}

export async function runMigrations(db: Db): Promise<void> {
  await migrate(db, { migrationsFolder: MIGRATIONS_DIR });
}

export async function pingDb(
  pool: pg.Pool,
  timeoutMs = 3000,
): Promise<{ ok: boolean; latencyMs: number; error?: string }> {
  const t = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      pool.query('select 1'),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ok: true, latencyMs: Date.now() - t };
  } catch (e) {
    return { ok: false, latencyMs: Date.now() - t, error: (e as Error).message };
  } finally {
    clearTimeout(timer);
  }
}
