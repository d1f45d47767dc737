// Org units kept by an administrator, against a real database: who may, field errors, stale revisions,
// audit before/after, the subtree going inactive with its unit, and the next request seeing the change.
import { Client, loginAs, refIds, sql, startTestServer, type TestServer } from '../../../test/harness';

let srv: TestServer;
let admin: Client;
let centreId: number;
beforeAll(async () => {
  srv = await startTestServer();
  admin = await loginAs(srv.url, 'admin');
  centreId = (await refIds(srv.dbUrl)).unit('centre');
});
afterAll(async () => {
  await srv.stop();
});

interface Unit {
  id: number;
  parentId: number | null;
  name: string;
  code: string;
  type: string;
  path: string;
  active: boolean;
  rev: string;
  activeUsers: number;
  liveAssignments: number;
  children: Unit[];
}
const flat = (units: Unit[]): Unit[] => units.flatMap((u) => [u, ...flat(u.children)]);
const unitByCode = async (code: string) =>
  flat((await admin.get('/api/admin/org/units')).body.units).find((u) => u.code === code)!;
const audits = (entityId: number) =>
  sql(srv.dbUrl, `select * from audit_events where entity_type = 'org_unit' and entity_id = $1 order by id`, [
    String(entityId),
  ]);

test('only administrators: others get 403, nobody signed in 401', async () => {
  const agent = await loginAs(srv.url, 'agent1');
  expect((await agent.get('/api/admin/org/units')).status).toBe(403);
  const post = await agent.post('/api/admin/org/units', { parentId: centreId, name: 'x', code: 'x1', type: 'street' });
  expect(post.status).toBe(403);
  expect(post.body.error.code).toBe('FORBIDDEN');
  const leader = await loginAs(srv.url, 'leader1');
  expect((await leader.req('PATCH', `/api/admin/org/units/${centreId}`, { rev: 'x', name: 'y' })).status).toBe(403);
  expect((await new Client(srv.url).get('/api/admin/org/units')).status).toBe(401);
});

test('the tree lists every unit with its revision and what depends on it', async () => {
  const r = await admin.get('/api/admin/org/units');
  expect(r.status).toBe(200);
  expect(r.body.units).toHaveLength(1);
  const centre = r.body.units[0] as Unit;
  expect(centre).toMatchObject({ code: 'centre', type: 'centre', path: `/${centreId}/`, active: true });
  expect(centre.rev).toMatch(/^[\w-]{12}$/);
  const cgw = flat(r.body.units).find((u) => u.code === 'cgw')!;
  expect(cgw.activeUsers).toBeGreaterThanOrEqual(1); // dept1
});

test('a new street under the centre: path from its parent, audited, at once in the org API and on tickets', async () => {
  const r = await admin.post('/api/admin/org/units', {
    parentId: centreId,
    name: '新港街道',
    code: 'st-xg',
    type: 'street',
  });
  expect(r.status).toBe(201);
  const street = r.body.unit as Unit;
  expect(street).toMatchObject({ parentId: centreId, name: '新港街道', type: 'street', active: true });
  expect(street.path).toBe(`/${centreId}/${street.id}/`);
  const [a] = await audits(street.id);
  expect(a).toMatchObject({ action: 'org_unit.create', before: null, after: { name: '新港街道', code: 'st-xg' } });
  expect(a.actor_id).not.toBeNull();

  // the next request sees it: the public tree (the intake form's street list) and the ticket service's catalog
  const agent = await loginAs(srv.url, 'agent1');
  const pub = flat((await agent.get('/api/org/units')).body.units);
  expect(pub.find((u) => u.id === street.id)?.name).toBe('新港街道');
  const ticket = await agent.post('/api/tickets', {
    channel: 'phone_12345',
    content: '新街道的第一张工单',
    categoryId: (await refIds(srv.dbUrl)).category('consult-policy'),
    streetId: street.id,
  });
  expect(ticket.status).toBe(201);
  expect(ticket.body.ticket.streetName).toBe('新港街道');
});

