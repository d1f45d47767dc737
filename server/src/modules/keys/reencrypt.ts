// Every place personal data is encrypted, and moving it to the current data key in small batches. Each
// update is conditional on the old ciphertext, so a row changed meanwhile is left for the next batch.
import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { maskName, type Pii } from '../../lib/pii';

/** text columns holding 'v1.' / 'v2.<key>.' ciphertexts */
export const TEXT_TARGETS = [
  { table: 'tickets', pk: 'id', column: 'caller_phone_enc' },
  { table: 'tickets', pk: 'id', column: 'address_enc' },
  { table: 'tickets', pk: 'id', column: 'caller_name_enc' },
  { table: 'calls', pk: 'id', column: 'caller_phone_enc' },
  { table: 'sip_credentials', pk: 'user_id', column: 'password_enc' },
  { table: 'elder_profiles', pk: 'id', column: 'address_enc' },
  { table: 'elder_profiles', pk: 'id', column: 'details_enc' },
  { table: 'users', pk: 'id', column: 'totp_secret_enc' },
  { table: 'partners', pk: 'id', column: 'contact_phone_enc' },
] as const;

type TextTarget = (typeof TEXT_TARGETS)[number];
const targetName = (t: TextTarget) => `${t.table}.${t.column}`;
export const ALL_TARGETS = [...TEXT_TARGETS.map(targetName), 'attachments.data_enc', 'recordings.file'];

const ident = (s: string) => sql.raw(`"${s}"`);
/** one array parameter (drizzle would spread a bare array into a list) */
const arr = (values: unknown[]) => sql.param(values);
const notUnder = (t: TextTarget, keyId: number) =>
  sql`${ident(t.column)} is not null and ${ident(t.column)} not like ${`v2.${keyId}.%`}`;
const bytesNotUnder = (keyId: number) =>
  sql`(get_byte(data_enc, 0) <> 2 or substring(data_enc from 2 for 4) <> ${keyBytes(keyId)})`;
const keyBytes = (keyId: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(keyId);
  return b;
};

/** Rows not yet under `keyId`, per target. */
export async function remaining(db: Db, keyId: number): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TEXT_TARGETS) {
    const { rows } = await db.execute(
      sql`select count(*)::int as n from ${ident(t.table)} where ${notUnder(t, keyId)}`,
    );
    out[targetName(t)] = (rows[0] as { n: number }).n;
  }
  const a = await db.execute(sql`select count(*)::int as n from attachments where ${bytesNotUnder(keyId)}`);
  out['attachments.data_enc'] = (a.rows[0] as { n: number }).n;
  const r = await db.execute(
    sql`select count(*)::int as n from recordings where deleted_at is null and key_id <> ${keyId}`,
  );
  out['recordings.file'] = (r.rows[0] as { n: number }).n;
  return out;
}

/**
 * Re-encrypt one batch of each target under the current key. Returns rows moved. `recordingsDir` null:
 * recordings are off on this node, their files are left to a node that has them.
 */
export async function reencryptBatch(db: Db, pii: Pii, recordingsDir: string | null, batch = 200): Promise<number> {
  const keyId = pii.currentKeyId();
  let moved = 0;
  for (const t of TEXT_TARGETS) {
    const { rows } = await db.execute(
      sql`select ${ident(t.pk)}::bigint as pk, ${ident(t.column)} as v from ${ident(t.table)}
          where ${notUnder(t, keyId)} limit ${batch}`,
    );
    const list = rows as { pk: string; v: string }[];
    if (!list.length) continue;
    const fresh = list.map((r) => pii.encrypt(pii.decrypt(r.v)));
    const res = await db.execute(sql`update ${ident(t.table)} set ${ident(t.column)} = u.fresh
      from unnest(${arr(list.map((r) => r.pk))}::bigint[], ${arr(list.map((r) => r.v))}::text[], ${arr(fresh)}::text[])
        as u(pk, old, fresh)
      where ${ident(t.table)}.${ident(t.pk)} = u.pk and ${ident(t.table)}.${ident(t.column)} = u.old`);
    moved += res.rowCount ?? 0;
  }
  // files can be large: a few at a time
  const att = await db.execute(
    sql`select id, data_enc as v from attachments where ${bytesNotUnder(keyId)} order by id limit 10`,
  );
  for (const r of att.rows as { id: number; v: Buffer }[]) {
    const res = await db.execute(
      sql`update attachments set data_enc = ${pii.encryptBytes(pii.decryptBytes(r.v))} where id = ${r.id} and data_enc = ${r.v}`,
    );
    moved += res.rowCount ?? 0;
  }
  if (recordingsDir) moved += await reencryptRecordings(db, pii, recordingsDir, keyId);
  return moved;
}

async function reencryptRecordings(db: Db, pii: Pii, dir: string, keyId: number): Promise<number> {
  const { rows } = await db.execute(
    sql`select id, path from recordings where deleted_at is null and key_id <> ${keyId} order by id limit 10`,
  );
  let moved = 0;
  for (const r of rows as { id: number; path: string }[]) {
    const file = path.join(dir, r.path);
    const enc = await fs.readFile(file).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return null;
      throw e;
    });
    if (enc && pii.keyIdOf(enc) !== keyId) {
      // write then rename: a crash leaves either the old file or the new one, both readable (keys are kept)
      await fs.writeFile(`${file}.rekey`, pii.encryptBytes(pii.decryptBytes(enc)), { mode: 0o600 });
      await fs.rename(`${file}.rekey`, file);
    }
    await db.execute(sql`update recordings set key_id = ${keyId} where id = ${r.id}`);
    moved++;
  }
  return moved;
}

/** Caller names were plaintext before they were personal data here: encrypt and mask them (idempotent). */
export async function encryptLegacyNames(db: Db, pii: Pii, batch = 500): Promise<number> {
  let total = 0;
  for (;;) {
    const { rows } = await db.execute(
      sql`select id, caller_name as v from tickets where caller_name is not null limit ${batch}`,
    );
    const list = rows as { id: string; v: string }[];
    if (!list.length) return total;
    await db.execute(sql`update tickets set caller_name_enc = u.enc, caller_name_masked = u.masked, caller_name = null
      from unnest(${arr(list.map((r) => r.id))}::bigint[], ${arr(list.map((r) => r.v))}::text[],
                  ${arr(list.map((r) => pii.encrypt(r.v)))}::text[], ${arr(list.map((r) => maskName(r.v)))}::text[])
        as u(id, old, enc, masked)
      where tickets.id = u.id and tickets.caller_name = u.old`);
    total += list.length;
  }
}
