#!/usr/bin/env node
// Ticket list benchmark: 100,000 tickets (a year of a busy district centre) filled with bulk SQL, then the
// list API's page requests — page 1, a deep page, each filter, combined filters, text / phone / number
// search, a department handler's scoped list — timed one request at a time. See docs/benchmarks.md.
//
//   npm run build -w server && npm run bench:list
//   BENCH_TICKETS=100000 BENCH_REPEAT=50 DATABASE_URL=postgres://… npm run bench:list
//
// Env: BENCH_TICKETS (default 100000), BENCH_REPEAT (timed requests per case, default 50), BENCH_WARMUP
//      (untimed requests per case first, default 5), DATABASE_URL (optional: a fresh database is created on
//      that server and dropped afterwards; else embedded PostgreSQL in a temp dir). Exit code 1 if a request
//      failed or a case missed the target (p95 < 300 ms).
import {
  createDatabase,
  distRequire,
  intEnv,
  login,
  machine,
  makeLog,
  markdownTable,
  percentile,
  pg,
  runBench,
  startServer,
} from '../lib.mjs';

const TICKETS = intEnv('BENCH_TICKETS', 100_000);
const REPEAT = Math.max(1, intEnv('BENCH_REPEAT', 50));
const WARMUP = intEnv('BENCH_WARMUP', 5);
const TARGET_MS = 300;
const PHONES = 20_000; // distinct callers: repeat callers are common on a hotline
const log = makeLog('bench:list');

const CONTENTS = [
  '小区楼下商铺夜间噪声扰民，每晚十点后仍在营业放音乐',
  '工地夜间施工噪音扰民，持续到凌晨',
  '小区已停水一天，没有收到任何通知，请协调尽快恢复供水',
  '楼道灯损坏多日，夜间出行不便',
  '路口信号灯故障，早高峰拥堵严重',
  '人行道井盖缺失，存在安全隐患',
  '道路两侧堆放建筑垃圾',
  '餐馆后厨卫生条件差，疑似使用地沟油',
  '超市销售过期食品',
  '培训机构拒绝退费',
  '楼顶违规搭建彩钢房',
  '咨询居住证办理需要准备哪些材料',
  '咨询老旧小区加装电梯的补贴政策和申请条件',
  '咨询新生儿落户的办理流程',
  '咨询老年人助餐服务点的位置和价格',
  '独居老人按下一键呼设备，称身体不适需要帮助',
  '物业不作为，小区绿化无人养护',
  '共享单车乱停乱放堵塞消防通道',
  '建议在公园增设健身器材',
  '表扬社区工作人员耐心帮助老人办理业务',
];

/**
 * One INSERT … SELECT over generate_series: the spread of a real year — tickets older than a month mostly
 * closed or merged, the last month half in progress, some overdue; categories, streets / communities and channels drawn at random; dispatched
 * tickets get a primary assignment to a department.
 */
