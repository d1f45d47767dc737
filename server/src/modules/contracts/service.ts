// Contracts (versioned documents), the facts the client enters, and settlement statements. Every change is
// one transaction with its audit row; a statement is computed on demand and is the same for the same rows.
import { z } from 'zod';
import type { Db } from '../../db/client';
import { AppError, forbidden, notFound, validation } from '../../lib/errors';
import { dayString, DATE_MAX, DATE_MIN, parse } from '../../lib/validate';
import { assertSameRequest, checkIdempotencyKey, requestHash } from '../../lib/idempotency';
import type { AuditWriter } from '../audit/repository';
import type { SessionUser } from '../auth/service';
import type { CalendarService } from '../calendar/service';
import type { PresenceRepository } from '../presence/repository';
import type { RosterRepository } from '../roster/repository';
import {
  METRICS,
  settle,
  validateContract,
  validateContractVersions,
  type Contract,
  type DayRange,
  type Statement,
} from './domain';
import { addDays, intersect } from './domain/days';
import { contractRowOf, type ContractRow, type ContractsRepository } from './repository';
import { presentStatement } from './presenter';
import { factsToInput, gatherSettlementInput } from './settlementInput';

const VIEW_ROLES = ['admin', 'supervisor', 'shift_leader'];
const FACT_ROLES = ['admin', 'supervisor'];
const has = (u: SessionUser, roles: string[]) => u.roles.some((r) => roles.includes(r));

const day = dayString('must be a date as YYYY-MM-DD');
const factSchema = z
  .object({
    metric: z.string().refine((m) => (METRICS as readonly string[]).includes(m), { error: 'unknown metric' }),
    day,
    toDay: day.nullable().optional(),
    quantity: z.number().positive({ error: 'must be positive' }).max(1_000_000).default(1),
    amountFen: z.number().int().nonnegative({ error: 'must not be negative' }).nullable().optional(),
    kind: z.string().max(40).nullable().optional(),
    label: z.string().trim().min(1, { error: 'required' }).max(200),
    reason: z.string().trim().max(1000).nullable().optional(),
    ref: z.string().trim().max(100).nullable().optional(),
  })
  .superRefine((f, ctx) => {
    if (f.toDay && f.toDay < f.day)
      ctx.addIssue({ code: 'custom', path: ['toDay'], message: 'must not be before day' });
    if (f.metric === 'assessments' && f.kind !== 'institution' && f.kind !== 'individual')
      ctx.addIssue({ code: 'custom', path: ['kind'], message: 'institution or individual' });
    // a client's own decision (a mark-down) must say why: it is money taken from the contractor
    if (f.amountFen != null && !f.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'required' });
  });

const periodQuery = z.object({
  period: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, { error: 'YYYY-MM or YYYY-Qn', abort: true })
    .refine((p) => p.slice(0, 4) >= DATE_MIN.slice(0, 4) && p.slice(0, 4) <= DATE_MAX.slice(0, 4), {
      error: `must be between ${DATE_MIN} and ${DATE_MAX}`,
    })
    .optional(),
  from: day.optional(),
  to: day.optional(),
});

/** '2026-10' → Oct 1–31; '2026-Q4' → Oct 1 – Dec 31; or an explicit from/to. */
export function periodOf(q: z.infer<typeof periodQuery>): DayRange {
  if (q.period) {
    const [y, p] = q.period.split('-');
    const [m1, m2] = p.startsWith('Q') ? [(Number(p[1]) - 1) * 3 + 1, Number(p[1]) * 3] : [Number(p), Number(p)];
    const last = new Date(Date.UTC(Number(y), m2, 0)).getUTCDate();
    return { from: `${y}-${String(m1).padStart(2, '0')}-01`, to: `${y}-${String(m2).padStart(2, '0')}-${last}` };
  }
  if (q.from && q.to) {
    if (q.to < q.from) throw validation({ to: 'must not be before from' });
    return { from: q.from, to: q.to };
  }
  throw validation({ period: 'required (or from and to)' });
}

const summary = (r: ContractRow) => ({
  id: r.id,
  code: r.code,
  version: r.version,
  name: r.name,
  period: { from: r.periodFrom, to: r.periodTo },
  totalFen: r.totalFen,
  status: r.status,
  createdAt: r.createdAt,
  client: (r.document as Contract).client.name,
  contractor: (r.document as Contract).contractor.name,
});

