// Walks tickets through the whole 工单 lifecycle over HTTP, each step by the role that does it in a centre.
import { Client, loginAs, refIds, sql, startTestServer, type TestServer } from '../../../test/harness';

let srv: TestServer;
let ids: Awaited<ReturnType<typeof refIds>>;
let agent: Client, supervisor: Client, revisit: Client, dept1: Client, dept2: Client, admin: Client;

beforeAll(async () => {
  srv = await startTestServer();
  ids = await refIds(srv.dbUrl);
  [agent, supervisor, revisit, dept1, dept2, admin] = await Promise.all(
    ['agent1', 'supervisor1', 'revisit1', 'dept1', 'dept2', 'admin'].map((u) => loginAs(srv.url, u)),
  );
});
afterAll(() => srv.stop());

type T = { id: number; version: number; status: string; assignments: any[]; supervisions: any[]; revisits: any[] };

async function create(extra: Record<string, unknown> = {}): Promise<T> {
  const r = await agent.post('/api/tickets', {
    channel: 'phone_12345',
    callerName: '王先生',
    callerPhone: '13911112222',
    content: '小区门口夜间施工噪声扰民',
    categoryId: ids.category('complaint-noise'),
    ...extra,
  });
  expect(r.status).toBe(201);
  return r.body.ticket;
}

/** Run an action and expect success; returns the new ticket. */
async function act(c: Client, t: T, action: string, body: Record<string, unknown> = {}): Promise<T> {
  const r = await c.post(`/api/tickets/${t.id}/actions/${action}`, { version: t.version, ...body });
  if (r.status !== 200) throw new Error(`${action}: ${r.status} ${JSON.stringify(r.body)}`);
  expect(r.body.ticket.version).toBe(t.version + 1);
  return r.body.ticket;
}
const primary = (t: T) =>
  t.assignments
    .filter((a) => a.parentId === null && !['sent_back', 'cancelled'].includes(a.status))
    .find((a) => a.role === 'primary');

