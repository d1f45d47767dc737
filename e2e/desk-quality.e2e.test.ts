// Desk-wide qualities in a real browser: the login route's download size, version conflicts shown and
// retried, validation errors on their field, a session expiry that keeps the unsaved form, 1366×768 fit.
import zlib from 'node:zlib';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { deskPage, field, fill, submitLogin } from './desk';
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

async function login(username: string, page?: Page): Promise<Page> {
  const p = page ?? (await deskPage(browser));
  if (!page) await p.goto(`${srv.url}/login`);
  await submitLogin(p, username);
  return p;
}

/** Creates a received ticket through the API with the page's session; returns its id. */
async function createTicket(page: Page, content: string): Promise<number> {
  return page.evaluate(async (text) => {
    const cats = (await (await fetch('/api/categories')).json()).categories as {
      code: string;
      children: { id: number }[];
    }[];
    const r = await fetch('/api/tickets', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        channel: 'phone_12345',
        content: text,
        categoryId: cats.find((c) => c.code === 'complaint')!.children[0].id,
      }),
    });
    return (await r.json()).ticket.id as number;
  }, content);
}

test('first load of the login route downloads under 400 KB of gzipped JavaScript', async () => {
  const page = await deskPage(browser);
  const scripts: Buffer[] = [];
  page.on('response', async (res) => {
    if (res.request().resourceType() === 'script') scripts.push(await res.body());
  });
  await page.goto(`${srv.url}/login`, { waitUntil: 'networkidle' });
  await page.getByTestId('login-submit').waitFor();
  const gzipped = scripts.reduce((sum, body) => sum + zlib.gzipSync(body, { level: 9 }).length, 0);
  expect(scripts.length).toBeGreaterThan(0);
  expect(gzipped).toBeLessThan(400 * 1024);
  console.log(`login route: ${scripts.length} scripts, ${(gzipped / 1024).toFixed(1)} KB gzipped`);
});

test('a version conflict shows what changed meanwhile, keeps the input and lets the user retry', async () => {
  const sup = await login('supervisor1');
  const agent = await login('agent1');
  const id = await createTicket(agent, '冲突测试：路灯不亮');

  await sup.goto(`${srv.url}/tickets/${id}`);
  await sup.getByTestId('action-supervise_open').click();
  await fill(sup, 'input-reason', '群众多次反映，请加快处理');

  // meanwhile the agent dispatches the same ticket
  const dispatched = await agent.evaluate(async (ticketId) => {
    const units = (await (await fetch('/api/org/units')).json()).units[0].children as { id: number; name: string }[];
    const r = await fetch(`/api/tickets/${ticketId}/actions/dispatch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        version: 1,
        targets: [{ unitId: units.find((u) => u.name === '区城市管理委员会')!.id, role: 'primary' }],
      }),
    });
    return r.status;
  }, id);
  expect(dispatched).toBe(200);

  await sup.getByTestId('action-submit').click();
  await sup.getByTestId('conflict-notice').waitFor();
  const notice = await sup.getByTestId('conflict-notice').innerText();
  expect(notice).toContain('办理中'); // received → processing
  expect(await sup.getByTestId('conflict-change').count()).toBeGreaterThanOrEqual(2);
  // what the supervisor typed is still there; retry succeeds on the new version
  expect(await field(sup, 'input-reason').inputValue()).toBe('群众多次反映，请加快处理');
  await sup.getByTestId('action-submit').click();
  await sup.getByTestId('supervision-item').first().waitFor();
  const t = await sup.evaluate(async (ticketId) => (await (await fetch(`/api/tickets/${ticketId}`)).json()).ticket, id);
  expect(t.version).toBe(3);
  expect(t.supervisions).toHaveLength(1);
});

test('validation errors appear on the field at fault', async () => {
  const sup = await login('supervisor1');
  const id = await createTicket(sup, '校验测试：道路积水');
  await sup.goto(`${srv.url}/tickets/${id}`);
  await sup.getByTestId('action-supervise_open').click();
  await fill(sup, 'input-reason', '   ');
  await sup.getByTestId('action-submit').click();
  await sup.getByTestId('field-error-reason').waitFor();
  expect((await sup.getByTestId('field-error-reason').innerText()).length).toBeGreaterThan(0);
});

test('a session that ends while typing sends the user to login at once and gives the unsaved form back', async () => {
  const agent = await login('agent1');
  await agent.goto(`${srv.url}/tickets/new`);
  await agent.getByTestId('intake-phone').waitFor();
  const text = '会话过期测试：这段话在重新登录后必须还在';
  await fill(agent, 'intake-content', text);
  await agent.waitForTimeout(500); // the draft is written a moment after typing

  // the centre's idle timeout (or an administrator) ends every session of this user
  const db = new pg.Client({ connectionString: srv.dbUrl });
  await db.connect();
  await db.query(
    `update sessions set revoked_at = now() where user_id = (select id from users where username = 'agent1')`,
  );
  await db.end();

  // nobody has to click: the server's socket sweep finds the ended session within seconds and the desk goes
  // to the login page by itself (before, the next API call found out)
  await agent.waitForURL(/\/login/, { timeout: 15_000 });
  await login('agent1', agent);
  await agent.waitForURL(/\/tickets\/new/);
  await agent.getByTestId('intake-content').waitFor();
  expect(await field(agent, 'intake-content').inputValue()).toBe(text);
});

test('the main screens fit a 1366×768 screen without sideways scrolling', async () => {
  const checks: Array<[string, string[]]> = [
    ['agent1', ['/home', '/tickets', '/tickets/new', '/kb']],
    ['dept1', ['/home', '/inbox']],
    ['supervisor1', ['/review', '/wallboard']],
    ['revisit1', ['/revisits']],
    ['leader1', ['/home', '/wallboard']],
    ['admin', ['/home', '/tickets']],
    ['leader1', ['/roster?contract=HD-12345-2022', '/attendance']],
    ['supervisor1', ['/settlement?contract=HD-12345-2022', '/contracts']],
    ['admin', ['/contracts', '/contracts/HD-12345-2022', '/contracts/HD-12345-2022/new-version']],
    ['agent1', ['/my-shifts']],
    [
      'admin',
      [
        '/admin/reference/org',
        '/admin/reference/categories',
        '/admin/reference/calendar',
        '/admin/reference/lines',
        '/admin/reference/partners',
      ],
    ],
  ];
  for (const [user, paths] of checks) {
    const page = await login(user);
    for (const p of paths) {
      await page.goto(`${srv.url}${p}`, { waitUntil: 'networkidle' });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 0) throw new Error(`${p} as ${user} is ${overflow}px wider than 1366`);
    }
    await page.context().close();
  }
}, 240_000);
