// Personal data protection: AES-256-GCM at rest under named data keys (envelope encryption: the keys are
// stored wrapped by the master key, modules/keys), HMAC-SHA256 for exact-match search, masks for lists.
import crypto from 'node:crypto';

export interface Pii {
  /** 'v2.<key id>.<base64 iv‖tag‖ciphertext>' under the current data key */
  encrypt(plain: string): string;
  decrypt(enc: string): string;
  hash(value: string): string;
  /** Files: format byte 2, 4-byte key id, 12-byte IV, 16-byte tag, ciphertext (format 1: no key id, key 0). */
  encryptBytes(plain: Buffer): Buffer;
  decryptBytes(enc: Buffer): Buffer;
  /** the data key a ciphertext was written under */
  keyIdOf(enc: string | Buffer): number;
  /** the data key new writes use */
  currentKeyId(): number;
}

/** The keys in force: data keys by id, the one that encrypts, and the search-hash key. */
export interface KeySet {
  enc: ReadonlyMap<number, Buffer>;
  current: number;
  mac: Buffer;
}

export class UnknownKeyError extends Error {
  constructor(readonly keyId: number) {
    super(`personal data was encrypted under key ${keyId}, which this server does not have`);
  }
}

const BYTES_V1 = 1;
const BYTES_V2 = 2;

/** The first release's subkeys, derived from the master key (data written then carries key id 0). */
export function legacyKeys(master: Buffer): { enc: Buffer; mac: Buffer } {
  const derive = (label: string) => Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), label, 32));
  return { enc: derive('hotline-desk pii enc v1'), mac: derive('hotline-desk pii mac v1') };
}

function seal(key: Buffer, plain: Buffer): Buffer {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), body]);
}

function open(key: Buffer, raw: Buffer): Buffer {
  const d = crypto.createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  d.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([d.update(raw.subarray(28)), d.final()]);
}

export function parseKeyId(enc: string | Buffer): number {
  if (Buffer.isBuffer(enc)) {
    if (enc[0] === BYTES_V1) return 0;
    if (enc[0] === BYTES_V2) return enc.readUInt32BE(1);
    throw new Error('Unknown encrypted file format');
  }
  if (enc.startsWith('v1.')) return 0;
  const m = /^v2\.(\d+)\./.exec(enc);
  if (!m) throw new Error('Unknown ciphertext format');
  return Number(m[1]);
}

/** `keys` is read on every call, so a rotation (a new KeySet) applies at once without new Pii objects. */
export function createPii(keys: () => KeySet): Pii {
  const keyFor = (id: number) => {
    const k = keys().enc.get(id);
    if (!k) throw new UnknownKeyError(id);
    return k;
  };
  return {
    encrypt(plain) {
      const { current } = keys();
      return `v2.${current}.${seal(keyFor(current), Buffer.from(plain, 'utf8')).toString('base64')}`;
    },
    decrypt(enc) {
      const id = parseKeyId(enc);
      const body = enc.startsWith('v1.') ? enc.slice(3) : enc.slice(enc.indexOf('.', 3) + 1);
      return open(keyFor(id), Buffer.from(body, 'base64')).toString('utf8');
    },
    hash(value) {
      return crypto.createHmac('sha256', keys().mac).update(normalizePhone(value)).digest('base64url');
    },
    encryptBytes(plain) {
      const { current } = keys();
      const head = Buffer.alloc(5);
      head[0] = BYTES_V2;
      head.writeUInt32BE(current, 1);
      return Buffer.concat([head, seal(keyFor(current), plain)]);
    },
    decryptBytes(enc) {
      const id = parseKeyId(enc);
      return open(keyFor(id), enc.subarray(enc[0] === BYTES_V1 ? 1 : 5));
    },
    keyIdOf: parseKeyId,
    currentKeyId: () => keys().current,
  };
}

/** A fixed key set from one master key (tests, tools): key 0 as the first release derived it. */
export function piiFromMaster(master: Buffer): Pii {
  if (master.length !== 32) throw new Error('PII_KEY must decode to 32 bytes');
  const legacy = legacyKeys(master);
  const set: KeySet = { enc: new Map([[0, legacy.enc]]), current: 0, mac: legacy.mac };
  return createPii(() => set);
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
