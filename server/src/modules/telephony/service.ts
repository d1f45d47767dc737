// Softphones: per-agent SIP credentials issued by the server, and the registrations the registrar keeps.
// The registrar (telephony package) calls `ha1For`, `registered` and `unregistered`; the desk and the shift
// leaders call the rest.
import type { Db } from '../../db/client';
import { forbidden } from '../../lib/errors';
import type { Pii } from '../../lib/pii';
import type { AuditWriter } from '../audit/repository';
import type { SessionUser } from '../auth/service';
import { PRESENCE_ROLES, WALLBOARD_ROLES } from '../presence/domain';
import { ha1 } from '@hotline-desk/telephony';
import { newSipPassword, sipUserFor } from './credentials';
import type { SoftphoneRepository } from './repository';

export interface SoftphoneDeps {
  db: Db;
  repo: SoftphoneRepository;
  pii: Pii;
  audit: AuditWriter;
  clock: () => Date;
  domain: string;
  wsUri: string;
}

const hasAny = (user: SessionUser, roles: readonly string[]) => user.roles.some((r) => roles.includes(r));

export function createSoftphoneService(d: SoftphoneDeps) {
  return {
    /** The signed-in agent's softphone settings (issued on first use). */
    async mine(user: SessionUser, ip: string | null) {
      if (!hasAny(user, PRESENCE_ROLES)) throw forbidden('Only seat agents have a softphone');
      let row = await d.repo.credentialsOf(d.db, user.id);
      if (!row) {
        const sipUser = sipUserFor(user.id);
        const password = newSipPassword();
        const issued = await d.repo.insertCredentials(d.db, {
          userId: user.id,
          sipUser,
          ha1: ha1(sipUser, d.domain, password),
          passwordEnc: d.pii.encrypt(password),
          issuedAt: d.clock(),
        });
        row = (await d.repo.credentialsOf(d.db, user.id))!;
        if (issued)
          await d.audit.write({
            actorId: user.id,
            actorIp: ip,
            entityType: 'softphone',
            entityId: row.sipUser,
            action: 'softphone.issue',
          });
      }
      const registrations = await d.repo.live(d.db, d.clock(), user.id);
      return {
        sipUser: row.sipUser,
        password: d.pii.decrypt(row.passwordEnc),
        domain: d.domain,
        wsUri: d.wsUri,
        registered: registrations.length > 0,
      };
    },

    /** Live registrations, for shift leaders (who is reachable by the ACD). */
    async registrations(user: SessionUser) {
      if (!hasAny(user, WALLBOARD_ROLES)) throw forbidden();
      const rows = await d.repo.live(d.db, d.clock());
      return rows.map((r) => ({
        ...r,
        registeredAt: r.registeredAt.toISOString(),
        expiresAt: r.expiresAt.toISOString(),
      }));
    },

    // ---- for the registrar -------------------------------------------------------------------------
    async ha1For(sipUser: string): Promise<{ userId: number; ha1: string } | null> {
      const row = await d.repo.credentialsBySipUser(d.db, sipUser);
      return row && row.active ? { userId: row.userId, ha1: row.ha1 } : null;
    },
    async registered(p: {
      userId: number;
      contact: string;
      received: string | null;
      userAgent: string | null;
      expiresSeconds: number;
    }) {
      const now = d.clock();
      await d.repo.upsertRegistration(d.db, {
        userId: p.userId,
        contact: p.contact,
        received: p.received,
        userAgent: p.userAgent,
        registeredAt: now,
        expiresAt: new Date(now.getTime() + p.expiresSeconds * 1000),
      });
    },
    async unregistered(userId: number, contact: string | null) {
      await d.repo.removeRegistration(d.db, userId, contact);
    },
    async liveContacts(userId?: number) {
      return d.repo.live(d.db, d.clock(), userId);
    },
    async purgeExpired() {
      await d.repo.purgeExpired(d.db, d.clock());
    },
  };
}
export type SoftphoneService = ReturnType<typeof createSoftphoneService>;
