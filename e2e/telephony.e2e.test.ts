// Hotline calls through the real stack: drachtio-server + rtpengine + the compiled server (with its SIP
// application) + sipp playing the trunk and the agents' phones. Agents register with the credentials the
// server issues, set themselves ready through the API, and the ACD offers calls as the rules say.
import { io } from 'socket.io-client';
import { Client, loginAs, sql } from '../server/test/harness';
import { startServerProcess, type ServerProcess } from './process';
import { ngQuery, sipBinaries, sipp, startSipStack, type NgParty, type SipStack } from './sip';

const bins = sipBinaries();
const run = bins.missing.length ? describe.skip : describe;
if (bins.missing.length)
  console.warn(
    `[telephony e2e] SKIPPED: ${bins.missing.join(', ')} not found. Install Debian's sip-tester and rtpengine-daemon, ` +
      'build drachtio-server (docs/telephony.md) and put it on PATH or set DRACHTIO_BIN.',
  );

let stack: SipStack;
let srv: ServerProcess;
/** where the carrier (a sipp UAS) answers outbound calls */
let carrierPort = 0;

interface Agent {
  username: string;
  userId: number;
  api: Client;
  sipUser: string;
  password: string;
  port: number;
}
const agents: Record<string, Agent> = {};
let nextPort = 0;

const WRAP_UP = 60;
const RING_TIMEOUT = 3;

async function agent(username: string): Promise<Agent> {
  const api = await loginAs(srv.url, username);
  const sp = (await api.get('/api/telephony/softphone')).body.softphone;
  const [u] = await sql<{ id: number }>(srv.dbUrl, 'select id from users where username = $1', [username]);
  const a = { username, userId: u.id, api, sipUser: sp.sipUser, password: sp.password, port: nextPort++ };
  const reg = await sipp(bins.sipp, stack, 'agent-register.xml', [
    ...['-s', a.sipUser, '-au', a.sipUser, '-ap', a.password],
    ...['-key', 'domain', 'hotline.local', '-key', 'expires', '600', '-p', String(a.port)],
  ]).done;
  expect(reg).toMatchObject({ code: 0 });
  return a;
}

async function setState(a: Agent, state: string, reason?: string) {
  const r = await a.api.put('/api/presence/me', reason ? { state, reason } : { state });
  expect(r.status).toBe(200);
}

/** Presence moves right after the call's record is written: wait for it rather than race it. */
async function presenceBecomes(a: Agent, expected: { state: string; reason?: string }) {
  return until(
    `${a.username} ${expected.state}`,
    () => presenceOf(a),
    (p) => p.state === expected.state && (expected.reason === undefined || p.reason === expected.reason),
  );
}

async function presenceOf(a: Agent) {
  return (await a.api.get('/api/presence/me')).body.presence as { state: string; reason: string | null };
}

/** The agent's phone: answers after `ringMs` (or never, letting it ring out). */
function phone(a: Agent, answer: boolean, ringMs = 300) {
  return sipp(
    bins.sipp,
    stack,
    answer ? 'agent-answer.xml' : 'agent-no-answer.xml',
    ['-p', String(a.port), '-d', String(ringMs)],
    40_000,
  );
}

/**
 * A citizen calls `did`: the centre answers at once (greeting, then music while waiting), moves the media to
 * the agent who answers (re-INVITE), and the caller talks `talkMs` before hanging up.
 */
function trunkCall(did: string, caller: string, talkMs: number) {
  return sipp(bins.sipp, stack, 'trunk-call.xml', ['-s', did, '-key', 'caller', caller, '-d', String(talkMs)], 40_000);
}

/** A caller who listens to the greeting and music for `waitMs`, then hangs up. */
function trunkHangsUpWaiting(did: string, caller: string, waitMs: number, extra: string[] = []) {
  const args = ['-s', did, '-key', 'caller', caller, '-d', String(waitMs), ...extra];
  return sipp(bins.sipp, stack, 'trunk-hangup-waiting.xml', args);
}

async function callOf(caller: string) {
  const masked = `${caller.slice(0, 3)}****${caller.slice(-4)}`;
  const rows = await sql(srv.dbUrl, 'select * from calls where caller_phone_masked = $1 order by id desc limit 1', [
    masked,
  ]);
  return rows[0];
}

