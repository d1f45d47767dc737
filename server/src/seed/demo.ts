// Demo data: a district centre, departments, streets and communities, role accounts, categories with
// time limits and ~1,000 historical tickets. Tickets are walked through the real ticket service with a
// simulated clock, so every state, deadline and timeline entry is one the product itself would produce.
import { seedDemoWorkforce, seedWorkforce } from './workforce';
import { insertElder } from '../modules/telephony/elders';
import { eq, sql } from 'drizzle-orm';
import { hashPassword, SYSTEM_SESSION, type SessionUser } from '../modules/auth/service';
import { categories, orgUnits, timeLimits, users } from '../db/schema';
import type { Tx } from '../db/client';
import { EventBus } from '../lib/bus';
import { createTicketRepository } from '../modules/tickets/repository';
import { createTicketService } from '../modules/tickets/service';
import type { Role } from '../modules/tickets/domain/types';
import type { Services } from '../services';
import {
  CATEGORIES,
  COMMUNITY_SUFFIXES,
  CONTENT_SAMPLES,
  DEPARTMENTS,
  PROVIDERS,
  STREETS,
  SUB_UNITS,
} from './reference';
import { scriptFor, type Step } from './scripts';

async function insertUnit(
  tx: Tx,
  u: { parentId: number | null; parentPath: string; name: string; type: string; code: string; sort: number },
) {
  const [row] = await tx
    .insert(orgUnits)
    .values({ parentId: u.parentId, name: u.name, type: u.type, code: u.code, path: '/', sort: u.sort })
    .returning();
  const path = `${u.parentPath}${row.id}/`;
  await tx.update(orgUnits).set({ path }).where(eq(orgUnits.id, row.id));
  return { ...row, path };
}

type LimitSet = (typeof CATEGORIES)[number]['limits']['normal'];
async function insertLimits(tx: Tx, categoryId: number, limits: Partial<Record<string, LimitSet>>) {
  for (const [urgency, l] of Object.entries(limits)) {
    if (!l) continue;
    await tx.insert(timeLimits).values({
      categoryId,
      urgency,
      signValue: l.sign[0],
      signUnit: l.sign[1],
      feedbackValue: l.feedback[0],
      feedbackUnit: l.feedback[1],
      closeValue: l.close[0],
      closeUnit: l.close[1],
    });
  }
}

export const DEMO_ACCOUNTS: { username: string; displayName: string; roles: Role[]; unit: string }[] = [
  { username: 'admin', displayName: '系统管理员', roles: ['admin'], unit: 'centre' },
  { username: 'agent1', displayName: '坐席员 王芳', roles: ['agent'], unit: 'centre' },
  { username: 'agent2', displayName: '坐席员 李强', roles: ['agent'], unit: 'centre' },
  { username: 'leader1', displayName: '班长 张敏', roles: ['shift_leader'], unit: 'centre' },
  { username: 'supervisor1', displayName: '督办员 刘洋', roles: ['supervisor'], unit: 'centre' },
  { username: 'revisit1', displayName: '回访员 陈静', roles: ['revisit_agent'], unit: 'centre' },
  { username: 'dept1', displayName: '城管委承办人 赵磊', roles: ['department_handler'], unit: 'cgw' },
  { username: 'dept2', displayName: '住建委承办人 孙悦', roles: ['department_handler'], unit: 'zjw' },
  { username: 'auditor1', displayName: '审计员 周宁', roles: ['auditor'], unit: 'centre' },
];

/** Returns false when the database already holds data (the seed never runs twice). */
const DEMO_ELDERS = [
  {
    phone: '13900009111',
    name: '张桂兰',
    birthYear: 1938,
    address: '东湖街道东湖第一社区 3号楼2单元101',
    medical: '高血压、糖尿病，独居；药在床头柜',
    contacts: [{ name: '张建国', relation: '儿子', phone: '13800001001' }],
  },
  {
    phone: '13900009112',
    name: '李德福',
    birthYear: 1941,
    address: '西山街道西山第一社区 12号楼1单元502',
    medical: '心脏支架术后，行动不便',
    contacts: [
      { name: '李梅', relation: '女儿', phone: '13800001002' },
      { name: '社区网格员 王强', relation: '网格员', phone: '13800001003' },
    ],
  },
  {
    phone: '13900009113',
    name: '王秀英',
    birthYear: 1935,
    address: '南苑街道南苑第一社区 7号院',
    medical: '阿尔茨海默症早期',
    contacts: [{ name: '王磊', relation: '孙子', phone: '13800001004' }],
  },
];

