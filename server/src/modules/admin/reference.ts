// The administrators' reference-data services, built from what they need (services.ts composes them).
import type { Db } from '../../db/client';
import type { Pii } from '../../lib/pii';
import type { Quota } from '../access/quota';
import type { AuditWriter } from '../audit/repository';
import type { CategoryCatalog } from '../categories/repository';
import type { OrgCatalog } from '../org/repository';
import type { SecuritySettings } from '../settings/domain';
import { createCategoryAdminRepository } from './categoryRepository';
import { createCategoryAdminService } from './categoryService';
import type { LinesService } from './linesService';
import { createOrgAdminRepository } from './orgRepository';
import { createOrgAdminService } from './orgService';
import { createPartnersRepository } from './partnersRepository';
import { createPartnersService } from './partnersService';

export function createReferenceAdmin(d: {
  db: Db;
  audit: AuditWriter;
  pii: Pii;
  quota: Pick<Quota, 'take'>;
  policy: () => Pick<SecuritySettings, 'revealLimitPerHour'>;
  clock: () => Date;
  org: Pick<OrgCatalog, 'reload'>;
  catalog: Pick<CategoryCatalog, 'reload'>;
  lines: LinesService;
}) {
  const { db, audit, clock } = d;
  return {
    org: createOrgAdminService({ db, repo: createOrgAdminRepository(), audit, org: d.org, clock }),
    categories: createCategoryAdminService({
      db,
      repo: createCategoryAdminRepository(),
      audit,
      catalog: d.catalog,
      clock,
    }),
    lines: d.lines,
    partners: createPartnersService({
      db,
      repo: createPartnersRepository(),
      audit,
      pii: d.pii,
      quota: d.quota,
      policy: d.policy,
      clock,
    }),
  };
}
export type ReferenceAdmin = ReturnType<typeof createReferenceAdmin>;
