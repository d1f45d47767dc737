// Where the master key comes from: PII_KEY (base64, from the environment or a secrets manager) or the file
// PII_KEY_FILE. A development machine without either gets a generated key file — outside the data
// directory, so a copy of the database files (a backup, a stolen disk image of data/) does not carry the
// key that opens them. Production must name its key; nothing is ever generated there.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface MasterKeySource {
  key: Buffer | null;
  /** env | file | generated | none: where it came from (health and logs; never the key) */
  origin: 'env' | 'file' | 'generated' | 'none';
  file: string | null;
  /** a development key may be generated if the database turns out to hold no encrypted data */
  generate: (() => Buffer) | null;
}

export const defaultKeyFile = () =>
  path.join(process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'hotline-desk', 'pii.key');

export function decodeKey(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${where} must be 32 bytes in base64 (openssl rand -base64 32)`);
  return key;
}

export function resolveMasterKey(c: {
  PII_KEY?: string;
  PII_KEY_FILE?: string;
  NODE_ENV: string;
  DATA_DIR: string;
  log: (m: string) => void;
}): MasterKeySource {
  if (c.PII_KEY) return { key: decodeKey(c.PII_KEY, 'PII_KEY'), origin: 'env', file: null, generate: null };
  const production = c.NODE_ENV === 'production';
  if (production && !c.PII_KEY_FILE)
    throw new Error('PII_KEY or PII_KEY_FILE is required in production (32 bytes, base64); see docs/security.md');
  const file = path.resolve(c.PII_KEY_FILE || defaultKeyFile());
  const inData = !path.relative(path.resolve(c.DATA_DIR), file).startsWith('..');
  if (inData) throw new Error(`PII_KEY_FILE ${file} is inside DATA_DIR: keep the key apart from the data it opens`);
  if (fs.existsSync(file))
    return { key: decodeKey(fs.readFileSync(file, 'utf8'), file), origin: 'file', file, generate: null };
  // The first release kept a development key at DATA_DIR/pii.key: move it out of the data folder.
  const legacy = path.join(c.DATA_DIR, 'pii.key');
  if (!production && !c.PII_KEY_FILE && fs.existsSync(legacy)) {
    const key = decodeKey(fs.readFileSync(legacy, 'utf8'), legacy);
    if (!writeKeyFile(file, key)) throw new Error(`both ${legacy} and ${file} exist: keep the one this database needs`);
    fs.rmSync(legacy);
    c.log(`[keys] moved the development key from ${legacy} to ${file} (outside the data folder)`);
    return { key, origin: 'file', file, generate: null };
  }
  if (production) return { key: null, origin: 'none', file, generate: null };
  return {
    key: null,
    origin: 'none',
    file,
    generate: () => {
      if (!writeKeyFile(file, crypto.randomBytes(32))) return decodeKey(fs.readFileSync(file, 'utf8'), file);
      c.log(`[keys] PII_KEY not set: generated a development key in ${file}. Production sets PII_KEY or PII_KEY_FILE.`);
      return decodeKey(fs.readFileSync(file, 'utf8'), file);
    },
  };
}

/** false when another process wrote the file first (two servers starting at once): theirs is kept. */
function writeKeyFile(file: string, key: Buffer): boolean {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}