test('bad input is refused naming the field', async () => {
  const bad = async (body: unknown) => {
    const r = await admin.post('/api/admin/org/units', body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION');
    return Object.keys(r.body.error.fields);
  };
  expect(await bad({ parentId: centreId, name: '', code: 'ok1', type: 'street' })).toEqual(['name']);
  expect(await bad({ parentId: centreId, name: '某社区', code: 'ok2', type: 'community' })).toEqual(['type']);
  expect(await bad({ parentId: centreId, name: '某街道', code: '坏 代码', type: 'street' })).toEqual(['code']);
  expect(await bad({ parentId: 999999, name: '某街道', code: 'ok3', type: 'street' })).toEqual(['parentId']);
  expect(await bad({ parentId: centreId, name: '某街道', code: 'ok4', type: 'district' })).toEqual(['type']);
  const dup = await admin.post('/api/admin/org/units', {
    parentId: centreId,
    name: '重复',
    code: 'ST1',
    type: 'street',
  });
  expect(dup.status).toBe(409);
  expect(dup.body.error).toMatchObject({ code: 'NAME_TAKEN', fields: { code: expect.any(String) } });
});

test('an edit with a stale revision is a 409 with the current one; a fresh one is audited before/after', async () => {
  const st = await unitByCode('st2');
  const ok = await admin.req('PATCH', `/api/admin/org/units/${st.id}`, {
    rev: st.rev,
    name: '西山街道（新）',
    sort: 7,
  });
  expect(ok.status).toBe(200);
  expect(ok.body.unit).toMatchObject({ name: '西山街道（新）', sort: 7, code: 'st2' });
  expect(ok.body.unit.rev).not.toBe(st.rev);
  const stale = await admin.req('PATCH', `/api/admin/org/units/${st.id}`, { rev: st.rev, name: '别的名字' });
  expect(stale.status).toBe(409);
  expect(stale.body.error).toMatchObject({
    code: 'VERSION_CONFLICT',
    currentVersion: ok.body.unit.rev,
    current: { name: '西山街道（新）' },
  });
  const [a] = (await audits(st.id)).filter((x) => x.action === 'org_unit.update');
  expect(a.before).toMatchObject({ name: '西山街道', sort: 101 });
  expect(a.after).toMatchObject({ name: '西山街道（新）', sort: 7 });
  const missing = await admin.req('PATCH', `/api/admin/org/units/${st.id}`, { name: 'x' });
  expect(missing.status).toBe(400);
  expect(missing.body.error.fields).toHaveProperty('rev');
  // the ticket service's catalog has the new name at once
  expect(srv.services.org.get(st.id)?.name).toBe('西山街道（新）');
});

test('deactivating a street takes its communities along; nothing is deleted; reactivation needs the parent', async () => {
  const st = await unitByCode('st3');
  const before = flat([st]);
  expect(before.length).toBeGreaterThan(1);
  const r = await admin.post(`/api/admin/org/units/${st.id}/deactivate`, { rev: st.rev });
  expect(r.status).toBe(200);
  expect(r.body.affected).toBe(before.length);
  expect(r.body.unit.active).toBe(false);
  const rows = await sql(srv.dbUrl, `select id, active from org_units where path like $1`, [st.path + '%']);
  expect(rows).toHaveLength(before.length);
  expect(rows.every((u) => !u.active)).toBe(true);
  const deact = await sql(srv.dbUrl, `select * from audit_events where action = 'org_unit.deactivate'`);
  expect(deact).toHaveLength(before.length);
  expect(deact.every((a) => a.before.active === true && a.after.active === false)).toBe(true);
  // the desk no longer offers it
  const pub = flat((await admin.get('/api/org/units')).body.units);
  expect(pub.find((u) => u.id === st.id)).toBeUndefined();

  const community = (await unitByCode(before[1].code))!;
  const early = await admin.post(`/api/admin/org/units/${community.id}/reactivate`, { rev: community.rev });
  expect(early.status).toBe(400);
  expect(early.body.error.fields).toHaveProperty('active');
  const now = await unitByCode('st3');
  const back = await admin.post(`/api/admin/org/units/${st.id}/reactivate`, { rev: now.rev });
  expect(back.status).toBe(200);
  expect(back.body.unit.active).toBe(true);
  expect(back.body.affected).toBe(1);
});

test('a unit with active users may be deactivated (it says how many), not deleted', async () => {
  const cgw = await unitByCode('cgw');
  const r = await admin.post(`/api/admin/org/units/${cgw.id}/deactivate`, { rev: cgw.rev });
  expect(r.status).toBe(200);
  expect(r.body.activeUsers).toBeGreaterThanOrEqual(1);
  const [{ n }] = await sql(srv.dbUrl, `select count(*)::int as n from org_units where id = $1`, [cgw.id]);
  expect(n).toBe(1);
  const stale = await admin.post(`/api/admin/org/units/${cgw.id}/reactivate`, { rev: cgw.rev });
  expect(stale.status).toBe(409);
  const centre = await unitByCode('centre');
  const top = await admin.post(`/api/admin/org/units/${centre.id}/deactivate`, { rev: centre.rev });
  expect(top.status).toBe(400);
});
