// Workforce reference data: the five seed contracts (as ready-made, editable data) and the default shift
// templates, inserted when missing. The demo adds a seat team of 60 and a renewal of the Haidian seat contract
// running now, with this month's roster planned and published, so every screen has something real to show.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { agentStateEvents, contracts, shiftTemplates, users } from '../db/schema';
import { haidianSeats, SEED_CONTRACTS, validateContract, type Contract } from '../modules/contracts/domain';
import { contractRowOf } from '../modules/contracts/repository';
import { DEFAULT_TEMPLATES, shiftInterval, type ShiftTemplate } from '../modules/roster/domain/shifts';
import { SYSTEM_SESSION, type SessionUser } from '../modules/auth/service';
import type { Services } from '../services';

export async function seedWorkforce(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    for (const c of SEED_CONTRACTS) await tx.insert(contracts).values(contractRowOf(c)).onConflictDoNothing();
    await tx
      .insert(shiftTemplates)
      .values(DEFAULT_TEMPLATES.map((t) => ({ ...t, covers: [...t.covers] })))
      .onConflictDoNothing({ target: shiftTemplates.code });
  });
}

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '胡',
  '朱',
  '高',
  '林',
  '何',
  '郭',
  '马',
  '罗',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '霞',
  '平',
];
export const DEMO_SEAT_AGENTS = 60;

/**
 * The Haidian contract's terms, renewed for the contract year running on `today` (April to March, as the
 * original): the same rules with every date moved by whole years.
 */
export function haidianRenewal(today: string): Contract {
  const [y, m] = today.split('-').map(Number);
  const start = m >= 4 ? y : y - 1;
  const shift = start - 2022;
  const moved = JSON.stringify(haidianSeats).replace(
    /\b(20\d\d)-(\d\d-\d\d)\b/g,
    (_, yy: string, md: string) => `${Number(yy) + shift}-${md}`,
  );
  const doc: Contract = {
    ...(JSON.parse(moved) as Contract),
    version: 2,
    notes: [...haidianSeats.notes, `演示数据：按原合同条款续签 ${start}-04-01 至 ${start + 1}-03-31（非真实合同）`],
  };
  const v = validateContract(doc);
  if (!v.ok) throw new Error(`demo renewal invalid: ${JSON.stringify(v.fields)}`);
  return v.value;
}

export async function seedDemoWorkforce(s: Services, pwHash: string, centreUnitId: number, log: (m: string) => void) {
  const t0 = Date.now();
  await s.db.insert(users).values(
    Array.from({ length: DEMO_SEAT_AGENTS }, (_, i) => ({
      username: `seat${String(i + 1).padStart(2, '0')}`,
      displayName: `坐席员 ${SURNAMES[i % 20]}${GIVEN[(i * 7 + Math.floor(i / 20)) % 20]}`,
      passwordHash: pwHash,
      roles: ['agent'],
      unitId: centreUnitId,
    })),
  );
  const today = new Date(s.clock().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  await s.db
    .insert(contracts)
    .values(contractRowOf(haidianRenewal(today)))
    .onConflictDoNothing();
  const [leader] = (await s.db.execute(sql`select id, username, display_name from users where username = 'leader1'`))
    .rows as { id: number; username: string; display_name: string }[];
  if (leader) {
    const user: SessionUser = {
      id: leader.id,
      username: leader.username,
      displayName: leader.display_name,
      roles: ['shift_leader'],
      unitId: centreUnitId,
      unitName: null,
      unitPath: null,
      ...SYSTEM_SESSION,
    };
    const month = today.slice(0, 7);
    const planned = await s.roster.autoPlan(user, haidianSeats.code, month, {}, null);
    const published = await s.roster.publish(
      user,
      haidianSeats.code,
      month,
      { version: planned.roster!.version },
      null,
    );
    const history = demoAttendance(published, s.clock().getTime());
    for (let i = 0; i < history.length; i += 1000)
      await s.db.insert(agentStateEvents).values(history.slice(i, i + 1000));
  }
  log(`[seed] ${DEMO_SEAT_AGENTS} seat agents, Haidian renewal and this month's roster in ${Date.now() - t0} ms`);
}

const MIN = 60_000;

/**
 * Presence history for the demo seat agents' shifts that are over: most come on time and take a 40-minute meal,
 * some are late, some leave early, a few leave their seat for 25 minutes, a few never come — so attendance and
 * the settlement statement have something real to show. Deterministic: the same roster gives the same history.
 */
export function demoAttendance(
  month: {
    agents: { id: number; username: string }[];
    templates: ShiftTemplate[];
    assignments: { userId: number; day: string; templateCode: string }[];
  },
  now: number,
): (typeof agentStateEvents.$inferInsert)[] {
  const seat = new Set(month.agents.filter((a) => a.username.startsWith('seat')).map((a) => a.id));
  const templates = new Map(month.templates.map((t) => [t.code, t]));
  const rows: (typeof agentStateEvents.$inferInsert)[] = [];
  const span = (userId: number, from: number, to: number, state: string, reason: string | null = null) =>
    rows.push({ userId, state, reason, startedAt: new Date(from), endedAt: new Date(to), source: 'ui' });
  for (const a of month.assignments) {
    const t = templates.get(a.templateCode);
    if (!t || !t.countsAsWork || !seat.has(a.userId)) continue;
    const { from, to } = shiftInterval(a.day, t);
    if (to > now) continue;
    const h = (a.userId * 7919 + Number(a.day.replace(/-/g, ''))) % 100;
    if (h < 2) continue; // absent
    const arrive = from + (h < 8 ? (10 + h * 3) * MIN : -((h % 5) + 1) * MIN);
    const leave = to - (h >= 8 && h < 11 ? 45 * MIN : -((h % 3) + 1) * MIN);
    const meal = from + Math.round((to - from) / 2 / (30 * MIN)) * 30 * MIN; // mid-shift, on the half hour
    const away = h >= 11 && h < 14 ? meal + 3 * 60 * MIN : null; // 25 minutes offline: an unattended seat
    let at = arrive;
    for (const [start, end, state, reason] of [
      [meal, meal + 40 * MIN, 'not_ready', 'meal'],
      ...(away ? [[away, away + 25 * MIN, 'offline', null]] : []),
    ] as [number, number, string, string | null][]) {
      if (start <= at || end >= leave) continue;
      span(a.userId, at, start, 'ready');
      span(a.userId, start, end, state, reason);
      at = end;
    }
    span(a.userId, at, leave, 'ready');
  }
  return rows;
}
