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
import { createExportService } from './modules/tickets/exportService';
import { createIntakeRepository } from './modules/tickets/intakeRepository';
import { createIntakeService } from './modules/tickets/intakeService';
import { createSavedFiltersRepository } from './modules/tickets/savedFiltersRepository';
import { createSavedFiltersService } from './modules/tickets/savedFiltersService';
import { createKbRepository } from './modules/kb/repository';
import { createKbService } from './modules/kb/service';
import type { JobRunner } from './jobs/agenda';
import type { Telephony } from '@hotline-desk/telephony';
import { createPresenceRepository } from './modules/presence/repository';
import { createPresenceService } from './modules/presence/service';
import { createSoftphoneRepository } from './modules/telephony/repository';
import { createSoftphoneService } from './modules/telephony/service';
import { createCallsRepository } from './modules/telephony/callsRepository';
import { createWallboard } from './modules/telephony/wallboard';
import { createSkillsService } from './modules/telephony/skills';
import { createRecordingService } from './modules/telephony/recordings';
import { createRecordingsRepository } from './modules/telephony/recordingsRepository';
import { parseLines } from '@hotline-desk/telephony';
import { createWorkRepository } from './modules/work/repository';
import { createWorkService } from './modules/work/service';
import { createAttachmentRepository } from './modules/attachments/repository';
import { createAttachmentService } from './modules/attachments/service';
import { createContractsRepository } from './modules/contracts/repository';
import { createContractsService } from './modules/contracts/service';
import { createRosterRepository } from './modules/roster/repository';
import { createRosterService } from './modules/roster/service';

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
  const intake = createIntakeService({ db, repo: createIntakeRepository(), pii, audit, catalog, org });
  const ticketExport = createExportService({
    db,
    repo: ticketRepo,
    pii,
    audit,
    catalog,
    org,
    maxRows: config.EXPORT_MAX_ROWS,
    clock,
  });
  const savedFilters = createSavedFiltersService({ db, repo: createSavedFiltersRepository() });
  const presenceRepo = createPresenceRepository();
  const presence = createPresenceService({
    db,
    repo: presenceRepo,
    bus,
    clock,
    graceSeconds: config.PRESENCE_GRACE_SECONDS,
  });
  await presence.startup();
  const softphones = createSoftphoneService({
    db,
    repo: createSoftphoneRepository(),
    pii,
    audit,
    clock,
    domain: config.SIP_DOMAIN,
    wsUri: config.SIP_WS_URI,
  });
  const work = createWorkService({ db, repo: createWorkRepository(), catalog, clock });
  const attachments = createAttachmentService({ db, repo: createAttachmentRepository(), tickets, audit, pii, clock });
  const kb = createKbService({ db, repo: createKbRepository(), catalog, audit, clock });
  // `services.telephony` is set by the server once the SIP application starts; until then nothing waits
  const holder: { telephony: Telephony | null } = { telephony: null };
  const lines = parseLines(config.HOTLINE_LINES);
  const skills = createSkillsService({
    db,
    audit,
    lineSkills: [...new Set(lines.map((l) => l.skill).filter((x): x is string => !!x))],
  });
  const wallboard = createWallboard({
    db,
    repo: createCallsRepository(),
    clock,
    thresholdSeconds: config.SERVICE_LEVEL_SECONDS,
    waiting: () => holder.telephony?.acd.waitingCalls() ?? [],
    queues: [...new Set(lines.map((l) => l.queue))],
  });
  const rosterRepo = createRosterRepository();
  const contracts = createContractsService({
    db,
    repo: createContractsRepository(),
    roster: rosterRepo,
    presence: presenceRepo,
    calendar,
    audit,
    clock,
  });
  const roster = createRosterService({
    db,
    repo: rosterRepo,
    presence: presenceRepo,
    calendar,
    contractInForce: contracts.inForce,
    audit,
    clock,
  });
  const recordings = createRecordingService({
    db,
    repo: createRecordingsRepository(),
    pii,
    audit,
    clock,
    dir: config.RECORDINGS_DIR ?? null,
    retentionDays: config.RECORDING_RETENTION_DAYS,
  });
  return {
    config,
    /** the one clock every service uses (tests move it) */
    clock,
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
    intake,
    ticketExport,
    savedFilters,
    deadlines,
    presence,
    softphones,
    kb,
    work,
    attachments,
    jobs: null as JobRunner | null,
    wallboard,
    skills,
    recordings,
    contracts,
    roster,
    /** the SIP application, when DRACHTIO_HOST is set */
    get telephony(): Telephony | null {
      return holder.telephony;
    },
    set telephony(t: Telephony | null) {
      holder.telephony = t;
    },
  };
}
export type Services = Awaited<ReturnType<typeof createServices>>;
