// The intake screen's server side: caller history (scoped, audited), duplicate hints, merge on create.
import { Client, loginAs, refIds, sql, startTestServer, type TestServer } from '../../../test/harness';

let srv: TestServer;
let agent: Client;
let ids: Awaited<ReturnType<typeof refIds>>;

beforeAll(async () => {
  srv = await startTestServer();
  ids = await refIds(srv.dbUrl);
  agent = await loginAs(srv.url, 'agent1');
});
afterAll(() => srv.stop());

async function create(body: Record<string, unknown>) {
  const r = await agent.post('/api/tickets', {
    channel: 'phone_12345',
    categoryId: ids.category('complaint-noise'),
    ...body,
  });
  expect(r.status).toBe(201);
  return r.body.ticket;
}

describe('caller lookup', () => {
  test('returns the caller’s tickets and open cases, masked, matched across phone formats; audited', async () => {
    const a = await create({ callerPhone: '13912340001', content: '小区楼下夜间施工噪声扰民' });
    const b = await create({
      callerPhone: '+86 139-1234-0001',
      content: '路灯不亮',
      categoryId: ids.category('help-traffic'),
    });
    const closed = await create({
      callerPhone: '13912340001',
      content: '咨询社保',
      categoryId: ids.category('consult-policy'),
    });
    const c = await agent.post(`/api/tickets/${closed.id}/actions/close_on_call`, { version: 1, resolution: '已答复' });
    expect(c.status).toBe(200);
    await create({ callerPhone: '13900000000', content: '别人的工单' });

    const r = await agent.get('/api/tickets/caller?phone=139%201234%200001');
    expect(r.status).toBe(200);
    expect(r.body.phone).toBe('139****0001');
    expect(r.body.tickets.map((t: { id: number }) => t.id)).toEqual([closed.id, b.id, a.id]);
    expect(r.body.openCases.map((t: { id: number }) => t.id)).toEqual([b.id, a.id]);
    expect(r.body.tickets[0].callerPhone).toBe('139****0001');
    expect(JSON.stringify(r.body)).not.toContain('13912340001');

    const audits = await sql(
      srv.dbUrl,
      `select a.entity_type, a.entity_id, a.data, u.username from audit_events a join users u on u.id = a.actor_id
        where a.action = 'pii.caller_lookup'`,
    );
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ username: 'agent1', entity_type: 'caller', entity_id: '139****0001' });
    expect(audits[0].data).toMatchObject({ tickets: 3, openCases: 2 });
    expect(JSON.stringify(audits[0])).not.toContain('13912340001');
  });

  test('only centre roles that take calls may look a caller up; a bad number is a 400 on the field', async () => {
    const dept = await loginAs(srv.url, 'dept1');
    expect((await dept.get('/api/tickets/caller?phone=13912340001')).status).toBe(403);
    const revisit = await loginAs(srv.url, 'revisit1');
    expect((await revisit.get('/api/tickets/caller?phone=13912340001')).status).toBe(403);
    const bad = await agent.get('/api/tickets/caller?phone=abc');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toHaveProperty('phone');
    expect((await new Client(srv.url).get('/api/tickets/caller?phone=13912340001')).status).toBe(401);
  });
});

