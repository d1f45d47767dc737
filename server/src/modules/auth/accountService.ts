// What a user does to their own account: change the password (policy, history, other sessions end) and
// set up or remove the TOTP second factor. Every change is audited.
import { verify } from '@node-rs/argon2';
import { z } from 'zod';
import { AppError, validation } from '../../lib/errors';
import type { Pii } from '../../lib/pii';
import { parse } from '../../lib/validate';
import type { AuditWriter } from '../audit/repository';
import type { SecuritySettings } from '../settings/domain';
import type { Role } from '../tickets/domain/types';
import { passwordProblems, problemMessage } from './passwordPolicy';
import type { AuthRepository } from './repository';
import { hashPassword, toSessionUser, type AuthService, type SessionUser } from './service';
import { loginKeys, type Throttle } from './throttle';
import { checkTotp, newTotpSecret, totpEnrolment } from './totp';

const changeBody = z.object({
  currentPassword: z.string().min(1, 'Required').max(256),
  newPassword: z.string().min(1, 'Required').max(256),
});
const codeBody = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'Six digits'),
});
const disableBody = z.object({ password: z.string().min(1, 'Required').max(256), code: codeBody.shape.code });

/** Checks a new password against the policy and the user's last passwords; throws a field error. */
export async function assertNewPassword(
  repo: AuthRepository,
  user: { id: number; username: string },
  password: string,
  policy: SecuritySettings,
  field = 'newPassword',
) {
  const problems = passwordProblems(password, user.username, policy);
  if (problems.length)
    throw new AppError(
      'VALIDATION',
      'The password does not meet the policy',
      {
        [field]: problems.map((p) => problemMessage(p, policy)).join('; '),
      },
      { problems },
    );
  // the current password counts as one of the last N (accounts from before the history have no row for it)
  const current = (await repo.findUser(user.id))?.passwordHash;
  const hashes = [...(current ? [current] : []), ...(await repo.passwordHashes(user.id, policy.passwordHistory))];
  for (const h of hashes)
    if (await verify(h, password).catch(() => false))
      throw new AppError(
        'VALIDATION',
        'The password was used before',
        { [field]: `Must not be one of your last ${Math.max(1, policy.passwordHistory)} passwords` },
        { problems: ['reused'] },
      );
}

export function createAccountService(d: {
  repo: AuthRepository;
  auth: AuthService;
  throttle: Throttle;
  audit: AuditWriter;
  pii: Pii;
  policy: () => SecuritySettings;
  clock: () => Date;
  limits: Parameters<typeof loginKeys>[2];
}) {
  const { repo, audit, clock } = d;
  const write = (userId: number, ip: string | null, action: string, data?: unknown) =>
    audit.write({ actorId: userId, actorIp: ip, entityType: 'user', entityId: String(userId), action, data });

  /** The current password, checked under the same throttle as a login (it is a password guess too). */
  async function checkPassword(user: SessionUser, password: string, ip: string | null, field: string) {
    const now = clock();
    const keys = loginKeys(user.username, ip, d.limits);
    const r = await d.throttle.reserve(keys, now);
    if (!r.ok)
      throw new AppError('LOGIN_THROTTLED', 'Too many failed attempts: try again later', undefined, {
        retryAfterSeconds: Math.ceil(r.retryAfterMs / 1000),
      });
    const row = await repo.findUser(user.id);
    if (!row || !(await verify(row.passwordHash, password).catch(() => false))) {
      await write(user.id, ip, 'password_check_failed');
      throw new AppError('INVALID_CREDENTIALS', 'Wrong password', { [field]: 'Wrong password' });
    }
    await d.throttle.succeeded([keys[0].key, keys[1].key], [keys[2].key], now);
    return row;
  }

  return {
    async changePassword(user: SessionUser, sessionIdHash: string, body: unknown, ip: string | null) {
      const b = parse(changeBody, body);
      await checkPassword(user, b.currentPassword, ip, 'currentPassword');
      const policy = d.policy();
      await assertNewPassword(repo, user, b.newPassword, policy);
      const now = clock();
      await repo.setPassword(user.id, await hashPassword(b.newPassword), now, false);
      // whoever else holds a session of this account (the reason to change a password) is out
      const ended = await d.auth.endSessionsOf(user.id, 'password_changed', sessionIdHash);
      d.auth.forgetUser(user.id);
      await write(user.id, ip, 'password_change', { otherSessionsEnded: ended });
      const row = await repo.findUser(user.id);
      return { user: toSessionUser(row!, policy, now) };
    },

    /** A new secret, stored (encrypted) but not in force until a code from it is confirmed. */
    async setupTotp(user: SessionUser, ip: string | null) {
      const row = await repo.findUser(user.id);
      if (row?.totpEnabledAt) throw new AppError('CONFLICT', 'Two-step sign-in is already on');
      const secret = newTotpSecret();
      await repo.setTotp(user.id, { secretEnc: d.pii.encrypt(secret), enabledAt: null, lastStep: null }, clock());
      d.auth.forgetUser(user.id);
      await write(user.id, ip, 'totp.setup_started');
      return totpEnrolment(secret, user.username);
    },

    async enableTotp(user: SessionUser, body: unknown, ip: string | null) {
      const { code } = parse(codeBody, body);
      const row = await repo.findUser(user.id);
      if (!row?.totpSecretEnc || row.totpEnabledAt)
        throw new AppError('CONFLICT', 'Start the set-up first', { code: 'Start the set-up first' });
      const now = clock();
      const step = await checkTotp(d.pii.decrypt(row.totpSecretEnc), code, now, null);
      if (step === null) throw validation({ code: 'Wrong code: check the phone’s clock and try the next one' });
      await repo.setTotp(user.id, { secretEnc: row.totpSecretEnc, enabledAt: now, lastStep: step }, now);
      d.auth.forgetUser(user.id);
      await write(user.id, ip, 'totp.enabled');
      return { user: toSessionUser((await repo.findUser(user.id))!, d.policy(), now) };
    },

    async disableTotp(user: SessionUser, body: unknown, ip: string | null) {
      const b = parse(disableBody, body);
      if ((user.roles as Role[]).some((r) => d.policy().totpRequiredRoles.includes(r)))
        throw new AppError('FORBIDDEN', 'Your role must sign in with two steps');
      const row = await checkPassword(user, b.password, ip, 'password');
      if (!row.totpSecretEnc || !row.totpEnabledAt) throw new AppError('CONFLICT', 'Two-step sign-in is off');
      const now = clock();
      const step = await checkTotp(d.pii.decrypt(row.totpSecretEnc), b.code, now, row.totpLastStep);
      if (step === null) throw validation({ code: 'Wrong or used code' });
      await repo.setTotp(user.id, { secretEnc: null, enabledAt: null, lastStep: null }, now);
      d.auth.forgetUser(user.id);
      await write(user.id, ip, 'totp.disabled');
      return { user: toSessionUser((await repo.findUser(user.id))!, d.policy(), now) };
    },
  };
}
export type AccountService = ReturnType<typeof createAccountService>;
