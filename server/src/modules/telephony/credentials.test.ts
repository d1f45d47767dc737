import { digestResponse, ha1, newSipPassword, sipUserFor } from './credentials';

test('HA1 and the digest response follow RFC 2617 (its worked example)', () => {
  // RFC 2617 §3.5: Mufasa / "Circle Of Life" at testrealm@host.com
  const h = ha1('Mufasa', 'testrealm@host.com', 'Circle Of Life');
  expect(h).toBe('939e7578ed9e3c518a452acee763bce9');
  expect(
    digestResponse({
      ha1: h,
      method: 'GET',
      uri: '/dir/index.html',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      qop: 'auth',
      nc: '00000001',
      cnonce: '0a4f113b',
    }),
  ).toBe('6629fae49393a05397450978507c4ef1');
});

test('without qop the response is MD5(HA1:nonce:HA2)', () => {
  const h = ha1('agent7', 'hotline.local', 'secret');
  expect(digestResponse({ ha1: h, method: 'REGISTER', uri: 'sip:hotline.local', nonce: 'n1' })).toMatch(
    /^[0-9a-f]{32}$/,
  );
  expect(digestResponse({ ha1: h, method: 'REGISTER', uri: 'sip:hotline.local', nonce: 'n1' })).not.toBe(
    digestResponse({ ha1: h, method: 'REGISTER', uri: 'sip:hotline.local', nonce: 'n2' }),
  );
});

test('user names carry only the user id; passwords are long and random', () => {
  expect(sipUserFor(7)).toBe('agent7');
  const a = newSipPassword();
  expect(a).toHaveLength(24);
  expect(newSipPassword()).not.toBe(a);
});