test('create → dispatch → sign → feedback → reject → feedback → accept → unsatisfied revisit → redo → supervision → satisfied → closed', async () => {
  let t = await create();
  expect(t).toMatchObject({ status: 'received', version: 1 });
  expect(t.assignments).toHaveLength(0);

  t = await act(agent, t, 'dispatch', {
    targets: [
      { unitId: ids.unit('cgw'), role: 'primary' },
      { unitId: ids.unit('zjw'), role: 'assisting' },
    ],
    note: '请尽快处理',
  });
  expect(t.status).toBe('processing');
  expect(t.assignments.map((a) => [a.unitName, a.role, a.status])).toEqual([
    ['区城市管理委员会', 'primary', 'pending_sign'],
    ['区住房和城乡建设委员会', 'assisting', 'pending_sign'],
  ]);
  const [a1, a2] = t.assignments;
  expect(new Date(a1.signDueAt) < new Date(a1.feedbackDueAt)).toBe(true);

  t = await act(dept1, t, 'sign', { assignmentId: a1.id });
  t = await act(dept2, t, 'sign', { assignmentId: a2.id });
  t = await act(dept2, t, 'feedback', { assignmentId: a2.id, content: '已配合现场检查', result: 'resolved' });
  expect(t.status).toBe('processing'); // the primary has not fed back yet
  t = await act(dept1, t, 'feedback', { assignmentId: a1.id, content: '已责令停工', result: 'resolved' });
  expect(t.status).toBe('pending_review');

  t = await act(supervisor, t, 'review', { assignmentId: a1.id, accept: false, comment: '请补充处罚情况' });
  expect(t.status).toBe('processing');
  expect(primary(t)).toMatchObject({ status: 'signed', rejectCount: 1 });
  t = await act(dept1, t, 'feedback', { assignmentId: a1.id, content: '已责令停工并处罚款', result: 'resolved' });
  t = await act(supervisor, t, 'review', { assignmentId: a1.id, accept: true });
  expect(t.status).toBe('pending_review'); // the assisting unit's feedback still waits
  t = await act(supervisor, t, 'review', { assignmentId: a2.id, accept: true });
  expect(t.status).toBe('pending_revisit');

  t = await act(revisit, t, 'revisit', {
    reached: true,
    resolved: false,
    satisfaction: 'unsatisfied',
    note: '夜间仍在施工',
  });
  expect(t.status).toBe('revisit_failed');
  t = await act(supervisor, t, 'redo', { reason: '来电人不满意' });
  expect(t.status).toBe('processing');
  expect(primary(t)).toMatchObject({ status: 'signed', redoCount: 1 });
  // a redo opens a supervision automatically
  expect(t.supervisions).toHaveLength(1);
  expect(t.supervisions[0]).toMatchObject({ status: 'open', automatic: true });

  t = await act(dept1, t, 'supervise_respond', { supervisionId: t.supervisions[0].id, response: '已安排夜间巡查' });
  expect(t.supervisions[0].status).toBe('responded');
  t = await act(dept1, t, 'feedback', { assignmentId: a1.id, content: '夜间巡查三次，已停工', result: 'resolved' });
  t = await act(dept2, t, 'feedback', { assignmentId: a2.id, content: '配合巡查', result: 'resolved' });
  t = await act(supervisor, t, 'review', { assignmentId: a1.id, accept: true });
  t = await act(supervisor, t, 'review', { assignmentId: a2.id, accept: true });
  t = await act(supervisor, t, 'supervise_close', { supervisionId: t.supervisions[0].id, comment: '已整改' });
  t = await act(revisit, t, 'revisit', { reached: true, resolved: true, satisfaction: 'satisfied' });
  expect(t.status).toBe('closed');
  expect(t.revisits.map((r) => r.satisfaction)).toEqual(['unsatisfied', 'satisfied']);

  const timeline = (await supervisor.get(`/api/tickets/${t.id}/timeline`)).body.events as {
    action: string;
    actor: { username: string } | null;
    before: unknown;
    after: unknown;
  }[];
  const actions = timeline
    .filter((e) => e.action.startsWith('action.'))
    .map((e) => `${e.action.slice(7)}:${e.actor?.username}`);
  expect(actions).toEqual([
    'dispatch:agent1',
    'sign:dept1',
    'sign:dept2',
    'feedback:dept2',
    'feedback:dept1',
    'review:supervisor1',
    'feedback:dept1',
    'review:supervisor1',
    'review:supervisor1',
    'revisit:revisit1',
    'redo:supervisor1',
    'supervise_respond:dept1',
    'feedback:dept1',
    'feedback:dept2',
    'review:supervisor1',
    'review:supervisor1',
    'supervise_close:supervisor1',
    'revisit:revisit1',
  ]);
  expect(timeline[0].action).toBe('ticket.create');
  const statusChanges = timeline
    .filter((e) => e.action === 'ticket.status')
    .map((e) => (e.after as { status: string }).status);
  expect(statusChanges).toEqual([
    'processing',
    'pending_review',
    'processing',
    'pending_review',
    'pending_revisit',
    'revisit_failed',
    'processing',
    'pending_review',
    'pending_revisit',
    'closed',
  ]);
  const [{ n }] = await sql(
    srv.dbUrl,
    `select count(*)::int as n from audit_events where ticket_id = $1 and actor_ip is not null`,
    [t.id],
  );
  expect(n).toBeGreaterThan(30);
});

