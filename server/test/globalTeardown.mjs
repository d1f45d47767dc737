import pg from 'pg';

export default async function globalTeardown() {
  const h = globalThis.__HD_PG__;
  if (!h) return;
  globalThis.__HD_PG__ = undefined;
  const admin = new pg.Client({ connectionString: h.adminUrl });
  await admin.connect();
  const r = await admin.query(`select datname from pg_database where datname like 'hd_t%'`);
  for (const { datname } of r.rows) await admin.query(`drop database if exists "${datname}" with (force)`);
  await admin.end();
  await h.stop();
}
