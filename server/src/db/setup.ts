// Everything that happens as the database owner, before the application connects as its own role:
// migrations, the job table's DDL, the personal-data key check and the application role's grants.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { PostgresBackend } from '@agendajs/postgres-backend';
import type { Config } from '../config/env';
import { pgCode } from '../lib/errors';
import { checkMasterKey } from '../modules/keys/keyring';
import { resolveMasterKey } from '../modules/keys/masterKey';
import { createDb, runMigrations } from './client';
import { startEmbeddedPostgres, type EmbeddedPg } from './embedded';
import { ensureAppRole } from './roles';

export interface PreparedDatabase {
  /** the owner's URL: migrations and the audit archive command only */
  ownerUrl: string;
  /** what the application connects with */
  appUrl: string;
  /** the role is the owner itself (development fallback, logged) */
  appIsOwner: boolean;
  master: Buffer;
  embedded: EmbeddedPg | null;
}

/** The app role's password: derived from the master key, so nothing else needs storing. */
export const appRolePassword = (master: Buffer, database: string) =>
  crypto.createHmac('sha256', master).update(`hotline-desk db app role v1:${database}`).digest('base64url');

export async function prepareDatabase(config: Config, log: (m: string) => void): Promise<PreparedDatabase> {
  let embedded: EmbeddedPg | null = null;
  let ownerUrl = config.DATABASE_URL;
  if (!ownerUrl) {
    log(`[db] DATABASE_URL not set: starting embedded PostgreSQL in ${config.EMBEDDED_PG_DIR}`);
    fs.mkdirSync(path.dirname(config.EMBEDDED_PG_DIR), { recursive: true });
    embedded = await startEmbeddedPostgres(config.EMBEDDED_PG_DIR, config.EMBEDDED_PG_PORT);
    ownerUrl = embedded.url;
  }
  const owner = createDb(ownerUrl, 2);
  try {
    await runMigrations(owner.db);
    await ensureJobSchema(owner.pool);
    const master = await checkMasterKey(owner.pool, resolveMasterKey({ ...config, log: (m) => log(m) }));
    if (config.APP_DATABASE_URL)
      return { ownerUrl, appUrl: config.APP_DATABASE_URL, appIsOwner: false, master, embedded };
    const database = (await owner.pool.query<{ db: string }>('select current_database() as db')).rows[0].db;
    try {
      const { url, role } = await ensureAppRole(ownerUrl, appRolePassword(master, database));
      log(`[db] the application connects as ${role} (SELECT/INSERT only on the audit trail)`);
      return { ownerUrl, appUrl: url, appIsOwner: false, master, embedded };
    } catch (e) {
      // An owner without CREATEROLE: production must be given its role; a developer's database works on.
      if (pgCode(e) !== '42501') throw e;
      if (config.NODE_ENV === 'production')
        throw new Error(
          `cannot create the application role (${(e as Error).message}): give the owner CREATEROLE or set ` +
            'APP_DATABASE_URL to a role without UPDATE/DELETE on audit_events (docs/security.md)',
        );
      log('[db] WARNING: the owner may not create roles; the application runs as the owner (development only)');
      return { ownerUrl, appUrl: ownerUrl, appIsOwner: true, master, embedded };
    }
  } catch (e) {
    await embedded?.stop().catch(() => undefined);
    throw e;
  } finally {
    await owner.pool.end().catch(() => undefined);
  }
}

/** agenda creates its table and indexes itself; it must do so as the owner (CREATE INDEX needs ownership). */
async function ensureJobSchema(pool: pg.Pool) {
  const backend = new PostgresBackend({ pool, ensureSchema: true, disableNotifications: true });
  await backend.connect();
  await backend.disconnect();
}
