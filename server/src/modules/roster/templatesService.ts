// Shift templates (早班, 夜班, 24 小时值班 …): listed for everyone, defined and retired by shift leaders.
import { z } from 'zod';
import type { Db } from '../../db/client';
import { AppError, forbidden, notFound, validation } from '../../lib/errors';
import { parse } from '../../lib/validate';
import type { AuditWriter } from '../audit/repository';
import type { SessionUser } from '../auth/service';
import type { RosterRepository, TemplateRow } from './repository';
import { toTemplate } from './view';

const PLAN_ROLES = ['admin', 'shift_leader'];
const version = z.number().int().positive();
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'HH:MM' });
const templateSchema = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]{1,30}$/, { error: 'lower-case letters, digits, _' }),
  name: z.string().trim().min(1, { error: 'required' }).max(40),
  start: clock,
  end: clock,
  kind: z.enum(['day', 'night', 'duty24', 'standby']),
  covers: z.array(z.string().min(1).max(40)).max(10),
  countsAsWork: z.boolean(),
});

export const templateView = (t: TemplateRow) => ({ ...toTemplate(t), id: t.id, active: t.active, version: t.version });

export function createTemplatesService(d: { db: Db; repo: RosterRepository; audit: AuditWriter }) {
  const { db, repo, audit } = d;
  const has = (u: SessionUser, roles: string[]) => u.roles.some((r) => roles.includes(r));
  return {
    async templates(user: SessionUser) {
      if (!user) throw forbidden();
      return (await repo.templates(db)).map(templateView);
    },

    /** A new shift template (e.g. a 12:00–20:00 middle shift), for shift leaders. */
    async createTemplate(user: SessionUser, body: unknown, ip: string | null) {
      if (!has(user, PLAN_ROLES)) throw forbidden();
      const b = parse(templateSchema, body);
      return db.transaction(async (tx) => {
        const row = await repo.insertTemplate(tx, { ...b, active: true });
        if (!row) throw new AppError('NAME_TAKEN', 'A shift with this code exists', { code: 'taken' });
        await audit.write(
          {
            actorId: user.id,
            actorIp: ip,
            entityType: 'shift_template',
            entityId: b.code,
            action: 'template.create',
            after: row,
          },
          tx,
        );
        return templateView(row);
      });
    },

    /**
     * Edit a template. Its times and what it covers are fixed once a shift uses it — past attendance and
     * settlements are computed from them — so a changed shift is a new template and the old one is retired.
     */
    async updateTemplate(user: SessionUser, code: string, body: unknown, ip: string | null) {
      if (!has(user, PLAN_ROLES)) throw forbidden();
      const b = parse(templateSchema.omit({ code: true }).extend({ active: z.boolean(), version }), body);
      return db.transaction(async (tx) => {
        const before = await repo.template(tx, code, true);
        if (!before) throw notFound('Shift template');
        if (before.version !== b.version)
          throw new AppError('VERSION_CONFLICT', 'The shift was changed by someone else', undefined, {
            current: before.version,
          });
        const timing = { start: b.start, end: b.end, kind: b.kind, covers: b.covers, countsAsWork: b.countsAsWork };
        const changed = (Object.keys(timing) as (keyof typeof timing)[]).filter(
          (k) => JSON.stringify(timing[k]) !== JSON.stringify(before[k]),
        );
        if (changed.length && (await repo.templateUsed(tx, code)))
          throw validation(
            Object.fromEntries(changed.map((k) => [k, 'shifts already use this template: create a new one instead'])),
          );
        const { version: _v, ...patch } = b;
        const row = await repo.updateTemplate(tx, code, patch);
        await audit.write(
          {
            actorId: user.id,
            actorIp: ip,
            entityType: 'shift_template',
            entityId: code,
            action: 'template.update',
            before,
            after: row,
          },
          tx,
        );
        return templateView(row);
      });
    },
  };
}
