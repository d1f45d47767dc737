// The agent's browser softphone end to end: drachtio-server + rtpengine + the compiled server, chromium with
// a fake microphone registering over SIP WebSocket with the issued credentials, and sipp as the trunk.
// The agent sees the screen pop while it rings, answers in the browser, writes the ticket on the prefilled
// form, hangs up; the call record, the agent and the recording are checked afterwards.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { loginAs, refIds, sql } from '../server/test/harness';
import { field, shots, signIn } from './desk';
import { launchBrowser, startServerProcess, type ServerProcess } from './process';
import { ngQuery, sipBinaries, sipp, startSipStack, type NgParty, type SipStack } from './sip';

const bins = sipBinaries();
const run = bins.missing.length ? describe.skip : describe;
if (bins.missing.length)
  console.warn(
    `[softphone e2e] SKIPPED: ${bins.missing.join(', ')} not found. Install Debian's sip-tester and rtpengine-daemon, ` +
      'build drachtio-server (docs/telephony.md) and put it on PATH or set DRACHTIO_BIN.',
  );

let stack: SipStack;
let srv: ServerProcess;
let browser: Browser;

const CALLER = '13900000077';

async function until<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  let last: T = await fn();
  while (!ok(last) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 200));
    last = await fn();
  }
  if (!ok(last)) throw new Error(`${what}: last seen ${JSON.stringify(last)}`);
  return last;
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

