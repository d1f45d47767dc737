// Hotline lines kept by administrators. The table is seeded once from HOTLINE_LINES; after that it is the
// truth. `live` is the very array the SIP application's config holds (modules/telephony/host.ts) and reads
// on every INVITE: after each committed change it is refilled in place, so the next call is routed by the
// new lines without a restart. Lines are deactivated, not deleted (call records name their line's DID).
import { parseLines, type LineConfig } from '@hotline-desk/telephony';
import type { Db } from '../../db/client';
import { notFound, pgCode, validation } from '../../lib/errors';
import { parse } from '../../lib/validate';
import type { AuditInput, AuditWriter } from '../audit/repository';
import type { SessionUser } from '../auth/service';
import { lineQueues, lineSkills, replaceLines, routableLines } from './domain';
import { requireAdmin, taken, versionConflict } from './guard';
import { createLinesRepository, type LineInput, type LineRow, type LinesRepository } from './linesRepository';
import { presentLine } from './presenter';
import { lineCreate, lineUpdate } from './schemas';

export async function createLinesService(d: {
  db: Db;
  audit: AuditWriter;
  clock: () => Date;
  /** HOTLINE_LINES: what an empty table starts with */
  defaults: string;
  repo?: LinesRepository;
}) {
  const { db, audit } = d;
  const repo = d.repo ?? createLinesRepository();
  const live: LineConfig[] = [];

  const entry = (
    user: SessionUser | null,
    ip: string | null,
    action: string,
    before: LineRow | null,
    after: LineRow,
  ): AuditInput => ({
    actorId: user?.id ?? null,
    actorIp: ip,
    entityType: 'hotline_line',
    entityId: String(after.id),
    action,
    before: before ? presentLine(before) : null,
    after: presentLine(after),
    at: d.clock(),
  });
  const didTaken = (e: unknown) => {
    if (pgCode(e) === '23505') throw taken('did');
    throw e;
  };

  async function reload(): Promise<void> {
    replaceLines(live, routableLines(await repo.all(db)));
  }

  /** Idempotent: fills an empty table from HOTLINE_LINES (parsed only then), audited as the system's act. */
  async function seed(): Promise<number> {
    const now = d.clock();
    return db.transaction(async (tx) => {
      const rows = await repo.seedIfEmpty(
        tx,
        () =>
          parseLines(d.defaults).map((l): LineInput => ({
            did: l.did,
            name: l.name,
            queue: l.queue,
            priority: l.priority,
            skill: l.skill ?? null,
            emergency: !!l.emergency,
            active: true,
          })),
        now,
      );
      await audit.writeMany(
        rows.map((r) => entry(null, null, 'hotline_line.seed', null, r)),
        tx,
      );
      return rows.length;
    });
  }

  await seed();
  await reload();

  return {
    /** the routable lines (active, highest priority first), updated in place after every change */
    live,
    reload,
    seed,
    /** the skills agents can be given: those of the active lines */
    skills: () => lineSkills(live),
    queues: () => lineQueues(live),

    async list(user: SessionUser) {
      requireAdmin(user);
      return (await repo.all(db)).map(presentLine);
    },

    async create(user: SessionUser, body: unknown, ip: string | null) {
      requireAdmin(user);
      const b = parse(lineCreate, body);
      const row = await db
        .transaction(async (tx) => {
          if (await repo.didTaken(tx, b.did)) throw taken('did');
          const created = await repo.insert(
            tx,
            {
              did: b.did,
              name: b.name,
              queue: b.queue,
              priority: b.priority,
              skill: b.skill ?? null,
              emergency: b.emergency ?? false,
              active: b.active ?? true,
            },
            d.clock(),
          );
          await audit.write(entry(user, ip, 'hotline_line.create', null, created), tx);
          return created;
        })
        .catch(didTaken);
      await reload();
      return presentLine(row);
    },

    async update(user: SessionUser, id: number, body: unknown, ip: string | null) {
      requireAdmin(user);
      const { version, ...b } = parse(lineUpdate, body);
      const row = await db
        .transaction(async (tx) => {
          const before = await repo.get(tx, id, { lock: true });
          if (!before) throw notFound('Line');
          if (before.version !== version) throw versionConflict('line', before.version, presentLine(before));
          const patch = Object.fromEntries(
            Object.entries(b).filter(([k, v]) => v !== undefined && v !== before[k as keyof LineRow]),
          ) as Partial<LineInput>;
          if (!Object.keys(patch).length) return before;
          if (patch.did && (await repo.didTaken(tx, patch.did, id))) throw taken('did');
          if (patch.active === false && before.active) {
            const others = (await repo.all(tx)).filter((l) => l.active && l.id !== id);
            if (!others.length) throw validation({ active: 'At least one line must stay active' });
          }
          const after = await repo.update(tx, id, patch, before.version + 1, d.clock());
          await audit.write(entry(user, ip, 'hotline_line.update', before, after), tx);
          return after;
        })
        .catch(didTaken);
      await reload();
      return presentLine(row);
    },
  };
}
export type LinesService = Awaited<ReturnType<typeof createLinesService>>;
