// Personal data protection: AES-256-GCM at rest, HMAC-SHA256 for exact-match search, masks for lists.
import crypto from 'node:crypto';

export interface Pii {
  encrypt(plain: string): string;
  decrypt(enc: string): string;
  hash(value: string): string;
  /** Files (attachments): 1 format byte, 12-byte IV, 16-byte tag, ciphertext. Same key as the strings. */
  encryptBytes(plain: Buffer): Buffer;
  decryptBytes(enc: Buffer): Buffer;
}

const BYTES_V1 = 1;

/** Separate subkeys for encryption and hashing so that one cannot be used to attack the other. */
export function createPii(masterKey: Buffer): Pii {
  if (masterKey.length !== 32) throw new Error('PII_KEY must decode to 32 bytes');
  const derive = (label: string) => Buffer.from(crypto.hkdfSync('sha256', masterKey, Buffer.alloc(0), label, 32));
  const encKey = derive('hotline-desk pii enc v1');
  const macKey = derive('hotline-desk pii mac v1');
  return {
    encrypt(plain) {
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return `v1.${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')}`;
    },
    decrypt(enc) {
      const raw = Buffer.from(enc.slice(3), 'base64');
      const d = crypto.createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, 12));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
    },
    hash(value) {
      return crypto.createHmac('sha256', macKey).update(normalizePhone(value)).digest('base64url');
    },
    encryptBytes(plain) {
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([c.update(plain), c.final()]);
      return Buffer.concat([Buffer.from([BYTES_V1]), iv, c.getAuthTag(), body]);
    },
    decryptBytes(enc) {
      if (enc[0] !== BYTES_V1) throw new Error('Unknown encrypted file format');
      const d = crypto.createDecipheriv('aes-256-gcm', encKey, enc.subarray(1, 13));
      d.setAuthTag(enc.subarray(13, 29));
      return Buffer.concat([d.update(enc.subarray(29)), d.final()]);
    },
  };
}

/** Strip spaces, dashes and a +86 / 0086 prefix so the same phone always hashes the same. */
export function normalizePhone(p: string): string {
  let s = p.replace(/[\s-]/g, '');
  if (s.startsWith('+86')) s = s.slice(3);
  else if (s.startsWith('0086')) s = s.slice(4);
  return s;
}

export function maskPhone(p: string): string {
  const s = normalizePhone(p);
  if (s.length >= 11) return `${s.slice(0, 3)}****${s.slice(-4)}`;
  if (s.length >= 7) return `${s.slice(0, 2)}***${s.slice(-2)}`;
  return '*'.repeat(s.length);
}

/** Keep the district/street part readable, hide the house number: first 6 characters + ****. */
export function maskAddress(a: string): string {
  const chars = Array.from(a);
  if (chars.length <= 6) return `${chars.slice(0, 2).join('')}****`;
  return `${chars.slice(0, 6).join('')}****`;
}

export function maskName(n: string): string {
  const chars = Array.from(n);
  if (chars.length <= 1) return n;
  return chars[0] + '*'.repeat(Math.min(chars.length - 1, 2));
}
