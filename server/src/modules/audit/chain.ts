// The audit trail's hash chain (等保 2.0 安全审计: records protected against modification; ASVS V7.3.3).
// Rows are written freely (no chain lock on the hot path); a sealing step, serialised by an advisory lock,
// takes the committed rows not yet sealed in id order and appends one seal per row:
//   hash = sha256(previous hash ‖ sha256(canonical text of the row))
// The canonical text is computed by PostgreSQL (jsonb prints its keys in one order), so a row edited by
// anyone — the owner included, triggers disabled — no longer matches its seal, and a deleted row leaves its
// seal without a row. `verify` walks the chain and names the first broken link.
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';

export const GENESIS = 'hotline-desk audit chain v1';

/** The row's canonical text: every column, in a fixed order, NULL spelled out. */
export const CANONICAL = sql.raw(`concat_ws('|', e.id::text,
  to_char(e.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
  coalesce(e.actor_id::text, '∅'), coalesce(e.actor_ip, '∅'), e.entity_type, e.entity_id,
  coalesce(e.ticket_id::text, '∅'), e.action,
  coalesce(e.before::text, '∅'), coalesce(e.after::text, '∅'), coalesce(e.data::text, '∅'))`);
const ROW_DIGEST = sql`encode(sha256(convert_to(${CANONICAL}, 'UTF8')), 'hex')`;

export const link = (prevHash: string, rowDigest: string) =>
  crypto.createHash('sha256').update(`${prevHash}|${rowDigest}`).digest('hex');

/** Where the online chain starts: after the last archive, or at the genesis. */
async function anchor(db: DbOrTx): Promise<{ seq: number; hash: string }> {
  const { rows } = await db.execute(
    sql`select through_seq as seq, last_hash as hash from audit_archives where verified order by through_seq desc limit 1`,
  );
  const r = rows[0] as { seq: string; hash: string } | undefined;
  return r ? { seq: Number(r.seq), hash: r.hash } : { seq: 0, hash: GENESIS };
}

/**
 * Seal the committed rows that have no seal yet (at most `batch`). Rows are looked for above the newest
 * sealed id minus a window, so the step stays cheap on a large table; a row held back longer than that by
 * an open transaction is found by the full pass (`full`), which the daily verification runs.
 */
export async function seal(db: Db, now: Date, opts: { batch?: number; full?: boolean } = {}): Promise<number> {
  const batch = opts.batch ?? 2000;
  return db.transaction(async (tx) => {
    const { rows: lock } = await tx.execute(
      sql`select pg_try_advisory_xact_lock(hashtext('hotline-audit-seal')) as ok`,
    );
    if (!(lock[0] as { ok: boolean }).ok) return 0; // another node is sealing
    const { rows: lastRows } = await tx.execute(
      sql`select seq, hash, audit_id from audit_seals order by seq desc limit 1`,
    );
    const last = lastRows[0] as { seq: string; hash: string; audit_id: string } | undefined;
    const start = last ? { seq: Number(last.seq), hash: last.hash } : await anchor(tx);
    const floor = opts.full || !last ? 0 : Number(last.audit_id) - 20_000;
    const { rows } = await tx.execute(sql`
      select e.id, ${ROW_DIGEST} as digest from audit_events e
      where e.id > ${floor} and not exists (select 1 from audit_seals s where s.audit_id = e.id)
      order by e.id limit ${batch}`);
    const list = rows as { id: string; digest: string }[];
    if (!list.length) return 0;
    let prev = start.hash;
    let seq = start.seq;
    const seals = list.map((r) => {
      const hash = link(prev, r.digest);
      const s = { seq: ++seq, auditId: Number(r.id), prevHash: prev, hash };
      prev = hash;
      return s;
    });
    await tx.execute(sql`insert into audit_seals (seq, audit_id, prev_hash, hash, sealed_at)
      select * , ${now.toISOString()}::timestamptz from unnest(
        ${sql.param(seals.map((s) => s.seq))}::bigint[], ${sql.param(seals.map((s) => s.auditId))}::bigint[],
        ${sql.param(seals.map((s) => s.prevHash))}::text[], ${sql.param(seals.map((s) => s.hash))}::text[])`);
    return seals.length;
  });
}

export interface ChainReport {
  ok: boolean;
  /** seals checked */
  checked: number;
  /** the first broken link, if any */
  broken: null | {
    seq: number;
    auditId: number;
    problem: 'row_changed' | 'row_missing' | 'link_broken';
  };
  /** rows older than the grace period that have no seal (written around the application, or sealing stopped) */
  unsealed: { count: number; firstId: number | null };
  /** the chain's start (genesis or the last verified archive) */
  from: { seq: number; hash: string };
  lastSeq: number;
}

/** Walk the chain from its anchor; stop at the first broken link. */
export async function verifyChain(db: DbOrTx, now: Date, opts: { graceMinutes?: number } = {}): Promise<ChainReport> {
  const from = await anchor(db);
  let prev = from.hash;
  let expectSeq = from.seq + 1;
  let checked = 0;
  let broken: ChainReport['broken'] = null;
  const page = 5000;
  for (;;) {
    const { rows } = await db.execute(sql`
      select s.seq, s.audit_id, s.prev_hash, s.hash, case when e.id is null then null else ${ROW_DIGEST} end as digest
      from audit_seals s left join audit_events e on e.id = s.audit_id
      where s.seq >= ${expectSeq} order by s.seq limit ${page}`);
    const list = rows as { seq: string; audit_id: string; prev_hash: string; hash: string; digest: string | null }[];
    for (const r of list) {
      const seq = Number(r.seq);
      const at = { seq, auditId: Number(r.audit_id) };
      if (seq !== expectSeq || r.prev_hash !== prev) broken = { ...at, problem: 'link_broken' };
      else if (r.digest === null) broken = { ...at, problem: 'row_missing' };
      else if (link(prev, r.digest) !== r.hash) broken = { ...at, problem: 'row_changed' };
      if (broken) break;
      prev = r.hash;
      expectSeq = seq + 1;
      checked++;
    }
    if (broken || list.length < page) break;
  }
  const grace = new Date(now.getTime() - (opts.graceMinutes ?? 10) * 60_000).toISOString();
  const { rows: u } = await db.execute(sql`
    select count(*)::int as n, min(e.id) as first from audit_events e
    where e.at < ${grace} and not exists (select 1 from audit_seals s where s.audit_id = e.id)`);
  const un = u[0] as { n: number; first: string | null };
  const unsealed = { count: un.n, firstId: un.first === null ? null : Number(un.first) };
  return { ok: !broken && unsealed.count === 0, checked, broken, unsealed, from, lastSeq: expectSeq - 1 };
}
