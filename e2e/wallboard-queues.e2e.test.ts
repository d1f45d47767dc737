// The wallboard's queue panel end to end: today's calls (stored as the telephony host stores them, no SIP
// needed) show per queue — offered, answered, abandoned, service level, average handling time — and new
// calls appear without a reload (the panel re-reads every 10 s and on `queues:changed`).
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { sql } from '../server/test/harness';
import { shots, signIn } from './desk';
import { launchBrowser, startServerProcess, type ServerProcess } from './process';

let srv: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  [srv, browser] = await Promise.all([startServerProcess({ DEMO_TICKETS: '0' }), launchBrowser()]);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

let n = 0;
/** One ended call today in `queue`, waited `waitS` seconds; answered calls talked `talkS` seconds. */
async function call(queue: string, outcome: 'answered' | 'abandoned_queue', waitS: number, talkS = 0) {
  const answered = outcome === 'answered';
  await sql(
    srv.dbUrl,
    `insert into calls (sip_call_id, direction, line_did, queue, arrived_at, queued_at, answered_at, ended_at,
       wait_ms, talk_ms, offers, outcome, ended_by, events)
     values ($1, 'inbound', $2, $3, now(), now(), $4::timestamptz, now(), $5, $6, $7, $8, 'caller', '[]')`,
    [
      `wb-e2e-${++n}@test`,
      { citizen: '12345', elder: '96110', onekey: '96119' }[queue],
      queue,
      answered ? new Date().toISOString() : null,
      waitS * 1000,
      answered ? talkS * 1000 : null,
      answered ? 1 : 0,
      outcome,
    ],
  );
}

const figure = (page: Page, queue: string, what: string) =>
  page.getByTestId(`wb-queue-${queue}`).getByTestId(`wb-queue-${what}`).innerText();

test("today's figures per queue on the wallboard, refreshed without a reload", async () => {
  // 12345: 2 of 3 answered within 20 s (SL 67 %), handling 2:00 and 1:00 → 1:30; the elder line answered late
  await call('citizen', 'answered', 5, 120);
  await call('citizen', 'answered', 12, 60);
  await call('citizen', 'abandoned_queue', 40);
  await call('elder', 'answered', 25, 200);

  const leader = await signIn(browser, srv.url, 'leader1', '/wallboard');
  await leader.getByTestId('wb-queue-citizen').waitFor();
  await leader.waitForFunction(
    () =>
      document.querySelector('[data-testid="wb-queue-citizen"] [data-testid="wb-queue-offered"]')?.textContent === '3',
  );
  await leader.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

  expect(await leader.getByTestId('wb-queue-citizen').innerText()).toContain('12345市民热线');
  expect(await leader.getByTestId('wb-queue-elder').innerText()).toContain('养老服务热线');
  expect(await leader.getByTestId('wb-queue-onekey').innerText()).toContain('一键呼');
  expect(await figure(leader, 'citizen', 'answered')).toBe('2');
  expect(await figure(leader, 'citizen', 'abandoned')).toBe('1');
  expect(await figure(leader, 'citizen', 'sl')).toBe('67%');
  expect(await figure(leader, 'citizen', 'aht')).toBe('01:30');
  expect(await figure(leader, 'citizen', 'waiting')).toBe('0');
  expect(await figure(leader, 'citizen', 'longest')).toBe('—');
  expect(await figure(leader, 'elder', 'offered')).toBe('1');
  expect(await figure(leader, 'elder', 'sl')).toBe('0%');
  expect(await figure(leader, 'elder', 'aht')).toBe('03:20');
  expect(await figure(leader, 'onekey', 'offered')).toBe('0');
  expect(await figure(leader, 'onekey', 'sl')).toBe('—');
  // the agents' part of the wallboard is still there
  await leader.getByTestId('wb-agent-agent1').waitFor();
  await leader.getByTestId('wb-count-total').waitFor();
  await leader.screenshot({ path: path.join(shots, 'wallboard-queues.png') });

  // a new call shows up by itself (the 10 s refresh), no reload: 3 of 4 within the threshold
  await call('citizen', 'answered', 3, 30);
  await leader.waitForFunction(
    () =>
      document.querySelector('[data-testid="wb-queue-citizen"] [data-testid="wb-queue-offered"]')?.textContent === '4',
    undefined,
    { timeout: 30_000 },
  );
  expect(await figure(leader, 'citizen', 'sl')).toBe('75%');
  expect(await leader.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);

  // English names, same figures
  await leader.evaluate(() => localStorage.setItem('hotline-desk.locale', 'en'));
  await leader.reload();
  await leader.getByText('12345 Citizen hotline').waitFor();
  expect(await figure(leader, 'citizen', 'offered')).toBe('4');
}, 120_000);

test('an agent cannot read the queue figures', async () => {
  const agent = await signIn(browser, srv.url, 'agent1');
  const status = await agent.evaluate(async () => (await fetch('/api/telephony/queues')).status);
  expect(status).toBe(403);
});

test('a shift leader sets which lines an agent takes, on the wallboard', async () => {
  const leader = await signIn(browser, srv.url, 'leader1', '/wallboard');
  const cell = leader.getByTestId('wb-skills-agent1');
  await cell.waitFor();
  expect(await cell.innerText()).toContain('全部线路');
  await leader.getByTestId('wb-skills-edit-agent1').click();
  await leader.locator('[data-testid="wb-skill-elder"]:visible').click();
  await leader.locator('[data-testid="wb-skills-save"]:visible').click();
  await leader.waitForFunction(() =>
    document.querySelector('[data-testid="wb-skills-agent1"]')?.textContent?.includes('养老服务热线'),
  );
  const [row] = await sql(srv.dbUrl, `select skills from users where username = 'agent1'`);
  expect(row.skills).toEqual(['elder']);
  // an agent sees no editor (and the API refuses them)
  const agent = await signIn(browser, srv.url, 'agent1');
  const status = await agent.evaluate(
    async () =>
      (
        await fetch('/api/telephony/agents/1/skills', {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: '{"skills":[]}',
        })
      ).status,
  );
  expect(status).toBe(403);
});
