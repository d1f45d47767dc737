import { checkNonce, digestResponse, ha1, makeNonce, parseDigest, sameDigest } from './digest';

test('HA1 and the response follow RFC 2617 (its worked example)', () => {
  const h = ha1('Mufasa', 'testrealm@host.com', 'Circle Of Life');
  expect(h).toBe('939e7578ed9e3c518a452acee763bce9');
  const r = digestResponse({
    ha1: h,
    method: 'GET',
    uri: '/dir/index.html',
    nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
    qop: 'auth',
    nc: '00000001',
    cnonce: '0a4f113b',
  });
  expect(r).toBe('6629fae49393a05397450978507c4ef1');
  expect(sameDigest(r, '6629FAE49393A05397450978507C4EF1')).toBe(true);
  expect(sameDigest(r, '6629fae49393a05397450978507c4ef2')).toBe(false);
});

test('without qop the response is MD5(HA1:nonce:HA2)', () => {
  const h = ha1('agent7', 'hotline.local', 'secret');
  const a = digestResponse({ ha1: h, method: 'REGISTER', uri: 'sip:hotline.local', nonce: 'n1' });
  expect(a).toMatch(/^[0-9a-f]{32}$/);
  expect(a).not.toBe(digestResponse({ ha1: h, method: 'REGISTER', uri: 'sip:hotline.local', nonce: 'n2' }));
});

test('parses an Authorization header as sip.js and sipp send it', () => {
  const h =
    'Digest algorithm=MD5, username="agent7", realm="hotline.local", nonce="abc.def", uri="sip:hotline.local", response="0123456789abcdef0123456789abcdef", qop=auth, nc=00000001, cnonce="xyz"';
  expect(parseDigest(h)).toEqual({
    algorithm: 'MD5',
    username: 'agent7',
    realm: 'hotline.local',
    nonce: 'abc.def',
    uri: 'sip:hotline.local',
    response: '0123456789abcdef0123456789abcdef',
    qop: 'auth',
    nc: '00000001',
    cnonce: 'xyz',
  });
  expect(parseDigest('Basic dXNlcjpwYXNz')).toBeNull();
  expect(parseDigest('Digest username="a"')).toBeNull();
  expect(parseDigest(undefined)).toBeNull();
});

test('nonces: accepted while fresh, stale when old, invalid when forged or from the future', () => {
  const now = 1_800_000_000_000;
  const n = makeNonce('s3cret', now);
  expect(checkNonce('s3cret', n, now + 1000, 300_000)).toBe('ok');
  expect(checkNonce('s3cret', n, now + 301_000, 300_000)).toBe('stale');
  expect(checkNonce('other', n, now, 300_000)).toBe('invalid');
  expect(
    checkNonce(
      's3cret',
      n.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
      now,
      300_000,
    ),
  ).toBe('invalid');
  expect(checkNonce('s3cret', makeNonce('s3cret', now + 3_600_000), now, 300_000)).toBe('invalid');
  expect(checkNonce('s3cret', 'garbage', now, 300_000)).toBe('invalid');
});
