// Composition root: builds every service with only the dependencies it uses.
import type pg from 'pg';
import type { Config } from './config/env';
import type { Db } from './db/client';
import { EventBus } from './lib/bus';
import type { Pii } from './lib/pii';
import { createAuditRepository } from './modules/audit/repository';
import { createAuthRepository } from './modules/auth/repository';
import { createAuthService } from './modules/auth/service';
import { CalendarService } from './modules/calendar/service';
import { CategoryCatalog, createCategoryRepository } from './modules/categories/repository';
import { createDeadlineService } from './modules/deadlines/service';
import { createOrgRepository, OrgCatalog } from './modules/org/repository';
import { createTicketRepository } from './modules/tickets/repository';
import { createTicketService } from './modules/tickets/service';
import type { JobRunner } from './jobs/agenda';

export async function createServices(opts: { config: Config; db: Db; pool: pg.Pool; pii: Pii; clock?: () => Date }) {
  const { config, db, pool, pii } = opts;
  const clock = opts.clock ?? (() => new Date());
  const bus = new EventBus();
  const audit = createAuditRepository(db);
  const orgRepo = createOrgRepository(db);
  const org = new OrgCatalog(orgRepo);
  const catalog = new CategoryCatalog(createCategoryRepository(db));
  const calendar = new CalendarService(db, audit);
  await calendar.seedFromDir(config.CALENDAR_DIR);
  await Promise.all([org.reload(), catalog.reload(), calendar.reload()]);
  const auth = createAuthService({
    repo: createAuthRepository(db),
    audit,
    clock,
    settings: {
      idleMinutes: config.SESSION_IDLE_MINUTES,
      maxFailures: config.LOGIN_MAX_FAILURES,
      lockMinutes: config.LOGIN_LOCK_MINUTES,
    },
  });
  const ticketRepo = createTicketRepository();
  const tickets = createTicketService({
    db,
    repo: ticketRepo,
    org,
    catalog,
    calendar,
    audit,
    pii,
    bus,
    clock,
    maxContentChars: config.MAX_CONTENT_CHARS,
  });
  const deadlines = createDeadlineService({ db, repo: ticketRepo, audit, bus, clock });
  return {
    config,
    db,
    pool,
    pii,
    bus,
    audit,
    orgRepo,
    org,
    catalog,
    calendar,
    auth,
    tickets,
    deadlines,
    jobs: null as JobRunner | null,
  };
}
export type Services = Awaited<ReturnType<typeof createServices>>;
