// socket.io on the API port: cookie authentication, who receives which ticket events, and ticket:watch.
import { io, type Socket } from 'socket.io-client';
import { Client, loginAs, refIds, startTestServer, type TestServer } from '../../test/harness';

type Payload = { ticketId: number; number: string; version: number; status: string; action: string };
type Received = { event: string; p: Payload };

let srv: TestServer;
let ids: Awaited<ReturnType<typeof refIds>>;
let agent: Client;
const sockets: Socket[] = [];

beforeAll(async () => {
  srv = await startTestServer();
  ids = await refIds(srv.dbUrl);
  agent = await loginAs(srv.url, 'agent1');
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await srv.stop();
});

/** Open a socket the way the browser does (session cookie on the handshake); resolves once connected. */
function connect(cookie?: string): Promise<Socket> {
  const s = io(srv.url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: cookie ? { cookie } : {},
  });
  sockets.push(s);
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('socket did not connect within 3 s')), 3000);
    s.on('connect', () => (clearTimeout(t), resolve(s)));
    s.on('connect_error', (e) => (clearTimeout(t), reject(e)));
  });
}

/** Record every ticket event a socket receives, so a test can wait for one that matches. */
function recorder(s: Socket) {
  const got: Received[] = [];
  const waiters: { match: (r: Received) => boolean; resolve: (r: Received) => void }[] = [];
  for (const event of ['ticket:created', 'ticket:updated']) {
    s.on(event, (p: Payload) => {
      const r = { event, p };
      got.push(r);
      for (const w of waiters.filter((w) => w.match(r))) w.resolve(r);
    });
  }
  return {
    got,
    forTicket: (ticketId: number) => got.filter((r) => r.p.ticketId === ticketId),
    /** The first (or the given version's) event for a ticket; rejects after `ms`. */
    next(event: string, ticketId: number, version?: number, ms = 3000): Promise<Payload> {
      const match = (r: Received) =>
        r.event === event && r.p.ticketId === ticketId && (version === undefined || r.p.version === version);
      const seen = got.find(match);
      if (seen) return Promise.resolve(seen.p);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no ${event} for ticket ${ticketId} within ${ms} ms`)), ms);
        waiters.push({ match, resolve: (r) => (clearTimeout(t), resolve(r.p)) });
      });
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function createTicket() {
  const c = await agent.post('/api/tickets', {
    channel: 'phone_12345',
    content: '占道经营',
    categoryId: ids.category('complaint-sanitation'),
  });
  expect(c.status).toBe(201);
  return c.body.ticket as Payload & { id: number };
}
async function dispatch(t: { id: number; version: number }, unitCode: string) {
  const d = await agent.post(`/api/tickets/${t.id}/actions/dispatch`, {
    version: t.version,
    targets: [{ unitId: ids.unit(unitCode), role: 'primary' }],
  });
  expect(d.status).toBe(200);
  return d.body.ticket as { id: number; version: number; status: string };
}

describe('handshake', () => {
  test('a connection without a session cookie is refused', async () => {
    await expect(connect()).rejects.toThrow('UNAUTHENTICATED');
  });

  test('a forged or logged-out session cookie is refused; a live one connects', async () => {
    await expect(connect('hd_session=forged-token')).rejects.toThrow('UNAUTHENTICATED');
    const c = await loginAs(srv.url, 'agent2');
    const ok = await connect(c.cookie);
    expect(ok.connected).toBe(true);
    ok.close();
    await c.post('/api/auth/logout');
    await expect(connect(c.cookie)).rejects.toThrow('UNAUTHENTICATED');
  });
});

describe('ticket events', () => {
  test('an agent receives ticket:created, then ticket:updated with the incremented version', async () => {
    const rec = recorder(await connect(agent.cookie));
    const t = await createTicket();
    const created = await rec.next('ticket:created', t.id);
    expect(created).toEqual({
      ticketId: t.id,
      number: t.number,
      version: 1,
      status: 'received',
      action: 'create',
      actorId: expect.any(Number),
    });
    // unit ids are routing data for the server, not part of the payload
    expect(created).not.toHaveProperty('unitIds');

    const d = await dispatch(t, 'cgw');
    const updated = await rec.next('ticket:updated', t.id);
    expect(updated).toMatchObject({ ticketId: t.id, version: 2, action: 'dispatch', status: d.status });
    expect(d.version).toBe(2);
  });

  test('only the unit the ticket is dispatched to (or its ancestor) hears about it', async () => {
    const dept1 = recorder(await connect((await loginAs(srv.url, 'dept1')).cookie));
    const dept2 = recorder(await connect((await loginAs(srv.url, 'dept2')).cookie));
    const t = await createTicket();
    await dispatch(t, 'cgw');
    expect(await dept1.next('ticket:updated', t.id)).toMatchObject({ version: 2, action: 'dispatch' });

    // dept1 got its event; give dept2 a bounded grace period in which nothing may arrive
    await sleep(500);
    expect(dept2.forTicket(t.id)).toEqual([]);
    // a new, undispatched ticket is for the centre only
    expect(dept1.forTicket(t.id).map((r) => r.event)).toEqual(['ticket:updated']);

    // a sub-unit's assignment reaches the parent department too (dept1 = cgw, target = cgw-zfd)
    const sub = await dispatch(await createTicket(), 'cgw-zfd');
    expect(await dept1.next('ticket:updated', sub.id)).toMatchObject({ version: 2 });
    await sleep(500);
    expect(dept2.forTicket(sub.id)).toEqual([]);
  });
});

describe('ticket:watch', () => {
  test('acks ok for a visible ticket and not ok for one outside the unit', async () => {
    const dept2Socket = await connect((await loginAs(srv.url, 'dept2')).cookie);
    const dept2 = recorder(dept2Socket);
    const mine = await dispatch(await createTicket(), 'zjw');
    const other = await dispatch(await createTicket(), 'cgw');
    const watch = (ticketId: number) => dept2Socket.timeout(3000).emitWithAck('ticket:watch', { ticketId });

    expect(await watch(mine.id)).toEqual({ ok: true });
    expect(await watch(other.id)).toEqual({ ok: false, error: 'NOT_FOUND' });
    expect(await watch(999_999)).toEqual({ ok: false, error: 'NOT_FOUND' });

    // the refused watch must not have joined the room: an update to the cgw ticket still does not reach dept2,
    // while an update to the watched/assigned one does
    const dept1 = await loginAs(srv.url, 'dept1');
    const full = (await dept1.get(`/api/tickets/${other.id}`)).body.ticket;
    const sign = await dept1.post(`/api/tickets/${other.id}/actions/sign`, {
      version: full.version,
      assignmentId: full.assignments[0].id,
    });
    expect(sign.status).toBe(200);
    const mineFull = (await agent.get(`/api/tickets/${mine.id}`)).body.ticket;
    const dept2Client = await loginAs(srv.url, 'dept2');
    const signMine = await dept2Client.post(`/api/tickets/${mine.id}/actions/sign`, {
      version: mineFull.version,
      assignmentId: mineFull.assignments[0].id,
    });
    expect(signMine.status).toBe(200);
    expect(await dept2.next('ticket:updated', mine.id, 3)).toMatchObject({ action: 'sign' });
    // the cgw sign happened first, so had it been routed to dept2 it would have arrived by now; wait a little more anyway
    await sleep(500);
    expect(dept2.forTicket(mine.id).map((r) => r.p.version)).toEqual([2, 3]);
    expect(dept2.forTicket(other.id)).toEqual([]);
  });
});
