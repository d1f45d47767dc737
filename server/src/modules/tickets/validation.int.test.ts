// Bad input → 400 VALIDATION naming the field at fault, and nothing written (no ticket, no audit row).
import { loginAs, refIds, sql, startTestServer, type Client, type TestServer } from '../../../test/harness';

let srv: TestServer;
let ids: Awaited<ReturnType<typeof refIds>>;
let agent: Client;
beforeAll(async () => {
  srv = await startTestServer();
  ids = await refIds(srv.dbUrl);
  agent = await loginAs(srv.url, 'agent1');
});
afterAll(() => srv.stop());

const counts = async () =>
  (
    await sql(
      srv.dbUrl,
      `select (select count(*) from tickets)::int as t, (select count(*) from audit_events where entity_type <> 'user')::int as a, (select count(*) from assignments)::int as c`,
    )
  )[0];
const good = () => ({
  channel: 'phone_12345',
  callerPhone: '13800138000',
  content: '反映问题',
  categoryId: ids.category('complaint-noise'),
});

const cases: [string, () => unknown, string[]][] = [
  ['missing fields', () => ({}), ['channel', 'content', 'categoryId']],
  ['wrong types', () => ({ ...good(), categoryId: 'noise', urgency: 5 }), ['categoryId', 'urgency']],
  ['unknown category', () => ({ ...good(), categoryId: 999999 }), ['categoryId']],
  ['unknown channel', () => ({ ...good(), channel: 'fax' }), ['channel']],
  ['oversize content', () => ({ ...good(), content: '长'.repeat(5001) }), ['content']],
  ['blank content', () => ({ ...good(), content: '   ' }), ['content']],
  ['invalid date', () => ({ ...good(), receivedAt: '2026-02-30T10:00:00+08:00' }), ['receivedAt']],
  ['future date', () => ({ ...good(), receivedAt: new Date(Date.now() + 86400_000).toISOString() }), ['receivedAt']],
  ['not a phone', () => ({ ...good(), callerPhone: 'call me' }), ['callerPhone']],
  ['street that is not a street', () => ({ ...good(), streetId: ids.unit('cgw') }), ['streetId']],
  [
    'community of another street',
    () => ({ ...good(), streetId: ids.unit('st1'), communityId: ids.unit('st2-c1') }),
    ['communityId'],
  ],
];

test.each(cases)('create with %s → 400 with field errors, nothing written', async (_name, make, fields) => {
  const before = await counts();
  const r = await agent.post('/api/tickets', make());
  expect(r.status).toBe(400);
  expect(r.body.error.code).toBe('VALIDATION');
  for (const f of fields) expect(r.body.error.fields).toHaveProperty(f);
  expect(await counts()).toEqual(before);
});

test('malformed JSON → 400', async () => {
  const r = await agent.req('POST', '/api/tickets', '{"channel": ', { 'content-type': 'application/json' });
  expect(r.status).toBe(400);
  expect(r.body.error.code).toBe('VALIDATION');
});

test('a forwarded ticket keeps its original receivedAt and its deadline counts from it', async () => {
  const receivedAt = '2026-09-30T10:00:00+08:00';
  const r = await agent.post('/api/tickets', { ...good(), receivedAt });
  // receivedAt may be up to a year in the past; today is after 2026-09-30 only when this test runs later
  if (Date.now() - Date.parse(receivedAt) > 366 * 86400_000) return expect(r.status).toBe(400);
  expect(r.status).toBe(201);
  expect(r.body.ticket.receivedAt).toBe('2026-09-30T02:00:00.000Z');
  // complaint-noise normal: close in 5 working days; National Day 10-01..10-07, makeup Saturday 10-10 →
  // working days after 09-30: 10-08, 10-09, 10-10, 10-12, 10-13 → 24:00 of 10-13 Shanghai
  expect(r.body.ticket.closeDueAt).toBe('2026-10-13T16:00:00.000Z');
});

test('action input errors → 400 with fields and no change', async () => {
  const t = (await agent.post('/api/tickets', good())).body.ticket;
  const before = await counts();
  const cases2: [Record<string, unknown>, string][] = [
    [{ targets: [{ unitId: ids.unit('cgw'), role: 'primary' }] }, 'version'],
    [{ version: 1, targets: [] }, 'targets'],
    [{ version: 1, targets: [{ unitId: 999999, role: 'primary' }] }, 'targets.0.unitId'],
    [{ version: 1, targets: [{ unitId: ids.unit('cgw'), role: 'boss' }] }, 'targets.0.role'],
    [{ version: 1, targets: [{ unitId: ids.unit('cgw'), role: 'assisting' }] }, 'targets'],
  ];
  for (const [b, field] of cases2) {
    const r = await agent.post(`/api/tickets/${t.id}/actions/dispatch`, b);
    expect(r.status).toBe(400);
    expect(Object.keys(r.body.error.fields)).toContain(field);
  }
  expect(await counts()).toEqual(before);
  const unauth = await fetch(`${srv.url}/api/tickets`);
  expect(unauth.status).toBe(401);
  const notFound = await agent.get('/api/tickets/99999999');
  expect(notFound.status).toBe(404);
  const badFilter = await agent.get('/api/tickets?status=processing,bogus&pageSize=1000');
  expect(badFilter.status).toBe(400);
  expect(Object.keys(badFilter.body.error.fields)).toEqual(expect.arrayContaining(['status.1', 'pageSize']));
  const badId = await agent.get('/api/tickets/abc');
  expect(badId.status).toBe(400);
});