export async function seedDemo(
  s: Services,
  opts: { password: string; tickets: number; log: (m: string) => void },
): Promise<boolean> {
  const [{ n }] = (await s.db.execute(sql`select count(*)::int as n from users`)).rows as { n: number }[];
  if (n > 0) return false;
  const t0 = Date.now();
  const pwHash = await hashPassword(opts.password);
  const unitByCode = new Map<string, { id: number; path: string; name: string; type: string }>();
  await s.db.transaction(async (tx) => {
    const centre = await insertUnit(tx, {
      parentId: null,
      parentPath: '/',
      name: '区12345市民服务热线中心',
      type: 'centre',
      code: 'centre',
      sort: 0,
    });
    unitByCode.set('centre', centre);
    for (const [i, [code, name]] of DEPARTMENTS.entries())
      unitByCode.set(
        code,
        await insertUnit(tx, { parentId: centre.id, parentPath: centre.path, name, type: 'department', code, sort: i }),
      );
    for (const [i, [parent, code, name]] of SUB_UNITS.entries()) {
      const p = unitByCode.get(parent)!;
      unitByCode.set(
        code,
        await insertUnit(tx, { parentId: p.id, parentPath: p.path, name, type: 'department', code, sort: i }),
      );
    }
    for (const [i, name] of STREETS.entries()) {
      const st = await insertUnit(tx, {
        parentId: centre.id,
        parentPath: centre.path,
        name,
        type: 'street',
        code: `st${i + 1}`,
        sort: 100 + i,
      });
      unitByCode.set(`st${i + 1}`, st);
      const count = 3 + (i % 3);
      for (let c = 0; c < count; c++)
        unitByCode.set(
          `st${i + 1}-c${c + 1}`,
          await insertUnit(tx, {
            parentId: st.id,
            parentPath: st.path,
            name: `${name.replace('街道', '')}${COMMUNITY_SUFFIXES[c]}`,
            type: 'community',
            code: `st${i + 1}-c${c + 1}`,
            sort: c,
          }),
        );
    }
    for (const [i, [code, name]] of PROVIDERS.entries())
      unitByCode.set(
        code,
        await insertUnit(tx, {
          parentId: centre.id,
          parentPath: centre.path,
          name,
          type: 'provider',
          code,
          sort: 200 + i,
        }),
      );

    for (const [i, c] of CATEGORIES.entries()) {
      const [top] = await tx
        .insert(categories)
        .values({ code: c.code, name: c.name, nameEn: c.nameEn, kind: c.kind, sort: i })
        .returning();
      await insertLimits(tx, top.id, c.limits);
      for (const [j, ch] of c.children.entries()) {
        const [sub] = await tx
          .insert(categories)
          .values({ parentId: top.id, code: ch.code, name: ch.name, nameEn: ch.nameEn, kind: c.kind, sort: j })
          .returning();
        await insertLimits(tx, sub.id, ch.limits ?? {});
      }
    }
    for (const a of DEMO_ACCOUNTS)
      await tx.insert(users).values({
        username: a.username,
        displayName: a.displayName,
        passwordHash: pwHash,
        roles: a.roles,
        unitId: unitByCode.get(a.unit)!.id,
      });
    // One handler account per other department / street so demo tickets can be signed where they land.
    for (const [code, u] of unitByCode) {
      if (code === 'cgw' || code === 'zjw' || !['department', 'street'].includes(u.type)) continue;
      await tx.insert(users).values({
        username: `h_${code}`,
        displayName: `${u.name}承办人`,
        passwordHash: pwHash,
        roles: ['department_handler'],
        unitId: u.id,
      });
    }
  });
  await Promise.all([s.org.reload(), s.catalog.reload()]);
  // 一键呼 devices of three elders (device numbers 1390000911x), shown on the screen pop of an emergency call
  for (const [i, e] of DEMO_ELDERS.entries())
    await insertElder(s.db, s.pii, { ...e, communityId: unitByCode.get(`st${i + 1}-c1`)?.id ?? null });
  opts.log(`[seed] reference data and accounts in ${Date.now() - t0} ms`);
  await seedWorkforce(s.db);
  await seedDemoWorkforce(s, pwHash, unitByCode.get('centre')!.id, opts.log);
  if (opts.tickets > 0) await seedTickets(s, opts.tickets, opts.log);
  return true;
}

async function loadUsers(s: Services): Promise<Map<string, SessionUser>> {
  const rows = await s.db
    .select({ u: users, path: orgUnits.path, unitName: orgUnits.name, code: orgUnits.code })
    .from(users)
    .leftJoin(orgUnits, eq(orgUnits.id, users.unitId));
  const m = new Map<string, SessionUser>();
  for (const r of rows) {
    const su: SessionUser = {
      id: r.u.id,
      username: r.u.username,
      displayName: r.u.displayName,
      roles: r.u.roles as Role[],
      unitId: r.u.unitId,
      unitName: r.unitName,
      unitPath: r.path,
      ...SYSTEM_SESSION,
    };
    m.set(r.u.username, su);
    if (r.u.roles.includes('department_handler') && r.code) m.set(`unit:${r.code}`, su);
  }
  return m;
}

