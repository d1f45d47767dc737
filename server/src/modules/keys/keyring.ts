// The personal-data keys of a database: the master key is checked against the stored check value before
// anything else happens (a wrong or missing key refuses to start), data keys are loaded unwrapped, and a
// rotation adds a key that every node learns before it encrypts anything (pending → active after
// KEY_ACTIVATION_SECONDS), then the job re-encrypts older rows in batches with its progress stored.
import crypto from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type pg from 'pg';
import type { Db } from '../../db/client';
import { piiKeys, piiMaster, piiRotations } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { errorSummary } from '../../lib/safeError';
import { createPii, legacyKeys, piiFromMaster, type KeySet, type Pii } from '../../lib/pii';
import type { AuditWriter } from '../audit/repository';
import { checkValue, currentKeyId, MAC_KEY_ID, unwrapKey, wrapKey, type KeyRow, type KeyState } from './domain';
import type { MasterKeySource } from './masterKey';
import { ALL_TARGETS, encryptLegacyNames, reencryptBatch, remaining } from './reencrypt';

export class KeyMismatchError extends Error {}

const RELOAD_MS = 10_000;

/** A sample of stored ciphertexts, to test a key against a database that predates the check value. */
const SAMPLES = [
  'select caller_phone_enc as v from tickets where caller_phone_enc is not null limit 1',
  'select address_enc as v from tickets where address_enc is not null limit 1',
  'select caller_phone_enc as v from calls where caller_phone_enc is not null limit 1',
  'select password_enc as v from sip_credentials limit 1',
  'select details_enc as v from elder_profiles where details_enc is not null limit 1',
];

/**
 * Decide the master key before the application touches data: the stored check value must match; a database
 * without one (first start, or written by the first release) is checked against a stored ciphertext.
 */
export async function checkMasterKey(pool: pg.Pool, source: MasterKeySource): Promise<Buffer> {
  const stored = await pool.query<{ check_value: string }>('select check_value from pii_master where id = 1');
  const where = source.origin === 'env' ? 'PII_KEY' : (source.file ?? 'PII_KEY_FILE');
  if (stored.rows[0]) {
    if (!source.key)
      throw new KeyMismatchError(
        `PII key missing: this database's personal data is encrypted (key check value ${stored.rows[0].check_value}) ` +
          `but neither PII_KEY nor a key file (${source.file}) is there. Restore the key; a new one would make ` +
          `every phone, address and recording unreadable.`,
      );
    const kcv = checkValue(source.key);
    if (kcv !== stored.rows[0].check_value)
      throw new KeyMismatchError(
        `PII key mismatch: ${where} (check value ${kcv}) is not the key this database was encrypted with ` +
          `(check value ${stored.rows[0].check_value}). Start with the original key.`,
      );
    return source.key;
  }
  let sample: string | null = null;
  for (const q of SAMPLES) {
    const r = await pool.query<{ v: string }>(q);
    if (r.rows[0]) {
      sample = r.rows[0].v;
      break;
    }
  }
  if (sample === null) return source.key ?? source.generate?.() ?? missing(source);
  if (!source.key)
    throw new KeyMismatchError(
      `PII key missing: this database holds encrypted personal data but neither PII_KEY nor a key file ` +
        `(${source.file}) is there. Restore the key it was written with.`,
    );
  try {
    piiFromMaster(source.key).decrypt(sample);
  } catch {
    throw new KeyMismatchError(`PII key mismatch: ${where} does not open the personal data in this database.`);
  }
  return source.key;
}

function missing(source: MasterKeySource): never {
  throw new KeyMismatchError(
    `PII key missing: set PII_KEY or PII_KEY_FILE (${source.file ?? 'no file given'}); see docs/security.md`,
  );
}

export interface KeyringDeps {
  db: Db;
  master: Buffer;
  audit: AuditWriter;
  clock: () => Date;
  log: (m: string) => void;
  /** a new key is written with only after this long, so that every node has loaded it first */
  activationSeconds: number;
  recordingsDir: string | null;
}

