// Login, sessions, throttling, second factor and their audit trail against the real server and database.
// The server runs on a controllable clock so idle timeout, lifetime and back-off can be tested without waiting.
import { generateSync } from 'otplib';
import { io, type Socket } from 'socket.io-client';
import { Client, PASSWORD, sql, startTestServer, type TestServer } from '../../../test/harness';

let srv: TestServer;
// A fixed instant unrelated to the database's now(): session times must follow the app clock only.
let now = new Date('2027-03-01T09:00:00+08:00');
const advance = (minutes: number) => {
  now = new Date(now.getTime() + minutes * 60_000);
};

beforeAll(async () => {
  srv = await startTestServer(
    { LOGIN_BACKOFF_SECONDS: '30', LOGIN_BACKOFF_MAX_MINUTES: '15', SESSION_MAX_HOURS: '12' },
    { clock: () => now },
  );
});
afterAll(() => srv.stop());

const client = (ip?: string) => {
  const c = new Client(srv.url);
  if (ip) {
    // loopback is a trusted proxy (TRUST_PROXY=loopback): X-Forwarded-For names the client's address
    const req = c.req.bind(c);
    c.req = (m, p, b, h = {}) => req(m, p, b, { 'x-forwarded-for': ip, ...h });
  }
  return c;
};
const login = (username: string, password: string, ip?: string) =>
  client(ip).post('/api/auth/login', { username, password });
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
    // plain HTTP (COOKIE_SECURE=auto): no Secure flag, or the browser would drop the cookie
    expect(cookie).not.toMatch(/Secure/i);
  });

  test('COOKIE_SECURE=auto: behind a TLS-terminating proxy the cookie is Secure', async () => {
    const r = await client().req(
      'POST',
      '/api/auth/login',
      { username: 'agent1', password: PASSWORD },
      {
        'x-forwarded-proto': 'https',
      },
    );
    expect(r.status).toBe(200);
    expect(r.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
  });

  test('/me returns roles and unit of the logged-in user', async () => {
    const c = await client().login('dept1');
    const me = await c.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({
      username: 'dept1',
      roles: ['department_handler'],
      unitName: '区城市管理委员会',
      restriction: null,
      totpEnabled: false,
    });
    const [unit] = await sql(srv.dbUrl, "select id, path from org_units where code = 'cgw'");
    expect(me.body.user.unitId).toBe(unit.id);
    expect(me.body.user.unitPath).toBe(unit.path);
  });

  test('/me without a session is 401 UNAUTHENTICATED', async () => {
    const r = await client().get('/api/auth/me');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('UNAUTHENTICATED');
  });

  test('wrong password and unknown user both answer 401 INVALID_CREDENTIALS without a cookie', async () => {
    const wrong = await login('agent1', 'nope', '10.1.0.1');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const unknown = await login('no_such_user', PASSWORD, '10.1.0.1');
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
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

describe('session lifetime', () => {
  test('31 minutes without a request ends the session (idle)', async () => {
    const c = await client().login('leader1');
    advance(29);
    expect((await c.get('/api/auth/me')).status).toBe(200);
    advance(31);
    expect((await c.get('/api/auth/me')).status).toBe(401);
    // expired means revoked: going back in time must not resurrect it
    advance(-31);
    expect((await c.get('/api/auth/me')).status).toBe(401);
    advance(31);
    const [row] = await sql(
      srv.dbUrl,
      'select end_reason from sessions where user_id = $1 order by created_at desc, revoked_at desc nulls last limit 1',
      [await userId('leader1')],
    );
    expect(row.end_reason).toBe('idle');
  });

  test('finding "no absolute session lifetime": a session ends after SESSION_MAX_HOURS however busy', async () => {
    const c = await client().login('supervisor1');
    for (let i = 0; i < 35; i++) {
      advance(20);
      expect((await c.get('/api/auth/me')).status).toBe(200); // 11 h 40 min of activity
    }
    advance(25); // 12 h 05 min
    expect((await c.get('/api/auth/me')).status).toBe(401);
  });
});

describe('throttling instead of a lock anyone can trigger', () => {
  test('finding "lockout bypassed by parallel logins": 100 parallel guesses check at most 5 passwords', async () => {
    const uid = await userId('revisit1');
    const before = (await auditActions(uid)).length;
    const ip = '10.2.0.1';
    // the right password goes last, with 99 wrong ones in flight at the same time
    const attempts = [
      ...Array.from({ length: 99 }, (_, i) => login('revisit1', `wrong-${i}`, ip)),
      login('revisit1', PASSWORD, ip),
    ];
    const results = await Promise.all(attempts);
    const checked = (await auditActions(uid)).slice(before).filter((a) => a === 'login_failed' || a === 'login');
    expect(checked.length).toBeLessThanOrEqual(5);
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(95);
    expect(statuses.every((s) => s === 401 || s === 429 || s === 200)).toBe(true);
    // and now, with the guesses spent, the right password waits too (no verification at all)
    const after = await login('revisit1', PASSWORD, ip);
    expect(after.status).toBe(429);
    expect(after.body.error.code).toBe('LOGIN_THROTTLED');
    expect(after.body.error.retryAfterSeconds).toBeGreaterThan(0);
  });

  test('back-off, not a lock: the wait doubles, then the right password works again', async () => {
    const ip = '10.3.0.1';
    for (let i = 0; i < 5; i++) expect((await login('agent2', 'bad', ip)).status).toBe(401);
    const w1 = await login('agent2', PASSWORD, ip);
    expect([w1.status, w1.body.error.retryAfterSeconds]).toEqual([429, 30]);
    advance(0.5);
    expect((await login('agent2', 'bad', ip)).status).toBe(401); // 6th failure: 60 s now
    const w2 = await login('agent2', PASSWORD, ip);
    expect([w2.status, w2.body.error.retryAfterSeconds]).toEqual([429, 60]);
    advance(1);
    expect((await login('agent2', PASSWORD, ip)).status).toBe(200);
    // a success clears the account's counters: the next typo is free again
    expect((await login('agent2', 'bad', ip)).status).toBe(401);
  });

  test('finding "five requests lock any account": an attacker elsewhere does not lock the user out', async () => {
    for (let i = 0; i < 8; i++) await login('admin', `guess-${i}`, '203.0.113.9');
    expect((await login('admin', PASSWORD, '203.0.113.9')).status).toBe(429);
    // the administrator at their own desk signs in at once
    expect((await login('admin', PASSWORD, '10.4.0.1')).status).toBe(200);
  });

  test('finding "account enumeration": unknown and real names are throttled alike, answers identical', async () => {
    const ip = '10.5.0.1';
    const real: number[] = [];
    const fake: number[] = [];
    for (let i = 0; i < 7; i++) {
      real.push((await login('dept2', 'bad', ip)).status);
      fake.push((await login('nobody_here', 'bad', ip)).status);
    }
    expect(fake).toEqual(real);
    expect(real).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const a = await login('dept2', 'bad', ip);
    const b = await login('nobody_here', 'bad', ip);
    expect(a.body.error.code).toBe(b.body.error.code);
  });

  test('one address spraying many accounts is slowed after LOGIN_IP_MAX_FAILURES (default 50)', async () => {
    const ip = '10.6.0.1';
    for (let i = 0; i < 50; i++) expect((await login(`spray_${i}`, 'Hotline@2026', ip)).status).toBe(401);
    expect((await login('spray_x', 'Hotline@2026', ip)).status).toBe(429);
    // the audit table got one row per checked attempt, none for the refused one
    const [{ n }] = await sql(
      srv.dbUrl,
      "select count(*)::int as n from audit_events where entity_type = 'login' and entity_id like 'spray_%'",
    );
    expect(n).toBe(50);
  });
});

describe('sockets end with their session', () => {
  const sockets: Socket[] = [];
  afterAll(() => sockets.forEach((s) => s.close()));
  const connect = (cookie: string) =>
    new Promise<Socket>((resolve, reject) => {
      const s = io(srv.url, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        extraHeaders: { cookie },
      });
      sockets.push(s);
      s.on('connect', () => resolve(s));
      s.on('connect_error', reject);
    });
  const closed = (s: Socket) =>
    new Promise<{ expired: boolean; ms: number }>((resolve) => {
      const t0 = Date.now();
      let expired = false;
      s.on('session:expired', () => (expired = true));
      s.on('disconnect', () => resolve({ expired, ms: Date.now() - t0 }));
    });

  test('finding "logout leaves sockets alive": the socket is told and closed within 1 s', async () => {
    const c = await client('10.7.0.1').login('agent1');
    const s = await connect(c.cookie);
    const done = closed(s);
    await c.post('/api/auth/logout');
    const r = await done;
    expect(r.expired).toBe(true);
    expect(r.ms).toBeLessThan(1000);
    // and a new socket with the old cookie is refused
    await expect(connect(c.cookie)).rejects.toThrow('UNAUTHENTICATED');
  });

  test('idle expiry closes the socket too (the sweep checks every 5 s)', async () => {
    const c = await client('10.7.0.2').login('leader1');
    const s = await connect(c.cookie);
    const done = closed(s);
    advance(31);
    const r = await done;
    expect(r.expired).toBe(true);
    expect(r.ms).toBeLessThan(8000);
  });

  test('a socket cannot set presence after its session ended elsewhere (sign out everywhere)', async () => {
    const desk = await client('10.7.0.3').login('agent2');
    const phone = await client('10.7.0.4').login('agent2');
    const s = await connect(desk.cookie);
    const done = closed(s);
    const r = await phone.post('/api/auth/sessions/end-all', { keepCurrent: true });
    expect(r.body.ended).toBeGreaterThanOrEqual(1); // the desk (and any older session of agent2)
    expect((await done).ms).toBeLessThan(1000);
    expect((await phone.get('/api/auth/me')).status).toBe(200);
    expect((await desk.get('/api/auth/me')).status).toBe(401);
  });
});

describe('sessions list', () => {
  test('own sessions with address and agent; one can be ended by its id', async () => {
    const a = await client('10.8.0.1').login('dept1');
    const b = await client('10.8.0.2').login('dept1');
    const list = (await a.get('/api/auth/sessions')).body.sessions as { id: string; current: boolean; ip: string }[];
    const other = list.find((s) => s.ip.includes('10.8.0.2'))!;
    expect(list.find((s) => s.current)?.ip).toContain('10.8.0.1');
    expect(other.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect((await a.post(`/api/auth/sessions/${other.id}/end`)).status).toBe(200);
    expect((await b.get('/api/auth/me')).status).toBe(401);
  });
});

describe('password change and policy', () => {
  test('the policy names what is wrong; the last passwords cannot come back; other sessions end', async () => {
    const c = await client('10.9.0.1').login('dept2');
    const other = await client('10.9.0.2').login('dept2');
    const weak = await c.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.fields.newPassword).toMatch(/At least 10 characters/);
    const named = await c.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'Dept2-is-my-name!' });
    expect(named.body.error.fields.newPassword).toMatch(/user name/);
    const same = await c.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: PASSWORD });
    expect(same.status).toBe(400);
    const wrongCurrent = await c.post('/api/auth/password', { currentPassword: 'x', newPassword: 'Qj7#vN2m!pLx' });
    expect([wrongCurrent.status, wrongCurrent.body.error.fields.currentPassword]).toEqual([401, 'Wrong password']);
    const ok = await c.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'Qj7#vN2m!pLx' });
    expect(ok.status).toBe(200);
    expect((await other.get('/api/auth/me')).status).toBe(401);
    expect((await c.get('/api/auth/me')).status).toBe(200);
    expect(
      (await c.post('/api/auth/password', { currentPassword: 'Qj7#vN2m!pLx', newPassword: 'Wb4$kR9t@zQe' })).status,
    ).toBe(200);
    // back to the one before: refused, it is among the last five
    const back = await c.post('/api/auth/password', { currentPassword: 'Wb4$kR9t@zQe', newPassword: 'Qj7#vN2m!pLx' });
    expect(back.body.error.fields.newPassword).toMatch(/last 5 passwords/);
    expect(await auditActions(await userId('dept2'))).toContain('password_change');
  });
});

