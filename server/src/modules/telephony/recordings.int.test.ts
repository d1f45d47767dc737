// Call recordings against a real database and a real directory: the post-call step encrypts rtpengine's pcap
// and removes the plaintext, the API gives the exact bytes back to those allowed (audited), and retention
// deletes old files once.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, loginAs, sql, startTestServer, type TestServer } from '../../../test/harness';
import { buildPorts } from './host';

let srv: TestServer;
let dir: string;
let offsetMs = 0;
const clock = () => new Date(Date.now() + offsetMs);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-rec-'));
  srv = await startTestServer({ RECORDINGS_DIR: dir, RECORDING_RETENTION_DAYS: '30' }, { clock });
});
afterAll(async () => {
  await srv.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function userId(username: string): Promise<number> {
  const [u] = await sql(srv.dbUrl, 'select id from users where username = $1', [username]);
  return u.id;
}

/** An answered, ended call taken by `agent`, as the telephony host would have stored it. */
async function answeredCall(sipCallId: string, agent: string): Promise<number> {
  const [c] = await sql(
    srv.dbUrl,
    `insert into calls (sip_call_id, direction, line_did, queue, agent_id, arrived_at, queued_at, answered_at,
       ended_at, wait_ms, talk_ms, offers, outcome, ended_by, events)
     values ($1, 'inbound', '12345', 'citizen', $2, now() - interval '3 minutes', now() - interval '3 minutes',
       now() - interval '170 seconds', now(), 10000, 170000, 1, 'answered', 'caller', '[]') returning id`,
    [sipCallId, await userId(agent)],
  );
  return Number(c.id);
}

/** What rtpengine 10.5 leaves behind: pcaps/<escaped call-id>-<hex>.pcap and metadata/rtpengine-meta-<same>.txt. */
function fakePcap(sipCallId: string): { file: string; bytes: Buffer } {
  const prefix = `${encodeURIComponent(sipCallId)}-${crypto.randomBytes(8).toString('hex')}`;
  // pcap global header magic + some "packets"
  const bytes = Buffer.concat([
    Buffer.from('d4c3b2a1020004000000000000000000ffff000001000000', 'hex'),
    crypto.randomBytes(5000),
  ]);
  fs.mkdirSync(path.join(dir, 'pcaps'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'metadata'), { recursive: true });
  const file = path.join(dir, 'pcaps', `${prefix}.pcap`);
  fs.writeFileSync(file, bytes);
  fs.writeFileSync(
    path.join(dir, 'metadata', `rtpengine-meta-${prefix}.txt`),
    `${file}\n\n\nTimestamp started ms: 1795313657556.699\nSDP mode: offer\n\nTimestamp terminated ms(first monologue): 1795313717556.699\n`,
  );
  return { file, bytes };
}

async function download(c: Client, callId: number) {
  const res = await fetch(`${srv.url}/api/calls/${callId}/recording`, { headers: { cookie: c.cookie } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

const store = () => buildPorts(srv.services).calls.recording;

test('after a call the pcap is encrypted, the plaintext removed and the recording stored', async () => {
  const sipCallId = `rec-1-${crypto.randomUUID()}@10.0.0.5`;
  const callId = await answeredCall(sipCallId, 'agent1');
  const { file, bytes } = fakePcap(sipCallId);

  const rel = await srv.services.recordings.processEndedCall(callId, store(), { waitMs: 2000 });
  expect(rel).toMatch(new RegExp(`^encrypted/\\d{4}/\\d{2}/\\d{2}/${callId}\\.pcap\\.enc$`));
  expect(fs.existsSync(file)).toBe(false);
  expect(fs.readdirSync(path.join(dir, 'metadata'))).toEqual([]);
  const enc = fs.readFileSync(path.join(dir, rel!));
  expect(enc.includes(bytes.subarray(100, 200))).toBe(false);

  const [row] = await sql(srv.dbUrl, 'select * from recordings where call_id = $1', [callId]);
  expect(row).toMatchObject({
    path: rel,
    format: 'pcap',
    size: bytes.length,
    sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
    duration_ms: 170000,
    deleted_at: null,
  });

  // idempotent: running it again (a repeated end event) stores nothing more
  expect(await srv.services.recordings.processEndedCall(callId, store(), { waitMs: 0 })).toBeNull();
  expect(await sql(srv.dbUrl, 'select id from recordings where call_id = $1', [callId])).toHaveLength(1);
});

test('a transferred call: the parts of every rtpengine call it ran through make one recording, in order', async () => {
  const sipCallId = `rec-t-${crypto.randomUUID()}@10.0.0.5`;
  const callId = await answeredCall(sipCallId, 'agent1');
  const consult = `consult-${crypto.randomUUID()}`;
  await sql(srv.dbUrl, 'update calls set events = $2 where id = $1', [
    callId,
    JSON.stringify([
      { type: 'media', at: 1, key: sipCallId },
      { type: 'media', at: 2, key: `${sipCallId}~1` },
      { type: 'media', at: 3, key: consult },
    ]),
  ]);
  const parts = [fakePcap(sipCallId), fakePcap(`${sipCallId}~1`), fakePcap(consult)];
  const rel = await srv.services.recordings.processEndedCall(callId, store(), { waitMs: 2000 });
  expect(rel).not.toBeNull();
  for (const p of parts) expect(fs.existsSync(p.file)).toBe(false);
  const whole = Buffer.concat([parts[0].bytes, parts[1].bytes.subarray(24), parts[2].bytes.subarray(24)]);
  const got = await download(await loginAs(srv.url, 'supervisor1'), callId);
  expect(got.status).toBe(200);
  expect(got.bytes.equals(whole)).toBe(true);
});

test('the agent who took the call and leaders can listen (audited, no-store); others get 403, unknown 404', async () => {
  const sipCallId = `rec-2-${crypto.randomUUID()}`;
  const callId = await answeredCall(sipCallId, 'agent1');
  const { bytes } = fakePcap(sipCallId);
  await srv.services.recordings.processEndedCall(callId, store(), { waitMs: 2000 });

  for (const who of ['agent1', 'leader1', 'supervisor1', 'admin']) {
    const r = await download(await loginAs(srv.url, who), callId);
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.headers.get('content-disposition')).toContain(`call-${callId}.pcap`);
    expect(r.bytes.equals(bytes)).toBe(true);
  }
  const audits = await sql(
    srv.dbUrl,
    `select * from audit_events where action = 'recording.listen' and entity_id = $1`,
    [String(callId)],
  );
  expect(audits).toHaveLength(4);
  expect(audits[0]).toMatchObject({ entity_type: 'call', actor_id: await userId('agent1') });

  for (const who of ['agent2', 'dept1', 'revisit1'])
    expect((await download(await loginAs(srv.url, who), callId)).status).toBe(403);
  expect((await download(new Client(srv.url), callId)).status).toBe(401);
  const leader = await loginAs(srv.url, 'leader1');
  expect((await download(leader, 99999999)).status).toBe(404);
  // a call without a recording
  const bare = await answeredCall(`rec-3-${crypto.randomUUID()}`, 'agent1');
  expect((await download(leader, bare)).status).toBe(404);
  // still 4: refused and missing downloads are not audited as listened
  expect(
    await sql(srv.dbUrl, `select id from audit_events where action = 'recording.listen' and entity_id = $1`, [
      String(callId),
    ]),
  ).toHaveLength(4);
});

test("the host's end-of-call hook: the call's last event (ended) stores its recording", async () => {
  const ports = buildPorts(srv.services);
  const sipCallId = `rec-6-${crypto.randomUUID()}@trunk`;
  const t0 = Date.now() - 60_000;
  const callId = await ports.calls.started({
    sipCallId,
    direction: 'inbound',
    lineDid: '12345',
    queue: 'citizen',
    callerPhone: '13800138000',
    arrivedAt: new Date(t0),
  });
  const { file, bytes } = fakePcap(sipCallId);
  const agent = await userId('agent2');
  const events = [
    { type: 'arrived' as const, at: t0 },
    { type: 'queued' as const, at: t0, queue: 'citizen' },
    { type: 'offered' as const, at: t0 + 2000, userId: agent },
    { type: 'answered' as const, at: t0 + 5000, userId: agent },
  ];
  await ports.calls.events(callId, events);
  expect(fs.existsSync(file)).toBe(true); // still talking: nothing taken
  await ports.calls.events(callId, [...events, { type: 'ended', at: t0 + 50_000, by: 'caller' }]);
  // the hook runs in the background: wait for its row (the test's own timeout bounds this)
  let rows: { size: number; duration_ms: number }[] = [];
  while (!rows.length) {
    await new Promise((r) => setTimeout(r, 100));
    rows = await sql(srv.dbUrl, 'select size, duration_ms from recordings where call_id = $1', [callId]);
  }
  expect(rows[0]).toEqual({ size: bytes.length, duration_ms: 45_000 });
  expect(fs.existsSync(file)).toBe(false);
  const r = await download(await loginAs(srv.url, 'agent2'), callId);
  expect(r.bytes.equals(bytes)).toBe(true);
});

test('no pcap for the call: nothing is stored', async () => {
  const callId = await answeredCall(`rec-4-${crypto.randomUUID()}`, 'agent2');
  expect(await srv.services.recordings.processEndedCall(callId, store(), { waitMs: 300 })).toBeNull();
  expect(await sql(srv.dbUrl, 'select id from recordings where call_id = $1', [callId])).toHaveLength(0);
});

test('retention deletes recordings older than RECORDING_RETENTION_DAYS once, audited; they can no longer be heard', async () => {
  const sipCallId = `rec-5-${crypto.randomUUID()}`;
  const callId = await answeredCall(sipCallId, 'agent1');
  fakePcap(sipCallId);
  const rel = (await srv.services.recordings.processEndedCall(callId, store(), { waitMs: 2000 }))!;
  const live = (await sql(srv.dbUrl, 'select count(*)::int as n from recordings where deleted_at is null'))[0].n;

  offsetMs = 29 * 86_400_000; // inside the 30 days: nothing goes
  expect(await srv.services.recordings.retention()).toEqual({ deleted: 0 });
  expect(fs.existsSync(path.join(dir, rel))).toBe(true);

  offsetMs = 31 * 86_400_000;
  expect(await srv.services.recordings.retention()).toEqual({ deleted: live });
  expect(fs.existsSync(path.join(dir, rel))).toBe(false);
  const [row] = await sql(srv.dbUrl, 'select deleted_at from recordings where call_id = $1', [callId]);
  expect(row.deleted_at).not.toBeNull();
  const audits = await sql(srv.dbUrl, `select * from audit_events where action = 'recording.deleted'`);
  expect(audits).toHaveLength(live);
  expect(audits.find((a) => a.entity_id === String(callId))).toMatchObject({ actor_id: null, entity_type: 'call' });

  // idempotent: a second run (at-least-once jobs) finds nothing
  expect(await srv.services.recordings.retention()).toEqual({ deleted: 0 });
  expect(await sql(srv.dbUrl, `select id from audit_events where action = 'recording.deleted'`)).toHaveLength(live);
  expect((await download(await loginAs(srv.url, 'leader1'), callId)).status).toBe(404);
  offsetMs = 0;
});
