// Per-user hourly limits on uses of personal data (reveals, exports), counted in one statement so that
// parallel requests cannot all read "29 used" and all pass. The first refusal of an hour alerts supervisors.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { AppError } from '../../lib/errors';
import type { AlertService } from '../alerts/service';
import { hourOf } from './domain';

export type QuotaKind = 'reveal' | 'export';

export function createQuota(d: { db: Db; alerts: AlertService; clock: () => Date }) {
  return {
    /** Count one use or throw (429 REVEAL_LIMIT / RATE_LIMITED) with the limit and when it resets. */
    async take(
      userId: number,
      kind: QuotaKind,
      limit: number,
      ip: string | null,
    ): Promise<{ used: number; limit: number }> {
      const now = d.clock();
      const hour = hourOf(now);
      const { rows } = await d.db.execute(sql`
        insert into reveal_quota (user_id, kind, hour, count) values (${userId}, ${kind}, ${hour.toISOString()}, 1)
        on conflict (user_id, kind, hour) do update set count = reveal_quota.count + 1
          where reveal_quota.count < ${limit}
        returning count`);
      if (rows.length) return { used: (rows[0] as { count: number }).count, limit };
      const refused = await d.db.execute(sql`
        update reveal_quota set refused = refused + 1
        where user_id = ${userId} and kind = ${kind} and hour = ${hour.toISOString()} returning refused, count`);
      const r = refused.rows[0] as { refused: number; count: number } | undefined;
      if (r?.refused === 1)
        await d.alerts.raise(kind === 'reveal' ? 'reveal_limit' : 'export_limit', userId, { limit, used: r.count }, ip);
      const resetsAt = new Date(hour.getTime() + 3_600_000).toISOString();
      throw new AppError(
        kind === 'reveal' ? 'REVEAL_LIMIT' : 'RATE_LIMITED',
        kind === 'reveal'
          ? `At most ${limit} reveals of personal data per hour; supervisors have been told`
          : `At most ${limit} exports per hour`,
        undefined,
        { limit, resetsAt },
      );
    },

    /** The daily job: hours older than a week are of no use to the limit (the audit rows stay). */
    async prune(): Promise<number> {
      const r = await d.db.execute(
        sql`delete from reveal_quota where hour < ${new Date(d.clock().getTime() - 7 * 86_400_000).toISOString()}`,
      );
      return r.rowCount ?? 0;
    },

    async usage(userId: number, kind: QuotaKind) {
      const { rows } = await d.db.execute(sql`select count, refused from reveal_quota
        where user_id = ${userId} and kind = ${kind} and hour = ${hourOf(d.clock()).toISOString()}`);
      const r = rows[0] as { count: number; refused: number } | undefined;
      return { used: r?.count ?? 0, refused: r?.refused ?? 0 };
    },
  };
}
export type Quota = ReturnType<typeof createQuota>;
