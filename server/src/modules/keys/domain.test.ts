import crypto from 'node:crypto';
import { createPii, legacyKeys, piiFromMaster, UnknownKeyError, type KeySet } from '../../lib/pii';
import { checkValue, currentKeyId, unwrapKey, wrapKey } from './domain';

const master = crypto.randomBytes(32);

test('a wrapped key unwraps under the same master, id and purpose only', () => {
  const key = crypto.randomBytes(32);
  const w = wrapKey(master, 3, 'enc', key);
  expect(unwrapKey(master, 3, 'enc', w).equals(key)).toBe(true);
  expect(() => unwrapKey(crypto.randomBytes(32), 3, 'enc', w)).toThrow();
  expect(() => unwrapKey(master, 4, 'enc', w)).toThrow(); // a row's wrapped key moved to another id
  expect(() => unwrapKey(master, 3, 'mac', w)).toThrow();
});

test('the check value tells keys apart and reveals nothing of the key', () => {
  expect(checkValue(master)).toBe(checkValue(Buffer.from(master)));
  expect(checkValue(master)).not.toBe(checkValue(crypto.randomBytes(32)));
  expect(checkValue(master)).not.toContain(master.toString('base64').slice(0, 8));
});

test('current key: the newest active data key; pending and retired keys never encrypt', () => {
  expect(
    currentKeyId([
      { id: -1, purpose: 'mac', state: 'active' },
      { id: 0, purpose: 'enc', state: 'retired' },
      { id: 1, purpose: 'enc', state: 'active' },
      { id: 2, purpose: 'enc', state: 'pending' },
    ]),
  ).toBe(1);
  expect(() => currentKeyId([{ id: 0, purpose: 'enc', state: 'retired' }])).toThrow('no active data key');
});

describe('ciphertexts name their key', () => {
  const legacy = legacyKeys(master);
  const k1 = crypto.randomBytes(32);
  let set: KeySet = { enc: new Map([[0, legacy.enc]]), current: 0, mac: legacy.mac };
  const pii = createPii(() => set);

  test('the first release’s v1 strings and files still open (key 0)', () => {
    // v1 as the first release wrote it: iv ‖ tag ‖ body under the derived key, no key id
    const iv = crypto.randomBytes(12);
    const c = crypto.createCipheriv('aes-256-gcm', legacy.enc, iv);
    const body = Buffer.concat([c.update('13800138000', 'utf8'), c.final()]);
    const v1 = `v1.${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')}`;
    expect(pii.keyIdOf(v1)).toBe(0);
    expect(pii.decrypt(v1)).toBe('13800138000');
    const file = Buffer.concat([Buffer.from([1]), iv, c.getAuthTag(), body]);
    expect(pii.decryptBytes(file).toString()).toBe('13800138000');
  });

  test('after a rotation new data goes under the new key and old data still opens', () => {
    const old = pii.encrypt('北京市海淀区');
    const oldFile = pii.encryptBytes(Buffer.from('pcap'));
    set = {
      enc: new Map([
        [0, legacy.enc],
        [1, k1],
      ]),
      current: 1,
      mac: legacy.mac,
    };
    const fresh = pii.encrypt('北京市海淀区');
    expect(fresh.startsWith('v2.1.')).toBe(true);
    expect(pii.keyIdOf(fresh)).toBe(1);
    expect(pii.keyIdOf(old)).toBe(0);
    expect(pii.decrypt(old)).toBe('北京市海淀区');
    expect(pii.decrypt(fresh)).toBe('北京市海淀区');
    expect(pii.keyIdOf(pii.encryptBytes(Buffer.from('x')))).toBe(1);
    expect(pii.decryptBytes(oldFile).toString()).toBe('pcap');
  });

  test('a key the server lacks is named in the error, not a garbled result', () => {
    const other = piiFromMaster(crypto.randomBytes(32));
    set = { enc: new Map([[1, k1]]), current: 1, mac: legacy.mac };
    const v = pii.encrypt('x');
    expect(() => other.decrypt(v)).toThrow(UnknownKeyError);
    expect(() => other.decrypt(v)).toThrow('key 1');
  });

  test('search hashes do not change with the data key', () => {
    const before = pii.hash('138 0013 8000');
    set = { enc: new Map([[5, k1]]), current: 5, mac: legacy.mac };
    expect(pii.hash('+8613800138000')).toBe(before);
  });
});
