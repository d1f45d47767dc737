// Hotline lines kept by an administrator, against a real database: seeded once from HOTLINE_LINES, field
// errors, stale versions, audit, and the change reaching the array the running SIP application routes by
// (the same array object its config holds), the agents' skills and the wallboard without a restart.
import { lineFor } from '@hotline-desk/telephony';
import { telephonyConfig } from '../telephony/host';
import { loginAs, sql, startTestServer, type Client, type TestServer } from '../../../test/harness';

let srv: TestServer;
let admin: Client;
beforeAll(async () => {
  srv = await startTestServer();
  admin = await loginAs(srv.url, 'admin');
});
afterAll(async () => {
  await srv.stop();
});

test('only administrators', async () => {
  const leader = await loginAs(srv.url, 'leader1');
  expect((await leader.get('/api/admin/lines')).status).toBe(403);
  const r = await leader.post('/api/admin/lines', { did: '12399', name: 'x', queue: 'x', priority: 1 });
  expect(r.status).toBe(403);
});

test('the table starts as HOTLINE_LINES, once (audited as the system’s act)', async () => {
  const r = await admin.get('/api/admin/lines');
  expect(r.status).toBe(200);
  expect(r.body.lines.map((l: { did: string }) => l.did)).toEqual(['96119', '96110', '12345']);
  expect(r.body.lines[0]).toMatchObject({ queue: 'onekey', priority: 9, emergency: true, active: true, version: 1 });
  const seeded = await sql(srv.dbUrl, `select * from audit_events where action = 'hotline_line.seed'`);
  expect(seeded).toHaveLength(3);
  expect(seeded[0].actor_id).toBeNull();
  expect(await srv.services.hotlineLines.seed()).toBe(0);
  expect((await admin.get('/api/admin/lines')).body.lines).toHaveLength(3);
});

test('a new line is routed by the running application at once, with its skill and queue', async () => {
  const held = telephonyConfig(srv.services, srv.config).lines;
  expect(held).toBe(srv.services.hotlineLines.live);
  expect(lineFor(held, 'sip:12399@hotline.local')).toBeNull();

  const r = await admin.post('/api/admin/lines', {
    did: '12399',
    name: '供水抢修热线',
    queue: 'water',
    priority: 3,
    skill: 'water',
  });
  expect(r.status).toBe(201);
  expect(r.body.line).toMatchObject({ did: '12399', queue: 'water', active: true, version: 1, emergency: false });
  expect(lineFor(held, 'sip:12399@hotline.local')).toEqual({
    did: '12399',
    queue: 'water',
    priority: 3,
    name: '供水抢修热线',
    skill: 'water',
  });
  const [a] = await sql(srv.dbUrl, `select * from audit_events where action = 'hotline_line.create'`);
  expect(a).toMatchObject({ entity_type: 'hotline_line', before: null, after: { did: '12399', queue: 'water' } });

  const leader = await loginAs(srv.url, 'leader1');
  expect((await leader.get('/api/telephony/agents')).body.lineSkills).toContain('water');
  const [{ id: agentId }] = await sql(srv.dbUrl, `select id from users where username = 'agent1'`);
  expect((await leader.req('PUT', `/api/telephony/agents/${agentId}/skills`, { skills: ['water'] })).status).toBe(200);
  const board = await leader.get('/api/telephony/queues');
  expect(board.body.queues.map((q: { queue: string }) => q.queue)).toContain('water');
});

test('bad input names the field; a taken DID is a 409 on did', async () => {
  const r = await admin.post('/api/admin/lines', { did: '12a', name: '', queue: 'Water', priority: 101, skill: 'X' });
  expect(r.status).toBe(400);
  expect(Object.keys(r.body.error.fields).sort()).toEqual(['did', 'name', 'priority', 'queue', 'skill']);
  const dup = await admin.post('/api/admin/lines', { did: '12345', name: '重复', queue: 'citizen', priority: 1 });
  expect(dup.status).toBe(409);
  expect(dup.body.error).toMatchObject({ code: 'NAME_TAKEN', fields: { did: expect.any(String) } });
});

test('edits carry the version: stale is a 409 with the current one; deactivating stops routing', async () => {
  const held = srv.services.hotlineLines.live;
  const list = (await admin.get('/api/admin/lines')).body.lines as { id: number; did: string; version: number }[];
  const elder = list.find((l) => l.did === '96110')!;
  const ok = await admin.req('PATCH', `/api/admin/lines/${elder.id}`, { version: elder.version, priority: 7 });
  expect(ok.status).toBe(200);
  expect(ok.body.line).toMatchObject({ priority: 7, version: elder.version + 1 });
  expect(lineFor(held, '96110')?.priority).toBe(7);
  const stale = await admin.req('PATCH', `/api/admin/lines/${elder.id}`, { version: elder.version, priority: 2 });
  expect(stale.status).toBe(409);
  expect(stale.body.error).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: elder.version + 1 });
  expect(stale.body.error.current).toMatchObject({ priority: 7 });
  const noVersion = await admin.req('PATCH', `/api/admin/lines/${elder.id}`, { priority: 2 });
  expect(noVersion.status).toBe(400);
  expect(noVersion.body.error.fields).toHaveProperty('version');

  const off = await admin.req('PATCH', `/api/admin/lines/${elder.id}`, { version: elder.version + 1, active: false });
  expect(off.status).toBe(200);
  expect(lineFor(held, '96110')).toBeNull();
  const [a] = await sql(
    srv.dbUrl,
    `select * from audit_events where action = 'hotline_line.update' and entity_id = $1 order by id desc limit 1`,
    [String(elder.id)],
  );
  expect(a.before).toMatchObject({ active: true, priority: 7 });
  expect(a.after).toMatchObject({ active: false });
});

test('the last active line cannot be switched off', async () => {
  const list = (await admin.get('/api/admin/lines')).body.lines as { id: number; version: number; active: boolean }[];
  const active = list.filter((l) => l.active);
  for (const l of active.slice(1)) {
    const r = await admin.req('PATCH', `/api/admin/lines/${l.id}`, { version: l.version, active: false });
    expect(r.status).toBe(200);
  }
  const last = active[0];
  const r = await admin.req('PATCH', `/api/admin/lines/${last.id}`, { version: last.version, active: false });
  expect(r.status).toBe(400);
  expect(r.body.error.fields).toHaveProperty('active');
  expect(srv.services.hotlineLines.live).toHaveLength(1);
});
