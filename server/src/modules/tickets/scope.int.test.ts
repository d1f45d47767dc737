import { Client, loginAs, refIds, startTestServer, type TestServer } from '../../../test/harness';

let srv: TestServer;
let agent: Client;
let ids: Awaited<ReturnType<typeof refIds>>;

beforeAll(async () => {
  srv = await startTestServer();
  ids = await refIds(srv.dbUrl);
  agent = await loginAs(srv.url, 'agent1');
});
afterAll(() => srv.stop());

async function ticketDispatchedTo(unitCode: string) {
  const c = await agent.post('/api/tickets', {
    channel: 'phone_12345',
    callerPhone: '13800001111',
    content: '噪声扰民',
    categoryId: ids.category('complaint-noise'),
  });
  expect(c.status).toBe(201);
  const d = await agent.post(`/api/tickets/${c.body.ticket.id}/actions/dispatch`, {
    version: c.body.ticket.version,
    targets: [{ unitId: ids.unit(unitCode), role: 'primary' }],
  });
  expect(d.status).toBe(200);
  return d.body.ticket;
}

test('a department handler sees only tickets dispatched to their unit or its sub-units', async () => {
  const mine = await ticketDispatchedTo('cgw');
  const sub = await ticketDispatchedTo('cgw-zfd');
  const other = await ticketDispatchedTo('zjw');
  const dept1 = await loginAs(srv.url, 'dept1');
  expect((await dept1.get(`/api/tickets/${mine.id}`)).status).toBe(200);
  expect((await dept1.get(`/api/tickets/${sub.id}`)).status).toBe(200);
  const hidden = await dept1.get(`/api/tickets/${other.id}`);
  expect(hidden.status).toBe(404);
  expect(hidden.body.error.code).toBe('NOT_FOUND');
  expect((await dept1.get(`/api/tickets/${other.id}/timeline`)).status).toBe(404);
  expect((await dept1.post(`/api/tickets/${other.id}/reveal`, { reason: 'visit' })).status).toBe(404);
  const act = await dept1.post(`/api/tickets/${other.id}/actions/sign`, {
    version: other.version,
    assignmentId: other.assignments[0].id,
  });
  expect(act.status).toBe(404);
  const list = await dept1.get('/api/tickets?pageSize=200');
  const listed = list.body.items.map((t: { id: number }) => t.id);
  expect(listed).toEqual(expect.arrayContaining([mine.id, sub.id]));
  expect(listed).not.toContain(other.id);
  // the centre sees everything
  const all = (await agent.get('/api/tickets?pageSize=200')).body.items.map((t: { id: number }) => t.id);
  expect(all).toEqual(expect.arrayContaining([mine.id, sub.id, other.id]));
});

test('a handler of another unit cannot sign an assignment it can see through a shared ticket', async () => {
  const c = await agent.post('/api/tickets', {
    channel: 'web',
    content: '联合处置',
    categoryId: ids.category('complaint-sanitation'),
  });
  const d = await agent.post(`/api/tickets/${c.body.ticket.id}/actions/dispatch`, {
    version: 1,
    targets: [
      { unitId: ids.unit('cgw'), role: 'primary' },
      { unitId: ids.unit('zjw'), role: 'assisting' },
    ],
  });
  expect(d.status).toBe(200);
  const cgwAssignment = d.body.ticket.assignments.find((a: { unitId: number }) => a.unitId === ids.unit('cgw'));
  const dept2 = await loginAs(srv.url, 'dept2');
  const r = await dept2.post(`/api/tickets/${c.body.ticket.id}/actions/sign`, {
    version: d.body.ticket.version,
    assignmentId: cgwAssignment.id,
  });
  expect(r.status).toBe(403);
  expect(r.body.error.code).toBe('FORBIDDEN');
});