async function fill(q, pii, agentId) {
  const leafCats = (
    await q.query(`select id from categories c where not exists (select 1 from categories k where k.parent_id = c.id)`)
  ).rows.map((r) => r.id);
  const communities = (
    await q.query(`select c.id, c.parent_id from org_units c where c.type = 'community' order by c.id`)
  ).rows;
  const departments = (await q.query(`select id from org_units where type = 'department' order by id`)).rows.map(
    (r) => r.id,
  );
  const phones = Array.from({ length: PHONES }, (_, i) => `13${String(900000000 + i * 4999).slice(0, 9)}`);
  const hashes = phones.map((p) => pii.hash(p));
  const masked = phones.map((p) => `${p.slice(0, 3)}****${p.slice(-4)}`);
  const t0 = Date.now();
  await q.query('begin');
  await q.query(
    `create temp table bench_phone on commit drop as
       select ord - 1 as i, h, m from unnest($1::text[], $2::text[]) with ordinality as x(h, m, ord)`,
    [hashes, masked],
  );
  await q.query(
    `insert into tickets (number, status, channel, caller_name, caller_phone_enc, caller_phone_hash,
                          caller_phone_masked, address_enc, address_masked, category_id, urgency, street_id,
                          community_id, content, received_at, created_at, updated_at, created_by, close_due_at,
                          close_warn_at, overdue, closed_at, resolution)
     select 'HL-' || to_char(s.received_at at time zone 'Asia/Shanghai', 'YYYYMMDD') || '-B' || lpad(s.g::text, 6, '0'),
            s.status, s.channel, '市民' || (s.g % 97), 'v1.bench', p.h, p.m, 'v1.bench', '某某街道' || (s.g % 50) || '号****',
            s.category_id, s.urgency, s.street_id, s.community_id, s.content, s.received_at, s.received_at,
            s.received_at, $4, s.close_due_at, s.close_due_at - interval '1 day',
            s.status not in ('closed', 'merged') and s.close_due_at < now(),
            case when s.status = 'closed' then s.received_at + (random() * 10) * interval '1 day' end,
            case when s.status = 'closed' then '已办结' end
     from (
       select g, received_at, received_at + (3 + floor(random() * 12)) * interval '1 day' as close_due_at,
              case when received_at < now() - interval '30 days' and r < 0.93 then 'closed'
                   when received_at < now() - interval '30 days' and r < 0.96 then 'merged'
                   when r < 0.50 then 'closed' when r < 0.53 then 'merged' when r < 0.78 then 'processing'
                   when r < 0.83 then 'pending_review' when r < 0.90 then 'pending_revisit'
                   when r < 0.92 then 'revisit_failed' else 'received' end as status,
              (array['phone_12345','phone_12345','phone_12345','phone_12345','elder_hotline','one_key_device',
                     'weibo','web','message_board'])[1 + floor(random() * 9)::int] as channel,
              ($1::int[])[1 + floor(random() * cardinality($1::int[]))::int] as category_id,
              (array['normal','normal','normal','normal','normal','normal','urgent','urgent','critical'])
                [1 + floor(random() * 9)::int] as urgency,
              ($2::int[])[ci] as community_id, ($3::int[])[ci] as street_id,
              ($5::text[])[1 + floor(random() * cardinality($5::text[]))::int] || '（' || g || '）' as content,
              floor(random() * ${PHONES})::int as phone_i
       from (select g, random() as r, now() - random() * interval '365 days' as received_at,
                    1 + floor(random() * ${communities.length})::int as ci
             from generate_series(1, ${TICKETS}) g) base
     ) s join bench_phone p on p.i = s.phone_i`,
    [leafCats, communities.map((c) => c.id), communities.map((c) => c.parent_id), agentId, CONTENTS],
  );
  await q.query(
    `insert into assignments (ticket_id, unit_id, role, status, dispatched_at, dispatched_by, sign_due_at,
                              sign_warn_at, signed_at, feedback_due_at, feedback_warn_at, feedback_at,
                              feedback_result)
     select t.id, ($1::int[])[1 + floor(random() * cardinality($1::int[]))::int], 'primary',
            case t.status when 'processing' then (case when random() < 0.3 then 'pending_sign' else 'signed' end)
                          when 'merged' then 'cancelled' else 'accepted' end,
            t.received_at + interval '10 minutes', $2, t.received_at + interval '4 hours',
            t.received_at + interval '3 hours', t.received_at + interval '1 hour',
            t.close_due_at - interval '1 day', t.close_due_at - interval '2 days',
            case when t.status in ('pending_review','pending_revisit','revisit_failed','closed') then t.received_at + interval '2 days' end,
            case when t.status in ('pending_review','pending_revisit','revisit_failed','closed') then 'resolved' end
     from tickets t
     where t.number like 'HL-%-B%' and (t.status <> 'closed' or t.id % 5 <> 0) and t.status <> 'received'`,
    [departments, agentId],
  );
  await q.query('commit');
  await q.query('analyze tickets');
  await q.query('analyze assignments');
  const [{ n }] = (await q.query('select count(*)::int n from tickets')).rows;
  const [{ a }] = (await q.query('select count(*)::int a from assignments')).rows;
  log(`filled ${n} tickets, ${a} assignments in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return { phones, leafCats, communities, departments };
}

async function timeCase(baseUrl, cookie, name, paths) {
  const lat = [];
  let total = null;
  let errors = 0;
  const get = async (p) => {
    const t0 = process.hrtime.bigint();
    const res = await fetch(baseUrl + p, { headers: { cookie } });
    const body = await res.text();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (res.status !== 200) {
      errors++;
      log(`${name}: ${p} → ${res.status} ${body.slice(0, 200)}`);
    } else total ??= JSON.parse(body).total;
    return ms;
  };
  for (let i = 0; i < WARMUP; i++) await get(paths[i % paths.length]);
  for (let i = 0; i < REPEAT; i++) lat.push(await get(paths[i % paths.length]));
  lat.sort((x, y) => x - y);
  return {
    name,
    example: paths[0],
    total,
    errors,
    p50: percentile(lat, 50),
    p95: percentile(lat, 95),
    max: lat.at(-1),
  };
}

function table(rows) {
  const head = ['case', 'matching tickets', 'p50 ms', 'p95 ms', 'max ms', 'errors'];
  const body = rows.map((r) => [
    r.name,
    String(r.total ?? '-'),
    r.p50.toFixed(1),
    r.p95.toFixed(1),
    r.max.toFixed(1),
    String(r.errors),
  ]);
  return markdownTable(head, body);
}

await runBench('bench:list', async (cleanups) => {
  const { dbUrl, source } = await createDatabase({ dbPrefix: 'hotline_bench_list_', cleanups, log });
  const { server, piiKey } = await startServer({ dbUrl, cleanups, log });
  const { createPii } = distRequire('lib/pii.js');

  const q = new pg.Client({ connectionString: dbUrl });
  await q.connect();
  cleanups.push(() => q.end());
  const id = async (sql) => (await q.query(sql)).rows[0]?.id;
  const agentId = await id(`select id from users where username = 'agent1'`);
  const ref = await fill(q, createPii(piiKey), agentId);
  const complaint = await id(`select id from categories where code = 'complaint'`);
  const help = await id(`select id from categories where code = 'help'`);
  const cgw = await id(`select id from org_units where code = 'cgw'`);
  const zjw = await id(`select id from org_units where code = 'zjw'`);
  const streets = [...new Set(ref.communities.map((c) => c.parent_id))];
  const numbers = (await q.query(`select number from tickets order by random() limit 10`)).rows.map((r) => r.number);
  const settings = Object.fromEntries(
    (
      await q.query(
        `select name, setting from pg_settings where name in ('server_version','shared_buffers','work_mem')`,
      )
    ).rows.map((r) => [r.name, r.setting]),
  );

  const agent = await login(server.url, 'agent1');
  const dept = await login(server.url, 'dept1');
  const month = (i) => {
    const to = new Date(Date.now() - i * 30 * 86400_000);
    const from = new Date(to.getTime() - 30 * 86400_000);
    return `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
  };
  const L = (qs) => `/api/tickets?pageSize=20&${qs}`;
  const rot = (n, f) => Array.from({ length: n }, (_, i) => f(i));
  const cases = [
    ['page 1 (newest first)', [L('')]],
    ['deep page (4000 of 5000)', rot(5, (i) => L(`page=${3996 + i}`))],
    ['status = processing', [L('status=processing')]],
    ['status = received,processing,pending_review', [L('status=received,processing,pending_review')]],
    ['category incl. sub-categories', [L(`categoryId=${complaint}`), L(`categoryId=${help}`)]],
    ['leaf category', rot(5, (i) => L(`categoryId=${ref.leafCats[i % ref.leafCats.length]}`))],
    ['handling unit', [L(`unitId=${cgw}`), L(`unitId=${zjw}`)]],
    ['channel', [L('channel=web'), L('channel=elder_hotline')]],
    ['street', rot(5, (i) => L(`streetId=${streets[i % streets.length]}`))],
    ['received date range (30 days)', rot(5, (i) => L(month(i)))],
    ['overdue', [L('overdue=true')]],
    ['sort by close deadline', [L('sort=closeDueAt'), L('sort=closeDueAt&status=processing')]],
    [
      'combined: status + category + street + dates',
      rot(5, (i) => L(`status=processing,received&categoryId=${complaint}&streetId=${streets[i]}&${month(i)}`)),
    ],
    ['combined: overdue + unit + sort', [L(`overdue=true&unitId=${cgw}&sort=closeDueAt`)]],
    [
      'q: text (噪声 / 停水 / 井盖)',
      [
        L(`q=${encodeURIComponent('噪声')}`),
        L(`q=${encodeURIComponent('停水')}`),
        L(`q=${encodeURIComponent('井盖')}`),
      ],
    ],
    ['q: caller phone', rot(5, (i) => L(`q=${ref.phones[i * 37]}`))],
    ['q: ticket number', numbers.map((n) => L(`q=${n}`))],
  ];
  const rows = [];
  for (const [name, paths] of cases) {
    log(name);
    rows.push(await timeCase(server.url, agent, name, paths));
  }
  log('department handler');
  rows.push(await timeCase(server.url, dept, 'department handler (scoped), page 1', [L('')]));
  rows.push(await timeCase(server.url, dept, 'department handler (scoped), status', [L('status=processing')]));

  console.log('\nHotline Desk ticket list benchmark');
  console.log(`  date        ${new Date().toISOString()}`);
  console.log(`  machine     ${machine()}`);
  console.log(`  node        ${process.version}`);
  console.log(
    `  postgres    ${settings.server_version} via ${source}; shared_buffers=${settings.shared_buffers} work_mem=${settings.work_mem}`,
  );
  console.log(
    `  data        ${TICKETS} tickets over 365 days, ${PHONES} distinct callers, ${ref.leafCats.length} leaf categories, ${ref.communities.length} communities`,
  );
  console.log(
    `  method      GET /api/tickets (pageSize 20, total count included) one request at a time over HTTP keep-alive on 127.0.0.1; ${WARMUP} untimed + ${REPEAT} timed per case\n`,
  );
  console.log(table(rows));
  const missed = rows.filter((r) => !(r.p95 < TARGET_MS));
  console.log(
    `\n  target (p95 < ${TARGET_MS} ms per case): ${missed.length ? `MISSED by ${missed.map((r) => r.name).join(', ')}` : 'met'}`,
  );
  return missed.length > 0 || rows.some((r) => r.errors > 0);
});
