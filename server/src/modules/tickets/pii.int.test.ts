// Personal data at rest and in responses: encrypted columns, masked lists, keyed-hash phone search,
// audited reveal, and an audit table that even the database owner cannot rewrite.
import { Client, loginAs, refIds, sql, startTestServer, type TestServer } from '../../../test/harness';

const PHONE = '13812345678';
const ADDRESS = '东湖街道幸福路18号院3号楼2单元501';

let srv: TestServer;
let agent: Client;
let agentId: number;
let ticket: { id: number; number: string };

beforeAll(async () => {
  srv = await startTestServer();
  const ids = await refIds(srv.dbUrl);
  agent = await loginAs(srv.url, 'agent1');
  agentId = (await agent.get('/api/auth/me')).body.user.id;
  const c = await agent.post('/api/tickets', {
    channel: 'phone_12345',
    callerName: '张三',
    callerPhone: PHONE,
    address: ADDRESS,
    content: '楼下餐馆油烟扰民',
    categoryId: ids.category('complaint-noise'),
  });
  expect(c.status).toBe(201);
  ticket = c.body.ticket;
  // a second ticket with another phone, so searches have something to leave out
  const other = await agent.post('/api/tickets', {
    channel: 'web',
    callerPhone: '13900001111',
    content: '咨询办事流程',
    categoryId: ids.category('consult-guide'),
  });
  expect(other.status).toBe(201);
});
afterAll(() => srv.stop());

test('the tickets row holds no plaintext phone or address in any column', async () => {
  // Every column cast to text, so a plaintext copy in some unexpected column (or JSON) is caught too.
  const cols = await sql<{ key: string; value: string | null }>(
    srv.dbUrl,
    'select (jsonb_each_text(to_jsonb(t))).* from tickets t where id = $1',
    [ticket.id],
  );
  const row = Object.fromEntries(cols.map((c) => [c.key, c.value]));
  expect(Object.keys(row).length).toBeGreaterThan(10);
  const all = Object.values(row).join('\n');
  expect(all).not.toContain(PHONE);
  expect(all).not.toContain('12345678');
  expect(all).not.toContain(ADDRESS);
  expect(all).not.toContain('18号院');
  // the protected values are really there, as ciphertext, keyed hash and mask
  // 'v2.<data key id>.' (envelope encryption: the key is named in every ciphertext)
  expect(row.caller_phone_enc).toMatch(/^v2\.\d+\./);
  expect(row.address_enc).toMatch(/^v2\.\d+\./);
  expect(row.caller_phone_hash).toBeTruthy();
  expect(row.caller_phone_masked).toBe('138****5678');
});

test('the create audit row does not store the plaintext either', async () => {
  const rows = await sql(srv.dbUrl, 'select to_jsonb(a)::text as j from audit_events a where ticket_id = $1', [
    ticket.id,
  ]);
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) {
    expect(r.j).not.toContain(PHONE);
    expect(r.j).not.toContain('18号院');
  }
});

test('list and detail responses show only masked phone and address', async () => {
  const list = await agent.get('/api/tickets?pageSize=50');
  expect(list.status).toBe(200);
  const item = list.body.items.find((t: { id: number }) => t.id === ticket.id);
  expect(item.callerPhone).toBe('138****5678');
  expect(item.callerName).toBe('张*');
  expect(JSON.stringify(list.body)).not.toContain(PHONE);

  const detail = await agent.get(`/api/tickets/${ticket.id}`);
  expect(detail.status).toBe(200);
  expect(detail.body.ticket.callerPhone).toBe('138****5678');
  expect(detail.body.ticket.address).toBe('东湖街道幸福****');
  const text = JSON.stringify(detail.body);
  expect(text).not.toContain(PHONE);
  expect(text).not.toContain('18号院');
});

test('search by exact phone finds the ticket through the keyed hash; another phone does not', async () => {
  const hit = await agent.get(`/api/tickets?q=${PHONE}`);
  expect(hit.status).toBe(200);
  expect(hit.body.items.map((t: { id: number }) => t.id)).toEqual([ticket.id]);
  // formatting variants normalise to the same hash
  const spaced = await agent.get(`/api/tickets?q=${encodeURIComponent('+86 138-1234-5678')}`);
  expect(spaced.body.items.map((t: { id: number }) => t.id)).toEqual([ticket.id]);
  const miss = await agent.get('/api/tickets?q=13812345679');
  expect(miss.status).toBe(200);
  expect(miss.body.items).toEqual([]);
  expect(miss.body.total).toBe(0);
  // the masked digits are not searchable as a substring
  expect((await agent.get('/api/tickets?q=5678')).body.total).toBe(0);
});

test('reveal returns the full values and is audited with the actor', async () => {
  const r = await agent.post(`/api/tickets/${ticket.id}/reveal`, { reason: 'callback' });
  expect(r.status).toBe(200);
  expect(r.body).toMatchObject({ callerPhone: PHONE, address: ADDRESS });
  const rows = await sql(
    srv.dbUrl,
    "select actor_id, entity_type, entity_id, data from audit_events where ticket_id = $1 and action = 'pii.reveal'",
    [ticket.id],
  );
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ actor_id: agentId, entity_type: 'ticket', entity_id: String(ticket.id) });
  expect(rows[0].data).toMatchObject({
    fields: expect.arrayContaining(['callerPhone', 'address']),
    reason: 'callback',
  });
});

test('reveal needs a session', async () => {
  const r = await new Client(srv.url).post(`/api/tickets/${ticket.id}/reveal`);
  expect(r.status).toBe(401);
  expect(JSON.stringify(r.body)).not.toContain(PHONE);
});

test('the timeline shows the create and the reveal with their actor', async () => {
  const r = await agent.get(`/api/tickets/${ticket.id}/timeline`);
  expect(r.status).toBe(200);
  const actions = r.body.events.map((e: { action: string }) => e.action);
  expect(actions[0]).toBe('ticket.create');
  expect(actions).toContain('pii.reveal');
  const reveal = r.body.events.find((e: { action: string }) => e.action === 'pii.reveal');
  expect(reveal.actor).toMatchObject({ id: agentId, username: 'agent1' });
  expect(JSON.stringify(r.body)).not.toContain(PHONE);
});

test('the database rejects UPDATE and DELETE on audit_events', async () => {
  const [{ count: before }] = await sql(srv.dbUrl, 'select count(*)::int as count from audit_events');
  await expect(
    sql(srv.dbUrl, "update audit_events set action = 'tampered' where ticket_id = $1", [ticket.id]),
  ).rejects.toThrow(/append-only/);
  await expect(sql(srv.dbUrl, 'delete from audit_events where ticket_id = $1', [ticket.id])).rejects.toThrow(
    /append-only/,
  );
  await expect(sql(srv.dbUrl, 'truncate audit_events')).rejects.toThrow(/append-only/);
  const [{ count: after }] = await sql(srv.dbUrl, 'select count(*)::int as count from audit_events');
  expect(after).toBe(before);
  const tampered = await sql(srv.dbUrl, "select 1 from audit_events where action = 'tampered'");
  expect(tampered).toHaveLength(0);
});