test('send-back returns the ticket to the centre, which re-dispatches it', async () => {
  let t = await create();
  t = await act(agent, t, 'dispatch', { targets: [{ unitId: ids.unit('zjw'), role: 'primary' }] });
  const wrong = await dept2.post(`/api/tickets/${t.id}/actions/send_back`, {
    version: t.version,
    assignmentId: t.assignments[0].id,
    reason: '',
  });
  expect(wrong.status).toBe(400);
  expect(wrong.body.error.fields.reason).toBeDefined();
  t = await act(dept2, t, 'send_back', { assignmentId: t.assignments[0].id, reason: '不属于本单位职责' });
  expect(t.status).toBe('received');
  expect(t.assignments[0]).toMatchObject({ status: 'sent_back', sendBackReason: '不属于本单位职责' });
  t = await act(agent, t, 'dispatch', { targets: [{ unitId: ids.unit('cgw'), role: 'primary' }] });
  expect(t.status).toBe('processing');
  expect(t.assignments.map((a) => a.status)).toEqual(['sent_back', 'pending_sign']);
});

test('extension request: approve moves the feedback deadline by working days; a second request can be rejected', async () => {
  let t = await create();
  t = await act(agent, t, 'dispatch', { targets: [{ unitId: ids.unit('cgw'), role: 'primary' }] });
  const a = t.assignments[0];
  t = await act(dept1, t, 'sign', { assignmentId: a.id });
  t = await act(dept1, t, 'request_extension', { assignmentId: a.id, days: 3, reason: '需要联合执法' });
  expect(t.assignments[0].extension).toMatchObject({ status: 'pending', days: 3 });
  const notMine = await dept1.post(`/api/tickets/${t.id}/actions/decide_extension`, {
    version: t.version,
    assignmentId: a.id,
    approve: true,
  });
  expect(notMine.status).toBe(403);
  const before = new Date(t.assignments[0].feedbackDueAt);
  t = await act(supervisor, t, 'decide_extension', { assignmentId: a.id, approve: true });
  const after = new Date(t.assignments[0].feedbackDueAt);
  expect(t.assignments[0].extension.status).toBe('approved');
  // 3 working days later: at least 3 calendar days, and still at a Shanghai midnight
  expect(after.getTime() - before.getTime()).toBeGreaterThanOrEqual(3 * 24 * 3600_000);
  expect((after.getTime() + 8 * 3600_000) % (24 * 3600_000)).toBe(0);
  const r = await (
    await loginAs(srv.url, 'dept1')
  ).get(`/api/calendar/deadline?start=${encodeURIComponent(before.toISOString())}&workingDays=3`);
  expect(r.body.dueAt).toBe(after.toISOString());
  t = await act(dept1, t, 'request_extension', { assignmentId: a.id, days: 2, reason: '再次延期' });
  t = await act(supervisor, t, 'decide_extension', { assignmentId: a.id, approve: false, comment: '不同意' });
  expect(t.assignments[0].extension.status).toBe('rejected');
  expect(t.assignments[0].feedbackDueAt).toBe(after.toISOString());
});

test('sub-dispatch: a department dispatches to its own sub-unit and reviews that feedback itself', async () => {
  let t = await create();
  t = await act(agent, t, 'dispatch', { targets: [{ unitId: ids.unit('cgw'), role: 'primary' }] });
  const top = t.assignments[0];
  t = await act(dept1, t, 'sign', { assignmentId: top.id });
  const outside = await dept1.post(`/api/tickets/${t.id}/actions/dispatch`, {
    version: t.version,
    parentAssignmentId: top.id,
    targets: [{ unitId: ids.unit('zjw-wyk'), role: 'primary' }],
  });
  expect(outside.status).toBe(400);
  t = await act(dept1, t, 'dispatch', {
    parentAssignmentId: top.id,
    targets: [{ unitId: ids.unit('cgw-zfd'), role: 'primary' }],
  });
  const sub = t.assignments.find((a) => a.parentId === top.id)!;
  t = await act(dept1, t, 'sign', { assignmentId: sub.id }); // dept1's scope includes its sub-units
  const early = await dept1.post(`/api/tickets/${t.id}/actions/feedback`, {
    version: t.version,
    assignmentId: top.id,
    content: 'x',
    result: 'resolved',
  });
  expect(early.status).toBe(409); // the sub-unit has not finished
  t = await act(dept1, t, 'feedback', { assignmentId: sub.id, content: '执法队已处理', result: 'resolved' });
  t = await act(dept1, t, 'review', { assignmentId: sub.id, accept: true });
  t = await act(dept1, t, 'feedback', { assignmentId: top.id, content: '执法队已处理完毕', result: 'resolved' });
  expect(t.status).toBe('pending_review');
});

