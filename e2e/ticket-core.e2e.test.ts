// The path a user takes: the real server process serving the built agent UI, driven in headless chromium.
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { fill, shots, signIn } from './desk';
import { launchBrowser, startServerProcess, type ServerProcess } from './process';

let srv: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  [srv, browser] = await Promise.all([startServerProcess(), launchBrowser()]);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

const login = (username: string) => signIn(browser, srv.url, username, '/tickets');

test('health and the SPA shell are served on one port', async () => {
  const h = await fetch(`${srv.url}/api/health`);
  expect(h.status).toBe(200);
  expect((await h.json()).database.ok).toBe(true);
  const shell = await fetch(`${srv.url}/tickets/123`);
  expect(shell.status).toBe(200);
  expect(await shell.text()).toContain('<div id="app">');
});

test('wrong password shows an error; agent logs in, sees the list, opens a ticket with its timeline, reveals the phone', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const bad = await ctx.newPage();
  await bad.goto(`${srv.url}/login`);
  await fill(bad, 'login-username', 'agent1');
  await fill(bad, 'login-password', 'wrong-password');
  await bad.getByTestId('login-submit').click();
  await bad.getByTestId('login-error').waitFor();
  await bad.screenshot({ path: path.join(shots, 'login.png') });
  await ctx.close();

  const page = await login('agent1');
  await page.getByTestId('ticket-row').first().waitFor();
  const rows = await page.getByTestId('ticket-row').count();
  expect(rows).toBeGreaterThan(5);
  await expect(page.getByTestId('current-user').innerText()).resolves.toContain('王芳');
  // list shows masked phones only
  const listText = await page.locator('body').innerText();
  expect(listText).toMatch(/1\d{2}\*{4}\d{4}/);

  await page.getByTestId('ticket-row').first().click();
  await page.getByTestId('ticket-number').waitFor();
  expect(await page.getByTestId('ticket-number').innerText()).toMatch(/HL-\d{8}-\d{6}/);
  await page.getByTestId('timeline-item').first().waitFor();
  expect(await page.getByTestId('timeline-item').count()).toBeGreaterThan(0);
  // audit actions are shown with Chinese labels, not raw names
  const timelineText = await page.getByTestId('timeline').innerText();
  expect(timelineText).toContain('受理登记');
  expect(timelineText).not.toContain('ticket.create');
  const masked = await page.getByTestId('caller-phone').innerText();
  expect(masked).toContain('****');
  // the full number is shown for a stated reason (audited)
  await page.getByTestId('reveal-phone').click();
  await page.locator('[data-testid="reveal-reason"] .el-select__wrapper').click();
  await page.getByTestId('reveal-reason-callback').click();
  await page.getByTestId('reveal-submit').click();
  await page.waitForFunction(
    () => !document.querySelector('[data-testid="caller-phone"]')?.textContent?.includes('****'),
  );
  expect(await page.getByTestId('caller-phone').innerText()).toMatch(/1\d{10}/);
  await page.context().close();
});

test('a department handler sees only their unit’s tickets and can sign one in the UI; the agent sees it live', async () => {
  const agentPage = await login('agent1');
  const dept = await login('dept1');
  await dept.getByTestId('ticket-row').first().waitFor();
  const deptTotal = await dept.evaluate(async () => (await (await fetch('/api/tickets?pageSize=1')).json()).total);
  const agentTotal = await agentPage.evaluate(
    async () => (await (await fetch('/api/tickets?pageSize=1')).json()).total,
  );
  expect(deptTotal).toBeGreaterThan(0);
  expect(deptTotal).toBeLessThan(agentTotal);

  // the agent records and dispatches a ticket to dept1's unit (区城市管理委员会) through the API the UI uses
  const target = await agentPage.evaluate(async () => {
    const json = { 'content-type': 'application/json' };
    const units = (await (await fetch('/api/org/units')).json()).units[0].children as { id: number; name: string }[];
    const cats = (await (await fetch('/api/categories')).json()).categories as {
      code: string;
      children: { id: number }[];
    }[];
    const categoryId = cats.find((c) => c.code === 'complaint')!.children[0].id;
    const created = await (
      await fetch('/api/tickets', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({
          channel: 'phone_12345',
          callerPhone: '13912345678',
          content: '浏览器测试：夜间施工噪声',
          categoryId,
        }),
      })
    ).json();
    const unitId = units.find((u) => u.name === '区城市管理委员会')!.id;
    const d = await (
      await fetch(`/api/tickets/${created.ticket.id}/actions/dispatch`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ version: 1, targets: [{ unitId, role: 'primary' }] }),
      })
    ).json();
    return { id: d.ticket.id as number, version: d.ticket.version as number };
  });
  expect(target.version).toBe(2);
  await agentPage.goto(`${srv.url}/tickets/${target!.id}`);
  await agentPage.getByTestId('ticket-version').waitFor();
  expect(await agentPage.getByTestId('ticket-version').innerText()).toContain(String(target!.version));

  await dept.goto(`${srv.url}/tickets/${target!.id}`);
  await dept.getByTestId('action-sign').click();
  await dept.getByTestId('action-submit').click();
  await dept.waitForFunction(
    (v) => document.querySelector('[data-testid="ticket-version"]')?.textContent?.includes(String(v)),
    target!.version + 1,
  );
  // the agent's open detail page follows over socket.io without a reload
  await agentPage.waitForFunction(
    (v) => document.querySelector('[data-testid="ticket-version"]')?.textContent?.includes(String(v)),
    target!.version + 1,
    { timeout: 15_000 },
  );
  await dept.screenshot({ path: path.join(shots, 'department-sign.png'), fullPage: true });

  // another unit's ticket is not reachable by URL
  const foreign = await agentPage.evaluate(async () => {
    const list = await (await fetch('/api/tickets?pageSize=200')).json();
    for (const t of list.items) {
      const d = await (await fetch(`/api/tickets/${t.id}`)).json();
      if (
        d.ticket.assignments.length &&
        d.ticket.assignments.every(
          (a: { unitName: string }) =>
            !a.unitName.includes('城市管理') && !a.unitName.includes('城管') && !a.unitName.includes('环境卫生'),
        )
      )
        return t.id;
    }
    return null;
  });
  expect(foreign).not.toBeNull();
  const status = await dept.evaluate(async (id) => (await fetch(`/api/tickets/${id}`)).status, foreign);
  expect(status).toBe(404);
  await agentPage.context().close();
  await dept.context().close();
});
