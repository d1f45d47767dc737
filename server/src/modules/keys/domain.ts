// Pure key handling: wrapping data keys under the master key, and the master key's check value.
import crypto from 'node:crypto';

const hkdf = (master: Buffer, label: string) =>
  Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), label, 32));

/**
 * A check value of the master key (not the key: an HMAC of a fixed label under it). Stored with the database,
 * it tells a wrong or missing key apart before anything is decrypted or — worse — written under it.
 */
export function checkValue(master: Buffer): string {
  return crypto.createHmac('sha256', master).update('hotline-desk key check v1').digest('base64url').slice(0, 22);
}

/** AES-256-GCM under a key derived from the master, with the key's id and purpose as associated data. */
export function wrapKey(master: Buffer, id: number, purpose: string, key: Buffer): string {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', hkdf(master, 'hotline-desk key wrap v1'), iv);
  c.setAAD(Buffer.from(`${purpose}:${id}`));
  const body = Buffer.concat([c.update(key), c.final()]);
  return `w1.${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')}`;
}

export function unwrapKey(master: Buffer, id: number, purpose: string, wrapped: string): Buffer {
  if (!wrapped.startsWith('w1.')) throw new Error(`key ${id}: unknown wrapping`);
  const raw = Buffer.from(wrapped.slice(3), 'base64');
  const d = crypto.createDecipheriv('aes-256-gcm', hkdf(master, 'hotline-desk key wrap v1'), raw.subarray(0, 12));
  d.setAAD(Buffer.from(`${purpose}:${id}`));
  d.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([d.update(raw.subarray(28)), d.final()]);
}

/** The search-hash key's row id (data keys count up from 0). */
export const MAC_KEY_ID = -1;

export type KeyState = 'pending' | 'active' | 'retired';
export interface KeyRow {
  id: number;
  purpose: string;
  wrapped: string;
  state: KeyState;
}

/** The key new data is written under: the newest active data key. */
export function currentKeyId(rows: readonly Pick<KeyRow, 'id' | 'purpose' | 'state'>[]): number {
  const active = rows.filter((r) => r.purpose === 'enc' && r.state === 'active').map((r) => r.id);
  if (!active.length) throw new Error('no active data key');
  return Math.max(...active);
}
