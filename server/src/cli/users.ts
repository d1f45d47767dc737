// The first administrator of a production centre (the demo seed is off there):
//   npm run user:create -- --username zhangsan --name 张三 [--roles admin] [--unit centre]
// prints a one-time password that must be changed at the first sign-in (and TOTP set up, where required).
import 'dotenv/config';
import { eq, sql } from 'drizzle-orm';
import { loadConfig, type Config } from '../config/env';
import { auditEvents, orgUnits, passwordHistory, users } from '../db/schema';
import { hashPassword } from '../modules/auth/service';
import { ROLES, type Role } from '../modules/tickets/domain/types';
import { temporaryPassword } from '../modules/users/service';
import { ownerDb } from './db';

export async function runUsersCli(
  argv: string[],
  opts: { config?: Config; print?: (s: string) => void } = {},
): Promise<number> {
  const config = opts.config ?? loadConfig();
  const print = opts.print ?? ((s: string) => console.log(s));
  const [command, ...rest] = argv;
  const flag = (name: string) => {
    const i = rest.indexOf(`--${name}`);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const username = flag('username');
  const roles = (flag('roles') ?? 'admin').split(',') as Role[];
  if (command !== 'create' || !username || !/^[a-zA-Z][a-zA-Z0-9_.-]{2,31}$/.test(username)) {
    print('usage: users create --username NAME [--name DISPLAY] [--roles admin,auditor] [--unit CODE]');
    return 2;
  }
  if (!roles.every((r) => (ROLES as readonly string[]).includes(r))) {
    print(`unknown role in ${roles.join(',')}; roles: ${ROLES.join(', ')}`);
    return 2;
  }
  const { db, close } = await ownerDb(config);
  try {
    const unitCode = flag('unit');
    const [unit] = unitCode
      ? await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.code, unitCode))
      : await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.type, 'centre')).limit(1);
    if (unitCode && !unit) {
      print(`no unit with code ${unitCode}`);
      return 2;
    }
    const taken = await db
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.username}) = lower(${username})`);
    if (taken.length) {
      print(`user ${username} exists`);
      return 1;
    }
    const password = temporaryPassword();
    const hash = await hashPassword(password);
    const now = new Date();
    await db.transaction(async (tx) => {
      const [u] = await tx
        .insert(users)
        .values({
          username,
          displayName: flag('name') ?? username,
          passwordHash: hash,
          roles,
          unitId: unit?.id ?? null,
          mustChangePassword: true,
          passwordChangedAt: now,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: users.id });
      await tx.insert(passwordHistory).values({ userId: u.id, hash, createdAt: now });
      await tx.insert(auditEvents).values({
        actorId: null,
        actorIp: null,
        entityType: 'user',
        entityId: String(u.id),
        action: 'user.create',
        after: { username, roles, unitId: unit?.id ?? null },
        data: { via: 'command line' },
        at: now,
      });
    });
    print(`created ${username} (${roles.join(', ')}); one-time password (change it at the first sign-in):`);
    print(password);
    return 0;
  } finally {
    await close();
  }
}

if (require.main === module)
  runUsersCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: Error) => {
      console.error(`users: ${e.message}`);
      process.exit(1);
    },
  );