async function seedTickets(s: Services, count: number, log: (m: string) => void) {
  const t0 = Date.now();
  const accounts = await loadUsers(s);
  const realNow = Date.now();
  // Each ticket runs on its own simulated clock; the service reads it through this indirection.
  let simNow = realNow;
  const tickets = createTicketService({
    db: s.db,
    repo: createTicketRepository(),
    org: s.org,
    catalog: s.catalog,
    calendar: s.calendar,
    audit: s.audit,
    pii: s.pii,
    bus: new EventBus(),
    clock: () => new Date(simNow),
    maxContentChars: s.config.MAX_CONTENT_CHARS,
    quota: s.quota,
    policy: () => s.settings.security(),
  });
  const subCats = [...CATEGORIES.flatMap((c) => c.children.map((ch) => ch.code))];
  const catIds = new Map((await s.db.select().from(categories)).map((c) => [c.code, c.id]));
  const units = await s.orgRepo.all();
  const unitIdByCode = new Map(units.map((u) => [u.code, u.id]));
  const communitiesOf = (streetId: number) =>
    units.filter((u) => u.parentId === streetId && u.type === 'community').map((u) => u.id);
  const streets = STREETS.map((_, i) => `st${i + 1}`);
  const depts = DEPARTMENTS.map(([code]) => code);
  let rnd = 20260315;
  const rand = () => (rnd = (rnd * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(a: T[]) => a[Math.floor(rand() * a.length)];
  let done = 0;
  const masters: number[] = [];

  for (let i = 0; i < count; i++) {
    const catCode = pick(subCats);
    const streetCode = pick(streets);
    const street = s.org.get(unitIdByCode.get(streetCode))!;
    const communities = communitiesOf(street.id);
    // Most tickets go to the two demo handlers' departments so their inboxes are not empty.
    const unitCode = i % 3 === 0 ? 'cgw' : i % 3 === 1 ? 'zjw' : rand() < 0.5 ? pick(depts) : streetCode;
    const ageMs = Math.floor(rand() * 60 * 24 * 3600_000) + 3600_000;
    simNow = realNow - ageMs;
    const phone = `13${Math.floor(100000000 + rand() * 899999999)}`;
    const script: Step[] = scriptFor(i);
    const agent = accounts.get(i % 2 ? 'agent1' : 'agent2')!;
    const created = await tickets.create(
      agent,
      {
        channel: pick([
          'phone_12345',
          'phone_12345',
          'phone_12345',
          'elder_hotline',
          'one_key_device',
          'weibo',
          'web',
          'message_board',
        ]),
        callerName: pick(['王', '李', '张', '刘', '陈', '杨', '赵', '黄']) + pick(['先生', '女士', '阿姨', '大爷']),
        callerPhone: phone,
        content: pick(CONTENT_SAMPLES[catCode] ?? ['市民反映问题，请核实处理。']),
        categoryId: catIds.get(catCode)!,
        urgency: rand() < 0.8 ? 'normal' : 'urgent',
        streetId: street.id,
        communityId: communities.length ? pick(communities) : undefined,
        address: `${street.name}${Math.floor(rand() * 30) + 1}号院${Math.floor(rand() * 10) + 1}号楼`,
        receivedAt: new Date(simNow - 60_000).toISOString(),
      },
      `seed-${i}`,
      '127.0.0.1',
    );
    let ticket = created.ticket;
    const unitId = unitIdByCode.get(unitCode)!;
    const handler = accounts.get(`unit:${unitCode}`)!;
    const by = (role: string) => accounts.get(role)!;
    for (const step of script) {
      simNow = Math.min(realNow, simNow + step.afterMinutes * 60_000);
      const primary = ticket.assignments
        .filter((a) => a.parentId === null && a.role === 'primary' && !['sent_back', 'cancelled'].includes(a.status))
        .at(-1);
      const open = ticket.supervisions.find((x) => x.status !== 'closed');
      const args: Record<string, unknown> = { version: ticket.version, ...step.input };
      if (step.needsAssignment) args.assignmentId = primary?.id;
      if (step.needsSupervision) args.supervisionId = open?.id;
      if (step.action === 'dispatch')
        args.targets = [
          {
            unitId: step.input?.otherUnit ? unitIdByCode.get(pick(depts.filter((d) => d !== unitCode)))! : unitId,
            role: 'primary',
          },
        ];
      if (step.action === 'merge') {
        if (!masters.length) break;
        args.masterTicketId = masters[masters.length - 1];
      }
      delete args.otherUnit;
      const actor = step.as === 'handler' ? handler : by(step.as);
      ticket = (await tickets.act(actor, ticket.id, step.action, args, '127.0.0.1')).ticket;
    }
    if (ticket.status === 'processing' || ticket.status === 'received') masters.push(ticket.id);
    done++;
    if (done % 200 === 0) log(`[seed] ${done}/${count} tickets`);
  }
  log(`[seed] ${count} demo tickets in ${Date.now() - t0} ms`);
}
