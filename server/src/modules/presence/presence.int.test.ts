// Presence over REST and socket.io against a real database: history intervals, validation, who may watch,
// live broadcast, the disconnect grace period (with a controlled clock) and concurrent changes.
import { io, type Socket } from 'socket.io-client';
import { Client, loginAs, sql, startTestServer, type TestServer } from '../../../test/harness';

let srv: TestServer;
let offsetMs = 0;
/** The server's clock: real time plus whatever a test has skipped forward. */
const clock = () => new Date(Date.now() + offsetMs);
const sockets: Socket[] = [];
let agent1: Client;
let leader: Client;
const ids: Record<string, number> = {};

beforeAll(async () => {
  srv = await startTestServer({ PRESENCE_GRACE_SECONDS: '60' }, { clock });
  agent1 = await loginAs(srv.url, 'agent1');
  leader = await loginAs(srv.url, 'leader1');
  for (const u of await sql<{ id: number; username: string }>(srv.dbUrl, 'select id, username from users'))
    ids[u.username] = u.id;
});
afterAll(async () => {
  for (const s of sockets) s.close();
  // let the server see the sockets go and write it down before the database is dropped
  await new Promise((r) => setTimeout(r, 200));
  await srv.services.presence.settled();
  await srv.stop();
});

function connect(cookie: string): Promise<Socket> {
  const s = io(srv.url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie } });
  sockets.push(s);
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('socket did not connect within 3 s')), 3000);
    s.on('connect', () => (clearTimeout(t), resolve(s)));
    s.on('connect_error', (e) => (clearTimeout(t), reject(e)));
  });
}

