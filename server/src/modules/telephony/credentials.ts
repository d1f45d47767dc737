// Softphone identities: stable user names, long random secrets. The digest arithmetic lives with the
// registrar in the telephony package.
import crypto from 'node:crypto';

/** Softphone user names are stable per agent and carry no personal data. */
export function sipUserFor(userId: number): string {
  return `agent${userId}`;
}

/** 24 random characters: the softphone secret is typed by nobody, so it can be long. */
export function newSipPassword(): string {
  return crypto.randomBytes(18).toString('base64url');
}
