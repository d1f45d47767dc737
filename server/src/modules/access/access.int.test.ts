// Need-to-know: reveals with a reason and an hourly limit under parallel calls, departments' access ending
// with their assignment, the list's phone search following the caller-lookup rule, caller names encrypted.
import { io, type Socket } from 'socket.io-client';
import { Client, loginAs, refIds, sql, startTestServer, type TestServer } from '../../../test/harness';

let srv: TestServer;
let ids: Awaited<ReturnType<typeof refIds>>;
let agent: Client, revisit: Client, dept1: Client, supervisor: Client;

beforeAll(async () => {
  srv = await startTestServer({ REVEAL_LIMIT_PER_HOUR: '30', EXPORT_LIMIT_PER_HOUR: '3' });
  ids = await refIds(srv.dbUrl);
  [agent, revisit, dept1, supervisor] = await Promise.all(
    ['agent1', 'revisit1', 'dept1', 'supervisor1'].map((u) => loginAs(srv.url, u)),
  );
});
afterAll(() => srv.stop());

async function create(phone = '13911112222') {
  const r = await agent.post('/api/tickets', {
    channel: 'phone_12345',
    callerName: '王小明',
    callerPhone: phone,
    address: '北京市某区某街道某小区3号楼2单元501',
    content: '楼道灯坏了',
    categoryId: ids.category('complaint-noise'),
  });
  expect(r.status).toBe(201);
  return r.body.ticket as { id: number; version: number; assignments: { id: number; status: string }[] };
}

describe('reveal', () => {
  test('a reason from the list is required (and a note with "other")', async () => {
    const t = await create();
    const none = await agent.post(`/api/tickets/${t.id}/reveal`, {});
    expect([none.status, Object.keys(none.body.error.fields)]).toEqual([400, ['reason']]);
    const bad = await agent.post(`/api/tickets/${t.id}/reveal`, { reason: 'curiosity' });
    expect(bad.status).toBe(400);
    const other = await agent.post(`/api/tickets/${t.id}/reveal`, { reason: 'other' });
    expect(other.body.error.fields).toEqual({ note: 'Say why' });
    const ok = await agent.post(`/api/tickets/${t.id}/reveal`, { reason: 'callback' });
    expect(ok.body).toEqual({
      callerPhone: '13911112222',
      address: '北京市某区某街道某小区3号楼2单元501',
      callerName: '王小明',
    });
    const [a] = await sql(
      srv.dbUrl,
      "select data from audit_events where action = 'pii.reveal' and ticket_id = $1 order by id desc limit 1",
      [t.id],
    );
    expect(a.data).toMatchObject({ reason: 'callback', fields: ['callerPhone', 'address', 'callerName'] });
  });

  test('finding "mass reveal": 40 parallel reveals by one user → exactly 30 answered, supervisors alerted once', async () => {
    const tickets = [];
    for (let i = 0; i < 40; i++) tickets.push(await create(`1390000${String(1000 + i)}`));
    const alerts: unknown[] = [];
    const sock: Socket = io(srv.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      extraHeaders: { cookie: supervisor.cookie },
    });
    await new Promise<void>((r) => sock.on('connect', () => r()));
    sock.on('security:alert', (a) => alerts.push(a));
    const results = await Promise.all(
      tickets.map((t) => revisit.post(`/api/tickets/${t.id}/reveal`, { reason: 'callback' })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(30);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
    const refused = results.find((r) => r.status === 429)!;
    expect(refused.body.error).toMatchObject({ code: 'REVEAL_LIMIT', limit: 30 });
    expect(refused.body).not.toHaveProperty('callerPhone');
    await new Promise((r) => setTimeout(r, 300));
    sock.close();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'reveal_limit', username: 'revisit1' });
    const rows = await sql(srv.dbUrl, "select kind, data from security_alerts where kind = 'reveal_limit'");
    expect(rows).toHaveLength(1);
    const [{ n }] = await sql(
      srv.dbUrl,
      "select count(*)::int as n from audit_events where action = 'pii.reveal' and actor_id = (select id from users where username = 'revisit1')",
    );
    expect(n).toBe(30);
  });
});

test('exports are limited per user per hour, also when asked in parallel', async () => {
  const results = await Promise.all(
    Array.from({ length: 6 }, () => supervisor.req('GET', '/api/tickets/export.xlsx?pageSize=10')),
  );
  const statuses = results.map((r) => r.status).sort();
  expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
  const refused = results.find((r) => r.status === 429)!;
  expect(refused.body.error).toMatchObject({ code: 'RATE_LIMITED', limit: 3 });
  const [{ n }] = await sql(srv.dbUrl, "select count(*)::int as n from audit_events where action = 'ticket.export'");
  expect(n).toBe(3);
});

