// Finding 5 (hardening, issue 10): an Idempotency-Key reused with another request is refused (422), on every
// create that takes one: tickets, leave requests, shift swaps, contract facts.
import { Client, loginAs, refIds, sql, startTestServer, type TestServer } from '../../test/harness';

const HD = 'HD-12345-2022';
// the demo plans and publishes the month the server lives in: December 2026
const t0 = Date.now();
const clock = () => new Date(Date.parse('2026-12-20T12:00:00+08:00') + (Date.now() - t0));

let srv: TestServer;
let ids: Awaited<ReturnType<typeof refIds>>;
let agent: Client;
let seat: Client;
let supervisor: Client;
beforeAll(async () => {
  srv = await startTestServer({}, { clock });
  ids = await refIds(srv.dbUrl);
  [agent, seat, supervisor] = await Promise.all(['agent1', 'seat01', 'supervisor1'].map((u) => loginAs(srv.url, u)));
});
afterAll(() => srv.stop());

const count = async (table: string) => (await sql(srv.dbUrl, `select count(*)::int as n from ${table}`))[0].n;
const mismatch = (r: { status: number; body: any }) => {
  expect(r.status).toBe(422);
  expect(r.body.error.code).toBe('IDEMPOTENCY_MISMATCH');
};

test('finding 5: tickets — same key and body replays, same key with another body → 422, a pre-hash row replays', async () => {
  const body = {
    channel: 'phone_12345',
    callerPhone: '13800138000',
    content: '路灯不亮',
    categoryId: ids.category('complaint-noise'),
  };
  const key = { 'idempotency-key': 'ticket-k1' };
  const first = await agent.post('/api/tickets', body, key);
  expect(first.status).toBe(201);
  // the same request, its keys in another order: the stored ticket again
  const reordered = Object.fromEntries(Object.entries(body).reverse());
  const again = await agent.post('/api/tickets', reordered, key);
  expect([again.status, again.headers.get('idempotent-replayed'), again.body.ticket.id]).toEqual([
    200,
    'true',
    first.body.ticket.id,
  ]);
  const before = await count('tickets');
  mismatch(await agent.post('/api/tickets', { ...body, content: '井盖丢失' }, key));
  expect(await count('tickets')).toBe(before);
  // another user's key space is their own
  const other = await (await loginAs(srv.url, 'agent2')).post('/api/tickets', { ...body, content: '井盖丢失' }, key);
  expect(other.status).toBe(201);

  // a ticket stored before request hashes were kept replays whatever the body, as it always did
  await sql(srv.dbUrl, 'update tickets set request_hash = null where id = $1', [first.body.ticket.id]);
  const legacy = await agent.post('/api/tickets', { ...body, content: '井盖丢失' }, key);
  expect([legacy.status, legacy.body.ticket.id]).toEqual([200, first.body.ticket.id]);
  const stored = await sql(srv.dbUrl, 'select request_hash from tickets where id = $1', [other.body.ticket.id]);
  expect(stored[0].request_hash).toMatch(/^[0-9a-f]{64}$/);
});

test('finding 5: leave requests — another request under a used key → 422', async () => {
  const body = { fromDay: '2026-12-28', toDay: '2026-12-29', kind: 'annual', note: '探亲' };
  const key = { 'idempotency-key': 'leave-k1' };
  const first = await seat.post('/api/roster/leave', body, key);
  expect(first.status).toBe(201);
  const again = await seat.post('/api/roster/leave', body, key);
  expect([again.status, again.headers.get('idempotent-replayed'), again.body.leave.id]).toEqual([
    200,
    'true',
    first.body.leave.id,
  ]);
  const before = await count('leave_requests');
  mismatch(await seat.post('/api/roster/leave', { ...body, toDay: '2026-12-30' }, key));
  expect(await count('leave_requests')).toBe(before);
  await sql(srv.dbUrl, 'update leave_requests set request_hash = null where id = $1', [first.body.leave.id]);
  expect((await seat.post('/api/roster/leave', { ...body, toDay: '2026-12-30' }, key)).status).toBe(200);
});

test('finding 5: shift swaps — another request under a used key → 422', async () => {
  const shifts = (await seat.get('/api/roster/me/shifts?from=2026-12-21&to=2026-12-31')).body.shifts;
  expect(shifts.length).toBeGreaterThan(1);
  const colleague = (await sql(srv.dbUrl, `select id from users where username = 'seat02'`))[0].id;
  const body = { contractCode: HD, month: '2026-12', requesterDay: shifts[0].day, counterpartId: colleague };
  const key = { 'idempotency-key': 'swap-k1' };
  const first = await seat.post('/api/roster/swaps', body, key);
  expect(first.status).toBe(201);
  const again = await seat.post('/api/roster/swaps', body, key);
  expect([again.status, again.headers.get('idempotent-replayed'), again.body.swap.id]).toEqual([
    200,
    'true',
    first.body.swap.id,
  ]);
  const before = await count('swap_requests');
  mismatch(await seat.post('/api/roster/swaps', { ...body, requesterDay: shifts[1].day }, key));
  expect(await count('swap_requests')).toBe(before);
});

test('finding 5: contract facts — another request under a used key → 422', async () => {
  const body = {
    metric: 'manual_assessment',
    day: '2026-12-15',
    amountFen: 200_000,
    label: '政风行风考核扣分',
    reason: '答复不准确',
  };
  const key = { 'idempotency-key': 'fact-k1' };
  const first = await supervisor.post(`/api/contracts/${HD}/facts`, body, key);
  expect(first.status).toBe(201);
  const again = await supervisor.post(`/api/contracts/${HD}/facts`, body, key);
  expect([again.status, again.headers.get('idempotent-replayed'), again.body.fact.id]).toEqual([
    200,
    'true',
    first.body.fact.id,
  ]);
  const before = await count('contract_facts');
  mismatch(await supervisor.post(`/api/contracts/${HD}/facts`, { ...body, amountFen: 300_000 }, key));
  expect(await count('contract_facts')).toBe(before);
  await sql(srv.dbUrl, 'update contract_facts set request_hash = null where id = $1', [first.body.fact.id]);
  expect((await supervisor.post(`/api/contracts/${HD}/facts`, { ...body, amountFen: 300_000 }, key)).status).toBe(200);
});

test('finding 5: an over-long key is refused on every create that takes one', async () => {
  const key = { 'idempotency-key': 'k'.repeat(101) };
  const r = await seat.post('/api/roster/leave', { fromDay: '2026-12-30', toDay: '2026-12-30', kind: 'sick' }, key);
  expect([r.status, Object.keys(r.body.error.fields)]).toEqual([400, ['Idempotency-Key']]);
});
