// The new-ticket screen's helpers: who is calling (their earlier tickets and open cases) and whether this
// call repeats an open matter. Both search personal data by the phone's keyed hash, never by plaintext.
import { z } from 'zod';
import type { Db } from '../../db/client';
import { forbidden } from '../../lib/errors';
import { maskPhone, type Pii } from '../../lib/pii';
import { dbId, parse } from '../../lib/validate';
import type { AuditWriter } from '../audit/repository';
import type { SessionUser } from '../auth/service';
import type { CategoryCatalog } from '../categories/repository';
import type { OrgCatalog } from '../org/repository';
import type { IntakeRepository } from './intakeRepository';
import { MIN_SIMILARITY, rankDuplicates } from './intakeScore';
import { presentSummary, type NameLookup } from './presenter';
import type { TicketRow } from './repository';
import { CREATOR_ROLES } from './service';

const LATEST = 20;
const OPEN_MAX = 50;
const DUPLICATES_MAX = 5;

const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'Not a phone number');
const callerQuery = z.object({ phone });
const duplicatesBody = z.object({
  phone: phone.optional(),
  categoryId: dbId.optional(),
  content: z.string().trim().min(1, 'Required').max(5000),
});

export interface IntakeServiceDeps {
  db: Db;
  repo: IntakeRepository;
  pii: Pii;
  audit: AuditWriter;
  catalog: CategoryCatalog;
  org: OrgCatalog;
}

export function createIntakeService(deps: IntakeServiceDeps) {
  const { db, repo, pii, audit, catalog, org } = deps;
  const names: NameLookup = { category: (id) => catalog.get(id)?.name, unit: (id) => org.get(id)?.name };
  const mayCreate = (user: SessionUser) => {
    if (!user.roles.some((r) => CREATOR_ROLES.includes(r))) throw forbidden('Your role cannot take calls');
  };
  async function present(rows: TicketRow[]) {
    await org.ensure(rows.flatMap((t) => [t.streetId, t.communityId]));
    return rows.map((t) => presentSummary(t, names));
  }

  return {
    /** GET /api/tickets/caller?phone= — a personal-data search: audited with who, when and the masked number. */
    async caller(user: SessionUser, query: unknown, ip: string | null) {
      mayCreate(user);
      const q = parse(callerQuery, query);
      const masked = maskPhone(q.phone);
      const { recent, open } = await repo.callerTickets(db, pii.hash(q.phone), LATEST, OPEN_MAX);
      await audit.write({
        actorId: user.id,
        actorIp: ip,
        entityType: 'caller',
        entityId: masked,
        action: 'pii.caller_lookup',
        data: { phone: masked, tickets: recent.length, openCases: open.length },
      });
      return { phone: masked, tickets: await present(recent), openCases: await present(open) };
    },

    /**
     * The screen pop of an incoming call: the caller's latest tickets and open-case count, for the agent whose
     * phone rings. Audited like a lookup, on that agent's name (the system searched for them).
     */
    async screenPop(agentId: number, phone: string, latest: number) {
      const masked = maskPhone(phone);
      const { recent, open } = await repo.callerTickets(db, pii.hash(phone), latest, OPEN_MAX);
      await audit.write({
        actorId: agentId,
        actorIp: null,
        entityType: 'caller',
        entityId: masked,
        action: 'pii.screen_pop',
        data: { phone: masked, tickets: recent.length, openCases: open.length },
      });
      return {
        items: recent.map((t) => ({
          id: t.id,
          number: t.number,
          status: t.status as string,
          receivedAt: t.receivedAt.toISOString(),
          content: t.content.slice(0, 120),
        })),
        openCases: open.length,
      };
    },

    /** POST /api/tickets/duplicates — open tickets this call may repeat, best first, each with a score. */
    async duplicates(user: SessionUser, body: unknown) {
      mayCreate(user);
      const q = parse(duplicatesBody, body);
      const rows = await repo.duplicates(db, {
        phoneHash: q.phone ? pii.hash(q.phone) : undefined,
        categoryId: q.categoryId,
        content: q.content,
        minSimilarity: MIN_SIMILARITY,
        limit: DUPLICATES_MAX,
      });
      const ranked = rankDuplicates(
        rows.map((r) => ({ ...r.ticket, similarity: r.similarity })),
        q.categoryId,
        DUPLICATES_MAX,
      );
      const items = await present(ranked.map((r) => r.candidate));
      return {
        items: items.map((t, i) => ({
          ...t,
          score: ranked[i].score,
          similarity: Math.round(ranked[i].candidate.similarity * 100) / 100,
          sameCategory: ranked[i].sameCategory,
        })),
      };
    },
  };
}
export type IntakeService = ReturnType<typeof createIntakeService>;
