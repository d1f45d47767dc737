import { Client, loginAs, refIds, sql, startTestServer, type TestServer } from '../../../test/harness';

// A clock the test moves forward to cross warning and due times (sessions must outlive the jump).
let now = new Date();
let srv: TestServer;
let ids: Awaited<ReturnType<typeof refIds>>;
let agent: Client;
let dept1: Client;
let dept2: Client;
let supervisor: Client;
let revisit: Client;

beforeAll(async () => {
  srv = await startTestServer({ SESSION_IDLE_MINUTES: '1000000', SESSION_MAX_HOURS: '720' }, { clock: () => now });
  ids = await refIds(srv.dbUrl);
  [agent, dept1, dept2, supervisor, revisit] = await Promise.all(
    ['agent1', 'dept1', 'dept2', 'supervisor1', 'revisit1'].map((u) => loginAs(srv.url, u)),
  );
});
afterAll(() => srv.stop());

async function create(content = '路灯不亮') {
  const c = await agent.post('/api/tickets', {
    channel: 'phone_12345',
    callerPhone: '13912345678',
    callerName: '王小明',
    content,
    categoryId: ids.category('complaint-noise'),
  });
  expect(c.status).toBe(201);
  return c.body.ticket;
}

async function act(who: Client, ticket: { id: number; version: number }, action: string, body: object = {}) {
  const r = await who.post(`/api/tickets/${ticket.id}/actions/${action}`, { version: ticket.version, ...body });
  expect([r.status, r.body]).toEqual([200, expect.anything()]);
  return r.body.ticket;
}

async function dispatched(unitCode: string, content?: string) {
  const t = await create(content);
  return act(agent, t, 'dispatch', { targets: [{ unitId: ids.unit(unitCode), role: 'primary' }] });
}

const assignmentOf = (t: { assignments: { id: number }[] }) => t.assignments[0].id;

test('summary counts follow real actions, for a department handler and for the centre', async () => {
  const toSign = await dispatched('cgw', '待签收');
  const working = await dispatched('cgw', '办理中');
  await act(dept1, working, 'sign', { assignmentId: assignmentOf(working) });
  let extended = await dispatched('cgw-zfd', '申请延期'); // a sub-unit of dept1's unit
  extended = await act(dept1, extended, 'sign', { assignmentId: assignmentOf(extended) });
  await act(dept1, extended, 'request_extension', {
    assignmentId: assignmentOf(extended),
    days: 3,
    reason: '需协调',
  });
  let fedBack = await dispatched('cgw', '已反馈');
  fedBack = await act(dept1, fedBack, 'sign', { assignmentId: assignmentOf(fedBack) });
  fedBack = await act(dept1, fedBack, 'feedback', {
    assignmentId: assignmentOf(fedBack),
    content: '已修复',
    result: 'resolved',
  });
  await dispatched('zjw', '别的单位'); // never in dept1's counts
  await create('待派单');
  let failed = await dispatched('cgw', '回访不满意');
  failed = await act(dept1, failed, 'sign', { assignmentId: assignmentOf(failed) });
  failed = await act(dept1, failed, 'feedback', {
    assignmentId: assignmentOf(failed),
    content: '已处理',
    result: 'resolved',
  });
  failed = await act(supervisor, failed, 'review', { assignmentId: assignmentOf(failed), accept: true });
  await act(revisit, failed, 'revisit', { reached: true, resolved: false, satisfaction: 'unsatisfied' });
  await act(supervisor, toSign, 'supervise_open', { reason: '市民催办' });

  const d1 = await dept1.get('/api/work/summary');
  expect(d1.status).toBe(200);
  expect(d1.body).toEqual({
    scope: 'department',
    counts: { pendingSign: 1, inProgress: 2, dueSoon: 0, overdue: 0, extensionPending: 1 },
  });
  const d2 = await dept2.get('/api/work/summary');
  expect(d2.body.counts).toEqual({ pendingSign: 1, inProgress: 0, dueSoon: 0, overdue: 0, extensionPending: 0 });

  const sup = await supervisor.get('/api/work/summary');
  expect(sup.body).toEqual({
    scope: 'centre',
    counts: {
      toDispatch: 1,
      feedbackToReview: 1,
      extensionRequests: 1,
      supervisionsOpen: 1,
      overdue: 0,
      awaitingRevisit: 0,
      revisitFailed: 1,
      dueSoon: 0,
    },
  });

  // accepting the feedback moves it from the review queue to the revisit queue
  await act(supervisor, fedBack, 'review', { assignmentId: assignmentOf(fedBack), accept: true });
  const after = (await supervisor.get('/api/work/summary')).body.counts;
  expect([after.feedbackToReview, after.awaitingRevisit]).toEqual([0, 1]);

  // the clock passes the sign warning of the unsigned assignment, then its sign deadline
  const [{ sign_warn_at, sign_due_at }] = await sql(
    srv.dbUrl,
    'select sign_warn_at, sign_due_at from assignments where ticket_id = $1',
    [toSign.id],
  );
  now = new Date(new Date(sign_warn_at).getTime() + 1000);
  expect((await dept1.get('/api/work/summary')).body.counts).toMatchObject({ dueSoon: 1, overdue: 0 });
  now = new Date(new Date(sign_due_at).getTime() + 1000);
  expect((await dept1.get('/api/work/summary')).body.counts).toMatchObject({ overdue: 1 });
  const inbox = await dept1.get('/api/work/inbox?status=pending_sign');
  expect(inbox.body.items.find((r: { ticketId: number }) => r.ticketId === toSign.id).overdue).toBe(true);

  // far beyond every close deadline: every open ticket is overdue for the centre (a session that old has
  // ended: the supervisor signs in again)
  now = new Date(now.getTime() + 400 * 24 * 3600_000);
  supervisor = await loginAs(srv.url, 'supervisor1');
  const late = (await supervisor.get('/api/work/summary')).body.counts;
  const open = await sql(srv.dbUrl, `select count(*)::int as n from tickets where status not in ('closed','merged')`);
  expect([late.overdue, late.dueSoon]).toEqual([open[0].n, 0]);
  const overdueList = await supervisor.get('/api/work/overdue?pageSize=100');
  expect(overdueList.body.total).toBe(open[0].n);
  now = new Date();
  [agent, dept1, dept2, supervisor, revisit] = await Promise.all(
    ['agent1', 'dept1', 'dept2', 'supervisor1', 'revisit1'].map((u) => loginAs(srv.url, u)),
  );
});