export async function createKeyring(d: KeyringDeps) {
  const { db, master, clock } = d;
  await initialise(d);
  let set: KeySet = await load();
  const pii: Pii = createPii(() => set);
  let legacyDone = false;

  async function load(): Promise<KeySet> {
    const rows = (await db.select().from(piiKeys)) as KeyRow[];
    const enc = new Map<number, Buffer>();
    let mac: Buffer | null = null;
    for (const r of rows) {
      const key = unwrapKey(master, r.id, r.purpose, r.wrapped);
      if (r.purpose === 'mac') mac = key;
      else enc.set(r.id, key);
    }
    if (!mac) throw new Error('pii_keys has no search-hash key');
    return { enc, current: currentKeyId(rows), mac };
  }

  async function reload() {
    set = await load();
  }
  // Every node learns new keys within this time, whether or not it runs the jobs (a rotated key is written
  // with only after KEY_ACTIVATION_SECONDS, default 30 s, so no node meets a ciphertext it cannot open).
  const timer = setInterval(() => {
    reload().catch((e: unknown) => d.log(`[keys] reload failed (kept the loaded keys): ${errorSummary(e)}`));
  }, RELOAD_MS);
  timer.unref();

  const openRotation = async () =>
    (
      await db
        .select()
        .from(piiRotations)
        .where(isNull(piiRotations.finishedAt))
        .orderBy(desc(piiRotations.id))
        .limit(1)
    )[0] ?? null;

  return {
    pii,
    reload,
    stop: () => clearInterval(timer),

    /** Start a rotation: a new data key, written with once every node has it; the job moves old rows. */
    async rotate(userId: number, ip: string | null) {
      return db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext('hotline-pii-rotation'))`);
        const open = await tx.select().from(piiRotations).where(isNull(piiRotations.finishedAt)).limit(1);
        if (open.length) throw new AppError('ROTATION_IN_PROGRESS', 'A key rotation is still running');
        const [{ next }] = (
          await tx.execute(sql`select coalesce(max(id), -1) + 1 as next from pii_keys where purpose = 'enc'`)
        ).rows as { next: number }[];
        const now = clock();
        const key = crypto.randomBytes(32);
        await tx.insert(piiKeys).values({
          id: Number(next),
          purpose: 'enc',
          wrapped: wrapKey(master, Number(next), 'enc', key),
          state: 'pending',
          createdAt: now,
        });
        const [rotation] = await tx
          .insert(piiRotations)
          .values({ keyId: Number(next), startedAt: now, startedBy: userId })
          .returning();
        await d.audit.write(
          {
            actorId: userId,
            actorIp: ip,
            entityType: 'pii_key',
            entityId: String(next),
            action: 'keys.rotate',
            after: { keyId: Number(next), state: 'pending' },
            at: now,
          },
          tx,
        );
        return rotation;
      });
    },

    /**
     * One job step (idempotent, any node): load the keys; activate a pending key whose time has come;
     * re-encrypt a batch; finish the rotation when nothing is left under an older key.
     */
    async step(): Promise<{ moved: number; finished: boolean }> {
      await reload();
      // once per process: after the first pass no plaintext name is written any more
      if (!legacyDone) legacyDone = (await encryptLegacyNames(db, pii)) >= 0;
      const rotation = await openRotation();
      if (!rotation) return { moved: 0, finished: false };
      const now = clock();
      const [key] = await db.select().from(piiKeys).where(eq(piiKeys.id, rotation.keyId));
      if (key.state === 'pending') {
        if (now.getTime() - rotation.startedAt.getTime() < d.activationSeconds * 1000)
          return { moved: 0, finished: false };
        await db.transaction(async (tx) => {
          await tx
            .update(piiKeys)
            .set({ state: 'retired', retiredAt: now })
            .where(and(eq(piiKeys.purpose, 'enc'), eq(piiKeys.state, 'active')));
          await tx.update(piiKeys).set({ state: 'active' }).where(eq(piiKeys.id, rotation.keyId));
          const left = await remaining(tx as unknown as Db, rotation.keyId);
          const total = Object.values(left).reduce((a, b) => a + b, 0);
          await tx.update(piiRotations).set({ total, progress: left }).where(eq(piiRotations.id, rotation.id));
        });
        await reload();
        d.log(`[keys] data key ${rotation.keyId} is now the active key; re-encrypting older data`);
      }
      let moved = 0;
      try {
        moved = await reencryptBatch(db, pii, d.recordingsDir);
      } catch (e) {
        await db
          .update(piiRotations)
          .set({ lastError: (e as Error).message })
          .where(eq(piiRotations.id, rotation.id));
        throw e;
      }
      const left = await remaining(db, rotation.keyId);
      const leftTotal = Object.values(left).reduce((a, b) => a + b, 0);
      const [r] = await db.select().from(piiRotations).where(eq(piiRotations.id, rotation.id));
      const finished = leftTotal === 0;
      await db
        .update(piiRotations)
        .set({
          progress: left,
          done: Math.max(0, r.total - leftTotal),
          lastError: null,
          ...(finished ? { finishedAt: clock() } : {}),
        })
        .where(eq(piiRotations.id, rotation.id));
      if (finished) {
        await d.audit.write({
          actorId: null,
          actorIp: null,
          entityType: 'pii_key',
          entityId: String(rotation.keyId),
          action: 'keys.rotation_finished',
          data: { rotationId: rotation.id, rows: r.total },
          at: clock(),
        });
        d.log(`[keys] rotation to key ${rotation.keyId} finished (${r.total} rows)`);
      }
      return { moved, finished };
    },

    /** Keys (never their bytes) and the rotation's progress, for the administrators' screen. */
    async status() {
      const keys = await db
        .select({
          id: piiKeys.id,
          purpose: piiKeys.purpose,
          state: piiKeys.state,
          createdAt: piiKeys.createdAt,
          retiredAt: piiKeys.retiredAt,
        })
        .from(piiKeys)
        .orderBy(piiKeys.id);
      const [rotation] = await db.select().from(piiRotations).orderBy(desc(piiRotations.id)).limit(1);
      return {
        checkValue: checkValue(master),
        currentKeyId: set.current,
        keys: keys.map((k) => ({ ...k, state: k.state as KeyState })),
        targets: ALL_TARGETS,
        rotation: rotation ?? null,
      };
    },
  };
}
export type Keyring = Awaited<ReturnType<typeof createKeyring>>;

/** First start on a database: store the check value, key 0 and the search key (derived as the first release did). */
async function initialise(d: KeyringDeps) {
  await d.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('hotline-pii-init'))`);
    const [m] = await tx.select().from(piiMaster).where(eq(piiMaster.id, 1));
    if (m) return;
    const now = d.clock();
    const legacy = legacyKeys(d.master);
    await tx.insert(piiMaster).values({ id: 1, checkValue: checkValue(d.master), createdAt: now });
    await tx.insert(piiKeys).values([
      { id: 0, purpose: 'enc', wrapped: wrapKey(d.master, 0, 'enc', legacy.enc), state: 'active', createdAt: now },
      {
        id: MAC_KEY_ID,
        purpose: 'mac',
        wrapped: wrapKey(d.master, MAC_KEY_ID, 'mac', legacy.mac),
        state: 'active',
        createdAt: now,
      },
    ]);
  });
}
