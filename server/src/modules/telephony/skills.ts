// Which lines an agent takes: skills are the hotline lines' skill names (kept by administrators); an agent with none takes
// every line. Shift leaders and administrators set them; every change is audited.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { users } from '../../db/schema';
import { forbidden, notFound } from '../../lib/errors';
import { parse } from '../../lib/validate';
import type { AuditWriter } from '../audit/repository';
import type { SessionUser } from '../auth/service';
import { PRESENCE_ROLES } from '../presence/domain';

const EDITORS = ['shift_leader', 'admin'];

/** The skills the ACD uses for an agent: their own, or every line's when they have none. */
export function effectiveSkills(own: readonly string[], allSkills: readonly string[]): string[] {
  return own.length ? [...own] : [...allSkills];
}

/** `lineSkills`: the skills of the lines in force now (administrators change lines while the server runs) */
export function createSkillsService(d: { db: Db; audit: AuditWriter; lineSkills: () => string[] }) {
  const body = (lineSkills: string[]) =>
    z.object({
      skills: z
        .array(z.enum(lineSkills.length ? (lineSkills as [string, ...string[]]) : ['_none_']))
        .max(20)
        .transform((s) => [...new Set(s)]),
    });
  return {
    get lineSkills() {
      return d.lineSkills();
    },
    async list(user: SessionUser) {
      if (!user.roles.some((r) => EDITORS.includes(r) || r === 'supervisor')) throw forbidden();
      const rows = await d.db
        .select({
          userId: users.id,
          username: users.username,
          displayName: users.displayName,
          roles: users.roles,
          skills: users.skills,
        })
        .from(users)
        .where(eq(users.active, true));
      return {
        lineSkills: d.lineSkills(),
        agents: rows
          .filter((r) => r.roles.some((x) => (PRESENCE_ROLES as readonly string[]).includes(x)))
          .map(({ roles: _r, ...r }) => r),
      };
    },
    async set(user: SessionUser, userId: number, input: unknown, ip: string | null) {
      if (!user.roles.some((r) => EDITORS.includes(r))) throw forbidden('Only shift leaders and administrators');
      const { skills } = parse(body(d.lineSkills()), input);
      return d.db.transaction(async (tx) => {
        const [cur] = await tx
          .select({ skills: users.skills, roles: users.roles })
          .from(users)
          .where(eq(users.id, userId))
          .for('update');
        if (!cur || !cur.roles.some((x) => (PRESENCE_ROLES as readonly string[]).includes(x))) throw notFound('Agent');
        await tx
          .update(users)
          .set({ skills })
          .where(and(eq(users.id, userId)));
        await d.audit.write(
          {
            actorId: user.id,
            actorIp: ip,
            entityType: 'user',
            entityId: String(userId),
            action: 'agent.skills',
            before: { skills: cur.skills },
            after: { skills },
          },
          tx,
        );
        return { userId, skills };
      });
    },
  };
}
export type SkillsService = ReturnType<typeof createSkillsService>;
