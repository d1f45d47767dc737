// Moving old audit rows out of the database without losing them (等保 2.0: kept at least 6 months; here the
// online period is AUDIT_ONLINE_MONTHS ≥ 6, then archive files). Run as the owner (the application's role
// may not delete audit rows at all). Order: seal → write the file → record it → read it back and check its
// digest and chain → only then delete, in one transaction that the tables' triggers let through for rows
// older than 6 months. The chain continues from the archive's last hash.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { CANONICAL, GENESIS, link, seal } from './chain';

export interface ArchiveResult {
  file: string;
  rows: number;
  fromSeq: number;
  throughSeq: number;
  lastHash: string;
  sha256: string;
}

const ROW_COLUMNS = sql.raw(`e.id, e.at, e.actor_id, e.actor_ip, e.entity_type, e.entity_id, e.ticket_id,
  e.action, e.before, e.after, e.data`);

export async function archiveAudit(
  db: Db,
  opts: { dir: string; months: number; now: Date; maxRows?: number; log?: (m: string) => void },
): Promise<ArchiveResult | null> {
  if (opts.months < 6) throw new Error('audit rows stay online at least 6 months');
  const log = opts.log ?? (() => undefined);
  while ((await seal(db, opts.now, { full: true })) > 0);
  const cutoff = new Date(opts.now);
  cutoff.setMonth(cutoff.getMonth() - opts.months);
  const { rows: a } = await db.execute(
    sql`select through_seq, last_hash from audit_archives where verified order by through_seq desc limit 1`,
  );
  const anchor = a[0] as { through_seq: string; last_hash: string } | undefined;
  const fromSeq = anchor ? Number(anchor.through_seq) + 1 : 1;
  let prev = anchor?.last_hash ?? GENESIS;
  // the contiguous run of sealed rows from the chain's start that are all older than the cut-off
  const { rows } = await db.execute(sql`
    select s.seq, s.prev_hash, s.hash, ${CANONICAL} as canonical, ${ROW_COLUMNS}
    from audit_seals s join audit_events e on e.id = s.audit_id
    where s.seq >= ${fromSeq} order by s.seq limit ${opts.maxRows ?? 100_000}`);
  type R = { seq: string; prev_hash: string; hash: string; canonical: string; id: string; at: Date } & Record<
    string,
    unknown
  >;
  const digestOf = (canonical: string) => crypto.createHash('sha256').update(canonical, 'utf8').digest('hex');
  const take: R[] = [];
  let expect = fromSeq;
  for (const r of rows as R[]) {
    if (Number(r.seq) !== expect || new Date(r.at).getTime() >= cutoff.getTime()) break;
    if (r.prev_hash !== prev || link(prev, digestOf(r.canonical)) !== r.hash)
      throw new Error(`audit chain broken at seq ${r.seq} (audit row ${r.id}): not archiving; run audit:verify`);
    take.push(r);
    prev = r.hash;
    expect++;
  }
  if (!take.length) return null;
  const throughSeq = Number(take[take.length - 1].seq);
  fs.mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
  const file = path.join(
    opts.dir,
    `audit-${String(fromSeq).padStart(12, '0')}-${String(throughSeq).padStart(12, '0')}.jsonl.gz`,
  );
  const lines = [
    JSON.stringify({
      format: 'hotline-desk audit archive v1',
      fromSeq,
      throughSeq,
      anchorHash: anchor?.last_hash ?? GENESIS,
      lastHash: prev,
      cutoff: cutoff.toISOString(),
    }),
    // the canonical text is what the chain hashes; `row` is the same row for people to read
    ...take.map(({ seq, prev_hash, hash, canonical, ...row }) =>
      JSON.stringify({ seq: Number(seq), prevHash: prev_hash, hash, canonical, row }),
    ),
  ];
  const gz = zlib.gzipSync(Buffer.from(lines.join('\n') + '\n', 'utf8'));
  const sha256 = crypto.createHash('sha256').update(gz).digest('hex');
  fs.writeFileSync(`${file}.part`, gz, { mode: 0o400 });
  fs.renameSync(`${file}.part`, file);
  const [{ id }] = (
    await db.execute(sql`insert into audit_archives (from_seq, through_seq, last_hash, rows, file, file_sha256, before, created_at)
      values (${fromSeq}, ${throughSeq}, ${prev}, ${take.length}, ${file}, ${sha256}, ${cutoff.toISOString()}, ${opts.now.toISOString()})
      returning id`)
  ).rows as { id: number }[];
  checkArchiveFile(file, sha256);
  await db.transaction(async (tx) => {
    await tx.execute(sql`update audit_archives set verified = true where id = ${id}`);
    await tx.execute(sql`set local hotline.audit_archive = 'on'`);
    await tx.execute(sql`delete from audit_seals where seq between ${fromSeq} and ${throughSeq}`);
    await tx.execute(
      sql`delete from audit_events where id = any(${sql.param(take.map((r) => Number(r.id)))}::bigint[])`,
    );
    await tx.execute(sql`insert into audit_events (actor_id, actor_ip, entity_type, entity_id, action, data, at)
      values (null, null, 'audit_archive', ${String(id)}, 'audit.archive',
              ${JSON.stringify({ file, rows: take.length, fromSeq, throughSeq, sha256, cutoff: cutoff.toISOString() })}::jsonb,
              ${opts.now.toISOString()})`);
  });
  log(`[audit] archived ${take.length} rows (seq ${fromSeq}–${throughSeq}) to ${file}`);
  return { file, rows: take.length, fromSeq, throughSeq, lastHash: prev, sha256 };
}

/** Read an archive back: its digest and every link of its chain. Throws on the first problem. */
export function checkArchiveFile(file: string, expectedSha256?: string) {
  const gz = fs.readFileSync(file);
  const digest = crypto.createHash('sha256').update(gz).digest('hex');
  if (expectedSha256 && digest !== expectedSha256) throw new Error(`${file}: digest ${digest} ≠ ${expectedSha256}`);
  const [head, ...rest] = zlib.gunzipSync(gz).toString('utf8').trim().split('\n');
  const h = JSON.parse(head) as { fromSeq: number; throughSeq: number; anchorHash: string; lastHash: string };
  let prev = h.anchorHash;
  let seq = h.fromSeq;
  for (const line of rest) {
    const r = JSON.parse(line) as { seq: number; prevHash: string; hash: string; canonical: string };
    const rowDigest = crypto.createHash('sha256').update(r.canonical, 'utf8').digest('hex');
    if (r.seq !== seq || r.prevHash !== prev || link(prev, rowDigest) !== r.hash)
      throw new Error(`${file}: chain broken at seq ${r.seq}`);
    prev = r.hash;
    seq++;
  }
  if (seq - 1 !== h.throughSeq || prev !== h.lastHash)
    throw new Error(`${file}: ends at ${seq - 1}, expected ${h.throughSeq}`);
  return { rows: rest.length, fromSeq: h.fromSeq, throughSeq: h.throughSeq, lastHash: h.lastHash };
}
