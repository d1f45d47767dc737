// 一键呼 devices: the elder behind a device's calling number. On an emergency call the agent needs who it
// is, where they live and whom to call, at once: the profile is decrypted for the screen pop of that
// agent only, and audited.
import { eq, isNull, and } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { elderProfiles, orgUnits } from '../../db/schema';
import type { Pii } from '../../lib/pii';
import { maskPhone } from '../../lib/pii';
import type { AuditWriter } from '../audit/repository';

export interface ElderDetails {
  medical?: string;
  contacts?: { name: string; relation: string; phone: string }[];
}

export interface ElderPop {
  name: string;
  age: number | null;
  address: string | null;
  community: string | null;
  medical: string | null;
  contacts: { name: string; relation: string; phone: string }[];
}

export async function elderForPop(
  d: { db: DbOrTx; pii: Pii; audit: AuditWriter; now: Date },
  agentId: number,
  phone: string,
): Promise<ElderPop | null> {
  const [row] = await d.db
    .select({ e: elderProfiles, community: orgUnits.name })
    .from(elderProfiles)
    .leftJoin(orgUnits, eq(orgUnits.id, elderProfiles.communityId))
    .where(and(eq(elderProfiles.devicePhoneHash, d.pii.hash(phone)), isNull(elderProfiles.removedAt)));
  if (!row) return null;
  const details: ElderDetails = row.e.detailsEnc ? JSON.parse(d.pii.decrypt(row.e.detailsEnc)) : {};
  await d.audit.write({
    actorId: agentId,
    actorIp: null,
    entityType: 'elder_profile',
    entityId: String(row.e.id),
    action: 'pii.elder_profile',
    data: { device: maskPhone(phone), reason: 'one-key emergency call' },
  });
  return {
    name: row.e.name,
    age: row.e.birthYear ? d.now.getFullYear() - row.e.birthYear : null,
    address: row.e.addressEnc ? d.pii.decrypt(row.e.addressEnc) : null,
    community: row.community,
    medical: details.medical ?? null,
    contacts: details.contacts ?? [],
  };
}

/** Demo / import helper: one device and its elder, personal data encrypted. */
export async function insertElder(
  db: DbOrTx,
  pii: Pii,
  e: { phone: string; name: string; birthYear?: number; address?: string; communityId?: number | null } & ElderDetails,
) {
  await db
    .insert(elderProfiles)
    .values({
      devicePhoneHash: pii.hash(e.phone),
      devicePhoneMasked: maskPhone(e.phone),
      name: e.name,
      birthYear: e.birthYear ?? null,
      addressEnc: e.address ? pii.encrypt(e.address) : null,
      addressMasked: e.address ? e.address.slice(0, 6) + '****' : null,
      communityId: e.communityId ?? null,
      detailsEnc: pii.encrypt(JSON.stringify({ medical: e.medical, contacts: e.contacts ?? [] })),
      installedAt: new Date(),
    })
    .onConflictDoNothing();
}
