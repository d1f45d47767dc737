// Administrators manage accounts: create (with a one-time temporary password the user must change), edit
// roles / unit / skills, disable and enable, unlock (clear login throttling), reset the password or the
// second factor, sign a user out everywhere. One transaction per change with its audit row (before/after);
// a disabled or reset account's sessions end at once, and with them its open sockets.
import crypto from 'node:crypto';
import { z } from 'zod';
import type { Db, Tx } from '../../db/client';
import { AppError, forbidden, notFound, pgCode, validation } from '../../lib/errors';
import { parse } from '../../lib/validate';
import type { AuditWriter } from '../audit/repository';
import { assertNewPassword } from '../auth/accountService';
import { createAuthRepository, type AuthRepository } from '../auth/repository';
import { hashPassword, type AuthService, type SessionUser } from '../auth/service';
import type { Throttle } from '../auth/throttle';
import type { OrgCatalog } from '../org/repository';
import type { SecuritySettings } from '../settings/domain';
import { ROLES } from '../tickets/domain/types';
import { presentUser } from './presenter';
import type { AdminUserRow, UsersRepository } from './repository';

const roles = z.array(z.enum(ROLES)).min(1, 'At least one role').max(ROLES.length);
const skills = z
  .array(
    z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_-]{0,31}$/, 'Lower-case skill names'),
  )
  .max(20);
