// The owner's connection for command-line tools: DATABASE_URL, or the embedded default's cluster (started
// for the command if the server is not running).
import type { Config } from '../config/env';
import { createDb, type Db } from '../db/client';
import { startEmbeddedPostgres } from '../db/embedded';

export async function ownerDb(config: Config): Promise<{ db: Db; close(): Promise<void> }> {
  let url = config.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | null = null;
  if (!url) {
    const pg = await startEmbeddedPostgres(config.EMBEDDED_PG_DIR, config.EMBEDDED_PG_PORT).catch(() => null);
    if (!pg) throw new Error('DATABASE_URL is not set and the embedded cluster could not be reached or started');
    url = pg.url;
    stopEmbedded = pg.stop;
  }
  const { db, pool } = createDb(url, 2);
  return {
    db,
    async close() {
      await pool.end().catch(() => undefined);
      await stopEmbedded?.().catch(() => undefined);
    },
  };
}
