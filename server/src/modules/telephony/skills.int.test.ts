// Agent skills against a real database: who may set them, validation against the lines' skills, audit.
import { effectiveSkills } from './skills';
import { loginAs, sql, startTestServer, type TestServer } from '../../../test/harness';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv.stop();
});

test('an agent without skills takes every line; with skills only those', () => {
  expect(effectiveSkills([], ['citizen', 'elder', 'onekey'])).toEqual(['citizen', 'elder', 'onekey']);
  expect(effectiveSkills(['elder'], ['citizen', 'elder', 'onekey'])).toEqual(['elder']);
});

test('a shift leader sets an agent’s skills; bad skills are refused by field; agents cannot; audited', async () => {
  const [{ id }] = await sql<{ id: number }>(srv.dbUrl, `select id from users where username = 'agent1'`);
  const leader = await loginAs(srv.url, 'leader1');
  const list = await leader.get('/api/telephony/agents');
  expect(list.status).toBe(200);
  expect(list.body.lineSkills).toEqual(['citizen', 'elder', 'onekey']);
  expect(list.body.agents.find((a: { username: string }) => a.username === 'agent1')).toMatchObject({ skills: [] });

  const ok = await leader.req('PUT', `/api/telephony/agents/${id}/skills`, { skills: ['elder', 'onekey', 'elder'] });
  expect(ok.status).toBe(200);
  expect(ok.body).toEqual({ userId: id, skills: ['elder', 'onekey'] });
  const [row] = await sql(srv.dbUrl, 'select skills from users where id = $1', [id]);
  expect(row.skills).toEqual(['elder', 'onekey']);
  const [audit] = await sql(srv.dbUrl, `select * from audit_events where action = 'agent.skills'`);
  expect(audit).toMatchObject({ before: { skills: [] }, after: { skills: ['elder', 'onekey'] } });

  const bad = await leader.req('PUT', `/api/telephony/agents/${id}/skills`, { skills: ['plumbing'] });
  expect(bad.status).toBe(400);
  expect(Object.keys(bad.body.error.fields)[0]).toMatch(/^skills/);

  const [{ id: deptId }] = await sql<{ id: number }>(srv.dbUrl, `select id from users where username = 'dept1'`);
  expect((await leader.req('PUT', `/api/telephony/agents/${deptId}/skills`, { skills: [] })).status).toBe(404);
  const agent = await loginAs(srv.url, 'agent2');
  expect((await agent.req('PUT', `/api/telephony/agents/${id}/skills`, { skills: [] })).status).toBe(403);
  expect((await agent.get('/api/telephony/agents')).status).toBe(403);
});
