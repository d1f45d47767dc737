// Agent presence end to end: an agent changes state in the header bar, the shift leader's wallboard shows it
// live (no reload), and the state survives the agent reloading the page.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
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

/** A separate browser context per user: two people at two desks. */
const login = (username: string, to: string) => signIn(browser, srv.url, username, to);

const stateIs = (page: Page, state: string) =>
  page.locator(`[data-testid="agent-state"][data-state="${state}"]`).waitFor();
const rowIs = (page: Page, username: string, state: string) =>
  page.locator(`[data-testid="wb-agent-${username}"][data-state="${state}"]`).waitFor();

test('the wallboard follows an agent changing state, live; the state survives a reload', async () => {
  const leader = await login('leader1', '/wallboard');
  await leader.getByTestId('wallboard').waitFor();
  await rowIs(leader, 'agent1', 'offline');
  // a marker that a reload would wipe: the wallboard must update in place
  await leader.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
  const readyBefore = Number(await leader.getByTestId('wb-count-ready').innerText());

  const agent = await login('agent1', '/tickets');
  await stateIs(agent, 'offline');
  expect(await agent.getByTestId('agent-state').innerText()).toContain('离线');

  // the agent's socket opening shows on the wallboard too
  await leader.locator('[data-testid="wb-agent-agent1"][data-connected="true"]').waitFor();

  await agent.getByTestId('state-ready').click();
  await stateIs(agent, 'ready');
  expect(await agent.getByTestId('agent-state').innerText()).toContain('就绪');
  await rowIs(leader, 'agent1', 'ready');
  await leader.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="wb-count-ready"]')?.textContent) === n + 1,
    readyBefore,
  );

  // keyboard: Alt+3 after-call work shows its timer, Alt+1 back to ready
  await agent.keyboard.press('Alt+Digit3');
  await stateIs(agent, 'after_call_work');
  await agent.getByTestId('acw-timer').waitFor();
  expect(await agent.getByTestId('acw-timer').innerText()).toMatch(/^\d{2}:\d{2}$/);
  await rowIs(leader, 'agent1', 'after_call_work');
  await agent.keyboard.press('Alt+Digit1');
  await stateIs(agent, 'ready');

  // not ready asks for the reason
  await agent.getByTestId('state-not-ready').click();
  await agent.getByTestId('state-reason-meal').click();
  await stateIs(agent, 'not_ready');
  expect(await agent.getByTestId('agent-state').innerText()).toContain('用餐');
  await rowIs(leader, 'agent1', 'not_ready');
  expect(await leader.getByTestId('wb-agent-agent1').innerText()).toContain('用餐');
  expect(await leader.getByTestId('wb-agent-agent1').innerText()).toMatch(/\d{2}:\d{2}/);
  expect(await leader.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  await agent.mouse.move(0, 400); // no tooltip or menu over the bar in the screenshot
  await agent.waitForFunction(() =>
    [...document.querySelectorAll<HTMLElement>('.el-popper')].every((e) => getComputedStyle(e).display === 'none'),
  );
  await agent.screenshot({ path: path.join(shots, 'agent-state-bar.png') });
  await leader.screenshot({ path: path.join(shots, 'wallboard.png') });

  await agent.reload();
  await stateIs(agent, 'not_ready');
  expect(await agent.getByTestId('agent-state').innerText()).toContain('用餐');

  // an agent has no wallboard entry in the header
  expect(await agent.getByTestId('nav-wallboard').count()).toBe(0);
  expect(await leader.getByTestId('nav-wallboard').count()).toBe(1);
});
