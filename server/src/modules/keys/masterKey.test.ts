// Where the master key comes from (files in temporary folders; no database needed).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveMasterKey } from './masterKey';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'hd-mk-'));
const key = () => crypto.randomBytes(32).toString('base64');
const log = () => undefined;

test('PII_KEY from the environment wins; a malformed one is refused with the reason', () => {
  const k = key();
  expect(resolveMasterKey({ PII_KEY: k, NODE_ENV: 'production', DATA_DIR: tmp(), log }).key?.toString('base64')).toBe(
    k,
  );
  expect(() => resolveMasterKey({ PII_KEY: 'c2hvcnQ=', NODE_ENV: 'test', DATA_DIR: tmp(), log })).toThrow(/32 bytes/);
});

test('production names its key: no PII_KEY and no PII_KEY_FILE stops the start', () => {
  expect(() => resolveMasterKey({ NODE_ENV: 'production', DATA_DIR: tmp(), log })).toThrow(
    /PII_KEY or PII_KEY_FILE is required/,
  );
});

test('finding "the key file sits beside the database files": a key file inside DATA_DIR is refused', () => {
  const data = tmp();
  expect(() =>
    resolveMasterKey({ PII_KEY_FILE: path.join(data, 'keys', 'pii.key'), NODE_ENV: 'test', DATA_DIR: data, log }),
  ).toThrow(/inside DATA_DIR/);
});

test('development: the key is generated only when asked (an empty database), outside the data folder, mode 0600', () => {
  const data = tmp();
  const file = path.join(tmp(), 'conf', 'pii.key');
  const src = resolveMasterKey({ PII_KEY_FILE: file, NODE_ENV: 'development', DATA_DIR: data, log });
  expect(src.key).toBeNull();
  expect(fs.existsSync(file)).toBe(false);
  const k = src.generate!();
  expect(k).toHaveLength(32);
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  // the next start reads it
  expect(resolveMasterKey({ PII_KEY_FILE: file, NODE_ENV: 'development', DATA_DIR: data, log }).key?.equals(k)).toBe(
    true,
  );
});

test('the first release’s key in DATA_DIR/pii.key is moved out of the data folder', () => {
  const data = tmp();
  const conf = tmp();
  const k = key();
  fs.writeFileSync(path.join(data, 'pii.key'), k);
  const prev = process.env.XDG_CONFIG_HOME;
  process.env.XDG_CONFIG_HOME = conf;
  try {
    const src = resolveMasterKey({ NODE_ENV: 'development', DATA_DIR: data, log });
    expect(src.key?.toString('base64')).toBe(k);
    expect(fs.existsSync(path.join(data, 'pii.key'))).toBe(false);
    expect(fs.readFileSync(path.join(conf, 'hotline-desk', 'pii.key'), 'utf8').trim()).toBe(k);
  } finally {
    if (prev === undefined) delete process.env.XDG_CONFIG_HOME;
    else process.env.XDG_CONFIG_HOME = prev;
  }
});
