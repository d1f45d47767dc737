import { generateSync } from 'otplib';
import { checkTotp, newTotpSecret, totpEnrolment } from './totp';

const secret = newTotpSecret();
const at = (iso: string) => new Date(iso);
const code = (iso: string) => generateSync({ secret, epoch: Math.floor(at(iso).getTime() / 1000) });

test('the current code is accepted and names its step; a neighbour step is tolerated, two steps off is not', async () => {
  const now = '2026-12-02T10:00:15Z';
  const step = await checkTotp(secret, code(now), at(now), null);
  expect(step).toBe(Math.floor(at(now).getTime() / 1000 / 30));
  expect(await checkTotp(secret, code('2026-12-02T09:59:50Z'), at(now), null)).toBe(step! - 1);
  expect(await checkTotp(secret, code('2026-12-02T09:59:00Z'), at(now), null)).toBeNull();
});

test('a code is never accepted twice (replay): not at or before the last used step', async () => {
  const now = '2026-12-02T10:00:15Z';
  const step = (await checkTotp(secret, code(now), at(now), null))!;
  expect(await checkTotp(secret, code(now), at(now), step)).toBeNull();
  expect(await checkTotp(secret, code('2026-12-02T10:00:31Z'), at('2026-12-02T10:00:31Z'), step)).toBe(step + 1);
});

test('malformed codes are refused without a lookup', async () => {
  expect(await checkTotp(secret, '12345', new Date(), null)).toBeNull();
  expect(await checkTotp(secret, 'abcdef', new Date(), null)).toBeNull();
});

test('enrolment gives the secret, an otpauth URI and a QR image', async () => {
  const e = await totpEnrolment(secret, 'supervisor2');
  expect(e.uri).toMatch(/^otpauth:\/\/totp\/.*supervisor2.*secret=/);
  expect(e.qr).toMatch(/^data:image\/png;base64,/);
});
