// TOTP second factor (RFC 6238, 30 s steps, 6 digits: what authenticator apps expect) through otplib.
// A code is accepted one step either side (clock drift), and never twice: the last used step is stored.
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';

export const TOTP_ISSUER = 'Hotline Desk 热线坐席';

export function newTotpSecret(): string {
  return generateSecret();
}

export async function totpEnrolment(secret: string, username: string) {
  const uri = generateURI({ issuer: TOTP_ISSUER, label: username, secret });
  return { secret, uri, qr: await QRCode.toDataURL(uri, { margin: 1, width: 200 }) };
}

/** The time step the code matched, or null (wrong, expired, or not after `afterStep`). */
export async function checkTotp(
  secret: string,
  code: string,
  now: Date,
  afterStep: number | null,
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const r = await verify({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: 30,
    ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
  });
  // a TOTP result carries its time step (the type is shared with HOTP, which has none)
  return r.valid ? (r as { timeStep: number }).timeStep : null;
}
