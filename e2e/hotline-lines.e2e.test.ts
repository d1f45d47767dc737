// A hotline line an administrator adds while the SIP application runs takes calls at once, and stops taking
// them when switched off — no restart: drachtio-server + rtpengine + the compiled server + sipp as the trunk
// and the agent's phone. Skipped, naming what is missing, without drachtio / rtpengine / sipp.
import { loginAs, sql, type Client } from '../server/test/harness';
import { startServerProcess, type ServerProcess } from './process';
import { sipBinaries, sipp, startSipStack, type SipStack } from './sip';

const bins = sipBinaries();
const run = bins.missing.length ? describe.skip : describe;
if (bins.missing.length) console.warn(`[hotline-lines e2e] SKIPPED: ${bins.missing.join(', ')} not found.`);

let stack: SipStack;
let srv: ServerProcess;

async function until<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  let last = await fn();
  while (!ok(last) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 150));
    last = await fn();
  }
  if (!ok(last)) throw new Error(`${what}: last seen ${JSON.stringify(last)}`);
  return last;
}
const trunkCall = (did: string, caller: string, talkMs: number) =>
  sipp(bins.sipp, stack, 'trunk-call.xml', ['-s', did, '-key', 'caller', caller, '-d', String(talkMs)], 40_000);

run('hotline lines kept by an administrator, used by the running SIP application', () => {
  beforeAll(async () => {
    stack = await startSipStack(bins);
    srv = await startServerProcess({
      DEMO_TICKETS: '0',
      DRACHTIO_HOST: '127.0.0.1',
      DRACHTIO_PORT: String(stack.adminPort),
      RTPENGINE_NG: `127.0.0.1:${stack.ngPort}`,
      SIP_DOMAIN: 'hotline.local',
      QUEUE_AUDIO: 'on',
      WRAP_UP_SECONDS: '1',
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
  }, 180_000);
  afterAll(async () => {
    await srv?.stop();
    await stack?.stop();
  });

  test('a number added at run time is routed to its queue on the next call; switched off, it is refused', async () => {
    const admin: Client = await loginAs(srv.url, 'admin');
    const unknown = await trunkCall('12399', '13900000091', 500).done;
    expect(unknown.code).not.toBe(0);
    expect(unknown.log).toMatch(/404/);

    const made = await admin.post('/api/admin/lines', {
      did: '12399',
      name: '供水抢修热线',
      queue: 'water',
      priority: 3,
    });
    expect(made.status).toBe(201);

    // agent1 (no skills: takes every line) registers its phone and is ready
    const a1 = await loginAs(srv.url, 'agent1');
    const sp = (await a1.get('/api/telephony/softphone')).body.softphone;
    const port = 21000 + Math.floor(Math.random() * 500) * 2;
    const reg = await sipp(bins.sipp, stack, 'agent-register.xml', [
      ...['-s', sp.sipUser, '-au', sp.sipUser, '-ap', sp.password],
      ...['-key', 'domain', 'hotline.local', '-key', 'expires', '600', '-p', String(port)],
    ]).done;
    expect(reg.code).toBe(0);
    expect((await a1.put('/api/presence/me', { state: 'ready' })).status).toBe(200);

    const rings = sipp(bins.sipp, stack, 'agent-answer.xml', ['-p', String(port), '-d', '300'], 40_000);
    const call = await trunkCall('12399', '13900000092', 800).done;
    expect(call.code).toBe(0);
    expect((await rings.done).code).toBe(0);
    const [{ id: agentId }] = await sql(srv.dbUrl, `select id from users where username = 'agent1'`);
    const rec = await until(
      'call record',
      async () => (await sql(srv.dbUrl, `select * from calls where caller_phone_masked = '139****0092'`))[0],
      (r) => !!r && r.ended_at !== null,
    );
    expect(rec).toMatchObject({ line_did: '12399', queue: 'water', outcome: 'answered', agent_id: agentId });

    const line = (await admin.get('/api/admin/lines')).body.lines.find((l: { did: string }) => l.did === '12399');
    const off = await admin.req('PATCH', `/api/admin/lines/${line.id}`, { version: line.version, active: false });
    expect(off.status).toBe(200);
    const refused = await trunkCall('12399', '13900000093', 500).done;
    expect(refused.code).not.toBe(0);
    expect(refused.log).toMatch(/404/);
  });
});
