// Sign-in, sessions and their end (docs/security.md). A session is a random token in an httpOnly cookie,
// stored as its sha256; it ends by logout, idle time, its absolute lifetime, the user's disabling or a
// password reset — and every end is published, so the user's sockets close at once.
import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { EventBus } from '../../lib/bus';
import { AppError } from '../../lib/errors';
import type { Pii } from '../../lib/pii';
import type { Actor, Role } from '../tickets/domain/types';
import type { AuditWriter } from '../audit/repository';
import type { AlertService } from '../alerts/service';
import type { SecuritySettings } from '../settings/domain';
import type { AuthRepository, UserRow } from './repository';
import { loginKeys, type Throttle, type ThrottleLimits } from './throttle';
import { checkTotp } from './totp';

/** What a signed-in user may do until it is done: nothing else is open to the session. */
export type Restriction = 'password_change' | 'totp_enrol' | null;

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  unitId: number | null;
  unitName: string | null;
  unitPath: string | null;
  restriction: Restriction;
  totpEnabled: boolean;
  /** when the password must be changed (null: no expiry) */
  passwordExpiresAt: string | null;
}

/** The session fields of a user acting through the system itself (seeding, jobs), not a signed-in desk. */
export const SYSTEM_SESSION = { restriction: null, totpEnabled: false, passwordExpiresAt: null } as const;

export interface LoginLimits {
  pair: ThrottleLimits;
  account: ThrottleLimits;
  ip: ThrottleLimits;
}

/** A pending second-factor step lives this long. */
const MFA_WINDOW_MS = 5 * 60_000;
const TOTP_LIMITS: ThrottleLimits = { free: 5, baseMs: 30_000, maxMs: 15 * 60_000 };

export const hashPassword = (pw: string) => hash(pw);
// A real hash of a random string: unknown usernames cost the same time as wrong passwords.
let dummyHash: Promise<string> | null = null;
const dummyVerify = async (password: string) => {
  dummyHash ??= hash(crypto.randomBytes(16).toString('hex'));
  await verify(await dummyHash, password).catch(() => false);
  return false;
};

export const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('base64url');
export const newToken = () => crypto.randomBytes(32).toString('base64url');

export function passwordExpiry(u: Pick<UserRow, 'passwordChangedAt' | 'createdAt'>, maxAgeDays: number): Date | null {
  if (maxAgeDays <= 0) return null;
  return new Date((u.passwordChangedAt ?? u.createdAt).getTime() + maxAgeDays * 86_400_000);
}

export function restrictionOf(u: UserRow, policy: SecuritySettings, now: Date): Restriction {
  const expiry = passwordExpiry(u, policy.passwordMaxAgeDays);
  if (u.mustChangePassword || (expiry && expiry.getTime() <= now.getTime())) return 'password_change';
  if (!u.totpEnabledAt && (u.roles as Role[]).some((r) => policy.totpRequiredRoles.includes(r))) return 'totp_enrol';
  return null;
}

export function toSessionUser(u: UserRow, policy: SecuritySettings, now: Date): SessionUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles as Role[],
    unitId: u.unitId,
    unitName: u.unitName,
    unitPath: u.unitPath,
    restriction: restrictionOf(u, policy, now),
    totpEnabled: !!u.totpEnabledAt,
    passwordExpiresAt: passwordExpiry(u, policy.passwordMaxAgeDays)?.toISOString() ?? null,
  };
}

export function actorOf(u: SessionUser): Actor {
  return { userId: u.id, roles: u.roles, unitId: u.unitId, unitPath: u.unitPath };
}

export interface AuthDeps {
  repo: AuthRepository;
  throttle: Throttle;
  audit: AuditWriter;
  alerts: AlertService;
  bus: EventBus;
  pii: Pii;
  policy: () => SecuritySettings;
  limits: LoginLimits;
  clock: () => Date;
}