type Changed = {
  userId: number;
  displayName: string;
  state: string;
  reason: string | null;
  since: string;
  version: number;
};
/** Collect presence:changed events so a test can wait for the one it expects. */
function recorder(s: Socket) {
  const got: Changed[] = [];
  const waiters: { match: (p: Changed) => boolean; resolve: (p: Changed) => void }[] = [];
  s.on('presence:changed', (p: Changed) => {
    got.push(p);
    for (const w of waiters.filter((w) => w.match(p))) w.resolve(p);
  });
  return {
    got,
    next(userId: number, state: string, ms = 3000): Promise<Changed> {
      const match = (p: Changed) => p.userId === userId && p.state === state;
      const seen = got.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no presence:changed ${state} for ${userId} in ${ms} ms`)), ms);
        waiters.push({ match, resolve: (p) => (clearTimeout(t), resolve(p)) });
      });
    },
  };
}

const put = (c: Client, body: unknown) => c.req('PUT', '/api/presence/me', body);
const intervals = (userId: number) =>
  sql<{ id: string; state: string; reason: string | null; started_at: Date; ended_at: Date | null; source: string }>(
    srv.dbUrl,
    'select id, state, reason, started_at, ended_at, source from agent_state_events where user_id = $1 order by id',
    [userId],
  );
const row = async (userId: number) =>
  (
    await sql<{ state: string; reason: string | null; version: number; disconnected_at: Date | null }>(
      srv.dbUrl,
      'select state, reason, version, disconnected_at from agent_presence where user_id = $1',
      [userId],
    )
  )[0];
/** Wait (bounded) until the server has handled a socket coming or going. */
async function until(what: string, check: () => Promise<boolean>) {
  for (let i = 0; i < 60; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
/** Each interval ends where the next begins, and only the last is open. */
function expectChained(rows: Awaited<ReturnType<typeof intervals>>) {
  rows.forEach((r, i) => {
    if (i === rows.length - 1) expect(r.ended_at).toBeNull();
    else expect(r.ended_at?.getTime()).toBe(rows[i + 1].started_at.getTime());
    expect(r.ended_at === null || r.ended_at >= r.started_at).toBe(true);
  });
}

describe('REST', () => {
  test('an agent starts offline; each change closes the open interval and opens the next', async () => {
    const me = await agent1.get('/api/presence/me');
    expect(me.status).toBe(200);
    expect(me.body.presence).toMatchObject({ userId: ids.agent1, state: 'offline', reason: null, version: 1 });

    const ready = await put(agent1, { state: 'ready' });
    expect(ready.status).toBe(200);
    expect(ready.body.presence).toMatchObject({ state: 'ready', version: 2 });
    offsetMs += 5000;
    const meal = await put(agent1, { state: 'not_ready', reason: 'meal' });
    expect(meal.body.presence).toMatchObject({ state: 'not_ready', reason: 'meal', version: 3 });

    // the same state and reason again: no new interval, same version
    const again = await put(agent1, { state: 'not_ready', reason: 'meal' });
    expect(again.status).toBe(200);
    expect(again.body.presence.version).toBe(3);

    const rows = await intervals(ids.agent1);
    expect(rows.map((r) => [r.state, r.reason, r.source])).toEqual([
      ['offline', null, 'system'],
      ['ready', null, 'rest'],
      ['not_ready', 'meal', 'rest'],
    ]);
    expectChained(rows);
    expect(rows[1].ended_at!.getTime() - rows[1].started_at.getTime()).toBeGreaterThanOrEqual(5000);
    expect(new Date(meal.body.presence.since).getTime()).toBe(rows[2].started_at.getTime());

    // survives a reload: GET /me returns what was set
    expect((await agent1.get('/api/presence/me')).body.presence).toMatchObject({ state: 'not_ready', reason: 'meal' });
  });

  test('bad input is 400 naming the field; a refused transition is 409', async () => {
    const bad = await put(agent1, { state: 'sleeping' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'VALIDATION', fields: { state: expect.any(String) } });
    const noReason = await put(agent1, { state: 'not_ready' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields).toHaveProperty('reason');
    const system = await put(agent1, { state: 'not_ready', reason: 'no_answer' });
    expect(system.status).toBe(400);
    expect(system.body.error.fields).toHaveProperty('reason');
    const onCall = await put(agent1, { state: 'on_call' });
    expect(onCall.status).toBe(409);
    expect(onCall.body.error.code).toBe('INVALID_TRANSITION');

    const agent2 = await loginAs(srv.url, 'agent2');
    const acw = await put(agent2, { state: 'after_call_work' }); // nothing to wrap up while offline
    expect(acw.status).toBe(409);
    // a department handler has no seat
    expect((await (await loginAs(srv.url, 'dept1')).get('/api/presence/me')).status).toBe(403);
  });

  test('only leaders, supervisors and admins list agents', async () => {
    expect((await agent1.get('/api/presence/agents')).status).toBe(403);
    const r = await leader.get('/api/presence/agents');
    expect(r.status).toBe(200);
    const names = r.body.agents.map((a: { username: string }) => a.username);
    expect(names).toEqual(expect.arrayContaining(['agent1', 'agent2', 'revisit1', 'leader1']));
    expect(names).not.toContain('dept1');
    expect(names).not.toContain('supervisor1');
    expect(r.body.agents.find((a: { username: string }) => a.username === 'agent1')).toMatchObject({
      displayName: expect.any(String),
      state: 'not_ready',
      reason: 'meal',
      since: expect.any(String),
      version: 3,
      connected: false,
    });
    expect((await (await loginAs(srv.url, 'supervisor1')).get('/api/presence/agents')).status).toBe(200);
  });

  test('attendance history for leaders; an agent sees only their own', async () => {
    const from = new Date(clock().getTime() - 3_600_000).toISOString();
    const to = new Date(clock().getTime() + 60_000).toISOString();
    const q = `/api/presence/history?userId=${ids.agent1}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const r = await leader.get(q);
    expect(r.status).toBe(200);
    expect(r.body.intervals.map((i: { state: string }) => i.state)).toEqual(['offline', 'ready', 'not_ready']);
    expect((await agent1.get(q)).status).toBe(200);
    expect((await (await loginAs(srv.url, 'agent2')).get(q)).status).toBe(403);
  });

  test('logout sets offline', async () => {
    const c = await loginAs(srv.url, 'leader1');
    expect((await put(c, { state: 'ready' })).status).toBe(200);
    await c.post('/api/auth/logout');
    expect(await row(ids.leader1)).toMatchObject({ state: 'offline' });
    expect((await intervals(ids.leader1)).at(-1)).toMatchObject({ state: 'offline', source: 'system' });
  });
});

