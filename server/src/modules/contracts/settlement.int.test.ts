// A month of a small centre end to end on a real database: a contract entered through the API, a roster
// planned by hand and published, presence history as the desk writes it, a client's mark-down; the
// settlement statement is checked line by line against figures worked out by hand, and is the same twice.
import { haidianSeats, type Contract } from './domain';
import { Client, loginAs, sql, startTestServer, type TestServer } from '../../../test/harness';

let srv: TestServer;
let admin: Client;
let leader: Client;
let supervisor: Client;
const ids: Record<string, number> = {};

/** Two seats on working days, Haidian's money rules; September 2026 only (¥30,000). */
const small: Contract = {
  ...haidianSeats,
  code: 'SMALL-2026-09',
  version: 1,
  name: '小型热线中心坐席服务（测试）',
  period: { from: '2026-09-01', to: '2026-09-30' },
  totalFen: 3_000_000,
  paymentSchedule: [],
  staffing: [{ ...haidianSeats.staffing[0], label: '工作日白班（2 名）', seats: 2 }],
  rules: haidianSeats.rules
    .filter((r) => ['seat_gap', 'unattended_seat', 'assessment_markdown'].includes(r.id))
    .map((r) => (r.id === 'seat_gap' ? { ...r, requirementIds: ['workday_day'] } : r)),
  notes: [],
};

beforeAll(async () => {
  srv = await startTestServer({ DEMO_TICKETS: '0' });
  [admin, leader, supervisor] = await Promise.all(['admin', 'leader1', 'supervisor1'].map((u) => loginAs(srv.url, u)));
  for (const u of await sql<{ id: number; username: string }>(srv.dbUrl, 'select id, username from users'))
    ids[u.username] = u.id;
});
afterAll(() => srv.stop());

/** Presence intervals as the desk writes them (Beijing time). */
async function presence(
  user: string,
  day: string,
  spans: [from: string, to: string, state: string, reason?: string][],
) {
  for (const [from, to, state, reason] of spans)
    await sql(
      srv.dbUrl,
      `insert into agent_state_events (user_id, state, reason, started_at, ended_at, source)
       values ($1, $2, $3, $4, $5, 'ui')`,
      [ids[user], state, reason ?? null, `${day}T${from}:00+08:00`, `${day}T${to}:00+08:00`],
    );
}