test('close on the call, merge of a repeat ticket, reopen', async () => {
  let consult = await create({ categoryId: ids.category('consult-policy'), content: '咨询加装电梯补贴政策' });
  consult = await act(agent, consult, 'close_on_call', { resolution: '已解答补贴标准' });
  expect(consult).toMatchObject({ status: 'closed', resolution: '已解答补贴标准' });

  let master = await create();
  master = await act(agent, master, 'dispatch', { targets: [{ unitId: ids.unit('cgw'), role: 'primary' }] });
  let repeat = await create();
  repeat = await act(agent, repeat, 'dispatch', { targets: [{ unitId: ids.unit('zjw'), role: 'primary' }] });
  const self = await agent.post(`/api/tickets/${repeat.id}/actions/merge`, {
    version: repeat.version,
    masterTicketId: repeat.id,
  });
  expect(self.status).toBe(400);
  repeat = await act(agent, repeat, 'merge', { masterTicketId: master.id });
  expect(repeat).toMatchObject({ status: 'merged', mergedIntoId: master.id });
  expect(repeat.assignments[0].status).toBe('cancelled');
  const onMerged = await agent.post(`/api/tickets/${repeat.id}/actions/dispatch`, {
    version: repeat.version,
    targets: [{ unitId: ids.unit('cgw'), role: 'primary' }],
  });
  expect(onMerged.status).toBe(409);
  expect(onMerged.body.error.code).toBe('INVALID_TRANSITION');
  const masterTimeline = (await agent.get(`/api/tickets/${master.id}/timeline`)).body.events;
  expect(masterTimeline.some((e: { action: string }) => e.action === 'ticket.merged_from')).toBe(true);

  const agentReopen = await agent.post(`/api/tickets/${consult.id}/actions/reopen`, {
    version: consult.version,
    reason: '再次来电',
  });
  expect(agentReopen.status).toBe(403);
  consult = await act(admin, consult, 'reopen', { reason: '来电人再次反映' });
  expect(consult).toMatchObject({ status: 'received', reopenCount: 1 });
});

test('invalid transitions and roles answer 409 / 403 with machine-readable codes', async () => {
  const t = await create();
  const sign = await dept1.post(`/api/tickets/${t.id}/actions/revisit`, {
    version: t.version,
    reached: true,
    resolved: true,
    satisfaction: 'satisfied',
  });
  expect([403, 404]).toContain(sign.status); // dept1 cannot even see an undispatched ticket
  const revisitNow = await revisit.post(`/api/tickets/${t.id}/actions/revisit`, {
    version: t.version,
    reached: true,
    resolved: true,
    satisfaction: 'satisfied',
  });
  expect(revisitNow.status).toBe(409);
  expect(revisitNow.body.error.code).toBe('INVALID_TRANSITION');
  const agentSupervise = await agent.post(`/api/tickets/${t.id}/actions/supervise_open`, {
    version: t.version,
    reason: 'x',
  });
  expect(agentSupervise.status).toBe(403);
  expect(agentSupervise.body.error.code).toBe('FORBIDDEN');
  const unknown = await agent.post(`/api/tickets/${t.id}/actions/teleport`, { version: t.version });
  expect(unknown.status).toBe(400);
  expect(unknown.body.error.fields.action).toBeDefined();
  const detail = await agent.get(`/api/tickets/${t.id}`);
  expect(detail.body.allowedActions).toEqual(expect.arrayContaining(['dispatch', 'close_on_call', 'merge']));
  expect(detail.body.ticket.version).toBe(1); // nothing above changed the ticket
});