const createBody = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[a-zA-Z][a-zA-Z0-9_.-]{2,31}$/, '3–32 letters, digits, _ . -, starting with a letter'),
  displayName: z.string().trim().min(1, 'Required').max(50),
  roles,
  unitId: z.number().int().positive().nullable().optional(),
  skills: skills.optional(),
  /** optional: an initial password the administrator chose (still must be changed at first sign-in) */
  password: z.string().min(1).max(256).optional(),
});
const updateBody = z.object({
  version: z.number().int().positive(),
  displayName: z.string().trim().min(1, 'Required').max(50).optional(),
  roles: roles.optional(),
  unitId: z.number().int().positive().nullable().optional(),
  skills: skills.optional(),
});
const versionBody = z.object({ version: z.number().int().positive() });
const listQuery = z.object({
  q: z.string().trim().max(50).optional(),
  role: z.enum(ROLES).optional(),
  unitId: z.coerce.number().int().positive().optional(),
  active: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

const ALPHABET = {
  lower: 'abcdefghijkmnopqrstuvwxyz',
  upper: 'ABCDEFGHJKLMNPQRSTUVWXYZ',
  digit: '23456789',
  symbol: '!@#$%*-_+=?',
};

/** A temporary password of 16 characters with every class (no look-alike letters: it is read aloud). */
export function temporaryPassword(): string {
  const all = Object.values(ALPHABET).join('');
  const pick = (set: string) => set[crypto.randomInt(set.length)];
  const chars = [...Object.values(ALPHABET).map(pick), ...Array.from({ length: 12 }, () => pick(all))];
  for (let i = chars.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

export function createUsersService(d: {
  db: Db;
  repo: UsersRepository;
  authRepo: AuthRepository;
  auth: AuthService;
  throttle: Throttle;
  audit: AuditWriter;
  org: OrgCatalog;
  policy: () => SecuritySettings;
  clock: () => Date;
}) {
  const { db, repo, audit, clock } = d;
  const admin = (user: SessionUser) => {
    if (!user.roles.includes('admin')) throw forbidden('Only administrators manage accounts');
  };
  const load = async (id: number) => {
    const u = await repo.get(db, id);
    if (!u) throw notFound('User');
    return u;
  };
  const checkVersion = (u: AdminUserRow, version: number) => {
    if (u.version !== version)
      throw new AppError('VERSION_CONFLICT', 'The account was changed by someone else', undefined, {
        currentVersion: u.version,
      });
  };
  async function checkUnit(unitId: number | null | undefined, userRoles: string[]) {
    if (unitId) {
      await d.org.ensure([unitId]);
      if (!d.org.get(unitId)?.active) throw validation({ unitId: 'Unknown unit' });
    }
    if (userRoles.includes('department_handler') && !unitId)
      throw validation({ unitId: 'A department handler belongs to a unit' });
  }
  const snapshot = (u: AdminUserRow) => {
    const { passwordHash: _p, totpSecretEnc: _t, ...rest } = u;
    return presentUser(rest as AdminUserRow, null);
  };
  /** One audited change of one account, under its row lock, with its version checked. */
  async function change(
    user: SessionUser,
    id: number,
    version: number | null,
    action: string,
    ip: string | null,
    apply: (u: AdminUserRow, tx: Tx) => Promise<Record<string, unknown> | void>,
  ) {
    const now = clock();
    const data = await db.transaction(async (tx) => {
      const before = await repo.get(tx, id, { lock: true });
      if (!before) throw notFound('User');
      if (version !== null) checkVersion(before, version);
      const extra = await apply(before, tx);
      const after = (await repo.get(tx, id))!;
      await audit.write(
        {
          actorId: user.id,
          actorIp: ip,
          entityType: 'user',
          entityId: String(id),
          action,
          before: snapshot(before),
          after: snapshot(after),
          data: extra ?? null,
          at: now,
        },
        tx,
      );
      return extra;
    });
    d.auth.forgetUser(id);
    return data;
  }
  const view = async (id: number) => {
    const u = await load(id);
    const t = await d.throttle.accountState([u.username]);
    return presentUser(u, t.get(u.username.toLowerCase()) ?? null);
  };

  return {
    async list(user: SessionUser, query: unknown) {
      admin(user);
      const q = parse(listQuery, query);
      const { items, total } = await repo.list(
        db,
        { q: q.q, role: q.role, unitId: q.unitId, active: q.active === undefined ? undefined : q.active === 'true' },
        q.page,
        q.pageSize,
      );
      const throttled = await d.throttle.accountState(items.map((u) => u.username));
      return {
        items: items.map((u) => presentUser(u, throttled.get(u.username.toLowerCase()) ?? null)),
        total,
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    async get(user: SessionUser, id: number) {
      admin(user);
      return { user: await view(id), sessions: await d.authRepo.liveSessions(id, clock()).then((s) => s.length) };
    },

    async create(user: SessionUser, body: unknown, ip: string | null) {
      admin(user);
      const b = parse(createBody, body);
      await checkUnit(b.unitId, b.roles);
      const policy = d.policy();
      const password = b.password ?? temporaryPassword();
      if (b.password)
        await assertNewPassword(d.authRepo, { id: 0, username: b.username }, password, policy, 'password');
      const hash = await hashPassword(password);
      const now = clock();
      let id: number;
      try {
        id = await db.transaction(async (tx) => {
          if (await repo.byUsername(tx, b.username))
            throw new AppError('NAME_TAKEN', 'User name taken', { username: 'Taken' });
          const newId = await repo.insert(tx, {
            username: b.username,
            displayName: b.displayName,
            passwordHash: hash,
            roles: b.roles,
            unitId: b.unitId ?? null,
            skills: b.skills ?? [],
            mustChangePassword: true,
            passwordChangedAt: now,
            createdAt: now,
            updatedAt: now,
          });
          await createAuthRepository(tx).setPassword(newId, hash, now, true); // the first history row
          const created = (await repo.get(tx, newId))!;
          await audit.write(
            {
              actorId: user.id,
              actorIp: ip,
              entityType: 'user',
              entityId: String(newId),
              action: 'user.create',
              after: snapshot(created),
              at: now,
            },
            tx,
          );
          return newId;
        });
      } catch (e) {
        // two administrators creating the same name at once: the unique index decides
        if (pgCode(e) === '23505') throw new AppError('NAME_TAKEN', 'User name taken', { username: 'Taken' });
        throw e;
      }
      // shown once, to be handed over in person; never stored in clear or logged
      return { user: await view(id), temporaryPassword: b.password ? null : password };
    },

    async update(user: SessionUser, id: number, body: unknown, ip: string | null) {
      admin(user);
      const b = parse(updateBody, body);
      const current = await load(id);
      const newRoles = b.roles ?? (current.roles as string[]);
      await checkUnit(b.unitId === undefined ? current.unitId : b.unitId, newRoles);
      if (id === user.id && b.roles && !b.roles.includes('admin'))
        throw validation({ roles: 'You cannot take the administrator role from yourself' });
      await change(user, id, b.version, 'user.update', ip, async (_u, tx) => {
        await repo.update(tx, id, {
          ...(b.displayName !== undefined ? { displayName: b.displayName } : {}),
          ...(b.roles ? { roles: b.roles } : {}),
          ...(b.unitId !== undefined ? { unitId: b.unitId } : {}),
          ...(b.skills ? { skills: b.skills } : {}),
          updatedAt: clock(),
        });
      });
      // new roles or unit change what the open sessions may see: they re-read the account at once
      if (b.roles || b.unitId !== undefined) await d.auth.endSessionsOf(id, 'account_changed');
      return { user: await view(id) };
    },

    async setActive(user: SessionUser, id: number, active: boolean, body: unknown, ip: string | null) {
      admin(user);
      const { version } = parse(versionBody, body);
      if (id === user.id && !active) throw validation({ id: 'You cannot disable your own account' });
      await change(user, id, version, active ? 'user.enable' : 'user.disable', ip, async (_u, tx) => {
        await repo.update(tx, id, { active, updatedAt: clock() });
      });
      if (!active) await d.auth.endSessionsOf(id, 'disabled');
      return { user: await view(id) };
    },

    async unlock(user: SessionUser, id: number, ip: string | null) {
      admin(user);
      const u = await load(id);
      const cleared = await d.throttle.clearAccount(u.username);
      await audit.write({
        actorId: user.id,
        actorIp: ip,
        entityType: 'user',
        entityId: String(id),
        action: 'user.unlock',
        data: { counters: cleared },
        at: clock(),
      });
      return { user: await view(id) };
    },

    async resetPassword(user: SessionUser, id: number, body: unknown, ip: string | null) {
      admin(user);
      const { version } = parse(versionBody, body);
      const password = temporaryPassword();
      const hash = await hashPassword(password);
      await change(user, id, version, 'user.reset_password', ip, async (_u, tx) => {
        await createAuthRepository(tx).setPassword(id, hash, clock(), true);
      });
      await d.auth.endSessionsOf(id, 'password_reset');
      return { user: await view(id), temporaryPassword: password };
    },

    async resetTotp(user: SessionUser, id: number, body: unknown, ip: string | null) {
      admin(user);
      const { version } = parse(versionBody, body);
      await change(user, id, version, 'user.reset_totp', ip, async (_u, tx) => {
        await createAuthRepository(tx).setTotp(id, { secretEnc: null, enabledAt: null, lastStep: null }, clock());
      });
      await d.auth.endSessionsOf(id, 'totp_reset');
      return { user: await view(id) };
    },

    async signOut(user: SessionUser, id: number, ip: string | null) {
      admin(user);
      await load(id);
      const ended = await d.auth.endSessionsOf(id, 'signed_out_by_admin');
      await audit.write({
        actorId: user.id,
        actorIp: ip,
        entityType: 'user',
        entityId: String(id),
        action: 'user.sign_out',
        data: { sessions: ended },
        at: clock(),
      });
      return { ended };
    },
  };
}
export type UsersService = ReturnType<typeof createUsersService>;