test('a month of roster and presence settles to the hand-computed statement, the same twice', async () => {
  const created = await admin.post('/api/contracts', { document: small });
  expect(created.status).toBe(201);

  // agent1 and agent2 on the 09:00–18:00 day shift Tue 1 – Fri 4 September; nobody planned after that
  let version = 0;
  for (const day of ['2026-09-01', '2026-09-02', '2026-09-03', '2026-09-04'])
    for (const user of ['agent1', 'agent2']) {
      const r = await leader.put(`/api/roster/${small.code}/2026-09/cells`, {
        userId: ids[user],
        day,
        templateCode: 'day',
        ...(version ? { version } : { version: 1 }),
      });
      expect(r.status).toBe(200);
      version = r.body.roster.version;
    }
  expect((await leader.post(`/api/roster/${small.code}/2026-09/publish`, { version })).status).toBe(200);

  // 1 Sep: both there all day
  await presence('agent1', '2026-09-01', [['08:55', '18:05', 'ready']]);
  await presence('agent2', '2026-09-01', [['08:58', '18:01', 'ready']]);
  // 2 Sep: agent2 offline 30 min at noon (> 15 min: an unattended seat)
  await presence('agent1', '2026-09-02', [['08:59', '18:00', 'ready']]);
  await presence('agent2', '2026-09-02', [
    ['09:00', '12:00', 'ready'],
    ['12:00', '12:30', 'offline'],
    ['12:30', '18:00', 'ready'],
  ]);
  // 3 Sep: agent2 never came (1 seat missing)
  await presence('agent1', '2026-09-03', [['09:00', '18:00', 'ready']]);
  // 4 Sep: agent1 left at 11:00 (2 h of 9: does not staff the seat); agent2 had a 40-min meal (allowed) and
  // 20 min not ready for "other" (an unattended seat)
  await presence('agent1', '2026-09-04', [['09:00', '11:00', 'ready']]);
  await presence('agent2', '2026-09-04', [
    ['09:00', '13:00', 'ready'],
    ['13:00', '13:40', 'not_ready', 'meal'],
    ['13:40', '15:00', 'ready'],
    ['15:00', '15:20', 'not_ready', 'other'],
    ['15:20', '18:00', 'ready'],
  ]);

  // the client marks down one case in the city's assessment: ¥2,000, within ¥1,000–10,000
  const tooMuch = await supervisor.post(`/api/contracts/${small.code}/facts`, {
    metric: 'manual_assessment',
    day: '2026-09-15',
    amountFen: 1_200_000,
    label: '政风行风考核扣分',
    reason: '答复不准确',
  });
  expect(tooMuch.status).toBe(400);
  expect(tooMuch.body.error.fields).toHaveProperty('amountFen');
  const markdown = {
    metric: 'manual_assessment',
    day: '2026-09-15',
    amountFen: 200_000,
    label: '政风行风考核扣分',
    reason: '答复不准确',
    ref: '2026091500012',
  };
  const enter = () =>
    supervisor.post(`/api/contracts/${small.code}/facts`, markdown, { 'idempotency-key': 'markdown-1' });
  const fact = await enter();
  expect(fact.status).toBe(201);
  const again = await enter(); // the same key again: the same fact, nothing new
  expect(again.status).toBe(200);
  expect(again.body.fact.id).toBe(fact.body.fact.id);

  const first = await supervisor.get(`/api/contracts/${small.code}/settlement?period=2026-09`);
  expect(first.status).toBe(200);
  const s = first.body.statement;
  // September 2026 has 22 working days (the 25th is 中秋节, Sunday the 20th a make-up day): 44 seat-days.
  // Staffed: 1st 2, 2nd 2, 3rd 1, 4th 1, the other 18 days 0 → gap 0 + 0 + 1 + 1 + 36 = 38 × ¥300 = ¥11,400.
  const line = (id: string) => s.lines.find((l: { ruleId: string }) => l.ruleId === id);
  expect(line('seat_gap')).toMatchObject({
    measured: 38,
    count: 38,
    unitFen: 30_000,
    amountFen: 1_140_000,
    cappedFen: 1_140_000,
  });
  const gapDays = line('seat_gap').evidence.map((e: { day: string }) => e.day);
  expect(gapDays).toContain('2026-09-03');
  expect(gapDays).toContain('2026-09-20');
  expect(gapDays).not.toContain('2026-09-01');
  expect(gapDays).not.toContain('2026-09-25');
  // 2 unattended seats × ¥1,000
  expect(line('unattended_seat')).toMatchObject({ count: 2, unitFen: 100_000, amountFen: 200_000 });
  expect(
    line('unattended_seat')
      .evidence.map((e: { day: string }) => e.day)
      .sort(),
  ).toEqual(['2026-09-02', '2026-09-04']);
  // the mark-down as entered
  expect(line('assessment_markdown')).toMatchObject({ count: 1, amountFen: 200_000, cappedFen: 200_000 });
  expect(line('assessment_markdown').evidence[0].ref).toBe(`fact:${fact.body.fact.id}`);
  expect(s.lines).toHaveLength(3);
  // the whole contract is September: the fee is the total
  expect(s.grossFen).toBe(3_000_000);
  expect(s.deductionsFen).toBe(1_140_000 + 200_000 + 200_000);
  expect(s.payableFen).toBe(3_000_000 - 1_540_000);

  const second = await supervisor.get(`/api/contracts/${small.code}/settlement?period=2026-09`);
  expect(second.body).toEqual(first.body);

  // voiding the mark-down (audited) takes it out
  const voided = await supervisor.req('DELETE', `/api/contracts/${small.code}/facts/${fact.body.fact.id}`);
  expect(voided.status).toBe(204);
  const third = await supervisor.get(`/api/contracts/${small.code}/settlement?period=2026-09`);
  expect(third.body.statement.deductionsFen).toBe(1_340_000);
  const audit = await sql(srv.dbUrl, `select action from audit_events where entity_type = 'contract_fact' order by id`);
  expect(audit.map((a) => a.action)).toEqual(['fact.create', 'fact.void']);

  // the xlsx export is audited
  const xlsx = await fetch(`${srv.url}/api/contracts/${small.code}/settlement.xlsx?period=2026-09`, {
    headers: { cookie: supervisor.cookie },
  });
  expect(xlsx.status).toBe(200);
  expect((await xlsx.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  expect(await sql(srv.dbUrl, `select entity_id from audit_events where action = 'settlement.export'`)).toEqual([
    { entity_id: small.code },
  ]);
});

test('bad contract data is refused with the field at fault, and nothing is stored', async () => {
  const bad = (patch: Partial<Contract>) =>
    admin.post('/api/contracts', { document: { ...small, code: 'BAD-1', ...patch } });
  const negative = await bad({ rules: [{ ...small.rules[0], amount: { kind: 'unit', unitFen: -300 } }] });
  expect(negative.status).toBe(400);
  expect(negative.body.error.code).toBe('VALIDATION');
  expect(Object.keys(negative.body.error.fields).join()).toMatch(/document\.rules\.0\.amount\.unitFen/);
  const unknown = await bad({ rules: [{ ...small.rules[0], metric: 'coffee_breaks' as never }] });
  expect(unknown.status).toBe(400);
  expect(Object.keys(unknown.body.error.fields).join()).toMatch(/document\.rules\.0\.metric/);
  const backwards = await bad({ period: { from: '2026-09-30', to: '2026-09-01' } });
  expect(backwards.status).toBe(400);
  expect(Object.keys(backwards.body.error.fields).join()).toMatch(/document\.period/);
  expect(await sql(srv.dbUrl, `select id from contracts where code = 'BAD-1'`)).toEqual([]);

  // a renewal that overlaps the version in force
  const current = (await admin.get(`/api/contracts/${small.code}`)).body;
  const overlap = await admin.post(`/api/contracts/${small.code}/versions`, {
    document: { ...small, period: { from: '2026-09-15', to: '2026-10-14' } },
    replaces: null,
    baseVersion: current.version,
  });
  expect(overlap.status).toBe(400);
  expect(Object.keys(overlap.body.error.fields).join()).toMatch(/document\.period/);
  // an amendment replaces the version it edits; a stale base version is a conflict
  const amended = await admin.post(`/api/contracts/${small.code}/versions`, {
    document: { ...small, name: '小型热线中心坐席服务（补充协议）' },
    replaces: current.version,
    baseVersion: current.version,
  });
  expect(amended.status).toBe(201);
  expect(amended.body.contract).toMatchObject({ version: 2, status: 'active' });
  const stale = await admin.post(`/api/contracts/${small.code}/versions`, {
    document: small,
    replaces: 1,
    baseVersion: 1,
  });
  expect(stale.status).toBe(409);
  // only administrators enter contracts
  expect((await supervisor.post('/api/contracts', { document: { ...small, code: 'BAD-2' } })).status).toBe(403);
});
