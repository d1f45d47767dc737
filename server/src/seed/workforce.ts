// Workforce reference data: the five seed contracts (as ready-made, editable data) and the default shift
// templates, inserted when missing. The demo adds a seat team of 60 and a renewal of the Haidian seat contract
// running now, with this month's roster planned and published, so every screen has something real to show.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { contracts, shiftTemplates, users } from '../db/schema';
import { haidianSeats, SEED_CONTRACTS, validateContract, type Contract } from '../modules/contracts/domain';
import { contractRowOf } from '../modules/contracts/repository';
import { DEFAULT_TEMPLATES } from '../modules/roster/domain/shifts';
import type { SessionUser } from '../modules/auth/service';
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
    };
    const month = today.slice(0, 7);
    const planned = await s.roster.autoPlan(user, haidianSeats.code, month, {}, null);
    await s.roster.publish(user, haidianSeats.code, month, { version: planned.roster!.version }, null);
  }
  log(`[seed] ${DEMO_SEAT_AGENTS} seat agents, Haidian renewal and this month's roster in ${Date.now() - t0} ms`);
}