export function createContractsService(d: {
  db: Db;
  repo: ContractsRepository;
  roster: RosterRepository;
  presence: PresenceRepository;
  calendar: CalendarService;
  audit: AuditWriter;
  clock: () => Date;
}) {
  const { db, repo, audit } = d;
  const today = () => new Date(d.clock().getTime() + 8 * 3600_000).toISOString().slice(0, 10);

  /** The active version whose period holds `day` (or, failing that, overlaps the range), newest first. */
  async function inForce(code: string, range: DayRange): Promise<Contract | null> {
    const active = (await repo.versions(db, code)).filter((v) => v.status === 'active').reverse();
    const holds = active.find((v) => v.periodFrom <= range.to && v.periodTo >= range.to);
    const overlaps = active.find((v) => v.periodFrom <= range.to && v.periodTo >= range.from);
    const row = holds ?? overlaps;
    return row ? (row.document as Contract) : null;
  }

  function checkDocument(json: unknown, prefix = 'document'): Contract {
    const v = validateContract(json);
    if (!v.ok)
      throw validation(
        Object.fromEntries(Object.entries(v.fields).map(([k, m]) => [`${prefix}.${k}`, m])),
        'Invalid contract',
      );
    return v.value;
  }

  return {
    inForce,

    async list(user: SessionUser) {
      if (!has(user, VIEW_ROLES)) throw forbidden();
      return (await repo.all(db)).map(summary);
    },

    async get(user: SessionUser, code: string) {
      if (!has(user, VIEW_ROLES)) throw forbidden();
      const versions = await repo.versions(db, code);
      if (!versions.length) throw notFound('Contract');
      const latest = versions[versions.length - 1];
      return { contract: latest.document as Contract, version: latest.version, versions: versions.map(summary) };
    },

    /** A new contract (version 1). */
    async create(user: SessionUser, body: unknown, ip: string | null) {
      if (!user.roles.includes('admin')) throw forbidden();
      const doc = checkDocument((body as { document?: unknown })?.document);
      return db.transaction(async (tx) => {
        await repo.lockCode(tx, doc.code);
        if ((await repo.versions(tx, doc.code)).length)
          throw new AppError('NAME_TAKEN', 'A contract with this code exists', { 'document.code': 'taken' });
        const contract: Contract = { ...doc, version: 1 };
        const row = await repo.insert(tx, contractRowOf(contract, user.id));
        await audit.write(
          {
            actorId: user.id,
            actorIp: ip,
            entityType: 'contract',
            entityId: contract.code,
            action: 'contract.create',
            after: { version: 1 },
          },
          tx,
        );
        return summary(row);
      });
    },

    /**
     * A new version. `replaces` (the version the admin edited) is archived: an amendment takes its place. A
     * renewal (`replaces` null) must not overlap any active version.
     */
    async addVersion(user: SessionUser, code: string, body: unknown, ip: string | null) {
      if (!user.roles.includes('admin')) throw forbidden();
      const b = parse(
        z.object({
          document: z.unknown(),
          replaces: z.number().int().positive().nullable(),
          baseVersion: z.number().int().positive(),
        }),
        body,
      );
      const doc = checkDocument(b.document);
      if (doc.code !== code) throw validation({ 'document.code': 'must match the contract being edited' });
      return db.transaction(async (tx) => {
        await repo.lockCode(tx, code);
        const versions = await repo.versions(tx, code);
        if (!versions.length) throw notFound('Contract');
        const latest = versions[versions.length - 1];
        if (latest.version !== b.baseVersion)
          throw new AppError('VERSION_CONFLICT', 'The contract was changed by someone else', undefined, {
            current: latest.version,
          });
        const replaced = b.replaces === null ? null : versions.find((v) => v.version === b.replaces);
        if (b.replaces !== null && (!replaced || replaced.status !== 'active'))
          throw validation({ replaces: 'no such active version' });
        const contract: Contract = { ...doc, version: latest.version + 1 };
        const others = versions.filter((v) => v.status === 'active' && v.id !== replaced?.id).map((v) => v.document);
        const check = validateContractVersions([...others, contract]);
        if (!check.ok) {
          const mine = `${others.length}.`;
          const fields = Object.fromEntries(
            Object.entries(check.fields)
              .filter(([k]) => k.startsWith(mine))
              .map(([k, m]) => [`document.${k.slice(mine.length)}`, m]),
          );
          throw validation(Object.keys(fields).length ? fields : { document: 'conflicts with another version' });
        }
        if (replaced) await repo.setStatus(tx, replaced.id, 'archived');
        const row = await repo.insert(tx, contractRowOf(contract, user.id));
        await audit.write(
          {
            actorId: user.id,
            actorIp: ip,
            entityType: 'contract',
            entityId: code,
            action: 'contract.version',
            before: replaced ? { version: replaced.version } : null,
            after: { version: contract.version },
          },
          tx,
        );
        return summary(row);
      });
    },

    async facts(user: SessionUser, code: string, query: unknown) {
      if (!has(user, VIEW_ROLES)) throw forbidden();
      const range = periodOf(parse(periodQuery, query));
      return repo.facts(db, { code, from: range.from, to: range.to, includeVoided: true });
    },

    async addFact(user: SessionUser, code: string, body: unknown, ip: string | null, idempotencyKey?: string) {
      if (!has(user, FACT_ROLES)) throw forbidden();
      checkIdempotencyKey(idempotencyKey);
      const f = parse(factSchema, body);
      const contract = await inForce(code, { from: f.day, to: f.day });
      if (!contract) throw validation({ day: 'no contract version in force on this day' });
      const rule = contract.rules.find((r) => r.metric === f.metric);
      // a manual amount is the client's decision, within the contract's range (e.g. ¥1,000–10,000 per case)
      if (rule?.amount.kind === 'manual') {
        if (f.amountFen == null) throw validation({ amountFen: 'required for this rule' });
        if (f.amountFen < rule.amount.minFen || f.amountFen > rule.amount.maxFen)
          throw validation({ amountFen: `must be between ${rule.amount.minFen} and ${rule.amount.maxFen} fen` });
      } else if (f.amountFen != null) throw validation({ amountFen: 'this metric is counted, not priced by hand' });
      // the contract is part of the request: the same key and body for another contract is another request
      const hash = idempotencyKey ? requestHash({ contract: code, fact: f }) : null;
      return db.transaction(async (tx) => {
        const { row, created } = await repo.insertFact(tx, {
          contractCode: code,
          metric: f.metric,
          day: f.day,
          toDay: f.toDay ?? null,
          quantity: f.quantity,
          amountFen: f.amountFen ?? null,
          kind: f.kind ?? null,
          label: f.label,
          reason: f.reason ?? null,
          ref: f.ref ?? null,
          createdBy: user.id,
          idempotencyKey: idempotencyKey ?? null,
          requestHash: hash,
        });
        if (!created && hash) assertSameRequest(row.requestHash, hash);
        if (created)
          await audit.write(
            {
              actorId: user.id,
              actorIp: ip,
              entityType: 'contract_fact',
              entityId: String(row.id),
              action: 'fact.create',
              after: row,
            },
            tx,
          );
        return { fact: row, created };
      });
    },

    async voidFact(user: SessionUser, id: number, ip: string | null) {
      if (!has(user, FACT_ROLES)) throw forbidden();
      return db.transaction(async (tx) => {
        const f = await repo.fact(tx, id, true);
        if (!f) throw notFound('Fact');
        if (f.voided) return;
        await repo.voidFact(tx, id);
        await audit.write(
          {
            actorId: user.id,
            actorIp: ip,
            entityType: 'contract_fact',
            entityId: String(id),
            action: 'fact.void',
            before: f,
          },
          tx,
        );
      });
    },

    /** The settlement statement of a period (days after today are not settled yet). */
    async statement(
      user: SessionUser,
      code: string,
      query: unknown,
    ): Promise<{ statement: Statement; agents: Record<string, string> }> {
      if (!has(user, VIEW_ROLES)) throw forbidden();
      const asked = periodOf(parse(periodQuery, query));
      const period = { from: asked.from, to: asked.to < today() ? asked.to : today() };
      if (period.to < period.from) throw validation({ period: 'has not started yet' });
      const contract = await inForce(code, period);
      if (!contract) {
        if (!(await repo.versions(db, code)).length) throw notFound('Contract');
        throw validation({ period: 'no contract version in force in this period' });
      }
      if (!intersect(period, contract.period)) throw validation({ period: 'outside the contract period' });
      const gather = (p: DayRange) =>
        gatherSettlementInput({
          db,
          contract,
          period: p,
          repo,
          roster: d.roster,
          presence: d.presence,
          calendar: d.calendar.calendar,
          now: d.clock(),
        });
      const { input, agentIds } = await gather(period);
      // a capped fee caps the running total: what earlier periods of the contract already earned counts
      if (contract.fee.kind !== 'prorated_total' && period.from > contract.period.from) {
        const before = { from: contract.period.from, to: addDays(period.from, -1) };
        // only the fee rows matter here: no roster or presence history is loaded for the earlier months
        const { devices, assessments } = factsToInput(await repo.facts(db, { code, ...before }));
        input.priorGrossFen = settle(contract, { period: before, devices, assessments }).grossFen;
      }
      const names = await d.roster.rosteredAgents(db);
      const agents = Object.fromEntries(
        names.filter((n) => agentIds.includes(n.id)).map((n) => [String(n.id), n.displayName]),
      );
      return { statement: presentStatement(settle(contract, input), contract, agents), agents };
    },

    async auditExport(user: SessionUser, code: string, period: DayRange, ip: string | null) {
      await audit.write({
        actorId: user.id,
        actorIp: ip,
        entityType: 'settlement',
        entityId: code,
        action: 'settlement.export',
        data: period,
      });
    },
  };
}
export type ContractsService = ReturnType<typeof createContractsService>;
