// Login, sessions, lockout and their audit trail against the real server and database.
// The server runs on a controllable clock so idle timeout and lock expiry can be tested without waiting.
import { Client, PASSWORD, sql, startTestServer, type TestServer } from '../../../test/harness';

let srv: TestServer;
// A fixed instant unrelated to the database's now(): session times must follow the app clock only.
let now = new Date('2027-03-01T09:00:00+08:00');
const advance = (minutes: number) => {
  now = new Date(now.getTime() + minutes * 60_000);
};

beforeAll(async () => {
  srv = await startTestServer({}, { clock: () => now });
});
afterAll(() => srv.stop());

const client = () => new Client(srv.url);
const userId = async (username: string) =>
  (await sql<{ id: number }>(srv.dbUrl, 'select id from users where username = $1', [username]))[0].id;
const auditActions = async (uid: number) =>
  (
    await sql<{ action: string }>(
      srv.dbUrl,
      "select action from audit_events where entity_type = 'user' and entity_id = $1 order by id",
      [String(uid)],
    )
  ).map((r) => r.action);

describe('login and /me', () => {
  test('login answers 200 with the user and sets an httpOnly session cookie', async () => {
    const c = client();
    const r = await c.post('/api/auth/login', { username: 'agent1', password: PASSWORD });
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({ id: await userId('agent1'), username: 'agent1', roles: ['agent'] });
    expect(r.body.user).not.toHaveProperty('passwordHash');
    const cookie = r.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^hd_session=[^;]+;/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  test('/me returns roles and unit of the logged-in user', async () => {
    const c = await client().login('dept1');
    const me = await c.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({
      username: 'dept1',
      roles: ['department_handler'],
      unitName: '区城市管理委员会',
    });
    const [unit] = await sql(srv.dbUrl, "select id, path from org_units where code = 'cgw'");
    expect(me.body.user.unitId).toBe(unit.id);
    expect(me.body.user.unitPath).toBe(unit.path);
    expect(me.body.sessionIdleMinutes).toBe(30);
  });

  test('/me without a session is 401 UNAUTHENTICATED', async () => {
    const r = await client().get('/api/auth/me');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('UNAUTHENTICATED');
  });

  test('wrong password and unknown user both answer 401 INVALID_CREDENTIALS without a cookie', async () => {
    const wrong = await client().post('/api/auth/login', { username: 'agent1', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const unknown = await client().post('/api/auth/login', { username: 'no_such_user', password: PASSWORD });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe('INVALID_CREDENTIALS');
    // same message: the answer must not reveal which usernames exist
    expect(unknown.body.error.message).toBe(wrong.body.error.message);
  });

  test('logout revokes the session: the same cookie gets 401 afterwards', async () => {
    const c = await client().login('agent2');
    const cookie = c.cookie;
    expect((await c.get('/api/auth/me')).status).toBe(200);
    expect((await c.post('/api/auth/logout')).status).toBe(200);
    // replay the old cookie explicitly: the server must refuse it, not just the browser forget it
    const replay = new Client(srv.url);
    replay.cookie = cookie;
    expect((await replay.get('/api/auth/me')).status).toBe(401);
    expect(await auditActions(await userId('agent2'))).toContain('logout');
  });
});

describe('idle timeout (SESSION_IDLE_MINUTES = 30)', () => {
  test('31 minutes without a request ends the session', async () => {
    const c = await client().login('leader1');
    advance(29);
    expect((await c.get('/api/auth/me')).status).toBe(200);
    advance(31);
    const r = await c.get('/api/auth/me');
    expect(r.status).toBe(401);
    // expired means revoked: going back in time must not resurrect it
    advance(-31);
    expect((await c.get('/api/auth/me')).status).toBe(401);
    advance(31);
  });

  test('a request every 20 minutes keeps the session alive for two hours', async () => {
    const c = await client().login('supervisor1');
    for (let i = 0; i < 6; i++) {
      advance(20);
      expect((await c.get('/api/auth/me')).status).toBe(200);
    }
    advance(31);
    expect((await c.get('/api/auth/me')).status).toBe(401);
  });
});

describe('lockout after 5 failures (LOGIN_LOCK_MINUTES = 30)', () => {
  test('the 5th wrong password locks; even the right one is refused until the lock expires', async () => {
    const uid = await userId('revisit1');
    const before = (await auditActions(uid)).length;
    for (let i = 1; i <= 4; i++) {
      const r = await client().post('/api/auth/login', { username: 'revisit1', password: `wrong-${i}` });
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('INVALID_CREDENTIALS');
    }
    const fifth = await client().post('/api/auth/login', { username: 'revisit1', password: 'wrong-5' });
    expect(fifth.status).toBe(423);
    expect(fifth.body.error.code).toBe('ACCOUNT_LOCKED');
    expect(fifth.body.error.lockedUntil).toBe(new Date(now.getTime() + 30 * 60_000).toISOString());

    const right = await client().post('/api/auth/login', { username: 'revisit1', password: PASSWORD });
    expect(right.status).toBe(423);
    expect(right.body.error.code).toBe('ACCOUNT_LOCKED');
    expect(right.headers.get('set-cookie')).toBeNull();

    advance(29);
    expect((await client().post('/api/auth/login', { username: 'revisit1', password: PASSWORD })).status).toBe(423);
    advance(2);
    const after = await client().post('/api/auth/login', { username: 'revisit1', password: PASSWORD });
    expect(after.status).toBe(200);
    const [row] = await sql(srv.dbUrl, 'select failed_login_count, locked_until from users where id = $1', [uid]);
    expect(row).toEqual({ failed_login_count: 0, locked_until: null });

    expect((await auditActions(uid)).slice(before)).toEqual([
      'login_failed',
      'login_failed',
      'login_failed',
      'login_failed',
      'login_locked',
      'login_rejected_locked',
      'login_rejected_locked',
      'login',
    ]);
  });

  test('audit rows for login and login_failed carry the actor and the client IP', async () => {
    const uid = await userId('admin');
    await client().post('/api/auth/login', { username: 'admin', password: 'bad' });
    await client().login('admin');
    const rows = await sql(
      srv.dbUrl,
      "select action, actor_id, actor_ip from audit_events where entity_type = 'user' and entity_id = $1 order by id",
      [String(uid)],
    );
    expect(rows.map((r) => r.action)).toEqual(['login_failed', 'login']);
    for (const r of rows) {
      expect(r.actor_id).toBe(uid);
      expect(r.actor_ip).toMatch(/127\.0\.0\.1/);
    }
  });

  test('a successful login resets the failure count', async () => {
    for (let i = 0; i < 4; i++)
      expect((await client().post('/api/auth/login', { username: 'agent2', password: 'bad' })).status).toBe(401);
    await client().login('agent2');
    // four more failures would lock if the earlier four still counted
    for (let i = 0; i < 4; i++)
      expect((await client().post('/api/auth/login', { username: 'agent2', password: 'bad' })).status).toBe(401);
    expect((await client().post('/api/auth/login', { username: 'agent2', password: PASSWORD })).status).toBe(200);
  });
});
