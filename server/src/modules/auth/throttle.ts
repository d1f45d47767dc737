// Login throttling that holds under parallel requests (OWASP ASVS V2.2.1). An attempt is *reserved* — counted
// as a failure — before its password is checked, in one transaction over every key it touches; a success
// gives the reservation back. So 100 parallel guesses can check at most `free` passwords, whatever order
// they arrive in. Keys are what was typed (unknown names are throttled exactly like real ones, so the
// answers say nothing about which accounts exist), and there is no hard lock: each failure past the free
// ones doubles the wait, capped, per account+address, per account and per address — an attacker elsewhere
// cannot lock a user out of their own desk for long.
import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { loginThrottle } from '../../db/schema';

export interface ThrottleLimits {
  /** failures allowed before back-off */
  free: number;
  baseMs: number;
  maxMs: number;
}

export interface ThrottleKey {
  key: string;
  limits: ThrottleLimits;
}

/** Wait after the n-th failure (n counted from 1): none while free, then base, 2×base, 4×base … up to max. */
export function backoffMs(failures: number, l: ThrottleLimits): number {
  if (failures < l.free) return 0;
  return Math.min(l.maxMs, l.baseMs * 2 ** Math.min(30, failures - l.free));
}

/** The keys one login attempt counts against. */
export function loginKeys(
  username: string,
  ip: string | null,
  c: { pair: ThrottleLimits; account: ThrottleLimits; ip: ThrottleLimits },
): ThrottleKey[] {
  const name = username.trim().toLowerCase();
  const addr = ip ?? 'unknown';
  return [
    { key: `pair:${name}|${addr}`, limits: c.pair },
    { key: `acct:${name}`, limits: c.account },
    { key: `ip:${addr}`, limits: c.ip },
  ];
}

export type Reservation = { ok: true; failures: Record<string, number> } | { ok: false; retryAfterMs: number };

export function createThrottle(db: Db) {
  return {
    /**
     * Count one attempt against every key, or none if any key is waiting. The rows are locked in key order
     * (no deadlock between two attempts) for the few statements of this transaction only — never while a
     * password is being hashed.
     */
    async reserve(keys: ThrottleKey[], now: Date): Promise<Reservation> {
      const sorted = [...keys].sort((a, b) => a.key.localeCompare(b.key));
      return db.transaction(async (tx) => {
        await tx
          .insert(loginThrottle)
          .values(sorted.map((k) => ({ key: k.key, failures: 0, updatedAt: now })))
          .onConflictDoNothing();
        const rows = await tx
          .select()
          .from(loginThrottle)
          .where(
            inArray(
              loginThrottle.key,
              sorted.map((k) => k.key),
            ),
          )
          .orderBy(loginThrottle.key)
          .for('update');
        const waits = rows
          .filter((r) => r.blockedUntil && r.blockedUntil.getTime() > now.getTime())
          .map((r) => r.blockedUntil!.getTime() - now.getTime());
        if (waits.length) return { ok: false as const, retryAfterMs: Math.max(...waits) };
        const failures: Record<string, number> = {};
        for (const k of sorted) {
          const row = rows.find((r) => r.key === k.key)!;
          const n = row.failures + 1;
          const wait = backoffMs(n, k.limits);
          failures[k.key] = n;
          await tx
            .update(loginThrottle)
            .set({ failures: n, blockedUntil: wait ? new Date(now.getTime() + wait) : null, updatedAt: now })
            .where(sql`${loginThrottle.key} = ${k.key}`);
        }
        return { ok: true as const, failures };
      });
    },

    /** A success: clear the keys that name the account, give the address back its one attempt. */
    async succeeded(clear: string[], giveBack: string[], now: Date): Promise<void> {
      if (clear.length)
        await db
          .update(loginThrottle)
          .set({ failures: 0, blockedUntil: null, updatedAt: now })
          .where(inArray(loginThrottle.key, clear));
      if (giveBack.length)
        await db
          .update(loginThrottle)
          .set({ failures: sql`greatest(${loginThrottle.failures} - 1, 0)`, updatedAt: now })
          .where(inArray(loginThrottle.key, giveBack));
    },

    /** The daily job: forget counts nobody has touched for a day (every sign-in creates its keys). */
    async prune(now: Date): Promise<number> {
      const r = await db.execute(
        sql`delete from login_throttle where updated_at < ${new Date(now.getTime() - 86_400_000).toISOString()}
            and (blocked_until is null or blocked_until < ${now.toISOString()})`,
      );
      return r.rowCount ?? 0;
    },

    /** Administrators' unlock: forget every count for an account name. */
    async clearAccount(username: string): Promise<number> {
      const name = username.trim().toLowerCase();
      const r = await db.execute(
        sql`delete from login_throttle where key = ${`acct:${name}`} or key like ${`pair:${name.replace(/[\\%_]/g, (c) => '\\' + c)}|%`}`,
      );
      return r.rowCount ?? 0;
    },

    /**
     * Failed sign-ins counted against accounts and the latest wait on any of their keys (from any address),
     * for the administrators' list.
     */
    async accountState(usernames: string[]): Promise<Map<string, { failures: number; blockedUntil: Date | null }>> {
      if (!usernames.length) return new Map();
      const names = usernames.map((u) => u.toLowerCase());
      const { rows } = await db.execute(sql`
        select split_part(substr(key, 6), '|', 1) as name,
               max(case when key like 'acct:%' then failures else 0 end)::int as failures,
               max(blocked_until) as blocked_until
        from login_throttle
        where (key like 'acct:%' or key like 'pair:%')
          and split_part(substr(key, 6), '|', 1) = any(${sql.param(names)}::text[])
        group by 1`);
      return new Map(
        (rows as { name: string; failures: number; blocked_until: string | Date | null }[]).map((r) => [
          r.name,
          { failures: r.failures, blockedUntil: r.blocked_until ? new Date(r.blocked_until) : null },
        ]),
      );
    },
  };
}
export type Throttle = ReturnType<typeof createThrottle>;