describe('TOTP second factor', () => {
  let secret = '';
  const code = (at = now) => generateSync({ secret, epoch: Math.floor(at.getTime() / 1000) });

  test('set-up: a secret and QR, confirmed with a code; then sign-in asks for the code', async () => {
    const c = await client('10.10.0.1').login('supervisor1');
    const setup = await c.post('/api/auth/totp/setup');
    expect(setup.status).toBe(200);
    secret = setup.body.secret;
    expect(setup.body.uri).toMatch(/^otpauth:\/\/totp\//);
    expect((await c.post('/api/auth/totp/enable', { code: '000000' })).status).toBe(400);
    const on = await c.post('/api/auth/totp/enable', { code: code() });
    expect(on.body.user.totpEnabled).toBe(true);

    const d = client('10.10.0.2');
    const first = await d.post('/api/auth/login', { username: 'supervisor1', password: PASSWORD });
    expect(first.body).toEqual({ mfaRequired: true });
    // half-way, the session opens nothing
    expect((await d.get('/api/auth/me')).status).toBe(401);
    expect((await d.get('/api/tickets')).status).toBe(401);
    advance(0.5); // next step: the enabling code is spent
    const second = await d.post('/api/auth/login/totp', { code: code() });
    expect(second.status).toBe(200);
    expect((await d.get('/api/auth/me')).body.user.username).toBe('supervisor1');
  });

  test('a code is never accepted twice (replay), and wrong codes are throttled', async () => {
    const d = client('10.10.0.3');
    await d.post('/api/auth/login', { username: 'supervisor1', password: PASSWORD });
    const used = await d.post('/api/auth/login/totp', { code: code() });
    expect(used.status).toBe(401);
    for (let i = 0; i < 4; i++) await d.post('/api/auth/login/totp', { code: '123456' });
    const throttled = await d.post('/api/auth/login/totp', { code: code(new Date(now.getTime() + 30_000)) });
    expect(throttled.status).toBe(429);
  });

  test('roles that must use TOTP: a member without it may only set it up', async () => {
    await sql(srv.dbUrl, `insert into settings (key, value, valid_from, set_at) values ('security', $1, $2, $2)`, [
      JSON.stringify({ totpRequiredRoles: ['shift_leader'] }),
      new Date(now.getTime() - 1000).toISOString(),
    ]);
    await srv.services.settings.reload();
    const c = await client('10.10.0.4').login('leader1');
    expect((await c.get('/api/auth/me')).body.user.restriction).toBe('totp_enrol');
    const blocked = await c.get('/api/tickets');
    expect([blocked.status, blocked.body.error.code]).toEqual([403, 'TOTP_ENROLMENT_REQUIRED']);
    expect((await c.post('/api/auth/totp/setup')).status).toBe(200);
  });
});
