// Administrators manage accounts over the real API: create with a one-time password, edit with versions,
// disable (sessions and sockets end at once), unlock, reset; every change audited with before and after.
import { io, type Socket } from 'socket.io-client';
import { runUsersCli } from '../../cli/users';
import { loadConfig } from '../../config/env';
import { Client, loginAs, PASSWORD, refIds, sql, startTestServer, type TestServer } from '../../../test/harness';

let srv: TestServer;
let admin: Client;
let ids: Awaited<ReturnType<typeof refIds>>;

beforeAll(async () => {
  srv = await startTestServer();
  admin = await loginAs(srv.url, 'admin');
  ids = await refIds(srv.dbUrl);
});
afterAll(() => srv.stop());

const create = (body: Record<string, unknown>) =>
  admin.post('/api/admin/users', { displayName: '新坐席', roles: ['agent'], unitId: ids.unit('centre'), ...body });

test('finding "no way to create a user": created with a one-time password that must be changed first', async () => {
  expect((await (await loginAs(srv.url, 'agent1')).get('/api/admin/users')).status).toBe(403);
  const r = await create({ username: 'agent_new', skills: ['citizen'] });
  expect(r.status).toBe(201);
  expect(r.body.user).toMatchObject({
    username: 'agent_new',
    roles: ['agent'],
    mustChangePassword: true,
    active: true,
  });
  expect(r.body.user).not.toHaveProperty('passwordHash');
  const temp = r.body.temporaryPassword as string;
  expect(temp).toMatch(/^.{16}$/);
  const u = new Client(srv.url);
  const login = await u.post('/api/auth/login', { username: 'agent_new', password: temp });
  expect(login.body.user.restriction).toBe('password_change');
  expect((await u.get('/api/tickets')).body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
  const changed = await u.post('/api/auth/password', { currentPassword: temp, newPassword: 'Xk8#pQ2w!mZr' });
  expect(changed.body.user.restriction).toBeNull();
  expect((await u.get('/api/tickets')).status).toBe(200);
  // the audit row has the account before/after and never a hash or the password
  const [a] = await sql(
    srv.dbUrl,
    "select after from audit_events where action = 'user.create' order by id desc limit 1",
  );
  expect(a.after).toMatchObject({ username: 'agent_new', roles: ['agent'] });
  expect(JSON.stringify(a.after)).not.toMatch(/argon2|passwordHash|totpSecret/);
  expect(JSON.stringify(await sql(srv.dbUrl, 'select * from audit_events'))).not.toContain(temp);
});

test('bad input names its field; a name taken (also by two parallel creates) is 409 NAME_TAKEN', async () => {
  const bad = await create({ username: '1x', roles: ['janitor'], password: 'weak' });
  expect(bad.status).toBe(400);
  expect(Object.keys(bad.body.error.fields).sort()).toEqual(['roles.0', 'username']);
  const weak = await create({ username: 'weak_pw', password: 'password1' });
  expect(weak.body.error.fields).toHaveProperty('password');
  const noUnit = await admin.post('/api/admin/users', {
    username: 'handler_x',
    displayName: '承办人',
    roles: ['department_handler'],
  });
  expect(noUnit.body.error.fields).toEqual({ unitId: 'A department handler belongs to a unit' });
  const both = await Promise.all([create({ username: 'twin' }), create({ username: 'twin' })]);
  expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
  expect((await create({ username: 'Agent1' })).body.error.code).toBe('NAME_TAKEN');
});

test('edit with versions: a stale version is 409 with the current one; roles change ends the sessions', async () => {
  const r = await create({ username: 'to_edit', password: 'Vq3@nT8s#Lw2' });
  const u = r.body.user;
  const session = await new Client(srv.url).login('to_edit', 'Vq3@nT8s#Lw2');
  const ok = await admin.req('PATCH', `/api/admin/users/${u.id}`, {
    version: u.version,
    roles: ['agent', 'revisit_agent'],
    displayName: '坐席兼回访',
  });
  expect(ok.status).toBe(200);
  expect(ok.body.user).toMatchObject({ roles: ['agent', 'revisit_agent'], version: u.version + 1 });
  const stale = await admin.req('PATCH', `/api/admin/users/${u.id}`, { version: u.version, displayName: '旧' });
  expect([stale.status, stale.body.error.code, stale.body.error.currentVersion]).toEqual([
    409,
    'VERSION_CONFLICT',
    u.version + 1,
  ]);
  expect((await session.get('/api/auth/me')).status).toBe(401);
  const [a] = await sql(
    srv.dbUrl,
    "select before, after from audit_events where action = 'user.update' order by id desc limit 1",
  );
  expect(a.before.roles).toEqual(['agent']);
  expect(a.after.roles).toEqual(['agent', 'revisit_agent']);
});

test('disable: sessions end and the open socket closes at once; sign-in answers like a wrong password', async () => {
  const r = await create({ username: 'to_disable', password: 'Hn5!cX7v@Qp3' });
  const u = r.body.user;
  const desk = await new Client(srv.url).login('to_disable', 'Hn5!cX7v@Qp3');
  // an account made by an administrator changes its password first; then its desk gets a socket
  await desk.post('/api/auth/password', { currentPassword: 'Hn5!cX7v@Qp3', newPassword: 'Gm2$wE6r!Ty8' });
  const sock: Socket = io(srv.url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: { cookie: desk.cookie },
  });
  await new Promise<void>((res, rej) => {
    sock.on('connect', () => res());
    sock.on('connect_error', rej);
  });
  const closed = new Promise<number>((res) => {
    const t0 = Date.now();
    sock.on('disconnect', () => res(Date.now() - t0));
  });
  const { version } = (await admin.get(`/api/admin/users/${u.id}`)).body.user; // the password change moved it on
  expect((await admin.post(`/api/admin/users/${u.id}/disable`, { version })).status).toBe(200);
  expect(await closed).toBeLessThan(1000);
  expect((await desk.get('/api/auth/me')).status).toBe(401);
  const again = await new Client(srv.url).post('/api/auth/login', { username: 'to_disable', password: 'Gm2$wE6r!Ty8' });
  expect([again.status, again.body.error.code]).toEqual([401, 'INVALID_CREDENTIALS']);
  const self = await admin.get('/api/auth/me');
  const refused = await admin.post(`/api/admin/users/${self.body.user.id}/disable`, { version: 1 });
  expect(refused.status).toBe(400);
});

