// Categories and their time limits kept by an administrator, against a real database: inherited limits
// shown as such, own limits set and cleared, field errors, stale revisions, audit, and the next ticket
// getting the new limits while an existing ticket keeps its deadline.
import { loginAs, refIds, sql, startTestServer, type Client, type TestServer } from '../../../test/harness';

let srv: TestServer;
let admin: Client;
beforeAll(async () => {
  srv = await startTestServer();
  admin = await loginAs(srv.url, 'admin');
});
afterAll(async () => {
  await srv.stop();
});

type Limit = { value: number; unit: string };
type Set3 = { sign: Limit; feedback: Limit; close: Limit };
interface Cat {
  id: number;
  parentId: number | null;
  code: string;
  name: string;
  kind: string;
  active: boolean;
  rev: string;
  limits: Record<string, Set3 | null>;
  effective: Record<string, { limits: Set3; fromCategoryId: number; inherited: boolean } | null>;
  children: Cat[];
}
const flat = (cs: Cat[]): Cat[] => cs.flatMap((c) => [c, ...flat(c.children ?? [])]);
const byCode = async (code: string) =>
  flat((await admin.get('/api/admin/categories')).body.categories).find((c) => c.code === code)!;
const days = (sign: number, feedback: number, close: number): Set3 => ({
  sign: { value: sign, unit: 'working_hours' },
  feedback: { value: feedback, unit: 'working_days' },
  close: { value: close, unit: 'working_days' },
});

test('only administrators', async () => {
  const sup = await loginAs(srv.url, 'supervisor1');
  expect((await sup.get('/api/admin/categories')).status).toBe(403);
  const id = (await refIds(srv.dbUrl)).category('consult-policy');
  expect((await sup.req('PUT', `/api/admin/categories/${id}/limits`, { rev: 'x', limits: {} })).status).toBe(403);
});

test('the tree shows own limits and inherited ones as inherited, with where they come from', async () => {
  const consult = await byCode('consult');
  const policy = await byCode('consult-policy');
  expect(consult.limits.normal).toEqual(days(2, 3, 5));
  expect(consult.effective.normal).toMatchObject({ inherited: false, fromCategoryId: consult.id });
  expect(policy.limits.normal).toBeNull();
  expect(policy.effective.normal).toMatchObject({ inherited: true, fromCategoryId: consult.id, limits: days(2, 3, 5) });
});

test('own limits for a sub-category: audited, used by the next ticket; an earlier ticket keeps its deadline', async () => {
  const agent = await loginAs(srv.url, 'agent1');
  const policy = await byCode('consult-policy');
  const ticket = (body: object) => agent.post('/api/tickets', { channel: 'phone_12345', content: '时限测试', ...body });
  const before = await ticket({ categoryId: policy.id });
  expect(before.status).toBe(201);

  const set = await admin.req('PUT', `/api/admin/categories/${policy.id}/limits`, {
    rev: policy.rev,
    limits: { normal: days(1, 1, 2), urgent: null, critical: null },
  });
  expect(set.status).toBe(200);
  expect(set.body.category.limits.normal).toEqual(days(1, 1, 2));
  expect(set.body.category.effective.normal.inherited).toBe(false);
  expect(set.body.category.effective.urgent.inherited).toBe(true);
  const [a] = await sql(srv.dbUrl, `select * from audit_events where action = 'category.limits'`);
  expect(a.entity_id).toBe(String(policy.id));
  expect(a.before.limits.normal).toBeNull();
  expect(a.after.limits.normal).toEqual(days(1, 1, 2));

  // the new ticket: 2 working days; the earlier one keeps the inherited 5 it was given
  const due = (t: { receivedAt: string }, n: number) =>
    srv.services.calendar.deadline(new Date(t.receivedAt), { value: n, unit: 'working_days' }).toISOString();
  const after = await ticket({ categoryId: policy.id });
  expect(after.status).toBe(201);
  expect(new Date(after.body.ticket.closeDueAt).toISOString()).toBe(due(after.body.ticket, 2));
  const kept = (await agent.get(`/api/tickets/${before.body.ticket.id}`)).body.ticket;
  expect(new Date(kept.closeDueAt).toISOString()).toBe(due(kept, 5));
  expect(due(kept, 5)).not.toBe(due(kept, 2));

  // the public category tree (the intake form) shows the new limits at once
  const pub = flat((await agent.get('/api/categories')).body.categories).find((c) => c.id === policy.id)!;
  expect((pub as unknown as { limits: Record<string, Set3> }).limits.normal).toEqual(days(1, 1, 2));

  // cleared again: inherits the parent's
  const cur = await byCode('consult-policy');
  const clear = await admin.req('PUT', `/api/admin/categories/${policy.id}/limits`, {
    rev: cur.rev,
    limits: { normal: null, urgent: null, critical: null },
  });
  expect(clear.status).toBe(200);
  expect(clear.body.category.effective.normal).toMatchObject({ inherited: true, limits: days(2, 3, 5) });
});