describe('duplicates', () => {
  test('ranks the same caller’s open tickets by text similarity and category, max 5, with scores', async () => {
    const phone = '13722220000';
    const similar = await create({ callerPhone: phone, content: '幸福小区3号楼旁工地夜间施工噪声很大影响休息' });
    const sameCat = await create({ callerPhone: phone, content: '广场舞音响太吵' });
    const unrelated = await create({
      callerPhone: phone,
      content: '公交线路调整建议',
      categoryId: ids.category('suggestion-city'),
    });
    const other = await create({ callerPhone: '13722229999', content: '幸福小区3号楼旁工地夜间施工噪声很大影响休息' });
    const r = await agent.post('/api/tickets/duplicates', {
      phone,
      categoryId: ids.category('complaint-noise'),
      content: '幸福小区3号楼工地夜间施工噪声扰民',
    });
    expect(r.status).toBe(200);
    const got = r.body.items.map((t: { id: number }) => t.id);
    expect(got).toEqual([similar.id, sameCat.id]);
    expect(got).not.toContain(unrelated.id);
    expect(got).not.toContain(other.id);
    expect(r.body.items[0].score).toBeGreaterThan(r.body.items[1].score);
    expect(r.body.items[0]).toMatchObject({ number: similar.number, sameCategory: true, callerPhone: '137****0000' });
    expect(r.body.items[0].similarity).toBeGreaterThan(0.2);

    // a finished ticket is no duplicate
    await agent.post(`/api/tickets/${similar.id}/actions/merge`, {
      version: similar.version,
      masterTicketId: sameCat.id,
    });
    const after = await agent.post('/api/tickets/duplicates', { phone, content: '幸福小区3号楼工地夜间施工噪声扰民' });
    expect(after.body.items.map((t: { id: number }) => t.id)).not.toContain(similar.id);
  });

  test('without a phone: open tickets with similar text; validation names the field', async () => {
    const t = await create({
      content: '朝阳路与建国路交叉口红绿灯故障一直闪黄灯',
      categoryId: ids.category('help-traffic'),
    });
    const r = await agent.post('/api/tickets/duplicates', { content: '朝阳路与建国路交叉口红绿灯故障' });
    expect(r.body.items.map((x: { id: number }) => x.id)).toContain(t.id);
    expect(r.body.items.length).toBeLessThanOrEqual(5);
    const bad = await agent.post('/api/tickets/duplicates', { content: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toHaveProperty('content');
    expect((await (await loginAs(srv.url, 'dept1')).post('/api/tickets/duplicates', { content: 'x' })).status).toBe(
      403,
    );
  });
});

describe('merge on create', () => {
  test('creates the repeat ticket and merges it into the master in one transaction', async () => {
    const master = await create({ callerPhone: '13633330000', content: '楼上漏水' });
    const r = await agent.post('/api/tickets', {
      channel: 'phone_12345',
      categoryId: ids.category('complaint-property'),
      callerPhone: '13633330000',
      content: '楼上漏水，再次来电催办',
      mergeIntoTicketId: master.id,
    });
    expect(r.status).toBe(201);
    expect(r.body.ticket).toMatchObject({ status: 'merged', mergedIntoId: master.id, version: 2 });
    const timeline = (await agent.get(`/api/tickets/${master.id}/timeline`)).body.events.map(
      (e: { action: string }) => e.action,
    );
    expect(timeline).toContain('ticket.merged_from');
    const own = (await agent.get(`/api/tickets/${r.body.ticket.id}/timeline`)).body.events.map(
      (e: { action: string }) => e.action,
    );
    expect(own).toEqual(expect.arrayContaining(['ticket.create', 'action.merge', 'ticket.merged_into']));
  });

  test('a master that cannot take the merge rolls the whole create back', async () => {
    const master = await create({ callerPhone: '13644440000', content: '咨询' });
    await agent.post(`/api/tickets/${master.id}/actions/close_on_call`, { version: 1, resolution: '已答复' });
    const [{ n: before }] = await sql(srv.dbUrl, 'select count(*)::int n from tickets');
    const r = await agent.post('/api/tickets', {
      channel: 'phone_12345',
      categoryId: ids.category('complaint-noise'),
      content: '又来电',
      mergeIntoTicketId: master.id,
    });
    expect(r.status).toBe(400);
    expect(r.body.error.fields).toHaveProperty('mergeIntoTicketId');
    const missing = await agent.post('/api/tickets', {
      channel: 'phone_12345',
      categoryId: ids.category('complaint-noise'),
      content: '又来电',
      mergeIntoTicketId: 99999999,
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields).toHaveProperty('mergeIntoTicketId');
    const [{ n: after }] = await sql(srv.dbUrl, 'select count(*)::int n from tickets');
    expect(after).toBe(before);
  });
});