test('unlock clears throttling; reset password gives a new one-time password and ends the sessions', async () => {
  const r = await create({ username: 'to_reset', password: 'Rt6#yU1o!Pz9' });
  const u = r.body.user;
  const old = await new Client(srv.url).login('to_reset', 'Rt6#yU1o!Pz9');
  for (let i = 0; i < 5; i++)
    await new Client(srv.url).post('/api/auth/login', { username: 'to_reset', password: 'x' });
  const listed = await admin.get('/api/admin/users?q=to_reset');
  expect(listed.body.items[0]).toMatchObject({ failedLogins: 5, throttledUntil: expect.any(String) });
  expect(
    (await new Client(srv.url).post('/api/auth/login', { username: 'to_reset', password: 'Rt6#yU1o!Pz9' })).status,
  ).toBe(429);
  await admin.post(`/api/admin/users/${u.id}/unlock`);
  expect((await admin.get('/api/admin/users?q=to_reset')).body.items[0]).toMatchObject({
    failedLogins: 0,
    throttledUntil: null,
  });

  const reset = await admin.post(`/api/admin/users/${u.id}/reset-password`, { version: u.version });
  expect(reset.status).toBe(200);
  expect((await old.get('/api/auth/me')).status).toBe(401);
  expect(
    (await new Client(srv.url).post('/api/auth/login', { username: 'to_reset', password: 'Rt6#yU1o!Pz9' })).status,
  ).toBe(401);
  const fresh = await new Client(srv.url).post('/api/auth/login', {
    username: 'to_reset',
    password: reset.body.temporaryPassword,
  });
  expect(fresh.body.user.restriction).toBe('password_change');
});

test('a demo password still works for the demo accounts (development), and SEED_DEMO defaults off in production', async () => {
  expect((await new Client(srv.url).post('/api/auth/login', { username: 'dept1', password: PASSWORD })).status).toBe(
    200,
  );
  const { loadConfig } = await import('../../config/env');
  expect(loadConfig({ NODE_ENV: 'production' } as NodeJS.ProcessEnv).SEED_DEMO).toBe(false);
  expect(loadConfig({ NODE_ENV: 'development' } as NodeJS.ProcessEnv).SEED_DEMO).toBe(true);
  expect(loadConfig({ NODE_ENV: 'production' } as NodeJS.ProcessEnv).TOTP_REQUIRED_ROLES).toEqual([
    'admin',
    'supervisor',
  ]);
});

test('the first administrator of an empty production centre comes from the command line', async () => {
  const out: string[] = [];
  const config = loadConfig({ DATABASE_URL: srv.dbUrl, NODE_ENV: 'production', PII_KEY: 'x' } as NodeJS.ProcessEnv);
  expect(
    await runUsersCli(['create', '--username', 'chief', '--name', '主任', '--roles', 'admin'], {
      config,
      print: (s) => out.push(s),
    }),
  ).toBe(0);
  const password = out[out.length - 1];
  const r = await new Client(srv.url).post('/api/auth/login', { username: 'chief', password });
  expect(r.body.user).toMatchObject({ username: 'chief', roles: ['admin'], restriction: 'password_change' });
  expect(await runUsersCli(['create', '--username', 'chief'], { config, print: () => undefined })).toBe(1);
  expect(await runUsersCli(['create', '--username', 'x', '--roles', 'king'], { config, print: () => undefined })).toBe(
    2,
  );
});