describe('socket', () => {
  test('presence:set acks and reaches the leader and the agent, not other agents', async () => {
    const watcherSocket = await connect(leader.cookie);
    const watcher = recorder(watcherSocket);
    const connections: { userId: number; connected: boolean }[] = [];
    watcherSocket.on('presence:connection', (p) => connections.push(p));
    const agentSocket = await connect(agent1.cookie);
    const own = recorder(agentSocket);
    const other = recorder(await connect((await loginAs(srv.url, 'agent2')).cookie));

    const ack = await agentSocket.timeout(3000).emitWithAck('presence:set', { state: 'ready' });
    expect(ack).toMatchObject({ ok: true, presence: { userId: ids.agent1, state: 'ready', version: 4 } });
    const seen = await watcher.next(ids.agent1, 'ready');
    expect(seen).toEqual({
      userId: ids.agent1,
      displayName: expect.any(String),
      state: 'ready',
      reason: null,
      since: expect.any(String),
      version: 4,
    });
    expect(await own.next(ids.agent1, 'ready')).toMatchObject({ version: 4 });

    const refused = await agentSocket.timeout(3000).emitWithAck('presence:set', { state: 'not_ready' });
    expect(refused).toMatchObject({ ok: false, error: 'VALIDATION', fields: { reason: expect.any(String) } });

    // the leader got the agent's event; agent2 (a peer, not a watcher) must not get it
    await new Promise((r) => setTimeout(r, 300));
    expect(other.got.filter((p) => p.userId === ids.agent1)).toEqual([]);
    expect(
      (await leader.get('/api/presence/agents')).body.agents.find((a: { userId: number }) => a.userId === ids.agent1),
    ).toMatchObject({ connected: true });
    agentSocket.close();
    await until('presence:connection', async () => connections.some((c) => c.userId === ids.agent1 && !c.connected));
    expect(connections.filter((c) => c.userId === ids.agent1)).toEqual([
      { userId: ids.agent1, connected: true },
      { userId: ids.agent1, connected: false },
    ]);
  });

  test('a socket gone longer than the grace period sets the agent offline, once', async () => {
    const watcher = recorder(await connect(leader.cookie));
    const revisit = await loginAs(srv.url, 'revisit1');
    const s = await connect(revisit.cookie);
    expect((await put(revisit, { state: 'ready' })).status).toBe(200);
    s.close();
    await until('disconnected_at', async () => (await row(ids.revisit1)).disconnected_at !== null);

    offsetMs += 30_000; // within grace: nothing happens
    await srv.services.presence.graceSweep();
    expect((await row(ids.revisit1)).state).toBe('ready');

    offsetMs += 31_000;
    await srv.services.presence.graceSweep();
    expect(await row(ids.revisit1)).toMatchObject({ state: 'offline' });
    expect((await intervals(ids.revisit1)).at(-1)).toMatchObject({ state: 'offline', source: 'grace', ended_at: null });
    expect(await watcher.next(ids.revisit1, 'offline')).toMatchObject({ state: 'offline' });

    // idempotent: a second sweep (another server, a retried job) changes nothing
    const before = (await intervals(ids.revisit1)).length;
    await srv.services.presence.graceSweep();
    expect((await intervals(ids.revisit1)).length).toBe(before);
    expectChained(await intervals(ids.revisit1));
  });

  test('reconnecting within the grace period keeps the state', async () => {
    const revisit = await loginAs(srv.url, 'revisit1');
    const first = await connect(revisit.cookie);
    expect((await put(revisit, { state: 'not_ready', reason: 'training' })).status).toBe(200);
    first.close();
    await until('disconnected_at', async () => (await row(ids.revisit1)).disconnected_at !== null);
    offsetMs += 30_000;
    await connect(revisit.cookie); // the page reloaded
    await until('reconnect', async () => (await row(ids.revisit1)).disconnected_at === null);
    offsetMs += 61_000;
    await srv.services.presence.graceSweep();
    expect(await row(ids.revisit1)).toMatchObject({ state: 'not_ready', reason: 'training' });
  });
});

describe('concurrency', () => {
  test('concurrent changes leave one open interval and an unbroken chain', async () => {
    const agent2 = await loginAs(srv.url, 'agent2');
    expect((await put(agent2, { state: 'ready' })).status).toBe(200);
    const targets = [
      { state: 'not_ready', reason: 'break' },
      { state: 'ready' },
      { state: 'after_call_work' },
      { state: 'not_ready', reason: 'meeting' },
      { state: 'ready' },
      { state: 'not_ready', reason: 'other' },
      { state: 'after_call_work' },
      { state: 'ready' },
    ];
    const replies = await Promise.all(targets.map((t) => put(agent2, t)));
    expect(replies.map((r) => r.status)).toEqual(targets.map(() => 200));

    const rows = await intervals(ids.agent2);
    expect(rows.filter((r) => r.ended_at === null)).toHaveLength(1);
    expectChained(rows);
    const current = await row(ids.agent2);
    // one interval per version: the initial offline one is version 1
    expect(current.version).toBe(rows.length);
    expect(current.state).toBe(rows.at(-1)!.state);
    // every reply's version is distinct unless it was a no-op repeat of the state before it
    const versions = replies.map((r) => r.body.presence.version as number);
    expect(Math.max(...versions)).toBe(current.version);
  });
});
