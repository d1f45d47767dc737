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
  await admin.end();
  await h.stop();
}
