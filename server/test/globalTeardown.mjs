import pg from 'pg';

export default async function globalTeardown() {
  const h = globalThis.__HD_PG__;
  if (!h) return;
  globalThis.__HD_PG__ = undefined;
  const admin = new pg.Client({ connectionString: h.adminUrl });
  await admin.connect();
  const run = process.env.HD_TEST_RUN ?? String(process.pid);
  const r = await admin.query(`select datname from pg_database where datname in ($1) or datname like $2`, [
    `hd_template_${run}`,
    `hd_test_${run}\\_%`,
  ]);
  for (const { datname } of r.rows) await admin.query(`drop database if exists "${datname}" with (force)`);
  // each test database's server made its application role (server/src/db/roles.ts): roles are cluster-wide
  const roles = await admin.query(`select rolname from pg_roles where rolname like $1`, [`hd_test_${run}\\_%\\_app`]);
  for (const { rolname } of roles.rows) await admin.query(`drop role if exists "${rolname}"`);
  await admin.end();
  await h.stop();
}
