import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../../lib/errors';
import type { Actor, Role } from '../tickets/domain/types';
import type { AuditWriter } from '../audit/repository';
import type { AuthRepository, UserRow } from './repository';

export interface AuthSettings {
  idleMinutes: number;
  maxFailures: number;
  lockMinutes: number;
}

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  unitId: number | null;
  unitName: string | null;
  unitPath: string | null;
}

export const hashPassword = (pw: string) => hash(pw);
// A real hash of a random string: unknown usernames cost the same time as wrong passwords.
let dummyHash: Promise<string> | null = null;

export const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('base64url');

export function toSessionUser(u: UserRow): SessionUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles as Role[],
    unitId: u.unitId,
    unitName: u.unitName,
    unitPath: u.unitPath,
  };
}

export function actorOf(u: SessionUser): Actor {
  return { userId: u.id, roles: u.roles, unitId: u.unitId, unitPath: u.unitPath };
}

export function createAuthService(deps: {
  repo: AuthRepository;
  audit: AuditWriter;
  settings: AuthSettings;
  clock: () => Date;
}) {
  const { repo, audit, settings, clock } = deps;
  // Every API call authenticates; re-reading the session row at most every few seconds saves a query per
  // request. The price: a logout or deactivation done on ANOTHER server takes up to CACHE_MS to apply there.
  const CACHE_MS = 5_000;
  const CACHE_MAX = 10_000;
  const cache = new Map<string, { user: SessionUser; lastSeenAt: number; checkedAt: number }>();
  return {
    async login(username: string, password: string, ip: string | null, userAgent: string | null) {
      const user = await repo.findByUsername(username);
      const now = clock();
      if (!user || !user.active) {
        dummyHash ??= hash(crypto.randomBytes(16).toString('hex'));
        await verify(await dummyHash, password).catch(() => false);
        throw new AppError('INVALID_CREDENTIALS', 'Wrong username or password');
      }
      if (user.lockedUntil && user.lockedUntil > now) {
        await audit.write({
          actorId: user.id,
          actorIp: ip,
          entityType: 'user',
          entityId: String(user.id),
          action: 'login_rejected_locked',
        });
        throw new AppError('ACCOUNT_LOCKED', 'Account locked after repeated failed logins', undefined, {
          lockedUntil: user.lockedUntil.toISOString(),
        });
      }
      const ok = await verify(user.passwordHash, password).catch(() => false);
      if (!ok) {
        const lockUntil = new Date(now.getTime() + settings.lockMinutes * 60_000);
        const { locked } = await repo.recordFailure(user.id, settings.maxFailures, lockUntil);
        await audit.write({
          actorId: user.id,
          actorIp: ip,
          entityType: 'user',
          entityId: String(user.id),
          action: locked ? 'login_locked' : 'login_failed',
        });
        if (locked)
          throw new AppError('ACCOUNT_LOCKED', 'Account locked after repeated failed logins', undefined, {
            lockedUntil: lockUntil.toISOString(),
          });
        throw new AppError('INVALID_CREDENTIALS', 'Wrong username or password');
      }
      if (user.failedLoginCount > 0 || user.lockedUntil) await repo.resetFailures(user.id);
      const token = crypto.randomBytes(32).toString('base64url');
      // Session times come from the same clock as the idle check, not the database's now().
      await repo.createSession({
        idHash: sha256(token),
        userId: user.id,
        ip,
        userAgent,
        createdAt: now,
        lastSeenAt: now,
      });
      await audit.write({
        actorId: user.id,
        actorIp: ip,
        entityType: 'user',
        entityId: String(user.id),
        action: 'login',
      });
      return { token, user: toSessionUser(user) };
    },

    /** Resolve a cookie token to its user; idle sessions expire (and are revoked) here. */
    async authenticate(token: string | undefined): Promise<{ user: SessionUser; idHash: string } | null> {
      if (!token) return null;
      const idHash = sha256(token);
      const now = clock();
      let entry = cache.get(idHash);
      if (!entry || now.getTime() - entry.checkedAt > CACHE_MS) {
        const found = await repo.findSession(idHash);
        cache.delete(idHash);
        if (!found || !found.user.active) return null;
        entry = {
          user: toSessionUser(found.user),
          lastSeenAt: found.session.lastSeenAt.getTime(),
          checkedAt: now.getTime(),
        };
        if (cache.size >= CACHE_MAX) cache.clear();
        cache.set(idHash, entry);
      }
      if (now.getTime() - entry.lastSeenAt > settings.idleMinutes * 60_000) {
        cache.delete(idHash);
        await repo.revokeSession(idHash, now);
        return null;
      }
      // Writing on every request would make reads write-heavy; a 30 s resolution is plenty for a 30 min timeout.
      if (now.getTime() - entry.lastSeenAt > 30_000) {
        await repo.touchSession(idHash, now);
        entry.lastSeenAt = now.getTime();
      }
      return { user: entry.user, idHash };
    },

    async logout(idHash: string, userId: number, ip: string | null) {
      cache.delete(idHash);
      await repo.revokeSession(idHash, clock());
      await audit.write({
        actorId: userId,
        actorIp: ip,
        entityType: 'user',
        entityId: String(userId),
        action: 'logout',
      });
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
