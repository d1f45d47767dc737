// Settings with a history: read from memory (refreshed every few seconds, so a change made on another node
// applies there within that time), written as a new version, audited with before and after.
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { settings } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { instant, parse } from '../../lib/validate';
import { errorSummary } from '../../lib/safeError';
import type { AuditWriter } from '../audit/repository';
import type { SessionUser } from '../auth/service';
import { inForce, securitySettingsSchema, type SecuritySettings, type SettingVersion } from './domain';
import { z } from 'zod';

const KEY = 'security';
const REFRESH_MS = 5_000;

const updateBody = z.object({
  value: securitySettingsSchema.partial(),
  /** ISO instant the change applies from; default now. Past instants are refused: history is not rewritten. */
  validFrom: instant().optional(),
});

export function createSettingsService(d: {
  db: Db;
  audit: AuditWriter;
  clock: () => Date;
  defaults: SecuritySettings;
}) {
  let versions: SettingVersion<Partial<SecuritySettings>>[] = [];
  let loadedAt = 0;

  async function reload() {
    const rows = await d.db.select().from(settings).where(eq(settings.key, KEY)).orderBy(asc(settings.id));
    versions = rows.map((r) => ({ value: r.value as Partial<SecuritySettings>, validFrom: r.validFrom }));
    loadedAt = Date.now();
  }

  const effective = (at: Date): SecuritySettings => ({ ...d.defaults, ...(inForce(versions, at)?.value ?? {}) });

  return {
    reload,
    /** the policy in force now (or at `at`); refreshed in the background */
    security(at: Date = d.clock()): SecuritySettings {
      if (Date.now() - loadedAt > REFRESH_MS) {
        loadedAt = Date.now(); // one refresh at a time
        void reload().catch((e: Error) => console.error(`[settings] reload failed: ${errorSummary(e)}`));
      }
      return effective(at);
    },
    async history() {
      const rows = await d.db.select().from(settings).where(eq(settings.key, KEY)).orderBy(asc(settings.id));
      return rows.map((r) => ({
        id: r.id,
        value: r.value,
        validFrom: r.validFrom.toISOString(),
        setBy: r.setBy,
        setAt: r.setAt.toISOString(),
      }));
    },
    defaults: () => d.defaults,
    async updateSecurity(user: SessionUser, body: unknown, ip: string | null) {
      if (!user.roles.includes('admin')) throw new AppError('FORBIDDEN', 'Only administrators change the policy');
      const b = parse(updateBody, body);
      const now = d.clock();
      const validFrom = b.validFrom ? new Date(b.validFrom) : now;
      if (validFrom.getTime() < now.getTime() - 60_000)
        throw new AppError('VALIDATION', 'A change cannot apply in the past', { validFrom: 'Must not be in the past' });
      await reload();
      const before = effective(validFrom);
      // the full policy is stored: a version stands on its own even if defaults change later
      const value = securitySettingsSchema.parse({ ...before, ...b.value });
      await d.db.transaction(async (tx) => {
        await tx.insert(settings).values({ key: KEY, value, validFrom, setBy: user.id, setAt: now });
        await d.audit.write(
          {
            actorId: user.id,
            actorIp: ip,
            entityType: 'settings',
            entityId: KEY,
            action: 'settings.update',
            before,
            after: value,
            data: { validFrom: validFrom.toISOString() },
            at: now,
          },
          tx,
        );
      });
      await reload();
      return { value: effective(now), validFrom: validFrom.toISOString() };
    },
  };
}
export type SettingsService = ReturnType<typeof createSettingsService>;
