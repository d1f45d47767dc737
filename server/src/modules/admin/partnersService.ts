// Contract partners kept by administrators. The contact's phone is personal data: encrypted at rest, only
// its mask is listed or audited, and the full number is a separate reveal that counts against the hourly
// reveal limit and is audited with its reason, like a caller's.
import type { Db } from '../../db/client';
import { notFound, pgCode, validation } from '../../lib/errors';
import { maskPhone, type Pii } from '../../lib/pii';
import { parse } from '../../lib/validate';
import type { Quota } from '../access/quota';
import type { AuditInput, AuditWriter } from '../audit/repository';
import type { SessionUser } from '../auth/service';
import type { SecuritySettings } from '../settings/domain';
import { requireAdmin, taken, versionConflict } from './guard';
import type { PartnerInput, PartnerRow, PartnersRepository } from './partnersRepository';
import { presentPartner } from './presenter';
import { partnerCreate, partnerUpdate, revealBody, versionQuery } from './schemas';

export function createPartnersService(d: {
  db: Db;
  repo: PartnersRepository;
  audit: AuditWriter;
  pii: Pii;
  quota: Pick<Quota, 'take'>;
  policy: () => Pick<SecuritySettings, 'revealLimitPerHour'>;
  clock: () => Date;
}) {
  const { db, repo, audit, pii } = d;
  const entry = (
    user: SessionUser,
    ip: string | null,
    action: string,
    before: PartnerRow | null,
    after: PartnerRow | null,
    data?: unknown,
  ): AuditInput => ({
    actorId: user.id,
    actorIp: ip,
    entityType: 'partner',
    entityId: String((after ?? before)!.id),
    action,
    before: before ? presentPartner(before) : null,
    after: after ? presentPartner(after) : null,
    data: data ?? null,
    at: d.clock(),
  });
  const nameTaken = (e: unknown) => {
    if (pgCode(e) === '23505') throw taken('name');
    throw e;
  };
  /** the phone's columns: ciphertext and mask (both null to clear) */
  const phoneColumns = (phone: string | null) => ({
    contactPhoneEnc: phone ? pii.encrypt(phone) : null,
    contactPhoneMasked: phone ? maskPhone(phone) : null,
  });
  const load = async (id: number) => {
    const p = await repo.get(db, id);
    if (!p) throw notFound('Partner');
    return p;
  };

  return {
    async list(user: SessionUser) {
      requireAdmin(user);
      return (await repo.all(db)).map(presentPartner);
    },

    async create(user: SessionUser, body: unknown, ip: string | null) {
      requireAdmin(user);
      const { contactPhone, ...b } = parse(partnerCreate, body);
      const row = await db
        .transaction(async (tx) => {
          if (await repo.nameTaken(tx, b.name)) throw taken('name');
          const input: PartnerInput = {
            name: b.name,
            kind: b.kind,
            creditCode: b.creditCode ?? null,
            contactName: b.contactName ?? null,
            address: b.address ?? null,
            note: b.note ?? null,
            active: b.active ?? true,
            ...phoneColumns(contactPhone ?? null),
          };
          const created = await repo.insert(tx, input, d.clock());
          await audit.write(entry(user, ip, 'partner.create', null, created), tx);
          return created;
        })
        .catch(nameTaken);
      return presentPartner(row);
    },

    async update(user: SessionUser, id: number, body: unknown, ip: string | null) {
      requireAdmin(user);
      const { version, contactPhone, ...b } = parse(partnerUpdate, body);
      const row = await db
        .transaction(async (tx) => {
          const before = await repo.get(tx, id, { lock: true });
          if (!before) throw notFound('Partner');
          if (before.version !== version) throw versionConflict('partner', before.version, presentPartner(before));
          const patch = Object.fromEntries(
            Object.entries(b).filter(([k, v]) => v !== undefined && v !== before[k as keyof PartnerRow]),
          ) as Partial<PartnerInput>;
          // the phone is compared in plaintext here only, so an unchanged number is not re-encrypted
          const phoneChanged =
            contactPhone !== undefined &&
            (contactPhone ?? null) !== (before.contactPhoneEnc ? pii.decrypt(before.contactPhoneEnc) : null);
          if (phoneChanged) Object.assign(patch, phoneColumns(contactPhone ?? null));
          if (!Object.keys(patch).length) return before;
          if (patch.name && (await repo.nameTaken(tx, patch.name, id))) throw taken('name');
          const after = await repo.update(tx, id, patch, before.version + 1, d.clock());
          await audit.write(
            entry(user, ip, 'partner.update', before, after, phoneChanged ? { contactPhoneChanged: true } : undefined),
            tx,
          );
          return after;
        })
        .catch(nameTaken);
      return presentPartner(row);
    },

    /** `query.version`: the version the administrator saw */
    async remove(user: SessionUser, id: number, query: unknown, ip: string | null) {
      requireAdmin(user);
      const { version } = parse(versionQuery, query);
      await db.transaction(async (tx) => {
        const before = await repo.get(tx, id, { lock: true });
        if (!before) throw notFound('Partner');
        if (before.version !== version) throw versionConflict('partner', before.version, presentPartner(before));
        await repo.remove(tx, id);
        await audit.write(entry(user, ip, 'partner.delete', before, null), tx);
      });
    },

    /** The contact's full phone for an administrator who must call them: limited per hour, audited. */
    async reveal(user: SessionUser, id: number, body: unknown, ip: string | null) {
      requireAdmin(user);
      const b = parse(revealBody, body ?? {});
      if (b.reason === 'other' && !b.note) throw validation({ note: 'Say why' });
      const p = await load(id);
      if (!p.contactPhoneEnc) return { contactPhone: null };
      await d.quota.take(user.id, 'reveal', d.policy().revealLimitPerHour, ip);
      const contactPhone = pii.decrypt(p.contactPhoneEnc);
      await audit.write(
        entry(user, ip, 'pii.reveal', null, p, { fields: ['contactPhone'], reason: b.reason, note: b.note ?? null }),
      );
      return { contactPhone };
    },
  };
}
export type PartnersService = ReturnType<typeof createPartnersService>;
