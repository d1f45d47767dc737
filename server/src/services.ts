// Composition root: builds every service with only the dependencies it uses.
import type pg from 'pg';
import type { Config } from './config/env';
import type { Db } from './db/client';
import { EventBus } from './lib/bus';
import type { Pii } from './lib/pii';
import { errorSummary } from './lib/safeError';
import { createKeyring } from './modules/keys/keyring';
import { createAuditRepository } from './modules/audit/repository';
import { createAuthRepository } from './modules/auth/repository';
import { createAuthService } from './modules/auth/service';
import { createAccountService } from './modules/auth/accountService';
import { createThrottle } from './modules/auth/throttle';
import { createQuota } from './modules/access/quota';
import { createUsersRepository } from './modules/users/repository';
import { createUsersService } from './modules/users/service';
import { createAuditService } from './modules/audit/service';
import { createAlertService } from './modules/alerts/service';
import { securityDefaults } from './modules/settings/domain';
import { createSettingsService } from './modules/settings/service';
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
import { createLinesService } from './modules/admin/linesService';
import { createReferenceAdmin } from './modules/admin/reference';
import { createWorkRepository } from './modules/work/repository';
import { createWorkService } from './modules/work/service';
import { createAttachmentRepository } from './modules/attachments/repository';
import { createAttachmentService } from './modules/attachments/service';
import { createContractsRepository } from './modules/contracts/repository';
import { createContractsService } from './modules/contracts/service';
import { createRosterRepository } from './modules/roster/repository';
import { createRosterService } from './modules/roster/service';

const REFERENCE_REFRESH_MS = 30_000;

export async function createServices(opts: {
  config: Config;
  db: Db;
  pool: pg.Pool;
  /** the checked master key (db/setup.ts) */
  master: Buffer;
  clock?: () => Date;
  log?: (m: string) => void;
}) {
  const { config, db, pool } = opts;
  const clock = opts.clock ?? (() => new Date());
  const log = opts.log ?? ((m: string) => console.log(m));
  const bus = new EventBus();
  const audit = createAuditRepository(db);
  const keys = await createKeyring({
    db,
    master: opts.master,
    audit,
    clock,
    log,
    activationSeconds: config.KEY_ACTIVATION_SECONDS,
    recordingsDir: config.RECORDINGS_DIR ?? null,
  });
  const pii: Pii = keys.pii;
  await keys.step(); // caller names of the first release get encrypted before anyone reads them
  const orgRepo = createOrgRepository(db);
  const org = new OrgCatalog(orgRepo);
  const catalog = new CategoryCatalog(createCategoryRepository(db));
  const calendar = new CalendarService(db, audit);
  await calendar.seedFromDir(config.CALENDAR_DIR);
  await Promise.all([org.reload(), catalog.reload(), calendar.reload()]);
  const settings = createSettingsService({ db, audit, clock, defaults: securityDefaults(config) });
  await settings.reload();
  const policy = () => settings.security();
  const alerts = createAlertService({ db, audit, bus, clock });
  const throttle = createThrottle(db);
  const quota = createQuota({ db, alerts, clock });
  const backoff = { baseMs: config.LOGIN_BACKOFF_SECONDS * 1000, maxMs: config.LOGIN_BACKOFF_MAX_MINUTES * 60_000 };
  const loginLimits = {
    pair: { free: config.LOGIN_MAX_FAILURES, ...backoff },
    account: { free: config.LOGIN_ACCOUNT_MAX_FAILURES, ...backoff },
    ip: { free: config.LOGIN_IP_MAX_FAILURES, ...backoff },
  };
  const authRepo = createAuthRepository(db);
  const auth = createAuthService({
    repo: authRepo,
    throttle,
    audit,
    alerts,
    bus,
    pii,
    policy,
    limits: loginLimits,
    clock,
  });
  const account = createAccountService({
    repo: authRepo,
    auth,
    throttle,
    audit,
    pii,
    policy,
    clock,
    limits: loginLimits,
  });
  const users = createUsersService({
    db,
    repo: createUsersRepository(),
    authRepo,
    auth,
    throttle,
    audit,
    org,
    policy,
    clock,
  });
  const auditDesk = createAuditService({ db, audit, alerts, quota, policy, clock });
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
    quota,
    policy,
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
    quota,
    policy,
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
  // the lines table (seeded from HOTLINE_LINES when empty); `live` is what the SIP application routes by
  const hotlineLines = await createLinesService({ db, audit, clock, defaults: config.HOTLINE_LINES });
  const skills = createSkillsService({ db, audit, lineSkills: hotlineLines.skills });
  const wallboard = createWallboard({
    db,
    repo: createCallsRepository(),
    clock,
    thresholdSeconds: config.SERVICE_LEVEL_SECONDS,
    waiting: () => holder.telephony?.acd.waitingCalls() ?? [],
    queues: hotlineLines.queues,
  });
  const reference = createReferenceAdmin({ db, audit, pii, quota, policy, clock, org, catalog, lines: hotlineLines });
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
  // Reference data kept in memory (units, categories, calendars, hotline lines) is changed by administrators
  // on one node; the others re-read it on this beat (DESIGN.md 11: nothing another node must see lives only
  // in one process). The node that made the change reloads at once.
  const refresh = setInterval(() => {
    Promise.all([org.reload(), catalog.reload(), calendar.reload(), hotlineLines.reload()]).catch((e: unknown) =>
      log(`[reference] reload failed (kept the loaded data): ${errorSummary(e)}`),
    );
  }, REFERENCE_REFRESH_MS);
  refresh.unref();
  return {
    config,
    /** the one clock every service uses (tests move it) */
    clock,
    db,
    pool,
    pii,
    keys,
    bus,
    audit,
    orgRepo,
    org,
    catalog,
    calendar,
    settings,
    alerts,
    throttle,
    quota,
    auth,
    authRepo,
    account,
    users,
    auditDesk,
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
    hotlineLines,
    reference,
    /** stop the background timers (server close) */
    stopTimers() {
      clearInterval(refresh);
      keys.stop();
    },
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