test('the inbox shows only the handler unit subtree, paged, with masked personal data', async () => {
  const cgw = await dispatched('cgw', '城管的');
  const zjw = await dispatched('zjw', '住建的');
  const page = await dept2.get('/api/work/inbox?status=pending_sign&pageSize=100');
  expect(page.status).toBe(200);
  const seen = page.body.items.map((r: { ticketId: number }) => r.ticketId);
  expect(seen).toContain(zjw.id);
  expect(seen).not.toContain(cgw.id);
  for (const r of page.body.items) expect(r.unitName).not.toMatch(/城市管理/);
  const row = page.body.items.find((r: { ticketId: number }) => r.ticketId === zjw.id);
  expect(row).toMatchObject({
    number: zjw.number,
    version: zjw.version,
    status: 'pending_sign',
    callerPhone: '139****5678',
    callerName: '王**',
    extension: null,
    overdue: false,
  });
  expect(JSON.stringify(page.body)).not.toContain('13912345678');

  const one = await dept1.get('/api/work/inbox?status=pending_sign&pageSize=1&page=2');
  expect(one.body.items).toHaveLength(1);
  expect(one.body.total).toBeGreaterThanOrEqual(2);
  const signed = await dept1.get('/api/work/inbox?status=signed');
  expect(signed.body.items.every((r: { status: string }) => r.status === 'signed')).toBe(true);
  expect((await dept1.get('/api/work/inbox?status=closed')).status).toBe(400);
});

test('centre lists carry what the reviewer needs; role checks answer 403', async () => {
  let t = await dispatched('cgw', '需审核');
  t = await act(dept1, t, 'sign', { assignmentId: assignmentOf(t) });
  t = await act(dept1, t, 'feedback', {
    assignmentId: assignmentOf(t),
    content: '已清理完毕',
    result: 'partly_resolved',
  });
  const reviews = await supervisor.get('/api/work/reviews?pageSize=100');
  expect(reviews.status).toBe(200);
  expect(reviews.body.items.find((r: { ticketId: number }) => r.ticketId === t.id)).toMatchObject({
    feedbackContent: '已清理完毕',
    feedbackResult: 'partly_resolved',
    attachmentCount: 0,
    parentId: null,
  });
  expect((await supervisor.get('/api/work/extensions')).body.items.length).toBeGreaterThanOrEqual(1);
  const sup = (await supervisor.get('/api/work/supervisions')).body.items;
  expect(sup[0]).toMatchObject({ supervisionStatus: 'open', reason: '市民催办' });

  t = await act(supervisor, t, 'review', { assignmentId: assignmentOf(t), accept: true });
  const revisits = await revisit.get('/api/work/revisits?pageSize=100');
  expect(revisits.status).toBe(200);
  const row = revisits.body.items.find((r: { ticketId: number }) => r.ticketId === t.id);
  expect(row).toMatchObject({ feedbackResult: 'partly_resolved', ticketStatus: 'pending_revisit' });
  const times = revisits.body.items.map((r: { receivedAt: string }) => r.receivedAt);
  expect([...times].sort()).toEqual(times); // oldest first

  expect((await dept1.get('/api/work/reviews')).status).toBe(403);
  expect((await revisit.get('/api/work/reviews')).status).toBe(403);
  expect((await agent.get('/api/work/inbox')).status).toBe(403);
  expect((await supervisor.get('/api/work/inbox')).body.error.code).toBe('FORBIDDEN');
  expect((await dept1.get('/api/work/revisits')).status).toBe(403);
  expect((await new Client(srv.url).get('/api/work/summary')).status).toBe(401);
});