async function until<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  let last: T = await fn();
  while (!ok(last) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 150));
    last = await fn();
  }
  if (!ok(last)) throw new Error(`${what}: last seen ${JSON.stringify(last)}`);
  return last;
}

run('hotline calls through drachtio, rtpengine and sipp', () => {
  beforeAll(async () => {
    stack = await startSipStack(bins);
    nextPort = 20000 + Math.floor(Math.random() * 200) * 10;
    carrierPort = nextPort++;
    srv = await startServerProcess({
      DEMO_TICKETS: '0',
      DRACHTIO_HOST: '127.0.0.1',
      DRACHTIO_PORT: String(stack.adminPort),
      RTPENGINE_NG: `127.0.0.1:${stack.ngPort}`,
      SIP_DOMAIN: 'hotline.local',
      RING_TIMEOUT_SECONDS: String(RING_TIMEOUT),
      WRAP_UP_SECONDS: String(WRAP_UP),
      QUEUE_AUDIO: 'on', // callers are answered with a greeting and music while they wait
      TRUNK_URI: `sip:127.0.0.1:${carrierPort}`,
      CENTRE_CALLER_ID: '12345',
    });
    await until(
      'telephony connected',
      async () =>
        (
          await fetch(`${srv.url}/api/health`).then(
            (r) => r.json(),
            () => ({ telephony: `down:\n${srv.log()}` }),
          )
        ).telephony,
      (t: { connected?: boolean }) => t?.connected === true,
    );
    agents.a1 = await agent('agent1');
    agents.a2 = await agent('agent2');
  }, 180_000);
  afterAll(async () => {
    await srv?.stop();
    await stack?.stop();
  });

  test('registrations use the issued credentials and show for the shift leader; a wrong password is refused', async () => {
    const leader = await loginAs(srv.url, 'leader1');
    const regs = (await leader.get('/api/telephony/registrations')).body.registrations as { username: string }[];
    expect(regs.map((r) => r.username).sort()).toEqual(['agent1', 'agent2']);
    const bad = await sipp(bins.sipp, stack, 'agent-register.xml', [
      ...['-s', agents.a1.sipUser, '-au', agents.a1.sipUser, '-ap', 'wrong-password'],
      ...['-key', 'domain', 'hotline.local', '-key', 'expires', '600', '-p', String(nextPort++)],
    ]).done;
    expect(bad.code).not.toBe(0);
    expect(bad.log).toMatch(/403/);
  });

  test('inbound call → queued → offered to the longest-idle ready agent → answered → BYE; record, states, wallboard', async () => {
    await setState(agents.a2, 'ready'); // agent2 has been ready longer
    await new Promise((r) => setTimeout(r, 50));
    await setState(agents.a1, 'ready');
    const rings = phone(agents.a2, true, 500);
    const call = await trunkCall('12345', '13900000001', 1500).done;
    expect(call.code).toBe(0);
    expect((await rings.done).code).toBe(0);

    const rec = await until(
      'call record',
      () => callOf('13900000001'),
      (r) => r?.ended_at !== null,
    );
    expect(rec).toMatchObject({ outcome: 'answered', agent_id: agents.a2.userId, offers: 1, queue: 'citizen' });
    expect(rec.wait_ms).toBeGreaterThanOrEqual(400); // the phone rang 500 ms
    expect(rec.talk_ms).toBeGreaterThanOrEqual(1400);
    await presenceBecomes(agents.a2, { state: 'after_call_work' });
    await presenceBecomes(agents.a1, { state: 'ready' });
    const history = await sql(
      srv.dbUrl,
      `select state from agent_state_events where user_id = $1 and source = 'telephony' order by id`,
      [agents.a2.userId],
    );
    expect(history.map((h) => h.state)).toEqual(['on_call', 'after_call_work']);

    const leader = await loginAs(srv.url, 'leader1');
    const board = (await leader.get('/api/telephony/queues')).body;
    const citizen = board.queues.find((q: { queue: string }) => q.queue === 'citizen');
    expect(citizen).toMatchObject({
      offered: 1,
      answered: 1,
      abandoned: 0,
      answeredWithinThreshold: 1,
      serviceLevel: 1,
      waiting: 0,
    });
    expect(citizen.averageHandleMs).toBeGreaterThanOrEqual(1400);
  });

  test('a caller who hangs up while waiting (greeting, music) is abandoned in the queue', async () => {
    await setState(agents.a1, 'not_ready', 'break');
    await setState(agents.a2, 'not_ready', 'meal');
    // the caller's phone echoes what it hears (-rtp_echo): rtpengine receiving RTP back from the caller shows
    // that the greeting / music reached them
    const waiting = trunkHangsUpWaiting('12345', '13900000002', 2500, ['-rtp_echo']);
    const queued = await until(
      'call queued',
      () => callOf('13900000002'),
      (x) => !!x,
    );
    await new Promise((r) => setTimeout(r, 1500));
    // the waiting time is its own rtpengine call (<call id>~queue)
    const q = (await ngQuery(stack.ngPort, `${queued.sip_call_id}~queue`)) as { tags: Record<string, NgParty> };
    const fromCaller = Object.entries(q.tags)
      .filter(([tag]) => !tag.startsWith('queue-'))
      .flatMap(([, t]) => t.medias.flatMap((m) => m.streams.map((st) => st.stats.packets)))
      .reduce((a, b) => a + b, 0);
    expect(fromCaller).toBeGreaterThan(10);
    const r = await waiting.done;
    expect(r.code).toBe(0);
    const rec = await until(
      'call record',
      () => callOf('13900000002'),
      (x) => x?.ended_at !== null,
    );
    expect(rec).toMatchObject({ outcome: 'abandoned_queue', agent_id: null, offers: 0, ended_by: 'caller' });
    expect(rec.wait_ms).toBeGreaterThanOrEqual(2400);
  });

  test('ring-no-answer: the call moves to the next agent and the one who let it ring is set not-ready', async () => {
    await setState(agents.a1, 'ready'); // longest idle now
    await new Promise((r) => setTimeout(r, 50));
    await setState(agents.a2, 'ready');
    const silent = phone(agents.a1, false);
    const answering = phone(agents.a2, true, 300);
    const call = await trunkCall('12345', '13900000003', 1000).done;
    expect(call.code).toBe(0);
    expect((await silent.done).code).toBe(0);
    expect((await answering.done).code).toBe(0);
    const rec = await until(
      'call record',
      () => callOf('13900000003'),
      (x) => x?.ended_at !== null,
    );
    expect(rec).toMatchObject({ outcome: 'answered', agent_id: agents.a2.userId, offers: 2 });
    expect(rec.wait_ms).toBeGreaterThanOrEqual(RING_TIMEOUT * 1000);
    await presenceBecomes(agents.a1, { state: 'not_ready', reason: 'no_answer' });
    const legs = await sql(srv.dbUrl, 'select user_id, result from call_legs where call_id = $1 order by id', [rec.id]);
    expect(legs).toEqual([
      { user_id: agents.a1.userId, result: 'no_answer' },
      { user_id: agents.a2.userId, result: 'answered' },
    ]);
  });

  test('an emergency (一键呼) call overtakes a citizen call that has waited longer; the pop shows the elder', async () => {
    await setState(agents.a2, 'not_ready', 'break');
    // agent2's desk: the screen pop arrives over socket.io before the phone is answered
    const desk = io(srv.url, {
      transports: ['websocket'],
      forceNew: true,
      extraHeaders: { cookie: agents.a2.api.cookie },
    });
    const pops: { line: { emergency: boolean }; elder?: { name: string; contacts: unknown[] } | null }[] = [];
    desk.on('call:offered', (p: (typeof pops)[number]) => pops.push(p));
    await new Promise((r) => desk.on('connect', () => r(null)));
    const citizen = trunkHangsUpWaiting('12345', '13900000004', 6000); // waits, nobody free, then gives up
    await until(
      'citizen call queued',
      () => callOf('13900000004'),
      (x) => !!x,
    );
    const sos = trunkCall('96119', '13900009111', 800); // a demo 一键呼 device: elder 张桂兰
    await until(
      'emergency call queued',
      () => callOf('13900009111'),
      (x) => !!x,
    );
    const rings = phone(agents.a2, true, 200);
    await setState(agents.a2, 'ready'); // the only agent free: the emergency call must get them
    expect((await sos.done).code).toBe(0);
    expect((await rings.done).code).toBe(0);
    expect((await citizen.done).code).toBe(0);
    const sosRec = await until(
      'sos record',
      () => callOf('13900009111'),
      (x) => x?.ended_at !== null,
    );
    const citizenRec = await until(
      'citizen record',
      () => callOf('13900000004'),
      (x) => x?.ended_at !== null,
    );
    expect(sosRec).toMatchObject({ outcome: 'answered', agent_id: agents.a2.userId, queue: 'onekey' });
    expect(citizenRec).toMatchObject({ outcome: 'abandoned_queue', offers: 0 });
    expect(new Date(citizenRec.arrived_at).getTime()).toBeLessThan(new Date(sosRec.arrived_at).getTime());
    const pop = await until(
      'screen pop',
      async () => pops[0],
      (p) => !!p,
    );
    desk.close();
    expect(pop.line.emergency).toBe(true);
    expect(pop.elder).toMatchObject({
      name: '张桂兰',
      contacts: [{ name: '张建国', relation: '儿子', phone: '13800001001' }],
    });
    expect(await sql(srv.dbUrl, `select * from audit_events where action = 'pii.elder_profile'`)).toHaveLength(1);
  });

  test('blind transfer: the agent REFERs the caller to the elder-care queue and another agent takes it', async () => {
    await setState(agents.a1, 'ready');
    await setState(agents.a2, 'ready');
    // agent1 is longest idle after the last test: they answer and transfer
    const transferring = sipp(bins.sipp, stack, 'agent-transfer.xml', [
      ...['-p', String(agents.a1.port), '-d', '800'],
      ...['-key', 'target', '96110', '-key', 'domain', 'hotline.local', '-key', 'replaces', ''],
    ]);
    const taking = phone(agents.a2, true, 300);
    const call = await sipp(
      bins.sipp,
      stack,
      'trunk-call-transferred.xml',
      ['-s', '12345', '-key', 'caller', '13900000006', '-d', '1200'],
      40_000,
    ).done;
    expect(call).toMatchObject({ code: 0 });
    expect((await transferring.done).code).toBe(0);
    expect((await taking.done).code).toBe(0);
    const rec = await until(
      'call record',
      () => callOf('13900000006'),
      (x) => x?.ended_at !== null,
    );
    expect(rec).toMatchObject({ outcome: 'answered', agent_id: agents.a1.userId, transferred_to: 'queue:elder' });
    const legs = await sql(srv.dbUrl, 'select user_id, result from call_legs where call_id = $1 order by id', [rec.id]);
    expect(legs).toEqual([
      { user_id: agents.a1.userId, result: 'answered' },
      { user_id: agents.a2.userId, result: 'answered' },
    ]);
    const events = (rec.events as { type: string; userId?: number }[]).map((e) => e.type);
    expect(events).toEqual([
      'arrived',
      'queued',
      'offered',
      'answered',
      'transferred',
      'queued',
      'offered',
      'answered',
      'ended',
    ]);
    await presenceBecomes(agents.a1, { state: 'after_call_work' });
    await presenceBecomes(agents.a2, { state: 'after_call_work' });
  });

  test('consult-then-transfer: the agent calls a colleague, talks, then hands the caller over (REFER with Replaces)', async () => {
    await setState(agents.a1, 'ready');
    // the colleague is on a break: not taking queue calls, but a colleague may still ask them something
    await setState(agents.a2, 'not_ready', 'break');
    const consultId = `consult-${Date.now()}`;
    const replaces = `?Replaces=${consultId}-1%3Bto-tag%3Dunused%3Bfrom-tag%3Dunused`;
    const transferring = sipp(bins.sipp, stack, 'agent-transfer.xml', [
      ...['-p', String(agents.a1.port), '-d', '2500'],
      ...['-key', 'target', agents.a2.sipUser, '-key', 'domain', 'hotline.local', '-key', 'replaces', replaces],
    ]);
    const colleague = sipp(
      bins.sipp,
      stack,
      'agent-take-consultation.xml',
      ['-p', String(agents.a2.port), '-d', '200'],
      40_000,
    );
    const call = sipp(
      bins.sipp,
      stack,
      'trunk-call-transferred.xml',
      ['-s', '12345', '-key', 'caller', '13900000016', '-d', '1200'],
      40_000,
    ).done;
    await presenceBecomes(agents.a1, { state: 'on_call' });
    // the consultation comes from agent1's phone, authenticated with agent1's softphone credentials
    const consultation = sipp(bins.sipp, stack, 'agent-consult.xml', [
      ...['-s', agents.a2.sipUser, '-au', agents.a1.sipUser, '-ap', agents.a1.password],
      ...['-key', 'domain', 'hotline.local', '-key', 'from', agents.a1.sipUser],
      ...['-cid_str', `${consultId}-%u`, '-p', String(nextPort++)],
    ]);
    await presenceBecomes(agents.a2, { state: 'on_call' });
    expect(await call).toMatchObject({ code: 0 });
    for (const run of [transferring, colleague, consultation]) expect(await run.done).toMatchObject({ code: 0 });

    const rec = await until(
      'call record',
      () => callOf('13900000016'),
      (x) => x?.ended_at !== null,
    );
    expect(rec).toMatchObject({
      outcome: 'answered',
      agent_id: agents.a1.userId,
      transferred_to: `agent:${agents.a2.userId}`,
      ended_by: 'caller',
    });
    const legs = await sql(srv.dbUrl, 'select user_id, result from call_legs where call_id = $1 order by id', [rec.id]);
    expect(legs).toEqual([
      { user_id: agents.a1.userId, result: 'answered' },
      { user_id: agents.a2.userId, result: 'answered' },
    ]);
    const events = (rec.events as { type: string; userId?: number }[]).map((e) =>
      e.userId ? `${e.type}:${e.userId}` : e.type,
    );
    expect(events).toEqual([
      'arrived',
      'queued',
      `offered:${agents.a1.userId}`,
      `answered:${agents.a1.userId}`,
      'transferred',
      `answered:${agents.a2.userId}`,
      'ended',
    ]);
    await presenceBecomes(agents.a1, { state: 'after_call_work' });
    await presenceBecomes(agents.a2, { state: 'after_call_work' });
  });

  test('a consultation with a wrong password is refused (403), one to a number that is no agent gets 404', async () => {
    const bad = await sipp(bins.sipp, stack, 'agent-consult.xml', [
      ...['-s', agents.a2.sipUser, '-au', agents.a1.sipUser, '-ap', 'not-the-password'],
      ...['-key', 'domain', 'hotline.local', '-key', 'from', agents.a1.sipUser, '-p', String(nextPort++)],
    ]).done;
    expect(bad.code).not.toBe(0);
    expect(bad.log).toMatch(/403/);
    const nobody = await sipp(bins.sipp, stack, 'agent-consult.xml', [
      ...['-s', 'agent999999', '-au', agents.a1.sipUser, '-ap', agents.a1.password],
      ...['-key', 'domain', 'hotline.local', '-key', 'from', agents.a1.sipUser, '-p', String(nextPort++)],
    ]).done;
    expect(nobody.code).not.toBe(0);
    expect(nobody.log).toMatch(/404/);
  });

  test('click-to-call from a ticket: the agent’s phone rings first, then the caller through the trunk; linked and audited', async () => {
    const created = await agents.a2.api.post('/api/tickets', {
      channel: 'phone_12345',
      callerPhone: '13900000007',
      content: '回访测试：路灯维修情况',
      categoryId: (await sql<{ id: number }>(srv.dbUrl, `select id from categories where code = 'complaint-noise'`))[0]
        .id,
    });
    expect(created.status).toBe(201);
    const ticketId = created.body.ticket.id as number;

    const carrier = sipp(bins.sipp, stack, 'carrier-answer.xml', ['-p', String(carrierPort), '-d', '1200'], 40_000);
    const agentPhone = phone(agents.a2, true, 200);
    const placed = await agents.a2.api.post('/api/telephony/calls', { ticketId });
    expect(placed.status).toBe(201);
    expect((await carrier.done).code).toBe(0);
    expect((await agentPhone.done).code).toBe(0);

    const [rec] = await until(
      'outbound record',
      () => sql(srv.dbUrl, 'select * from calls where id = $1', [placed.body.callId]),
      (rows) => rows[0]?.ended_at !== null,
    );
    expect(rec).toMatchObject({
      direction: 'outbound',
      ticket_id: String(ticketId), // bigint comes back as text
      agent_id: agents.a2.userId,
      outcome: 'answered',
      caller_phone_masked: '139****0007',
    });
    expect(rec.talk_ms).toBeGreaterThanOrEqual(1000);
    const legs = await sql(srv.dbUrl, 'select kind, target, result from call_legs where call_id = $1', [rec.id]);
    expect(legs).toEqual([{ kind: 'outbound', target: '13900000007', result: 'answered' }]);
    const audits = await sql(srv.dbUrl, `select * from audit_events where action = 'pii.reveal' and ticket_id = $1`, [
      ticketId,
    ]);
    expect(audits).toHaveLength(1);
    await presenceBecomes(agents.a2, { state: 'after_call_work' });

    // bad input: neither or both of ticketId / phone
    const bad = await agents.a2.api.post('/api/telephony/calls', {});
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toHaveProperty('ticketId');
  });

  test('blind transfer to an outside number goes out through the trunk, the caller still connected', async () => {
    await setState(agents.a1, 'ready');
    const transferring = sipp(bins.sipp, stack, 'agent-transfer.xml', [
      ...['-p', String(agents.a1.port), '-d', '600'],
      ...['-key', 'target', '13900000098', '-key', 'domain', 'hotline.local', '-key', 'replaces', ''],
    ]);
    // the outside party's phone (at the carrier) answers and talks until the caller hangs up
    const outsidePhone = sipp(bins.sipp, stack, 'agent-answer.xml', ['-p', String(carrierPort), '-d', '200'], 40_000);
    const call = await sipp(
      bins.sipp,
      stack,
      'trunk-call-transferred.xml',
      ['-s', '12345', '-key', 'caller', '13900000008', '-d', '1000'],
      40_000,
    ).done;
    expect(call.code).toBe(0);
    expect((await transferring.done).code).toBe(0);
    expect((await outsidePhone.done).code).toBe(0);
    const rec = await until(
      'call record',
      () => callOf('13900000008'),
      (x) => x?.ended_at !== null,
    );
    expect(rec).toMatchObject({
      outcome: 'answered',
      agent_id: agents.a1.userId,
      transferred_to: 'number:139****0098',
    });
    const legs = await sql(
      srv.dbUrl,
      'select kind, user_id, target, result from call_legs where call_id = $1 order by id',
      [rec.id],
    );
    expect(legs).toEqual([
      { kind: 'agent', user_id: agents.a1.userId, target: null, result: 'answered' },
      { kind: 'transfer', user_id: null, target: '13900000098', result: 'answered' },
    ]);
    await presenceBecomes(agents.a1, { state: 'after_call_work' });
  });

  test('skills by line: an agent who only takes the elder-care line is not offered a 12345 call', async () => {
    const leader = await loginAs(srv.url, 'leader1');
    const set = (a: Agent, skills: string[]) =>
      leader.req('PUT', `/api/telephony/agents/${a.userId}/skills`, { skills });
    expect((await set(agents.a1, ['elder'])).status).toBe(200);
    await setState(agents.a1, 'ready'); // longest idle, but without the citizen skill
    await new Promise((r) => setTimeout(r, 50));
    await setState(agents.a2, 'ready');
    const rings = phone(agents.a2, true, 200);
    expect((await trunkCall('12345', '13900000009', 600).done).code).toBe(0);
    expect((await rings.done).code).toBe(0);
    const rec = await until(
      'call record',
      () => callOf('13900000009'),
      (x) => x?.ended_at !== null,
    );
    expect(rec).toMatchObject({ outcome: 'answered', agent_id: agents.a2.userId, offers: 1 });
    expect((await set(agents.a1, [])).status).toBe(200);
  });
});