test('limits are validated per field; a top-level category cannot lose its own', async () => {
  const consult = await byCode('consult');
  const put = (limits: unknown) =>
    admin.req('PUT', `/api/admin/categories/${consult.id}/limits`, { rev: consult.rev, limits });
  const r1 = await put({ normal: null, urgent: consult.limits.urgent, critical: consult.limits.critical });
  expect(r1.status).toBe(400);
  expect(Object.keys(r1.body.error.fields)).toEqual(['limits.normal']);
  const r2 = await put({
    normal: { ...days(2, 3, 5), close: { value: 1.5, unit: 'working_days' } },
    urgent: { ...days(2, 3, 5), sign: { value: 0, unit: 'working_hours' } },
    critical: { ...days(2, 3, 5), feedback: { value: 3, unit: 'fortnights' } },
  });
  expect(r2.status).toBe(400);
  expect(r2.body.error.fields).toMatchObject({
    'limits.normal.close.value': 'Whole days',
    'limits.urgent.sign.value': expect.any(String),
    'limits.critical.feedback.unit': expect.any(String),
  });
  const r3 = await put({ normal: days(2, 9, 5), urgent: consult.limits.urgent, critical: consult.limits.critical });
  expect(r3.status).toBe(400);
  expect(r3.body.error.fields).toHaveProperty(['limits.normal.feedback.value']);
});

test('create, rename with a stale revision (409), deactivate with its children and reactivate', async () => {
  const complaint = await byCode('complaint');
  const made = await admin.post('/api/admin/categories', {
    parentId: complaint.id,
    code: 'complaint-parking',
    name: '停车管理',
    nameEn: 'Parking',
  });
  expect(made.status).toBe(201);
  expect(made.body.category).toMatchObject({ kind: 'complaint', parentId: complaint.id, active: true });
  expect(made.body.category.effective.normal.inherited).toBe(true);
  const child = await admin.post('/api/admin/categories', {
    parentId: made.body.category.id,
    code: 'complaint-parking-fee',
    name: '停车收费',
  });
  expect(child.status).toBe(201);
  expect(
    (await admin.post('/api/admin/categories', { parentId: complaint.id, code: 'COMPLAINT-NOISE', name: 'x' })).status,
  ).toBe(409);
  const top = await admin.post('/api/admin/categories', { code: 'top-new', name: '新类别' });
  expect(top.status).toBe(400);
  expect(Object.keys(top.body.error.fields).sort()).toEqual([
    'kind',
    'limits.critical',
    'limits.normal',
    'limits.urgent',
  ]);

  const rename = await admin.req('PATCH', `/api/admin/categories/${made.body.category.id}`, {
    rev: made.body.category.rev,
    name: '停车秩序',
  });
  expect(rename.status).toBe(200);
  const stale = await admin.req('PATCH', `/api/admin/categories/${made.body.category.id}`, {
    rev: made.body.category.rev,
    name: '又改',
  });
  expect(stale.status).toBe(409);
  expect(stale.body.error).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: rename.body.category.rev });

  const off = await admin.post(`/api/admin/categories/${made.body.category.id}/deactivate`, {
    rev: rename.body.category.rev,
  });
  expect(off.status).toBe(200);
  expect(off.body.affected).toBe(2);
  const pub = flat((await admin.get('/api/categories')).body.categories);
  expect(pub.find((c) => c.code === 'complaint-parking')).toBeUndefined();
  // a new ticket cannot use it any more (the catalog was reloaded)
  const agent = await loginAs(srv.url, 'agent1');
  const t = await agent.post('/api/tickets', {
    channel: 'phone_12345',
    content: 'x',
    categoryId: child.body.category.id,
  });
  expect(t.status).toBe(400);
  expect(t.body.error.fields).toHaveProperty('categoryId');
  const audit = await sql(srv.dbUrl, `select action from audit_events where entity_type = 'category' order by id`);
  expect(audit.map((a) => a.action)).toEqual(
    expect.arrayContaining(['category.create', 'category.update', 'category.deactivate']),
  );

  const early = await admin.post(`/api/admin/categories/${child.body.category.id}/reactivate`, {
    rev: (await byCode('complaint-parking-fee')).rev,
  });
  expect(early.status).toBe(400);
  const on = await admin.post(`/api/admin/categories/${made.body.category.id}/reactivate`, {
    rev: (await byCode('complaint-parking')).rev,
  });
  expect(on.status).toBe(200);
  expect(on.body.category.active).toBe(true);
});