export function createAuthService(deps: AuthDeps) {
  const { repo, throttle, audit, bus, clock } = deps;
  // Every API call authenticates; re-reading the session row at most every few seconds saves a query per
  // request. The price: a logout or deactivation done on ANOTHER server takes up to CACHE_MS to apply there
  // (the socket sweep closes that node's sockets within the same time).
  const CACHE_MS = 5_000;
  const CACHE_MAX = 10_000;
  const cache = new Map<
    string,
    { row: UserRow; lastSeenAt: number; checkedAt: number; expiresAt: number | null; mfaPending: boolean }
  >();

  const userAudit = (userId: number, ip: string | null, action: string, data?: unknown) =>
    audit.write({ actorId: userId, actorIp: ip, entityType: 'user', entityId: String(userId), action, data });

  function ended(idHashes: string[], userId: number, reason: string) {
    for (const h of idHashes) cache.delete(h);
    if (idHashes.length) bus.publish([{ name: 'session.ended', payload: { idHashes, userId, reason } }]);
  }

  async function openSession(user: UserRow, ip: string | null, userAgent: string | null, mfaPending: boolean) {
    const now = clock();
    const token = newToken();
    const policy = deps.policy();
    await repo.createSession({
      idHash: sha256(token),
      userId: user.id,
      ip,
      userAgent: userAgent?.slice(0, 300) ?? null,
      createdAt: now,
      lastSeenAt: now,
      // Session times come from the same clock as the idle check, not the database's now().
      expiresAt: new Date(now.getTime() + (mfaPending ? MFA_WINDOW_MS : policy.sessionMaxHours * 3_600_000)),
      mfaPending,
    });
    return token;
  }

  async function endSession(idHash: string, userId: number, reason: string) {
    if (await repo.endSession(idHash, clock(), reason)) ended([idHash], userId, reason);
    else cache.delete(idHash);
  }

  return {
    /**
     * Password step. Unknown, disabled and wrong all answer INVALID_CREDENTIALS after one real hash check;
     * a throttled attempt answers LOGIN_THROTTLED whether or not the name exists.
     */
    async login(username: string, password: string, ip: string | null, userAgent: string | null) {
      const now = clock();
      const keys = loginKeys(username, ip, deps.limits);
      const reservation = await throttle.reserve(keys, now);
      if (!reservation.ok) throw throttled(reservation.retryAfterMs);
      const user = await repo.findByUsername(username);
      const ok = user?.active
        ? await verify(user.passwordHash, password).catch(() => false)
        : await dummyVerify(password);
      if (!ok || !user) {
        // entityId names the account when it exists; otherwise the typed name, cut short (never the password)
        await audit.write({
          actorId: user?.id ?? null,
          actorIp: ip,
          entityType: user ? 'user' : 'login',
          entityId: user ? String(user.id) : username.slice(0, 64),
          action: 'login_failed',
        });
        const pairKey = keys[0].key;
        const n = reservation.failures[pairKey];
        if (user && n === deps.limits.pair.free)
          await deps.alerts.raise('login_throttled', user.id, { failures: n, ip }, ip);
        throw new AppError('INVALID_CREDENTIALS', 'Wrong username or password');
      }
      await throttle.succeeded([keys[0].key, keys[1].key], [keys[2].key], now);
      const mfaRequired = !!user.totpEnabledAt;
      const token = await openSession(user, ip, userAgent, mfaRequired);
      await userAudit(user.id, ip, mfaRequired ? 'login_password_ok' : 'login');
      return { token, user: toSessionUser(user, deps.policy(), now), mfaRequired };
    },

    /** Second step: the TOTP code on a pending session; a fresh session replaces it (no fixation). */
    async loginTotp(pendingToken: string | undefined, code: string, ip: string | null, userAgent: string | null) {
      const now = clock();
      const idHash = pendingToken ? sha256(pendingToken) : '';
      const found = idHash ? await repo.findSession(idHash) : null;
      if (
        !found ||
        !found.session.mfaPending ||
        !found.user.active ||
        (found.session.expiresAt && found.session.expiresAt.getTime() <= now.getTime())
      )
        throw new AppError('UNAUTHENTICATED', 'Sign in with your password first');
      const user = found.user;
      const reservation = await throttle.reserve([{ key: `totp:${user.id}`, limits: TOTP_LIMITS }], now);
      if (!reservation.ok) throw throttled(reservation.retryAfterMs);
      const secret = user.totpSecretEnc ? deps.pii.decrypt(user.totpSecretEnc) : null;
      const step = secret ? await checkTotp(secret, code, now, user.totpLastStep) : null;
      if (step === null || !(await repo.useTotpStep(user.id, step))) {
        await userAudit(user.id, ip, 'login_totp_failed');
        throw new AppError('INVALID_CREDENTIALS', 'Wrong or used code', { code: 'Wrong or used code' });
      }
      await throttle.succeeded([`totp:${user.id}`], [], now);
      await endSession(idHash, user.id, 'mfa_completed');
      const token = await openSession(user, ip, userAgent, false);
      await userAudit(user.id, ip, 'login', { mfa: 'totp' });
      return { token, user: toSessionUser(user, deps.policy(), now) };
    },

    /** Resolve a cookie token; idle, expired or disabled sessions end (and are published) here. */
    async authenticate(
      token: string | undefined,
      opts: { touch?: boolean } = {},
    ): Promise<{ user: SessionUser; idHash: string; mfaPending: boolean } | null> {
      if (!token) return null;
      return this.check(sha256(token), opts);
    },

    /** The same by the session's id (the socket sweep holds ids, not tokens). */
    async check(
      idHash: string,
      opts: { touch?: boolean } = {},
    ): Promise<{ user: SessionUser; idHash: string; mfaPending: boolean } | null> {
      const now = clock();
      let entry = cache.get(idHash);
      if (!entry || now.getTime() - entry.checkedAt > CACHE_MS) {
        const found = await repo.findSession(idHash);
        cache.delete(idHash);
        if (!found) return null;
        if (!found.user.active) {
          await endSession(idHash, found.user.id, 'disabled');
          return null;
        }
        entry = {
          row: found.user,
          lastSeenAt: found.session.lastSeenAt.getTime(),
          checkedAt: now.getTime(),
          expiresAt: found.session.expiresAt?.getTime() ?? null,
          mfaPending: found.session.mfaPending,
        };
        if (cache.size >= CACHE_MAX) cache.clear();
        cache.set(idHash, entry);
      }
      const policy = deps.policy();
      if (entry.expiresAt !== null && now.getTime() >= entry.expiresAt) {
        await endSession(idHash, entry.row.id, 'expired');
        return null;
      }
      if (now.getTime() - entry.lastSeenAt > policy.sessionIdleMinutes * 60_000) {
        await endSession(idHash, entry.row.id, 'idle');
        return null;
      }
      // Writing on every request would make reads write-heavy; a 30 s resolution is plenty for a 30 min timeout.
      if (opts.touch !== false && now.getTime() - entry.lastSeenAt > 30_000) {
        await repo.touchSession(idHash, now);
        entry.lastSeenAt = now.getTime();
      }
      return { user: toSessionUser(entry.row, policy, now), idHash, mfaPending: entry.mfaPending };
    },

    async logout(idHash: string, userId: number, ip: string | null) {
      await endSession(idHash, userId, 'logout');
      await userAudit(userId, ip, 'logout');
    },

    /** End sessions of a user (all, or all but one): sign-out everywhere, disabling, password reset. */
    async endSessionsOf(userId: number, reason: string, except?: string): Promise<number> {
      const ids = await repo.endUserSessions(userId, clock(), reason, except);
      ended(ids, userId, reason);
      return ids.length;
    },

    /** The user's own live sessions (ids are a prefix of the stored hash, never the token). */
    async sessions(user: SessionUser, currentIdHash: string) {
      const rows = await repo.liveSessions(user.id, clock());
      return rows.map((s) => ({
        id: s.idHash.slice(0, 16),
        current: s.idHash === currentIdHash,
        createdAt: s.createdAt.toISOString(),
        lastSeenAt: s.lastSeenAt.toISOString(),
        expiresAt: s.expiresAt?.toISOString() ?? null,
        ip: s.ip,
        userAgent: s.userAgent,
      }));
    },

    async endOwnSession(user: SessionUser, id: string, ip: string | null) {
      const rows = await repo.liveSessions(user.id, clock());
      const target = rows.find((s) => s.idHash.slice(0, 16) === id);
      if (!target) throw new AppError('NOT_FOUND', 'Session not found');
      await endSession(target.idHash, user.id, 'signed_out_by_user');
      await userAudit(user.id, ip, 'session.end', { session: id });
      return { ok: true };
    },

    /** 在所有设备上退出: every session of the user but (optionally) this one. */
    async signOutEverywhere(user: SessionUser, currentIdHash: string, keepCurrent: boolean, ip: string | null) {
      const n = await this.endSessionsOf(user.id, 'signed_out_everywhere', keepCurrent ? currentIdHash : undefined);
      await userAudit(user.id, ip, 'session.end_all', { sessions: n, keptCurrent: keepCurrent });
      return { ended: n };
    },

    /** Forget cached copies of a user (after an administrator's change): the next request re-reads them. */
    forgetUser(userId: number) {
      for (const [k, v] of cache) if (v.row.id === userId) cache.delete(k);
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;

function throttled(retryAfterMs: number) {
  const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new AppError('LOGIN_THROTTLED', 'Too many failed attempts: try again later', undefined, {
    retryAfterSeconds,
  });
}