describe('department access ends with its assignment', () => {
  test('finding "sent-back department keeps full access": afterwards read-only history without personal data', async () => {
    let t = await create('13822223333');
    const d = await agent.post(`/api/tickets/${t.id}/actions/dispatch`, {
      version: t.version,
      targets: [{ unitId: ids.unit('cgw'), role: 'primary' }],
    });
    t = d.body.ticket;
    const live = await dept1.get(`/api/tickets/${t.id}`);
    expect(live.body).toMatchObject({ access: 'full', ticket: { callerPhone: '138****3333' } });
    expect((await dept1.post(`/api/tickets/${t.id}/reveal`, { reason: 'visit' })).status).toBe(200);

    const back = await dept1.post(`/api/tickets/${t.id}/actions/send_back`, {
      version: t.version,
      assignmentId: t.assignments[0].id,
      reason: '不属于本单位职责',
    });
    expect(back.status).toBe(200);

    const after = await dept1.get(`/api/tickets/${t.id}`);
    expect(after.status).toBe(200);
    expect(after.body.access).toBe('history');
    expect(after.body.allowedActions).toEqual([]);
    expect(after.body.ticket).toMatchObject({ callerPhone: null, callerName: null, address: null, redacted: true });
    expect(JSON.stringify(after.body)).not.toMatch(/3333|王|501/);
    const reveal = await dept1.post(`/api/tickets/${t.id}/reveal`, { reason: 'visit' });
    expect(reveal.status).toBe(404);
    const timeline = await dept1.get(`/api/tickets/${t.id}/timeline`);
    expect(timeline.body.events.length).toBeGreaterThan(0);
    expect(
      timeline.body.events.every((e: { data: unknown; after: unknown }) => e.data === null && e.after === null),
    ).toBe(true);
    const list = await dept1.get(`/api/tickets?pageSize=100`);
    const row = list.body.items.find((x: { id: number }) => x.id === t.id);
    expect(row).toMatchObject({ callerPhone: null, callerName: null, redacted: true });
    // acting on it: not found (the unit has no live assignment)
    const act = await dept1.post(`/api/tickets/${t.id}/actions/sign`, {
      version: after.body.ticket.version,
      assignmentId: t.assignments[0].id,
    });
    expect(act.status).toBe(404);

    // policy 'none': the history disappears too
    await sql(
      srv.dbUrl,
      `insert into settings (key, value, valid_from, set_at) values ('security', $1, now(), now())`,
      [JSON.stringify({ departmentHistory: 'none' })],
    );
    await srv.services.settings.reload();
    expect((await dept1.get(`/api/tickets/${t.id}`)).status).toBe(404);
    const list2 = await dept1.get(`/api/tickets?pageSize=100`);
    expect(list2.body.items.find((x: { id: number }) => x.id === t.id)).toBeUndefined();
    await sql(srv.dbUrl, "delete from settings where key = 'security'");
    await srv.services.settings.reload();
  });
});

describe('phone search in the list', () => {
  test('finding "q= phone search skips the role check and the audit": audited for callers, not matched for others', async () => {
    const t = await create('13733334444');
    const byAgent = await agent.get('/api/tickets?q=13733334444');
    expect(byAgent.body.items.map((x: { id: number }) => x.id)).toContain(t.id);
    const [a] = await sql(
      srv.dbUrl,
      "select entity_id, data from audit_events where action = 'pii.phone_search' order by id desc limit 1",
    );
    expect(a).toMatchObject({ entity_id: '137****4444', data: { phone: '137****4444' } });
    // a revisit agent cannot look callers up by phone: no match, nothing revealed
    const byRevisit = await revisit.get('/api/tickets?q=13733334444');
    expect(byRevisit.status).toBe(200);
    expect(byRevisit.body.items.map((x: { id: number }) => x.id)).not.toContain(t.id);
    expect((await revisit.get('/api/tickets/caller?phone=13733334444')).status).toBe(403);
  });
});

test('caller names are personal data: encrypted at rest, masked in lists', async () => {
  const t = await create();
  const [row] = await sql(
    srv.dbUrl,
    'select caller_name, caller_name_enc, caller_name_masked from tickets where id = $1',
    [t.id],
  );
  expect(row.caller_name).toBeNull();
  expect(row.caller_name_enc).toMatch(/^v2\.\d+\./);
  expect(row.caller_name_masked).toBe('王**');
  expect((await agent.get(`/api/tickets/${t.id}`)).body.ticket.callerName).toBe('王**');
});

test('an auditor sees no case at all', async () => {
  const auditor = await loginAs(srv.url, 'auditor1');
  const t = await create();
  expect((await auditor.get(`/api/tickets/${t.id}`)).status).toBe(404);
  expect((await auditor.get('/api/tickets')).body.total).toBe(0);
});