run('the browser softphone', () => {
  beforeAll(async () => {
    stack = await startSipStack(bins);
    [srv, browser] = await Promise.all([
      startServerProcess({
        DEMO_TICKETS: '0',
        DRACHTIO_HOST: '127.0.0.1',
        DRACHTIO_PORT: String(stack.adminPort),
        RTPENGINE_NG: `127.0.0.1:${stack.ngPort}`,
        SIP_DOMAIN: 'hotline.local',
        SIP_WS_URI: `ws://127.0.0.1:${stack.wsPort}`,
        RING_TIMEOUT_SECONDS: '30',
        WRAP_UP_SECONDS: '60',
        // the caller waits with greeting and music, then is moved to the browser agent (re-INVITE)
        QUEUE_AUDIO: 'on',
        // the server asks rtpengine to record ('record call') when a recordings dir is set
        RECORDINGS_DIR: path.join(stack.dir, 'recordings'),
      }),
      // a fake microphone, allowed without a prompt; loopback ICE candidates (rtpengine listens on 127.0.0.1)
      launchBrowser([
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        '--allow-loopback-in-peer-connection',
        '--autoplay-policy=no-user-gesture-required',
      ]),
    ]);
    await until(
      'telephony connected',
      async () =>
        (
          await fetch(`${srv.url}/api/health`).then(
            (r) => r.json(),
            () => ({ telephony: null }),
          )
        ).telephony,
      (t: { connected?: boolean }) => t?.connected === true,
    );
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
    await stack?.stop();
  });

  test('registers, pops the caller while ringing, answers into a prefilled ticket, hangs up; record and recording', async () => {
    // an earlier ticket of this caller, for the screen pop
    const api = await loginAs(srv.url, 'agent1');
    const ids = await refIds(srv.dbUrl);
    const earlier = await api.post('/api/tickets', {
      channel: 'phone_12345',
      callerPhone: CALLER,
      content: '小区门口路灯不亮',
      categoryId: ids.category('complaint-sanitation'),
    });
    expect(earlier.status).toBe(201);

    const page = await signIn(browser, srv.url, 'agent1');
    const logs: string[] = [];
    page.on('console', (m) => logs.push(`[${m.type()}] ${m.text()}`));
    try {
      const status = page.getByTestId('softphone-status');
      await page.waitForSelector('[data-testid="softphone-status"][data-status="registered"]', { timeout: 20_000 });
      expect(await status.innerText()).toContain('话机已就绪');
      await page.getByTestId('state-ready').click();
      await until(
        'agent1 ready',
        async () => (await api.get('/api/presence/me')).body.presence.state as string,
        (s) => s === 'ready',
      );

      const trunk = sipp(
        bins.sipp,
        stack,
        'trunk-call-agent-hangs-up.xml',
        ['-s', '12345', '-key', 'caller', CALLER],
        90_000,
      );
      await page.getByTestId('softphone-incoming').waitFor({ timeout: 20_000 });
      await page.getByTestId('screen-pop-ticket').first().waitFor();
      const pop = await page.getByTestId('screen-pop').innerText();
      expect(pop).toContain('12345 市民服务热线');
      expect(pop).toContain('139****0077');
      expect(pop).toContain(earlier.body.ticket.number);
      expect(pop).not.toContain(CALLER);
      await page.mouse.move(600, 400); // no tooltip of the state bar in the picture
      await page.screenshot({ path: path.join(shots, 'softphone-screen-pop.png') });

      await page.getByTestId('softphone-answer').click();
      await page.waitForURL((u) => u.pathname === '/tickets/new');
      await page.getByTestId('intake-call-link').waitFor();
      expect(await field(page, 'intake-phone').inputValue()).toBe(CALLER);
      const [call] = await sql<{ id: number }>(srv.dbUrl, 'select id from calls order by id desc limit 1');
      expect(await page.getByTestId('intake-call-link').getAttribute('data-call-id')).toBe(String(call.id));
      await page.getByTestId('softphone-hangup').waitFor();
      await until(
        'agent1 on call',
        async () => (await api.get('/api/presence/me')).body.presence.state as string,
        (s) => s === 'on_call',
      );
      // media flows from the fake microphone through rtpengine (a couple of seconds of talk)
      await page.waitForTimeout(2500);
      const timer = await page.getByTestId('softphone-timer').innerText();
      expect(timer).toMatch(/^\d{2}:\d{2}$/);
      expect(timer).not.toBe('00:00');
      await page.screenshot({ path: path.join(shots, 'softphone-in-call.png') });
      const [sipCall] = await sql<{ sip_call_id: string }>(srv.dbUrl, 'select sip_call_id from calls where id = $1', [
        call.id,
      ]);
      // the browser's leg through rtpengine: ICE done, DTLS verified, SRTP from the fake microphone arriving
      const q = (await ngQuery(stack.ngPort, sipCall.sip_call_id)) as { tags: Record<string, NgParty> };
      const webrtc = Object.values(q.tags)
        .flatMap((t) => t.medias)
        .find((m) => m.protocol === 'UDP/TLS/RTP/SAVPF');
      expect(webrtc?.flags).toEqual(expect.arrayContaining(['DTLS-SRTP', 'ICE']));
      expect(webrtc?.streams[0].flags).toContain('DTLS fingerprint verified');
      expect(webrtc?.streams[0].stats.packets).toBeGreaterThan(0);

      // in-call controls: hold (re-INVITE sendonly) and resume, mute, a DTMF digit
      const hold = page.getByTestId('softphone-hold');
      await hold.click();
      await page.waitForFunction(() =>
        document.querySelector('[data-testid="softphone-hold"]')?.textContent?.includes('恢复'),
      );
      await hold.click();
      await page.waitForFunction(() =>
        document.querySelector('[data-testid="softphone-hold"]')?.textContent?.includes('保持'),
      );
      await page.getByTestId('softphone-mute').click();
      expect(await page.getByTestId('softphone-mute').innerText()).toContain('取消静音');
      await page.getByTestId('softphone-more-dtmf').click();
      await page.getByTestId('softphone-dtmf-5').click();
      expect(await page.getByTestId('softphone-error').count()).toBe(0);

      await page.getByTestId('softphone-hangup').click();
      const done = await trunk.done;
      expect(done).toMatchObject({ code: 0 });
      await page.getByTestId('softphone-panel').waitFor({ state: 'detached' });

      // the ticket written on the call keeps the link to it
      await field(page, 'intake-category').click();
      await field(page, 'intake-category').fill('噪声');
      await page.locator('.el-cascader__suggestion-item', { hasText: '噪声扰民' }).first().click();
      await field(page, 'intake-content').fill('来电反映小区旁工地夜间施工噪声扰民');
      await field(page, 'intake-content').press('Control+Enter');
      await page.waitForURL(/\/tickets\/\d+$/);
      const ticketId = Number(new URL(page.url()).pathname.split('/').pop());
      const [ticket] = await sql(srv.dbUrl, 'select call_id, channel, caller_phone_masked from tickets where id = $1', [
        ticketId,
      ]);
      expect(ticket).toMatchObject({ call_id: String(call.id), channel: 'phone_12345' });

      const [u] = await sql<{ id: number }>(srv.dbUrl, "select id from users where username = 'agent1'");
      const rec = await until(
        'call record ended',
        async () => (await sql(srv.dbUrl, 'select * from calls where id = $1', [call.id]))[0],
        (r) => r?.ended_at !== null,
      );
      expect(rec).toMatchObject({ outcome: 'answered', agent_id: u.id, ended_by: 'agent' });
      expect(Number(rec.talk_ms)).toBeGreaterThan(0);
      // rtpengine recorded the call into the stack's recording dir: its pcap, or the server's encrypted copy
      // of it once the recordings step has run (it removes the plaintext)
      await until(
        'a recording of the call',
        async () => filesUnder(path.join(stack.dir, 'recordings')).map((f) => path.relative(stack.dir, f)),
        (files) => files.some((f) => /\.pcap(\.enc)?$/.test(f)),
      );
    } catch (e) {
      // what the browser and the server said, to tell a SIP problem from a UI one
      throw new Error(
        `${(e as Error).message}\n--- browser:\n${logs.join('\n').slice(-4000)}\n--- server:\n${srv.log().slice(-4000)}`,
      );
    }
  }, 150_000);

  /**
   * agent1 (ready) and agent2 (on a break: not offered queue calls) in two browsers; a citizen calls 12345 and
   * talks `talkMs` once the transfer has moved them; agent1 answers and opens the transfer panel with agent2's
   * softphone user filled in. Then `steps`; on failure both browsers' and the server's logs are shown.
   */
  async function transferBetweenBrowsers(
    caller: string,
    talkMs: number,
    steps: (x: { p1: Page; p2: Page; u2: number; trunk: ReturnType<typeof sipp> }) => Promise<void>,
  ) {
    const [a1, a2] = await Promise.all(['agent1', 'agent2'].map((u) => loginAs(srv.url, u)));
    const [u2] = await sql<{ id: number }>(srv.dbUrl, "select id from users where username = 'agent2'");
    const [p1, p2] = await Promise.all(['agent1', 'agent2'].map((u) => signIn(browser, srv.url, u)));
    const logs: string[] = [];
    p1.on('console', (m) => logs.push(`[agent1 ${m.type()}] ${m.text()}`));
    p2.on('console', (m) => logs.push(`[agent2 ${m.type()}] ${m.text()}`));
    try {
      for (const p of [p1, p2])
        await p.waitForSelector('[data-testid="softphone-status"][data-status="registered"]', { timeout: 20_000 });
      expect((await a2.put('/api/presence/me', { state: 'not_ready', reason: 'break' })).status).toBe(200);
      expect((await a1.put('/api/presence/me', { state: 'ready' })).status).toBe(200);
      const trunk = sipp(
        bins.sipp,
        stack,
        'trunk-call-transferred.xml',
        ['-s', '12345', '-key', 'caller', caller, '-d', String(talkMs)],
        90_000,
      );
      await p1.getByTestId('softphone-answer').click({ timeout: 20_000 });
      // connected, and the answer has finished (the controls are enabled again)
      await p1.waitForSelector('[data-testid="softphone-hold"]:not(.is-disabled)');
      await p1.getByTestId('softphone-more-transfer').click();
      await field(p1, 'softphone-transfer-target').fill(`agent${u2.id}`);
      await steps({ p1, p2, u2: u2.id, trunk });
    } catch (e) {
      throw new Error(
        `${(e as Error).message}\n--- browsers:\n${logs.join('\n').slice(-4000)}\n--- server:\n${srv.log().slice(-4000)}`,
      );
    } finally {
      await Promise.all([p1.context().close(), p2.context().close()]);
    }
  }

  /** The caller hangs up: agent2's call ends with it; the record names the transfer, two agent legs. */
  async function callEndsWithAgent2(trunk: ReturnType<typeof sipp>, p2: Page, call: { id: number }, u2: number) {
    expect((await trunk.done).code).toBe(0);
    await p2.getByTestId('softphone-panel').waitFor({ state: 'detached', timeout: 20_000 });
    const rec = await until(
      'call record ended',
      async () => (await sql(srv.dbUrl, 'select * from calls where id = $1', [call.id]))[0],
      (r) => r?.ended_at !== null,
    );
    expect(rec).toMatchObject({ outcome: 'answered', transferred_to: `agent:${u2}`, ended_by: 'caller' });
    const legs = await sql(srv.dbUrl, 'select user_id, result from call_legs where call_id = $1 order by id', [
      call.id,
    ]);
    expect(legs.map((l) => l.user_id)).toEqual([expect.any(Number), u2]);
    return rec;
  }

  /** Every rtpengine call the media ran through is a part of one stored recording. */
  async function oneRecording(rec: Record<string, unknown>, call: { id: number }, keys: unknown[]) {
    const media = (rec.events as { type: string; key?: string }[]).filter((e) => e.type === 'media');
    expect(media.map((e) => e.key)).toEqual(keys);
    await until(
      'the recording stored',
      () => sql(srv.dbUrl, 'select size from recordings where call_id = $1', [call.id]),
      (rows) => rows.length === 1,
    );
    expect(srv.log()).not.toMatch(/no pcap/);
  }

  test(
    'consult-then-transfer between two browser agents: hold, call the colleague, hand the caller over',
    () =>
      transferBetweenBrowsers('13900000078', 3000, async ({ p1, p2, u2, trunk }) => {
        await p1.getByTestId('softphone-consult').click();

        // agent2's phone rings with a colleague's consultation, not a citizen's call
        await p2.getByTestId('softphone-incoming').waitFor({ timeout: 20_000 });
        expect(await p2.getByTestId('softphone-incoming').innerText()).toContain('同事咨询');
        await p2.getByTestId('softphone-answer').click();
        await p1.waitForSelector('[data-testid="softphone-consulting"][data-phase="talking"]', { timeout: 20_000 });
        expect(await p1.getByTestId('softphone-hold').innerText()).toContain('恢复'); // the caller is on hold
        await p1.screenshot({ path: path.join(shots, 'softphone-consult.png') });

        await p1.getByTestId('softphone-complete-transfer').click();
        // agent1 is free; agent2 now has the caller (masked) and the draft ticket of that call
        await p1.getByTestId('softphone-panel').waitFor({ state: 'detached', timeout: 20_000 });
        await p2.waitForURL((u) => u.pathname === '/tickets/new', { timeout: 20_000 });
        await p2.getByText('139****0078').first().waitFor();
        const [call] = await sql<{ id: number; sip_call_id: string }>(
          srv.dbUrl,
          'select id, sip_call_id from calls order by id desc limit 1',
        );
        expect(await p2.getByTestId('intake-call-link').getAttribute('data-call-id')).toBe(String(call.id));

        // the caller talks to agent2, then hangs up: agent2's call ends with it
        const rec = await callEndsWithAgent2(trunk, p2, call, u2);
        // both browsers took the re-INVITEs that moved the media (a refused one is logged by the server)
        expect(srv.log()).not.toMatch(/attended transfer media/);
        // the recording has both parts: before the hand-over and after it (in the consultation's rtpengine call)
        await oneRecording(rec, call, [call.sip_call_id, expect.any(String)]);
      }),
    150_000,
  );

  test(
    'blind transfer from one browser agent to another: the second WebRTC leg gets media of its own',
    () =>
      transferBetweenBrowsers('13900000079', 4000, async ({ p1, p2, u2, trunk }) => {
        await p1.getByTestId('softphone-transfer').click();
        await p1.getByTestId('softphone-panel').waitFor({ state: 'detached', timeout: 20_000 });

        // agent2's phone rings with the caller's screen pop, and is answered in the browser
        await p2.getByTestId('softphone-incoming').waitFor({ timeout: 20_000 });
        expect(await p2.getByTestId('screen-pop').innerText()).toContain('139****0079');
        await p2.getByTestId('softphone-answer').click();
        await p2.waitForSelector('[data-testid="softphone-hold"]:not(.is-disabled)');
        await p2.waitForTimeout(2000);
        const [call] = await sql<{ id: number; sip_call_id: string }>(
          srv.dbUrl,
          'select id, sip_call_id from calls order by id desc limit 1',
        );
        // agent2's WebRTC leg starts in an rtpengine call of its own (`<Call-ID>~1`, the caller moved there):
        // ICE, verified DTLS, SRTP arriving
        const q = (await ngQuery(stack.ngPort, `${call.sip_call_id}~1`)) as { tags: Record<string, NgParty> };
        const webrtc = Object.values(q.tags)
          .flatMap((t) => t.medias)
          .filter((m) => m.protocol === 'UDP/TLS/RTP/SAVPF');
        expect(webrtc).toHaveLength(1);
        expect(webrtc[0].flags).toEqual(expect.arrayContaining(['DTLS-SRTP', 'ICE']));
        expect(webrtc[0].streams[0].flags).toContain('DTLS fingerprint verified');
        expect(webrtc[0].streams[0].stats.packets).toBeGreaterThan(0);
        const rec = await callEndsWithAgent2(trunk, p2, call, u2);
        // one recording of the whole call: the part with agent1 and the part with agent2 (each its own
        // rtpengine call), merged
        await oneRecording(rec, call, [call.sip_call_id, `${call.sip_call_id}~1`]);
      }),
    150_000,
  );
});
