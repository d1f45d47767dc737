// Two clients, one version: exactly one wins. One idempotency key: exactly one ticket.
import { loginAs, refIds, sql, startTestServer, type TestServer } from '../../../test/harness';

let srv: TestServer;
let ids: Awaited<ReturnType<typeof refIds>>;
beforeAll(async () => {
  srv = await startTestServer();
  ids = await refIds(srv.dbUrl);
});
afterAll(() => srv.stop());

const body = () => ({
  channel: 'phone_12345',
  callerPhone: '13700001234',
  content: '路灯不亮',
  categoryId: ids.category('help-traffic'),
});

test('two clients acting on the same version: one 200, the other 409 VERSION_CONFLICT', async () => {
  const [a, b] = await Promise.all([loginAs(srv.url, 'agent1'), loginAs(srv.url, 'agent2')]);
  for (let round = 0; round < 10; round++) {
    const t = (await a.post('/api/tickets', body())).body.ticket;
    const [r1, r2] = await Promise.all([
      a.post(`/api/tickets/${t.id}/actions/dispatch`, {
        version: t.version,
        targets: [{ unitId: ids.unit('cgw'), role: 'primary' }],
      }),
      b.post(`/api/tickets/${t.id}/actions/close_on_call`, { version: t.version, resolution: '已解答' }),
    ]);
    expect([r1.status, r2.status].sort()).toEqual([200, 409]);
    const loser = r1.status === 409 ? r1 : r2;
    expect(loser.body.error.code).toBe('VERSION_CONFLICT');
    expect(loser.body.error.currentVersion).toBe(2);
    const [row] = await sql(srv.dbUrl, 'select version, status from tickets where id = $1', [t.id]);
    expect(row.version).toBe(2);
    const actions = await sql(
      srv.dbUrl,
      `select action from audit_events where ticket_id = $1 and action like 'action.%'`,
      [t.id],
    );
    expect(actions).toHaveLength(1);
  }
});

test('a stale version is refused and nothing changes', async () => {
  const a = await loginAs(srv.url, 'agent1');
  const t = (await a.post('/api/tickets', body())).body.ticket;
  const r = await a.post(`/api/tickets/${t.id}/actions/dispatch`, {
    version: 7,
    targets: [{ unitId: ids.unit('cgw'), role: 'primary' }],
  });
  expect(r.status).toBe(409);
  expect(r.body.error.code).toBe('VERSION_CONFLICT');
  expect(await sql(srv.dbUrl, 'select id from assignments where ticket_id = $1', [t.id])).toHaveLength(0);
});

test('a repeated create with the same Idempotency-Key creates one ticket, also when the requests race', async () => {
  const a = await loginAs(srv.url, 'agent1');
  const key = 'call-7f3a-create';
  const replies = await Promise.all(
    Array.from({ length: 8 }, () => a.post('/api/tickets', body(), { 'Idempotency-Key': key })),
  );
  const idsSeen = new Set(replies.map((r) => r.body.ticket.id));
  expect(idsSeen.size).toBe(1);
  expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
  expect(replies.filter((r) => r.status === 200)).toHaveLength(7);
  const again = await a.post('/api/tickets', body(), { 'Idempotency-Key': key });
  expect(again.status).toBe(200);
  expect(again.headers.get('idempotent-replayed')).toBe('true');
  expect(again.body.ticket.number).toBe(replies[0].body.ticket.number);
  const rows = await sql(srv.dbUrl, 'select id from tickets where idempotency_key = $1', [key]);
  expect(rows).toHaveLength(1);
  // the key is per user: another agent's identical key is a different request
  const b = await loginAs(srv.url, 'agent2');
  const other = await b.post('/api/tickets', body(), { 'Idempotency-Key': key });
  expect(other.status).toBe(201);
  expect(other.body.ticket.id).not.toBe(again.body.ticket.id);
});

test('ticket numbers are unique and sequential per day under concurrent creates', async () => {
  const a = await loginAs(srv.url, 'agent1');
  const replies = await Promise.all(Array.from({ length: 30 }, () => a.post('/api/tickets', body())));
  expect(replies.every((r) => r.status === 201)).toBe(true);
  const numbers = replies.map((r) => r.body.ticket.number as string);
  expect(new Set(numbers).size).toBe(30);
  for (const n of numbers) expect(n).toMatch(/^HL-\d{8}-\d{6}$/);
});
