// Security alerts: stored (supervisors see and acknowledge them), audited, and pushed to the supervisors' and
// administrators' desks at once. Raising one is deduplicated per user, kind and hour, so a burst of refused
// reveals is one alert, not three hundred.
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { securityAlerts, users } from '../../db/schema';
import type { EventBus } from '../../lib/bus';
import { notFound } from '../../lib/errors';
import type { SecurityAlertPayload } from '../../realtime/events';
import type { AuditWriter } from '../audit/repository';

type Kind = SecurityAlertPayload['kind'];

export function createAlertService(d: { db: Db; audit: AuditWriter; bus: EventBus; clock: () => Date }) {
  return {
    async raise(kind: Kind, userId: number | null, data: Record<string, unknown>, ip: string | null = null) {
      const now = d.clock();
      const hour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
      const inserted = await d.db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`alert:${kind}:${userId ?? 0}`}))`);
        const [open] = await tx
          .select({ id: securityAlerts.id })
          .from(securityAlerts)
          .where(
            and(
              eq(securityAlerts.kind, kind),
              userId === null ? isNull(securityAlerts.userId) : eq(securityAlerts.userId, userId),
              sql`${securityAlerts.at} >= ${hour.toISOString()}`,
            ),
          )
          .limit(1);
        if (open) return null;
        const [row] = await tx.insert(securityAlerts).values({ kind, userId, at: now, data }).returning();
        await d.audit.write(
          {
            actorId: userId,
            actorIp: ip,
            entityType: 'security_alert',
            entityId: String(row.id),
            action: `alert.${kind}`,
            data,
            at: now,
          },
          tx,
        );
        return row;
      });
      if (!inserted) return null;
      const [u] = userId ? await d.db.select({ username: users.username }).from(users).where(eq(users.id, userId)) : [];
      const payload: SecurityAlertPayload = {
        id: inserted.id,
        kind,
        userId,
        username: u?.username ?? null,
        at: now.toISOString(),
        data,
      };
      d.bus.publish([{ name: 'security.alert', payload }]);
      return payload;
    },

    async list(opts: { open?: boolean; limit?: number } = {}) {
      const rows = await d.db
        .select({ a: securityAlerts, username: users.username, displayName: users.displayName })
        .from(securityAlerts)
        .leftJoin(users, eq(users.id, securityAlerts.userId))
        .where(opts.open ? isNull(securityAlerts.acknowledgedAt) : undefined)
        .orderBy(desc(securityAlerts.id))
        .limit(opts.limit ?? 200);
      return rows.map((r) => ({
        id: r.a.id,
        kind: r.a.kind,
        userId: r.a.userId,
        username: r.username,
        displayName: r.displayName,
        at: r.a.at.toISOString(),
        data: r.a.data,
        acknowledgedBy: r.a.acknowledgedBy,
        acknowledgedAt: r.a.acknowledgedAt?.toISOString() ?? null,
      }));
    },

    async acknowledge(actorId: number, id: number, ip: string | null) {
      const now = d.clock();
      const [row] = await d.db
        .update(securityAlerts)
        .set({ acknowledgedBy: actorId, acknowledgedAt: now })
        .where(and(eq(securityAlerts.id, id), isNull(securityAlerts.acknowledgedAt)))
        .returning();
      if (!row) throw notFound('Open alert');
      await d.audit.write({
        actorId,
        actorIp: ip,
        entityType: 'security_alert',
        entityId: String(id),
        action: 'alert.acknowledge',
        at: now,
      });
      return { ok: true };
    },
  };
}
export type AlertService = ReturnType<typeof createAlertService>;
