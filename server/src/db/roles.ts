// The application does not connect as the owner of its tables. Migrations (and the job table's DDL) run as
// the owner; requests run as a login role that may read and write the working tables but only SELECT and
// INSERT the audit trail — it cannot UPDATE, DELETE, TRUNCATE, or DISABLE TRIGGER there, because it owns
// nothing it could alter (等保 2.0 安全审计: audit records protected from deletion and modification).
import crypto from 'node:crypto';
import pg from 'pg';

/** Tables the application may only append to and read. */
export const APPEND_ONLY_TABLES = ['audit_events', 'audit_seals', 'audit_archives'] as const;

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;
const quoteLiteral = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** `<database>_app`, within PostgreSQL's 63-byte identifiers. */
export function appRoleName(database: string): string {
  const base = database.replace(/[^a-zA-Z0-9_]/g, '_').toLowerCase();
  if (base.length + 4 <= 63) return `${base}_app`;
  const h = crypto.createHash('sha256').update(database).digest('hex').slice(0, 8);
  return `${base.slice(0, 50)}_${h}_app`;
}

/**
 * Create (or update) the application's login role in the owner's database and grant it what it may do.
 * Run at every start after the migrations, so new tables get their grants. Returns the app's URL.
 */
export async function ensureAppRole(ownerUrl: string, password: string): Promise<{ url: string; role: string }> {
  const c = new pg.Client({ connectionString: ownerUrl });
  c.on('error', () => undefined); // a dropped connection surfaces as the failed query below
  await c.connect();
  try {
    const { rows } = await c.query<{ db: string; owner: string }>(
      'select current_database() as db, current_user as owner',
    );
    const role = appRoleName(rows[0].db);
    if (role === rows[0].owner) throw new Error(`the owner role is already named ${role}; set APP_DATABASE_URL`);
    // One role per database: two databases on one server (two centres) never share a login.
    await c.query('select pg_advisory_lock(hashtext($1))', [`hotline-app-role:${role}`]);
    try {
      const exists = await c.query('select 1 from pg_roles where rolname = $1', [role]);
      const verb = exists.rowCount ? 'alter' : 'create';
      await c.query(
        `${verb} role ${quoteIdent(role)} with login nosuperuser nocreatedb nocreaterole noinherit nobypassrls password ${quoteLiteral(password)}`,
      );
    } finally {
      await c.query('select pg_advisory_unlock(hashtext($1))', [`hotline-app-role:${role}`]);
    }
    const r = quoteIdent(role);
    await c.query(`grant connect on database ${quoteIdent(rows[0].db)} to ${r}`);
    // CREATE: the daily ticket-number sequences are made on first use (tickets/repository.ts).
    await c.query(`grant usage, create on schema public to ${r}`);
    await c.query(`grant select, insert, update, delete on all tables in schema public to ${r}`);
    await c.query(`grant usage, select, update on all sequences in schema public to ${r}`);
    for (const t of APPEND_ONLY_TABLES) {
      await c.query(`revoke all on table ${quoteIdent(t)} from ${r}`);
      await c.query(`grant select, insert on table ${quoteIdent(t)} to ${r}`);
    }
    const url = new URL(ownerUrl);
    url.username = encodeURIComponent(role);
    url.password = encodeURIComponent(password);
    return { url: url.toString(), role };
  } finally {
    await c.end().catch(() => undefined);
  }
}

export interface RoleCheck {
  role: string;
  /** problems that break the audit trail's protection; empty when the role is as it must be */
  problems: string[];
}

/** What the connected role could do to the audit trail that it must not. */
export async function checkAppRole(pool: pg.Pool): Promise<RoleCheck> {
  const { rows } = await pool.query<{ role: string; superuser: boolean }>(
    'select current_user as role, rolsuper as superuser from pg_roles where rolname = current_user',
  );
  const problems: string[] = [];
  if (rows[0]?.superuser) problems.push('connects as a superuser');
  for (const t of APPEND_ONLY_TABLES) {
    const r = await pool.query<{ owns: boolean; upd: boolean; del: boolean; trunc: boolean }>(
      `select pg_has_role(current_user, c.relowner, 'USAGE') as owns,
              has_table_privilege(c.oid, 'UPDATE') as upd, has_table_privilege(c.oid, 'DELETE') as del,
              has_table_privilege(c.oid, 'TRUNCATE') as trunc
         from pg_class c where c.oid = to_regclass($1)`,
      [t],
    );
    const p = r.rows[0];
    if (!p) continue;
    if (p.owns) problems.push(`owns ${t} (could disable its triggers)`);
    const extra = [p.upd && 'UPDATE', p.del && 'DELETE', p.trunc && 'TRUNCATE'].filter(Boolean);
    if (extra.length) problems.push(`may ${extra.join(', ')} ${t}`);
  }
  return { role: rows[0]?.role ?? '?', problems };
}
