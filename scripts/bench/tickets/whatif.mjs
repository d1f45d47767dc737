// What-if experiments for the ticket benchmark: patches the COMPILED server (server/dist) in memory, before
// it starts, to estimate what a change to the create path would buy. Nothing on disk is changed and the
// patched behaviour is not production-safe; it only exists to size the suggestions in docs/benchmarks.md.
//
//   BENCH_HOOK=scripts/bench/tickets/whatif.mjs BENCH_WHATIF=seq,noprecheck npm run bench:tickets
//
// BENCH_WHATIF (comma-separated, or 'all'):
//   seq           ticket number from a PostgreSQL sequence (nextval, no row lock) instead of the
//                 ticket_counters upsert whose row lock is held until COMMIT
//   noprecheck    skip the Idempotency-Key pre-check SELECT on a key this process has not seen yet (the
//                 unique index + 23505 path still catches races and replays)
//   nodetail      skip detail()'s assignments/supervisions/revisits SELECTs for a ticket just inserted
//                 (they are empty by construction)
//   sessioncache  cache the session + user lookup for 5 s per session (saves one SELECT per request)
const VARIANTS = ['seq', 'noprecheck', 'nodetail', 'sessioncache'];

export async function beforeStart({ require, serverRequire, dbUrl }) {
  const raw = (process.env.BENCH_WHATIF ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const on = new Set(raw.includes('all') ? VARIANTS : raw);
  const unknown = [...on].filter((v) => !VARIANTS.includes(v));
  if (unknown.length)
    throw new Error(`BENCH_WHATIF: unknown variant(s) ${unknown.join(', ')}; known: ${VARIANTS.join(', ')}`);
  if (!on.size) return 'no variant selected (BENCH_WHATIF empty): unpatched';

  const { sql } = serverRequire('drizzle-orm');
  const ticketsRepoMod = require('../../../server/dist/modules/tickets/repository.js');
  const authRepoMod = require('../../../server/dist/modules/auth/repository.js');

  if (on.has('seq')) {
    const pg = serverRequire('pg');
    const c = new pg.Client({ connectionString: dbUrl });
    await c.connect();
    await c.query('create sequence if not exists bench_ticket_number_seq');
    await c.end();
  }

  const origCreateTicketRepository = ticketsRepoMod.createTicketRepository;
  ticketsRepoMod.createTicketRepository = (...args) => {
    const repo = origCreateTicketRepository(...args);
    const fresh = new Set();
    const seenKeys = new Set();
    if (on.has('seq')) {
      repo.nextNumber = async (tx) => {
        const r = await tx.execute(sql`select nextval('bench_ticket_number_seq')::int as n`);
        return r.rows[0].n;
      };
    }
    if (on.has('noprecheck')) {
      const orig = repo.findByIdempotencyKey;
      repo.findByIdempotencyKey = async (db, userId, key) => {
        const k = `${userId}\u0000${key}`;
        if (!seenKeys.has(k)) {
          seenKeys.add(k);
          return null;
        }
        return orig(db, userId, key);
      };
    }
    if (on.has('nodetail')) {
      const { insert, assignmentsOf, supervisionsOf, revisitsOf } = repo;
      repo.insert = async (tx, row) => {
        const t = await insert(tx, row);
        fresh.add(t.id);
        return t;
      };
      repo.assignmentsOf = (db, ids) =>
        ids.length === 1 && fresh.has(ids[0]) ? Promise.resolve([]) : assignmentsOf(db, ids);
      repo.supervisionsOf = (db, id) => (fresh.has(id) ? Promise.resolve([]) : supervisionsOf(db, id));
      // detail() calls all three synchronously; the last one retires the id.
      repo.revisitsOf = (db, id) => (fresh.delete(id) ? Promise.resolve([]) : revisitsOf(db, id));
    }
    return repo;
  };

  if (on.has('sessioncache')) {
    const origCreateAuthRepository = authRepoMod.createAuthRepository;
    authRepoMod.createAuthRepository = (...args) => {
      const repo = origCreateAuthRepository(...args);
      const cache = new Map();
      const { findSession, touchSession, revokeSession } = repo;
      repo.findSession = async (idHash) => {
        const hit = cache.get(idHash);
        if (hit && hit.until > Date.now()) return hit.value;
        const value = await findSession(idHash);
        cache.set(idHash, { value, until: Date.now() + 5000 });
        return value;
      };
      repo.touchSession = async (idHash, at) => {
        const hit = cache.get(idHash);
        if (hit?.value) hit.value.session.lastSeenAt = at;
        return touchSession(idHash, at);
      };
      repo.revokeSession = async (idHash, at) => {
        cache.delete(idHash);
        return revokeSession(idHash, at);
      };
      return repo;
    };
  }
  return `BENCH_WHATIF=${[...on].join(',')}`;
}
