// The administrator's reference data in a real browser against the real server process: a new street under
// the centre (a taken code refused on its field first) that the new-ticket form offers at once, a category's
// own time limit, a hotline line (and a version conflict shown and retried), a partner with its phone only
// masked, and a holiday year loaded from pasted JSON and shown as a month grid.
import type { Browser, Page } from 'playwright-core';
import { field, fill, shots, signIn } from './desk';
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

/** Opens the Element Plus select inside the wrapper `testId` and clicks the option labelled `label`. */
async function choose(page: Page, testId: string, label: string): Promise<void> {
  await page.locator(`[data-testid="${testId}"] .el-select__wrapper`).click();
  const option = page.locator('.el-select-dropdown__item:visible').getByText(label, { exact: true });
  await option.click();
  await option.waitFor({ state: 'hidden' });
}
const dialog = (page: Page, testId: string) => page.locator(`.el-dialog[data-testid="${testId}"]`);
/** the error Element Plus shows under the form item holding `testId` */
const errorOf = (page: Page, testId: string) =>
  page.locator('.el-form-item', { has: page.getByTestId(testId) }).locator('.el-form-item__error');
/** how much wider than the 1366 screen the page is */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
const api = (page: Page, path: string, init?: { method: string; body: unknown }) =>
  page.evaluate(
    async ([p, i]) => {
      const r = await fetch(`/api${p}`, {
        method: i?.method ?? 'GET',
        headers: { 'content-type': 'application/json' },
        body: i ? JSON.stringify(i.body) : undefined,
      });
      return { status: r.status, body: await r.json().catch(() => null) };
    },
    [path, init] as const,
  );

test('an administrator keeps the centre’s reference data; the desk sees the changes at once', async () => {
  const admin = await signIn(browser, srv.url, 'admin', '/admin/reference/org');

  // ---- 组织机构: a new street under the centre ---------------------------------------------------------
  await admin.getByTestId('org-tree').waitFor();
  const centre = admin.locator('[data-testid="org-row"][data-code="centre"]');
  await centre.getByTestId('org-add-child').click();
  const unitDialog = dialog(admin, 'unit-dialog');
  await unitDialog.waitFor();
  await choose(admin, 'unit-type', '街道');
  await fill(admin, 'unit-name', '滨河街道');
  await fill(admin, 'unit-code', 'st1'); // taken by 东湖街道
  await admin.getByTestId('unit-save').click();
  await errorOf(admin, 'unit-code').waitFor();
  expect(await errorOf(admin, 'unit-code').innerText()).toBe('已被使用');
  await fill(admin, 'unit-code', 'st-binhe');
  await admin.getByTestId('unit-save').click();
  await unitDialog.waitFor({ state: 'hidden' });
  const street = admin.locator('[data-testid="org-row"][data-code="st-binhe"]');
  await street.waitFor();
  expect(await street.innerText()).toContain('街道');
  await admin.evaluate(() => window.scrollTo(0, 0));
  await admin.screenshot({ path: `${shots}/admin-org.png` });
  await admin.getByRole('button', { name: '全部展开' }).click();
  expect(await overflow(admin)).toBeLessThanOrEqual(0);

  // the seat agent's new-ticket form offers it straight away
  const agent = await signIn(browser, srv.url, 'agent1', '/tickets/new');
  await agent.locator('[data-testid="intake-street"] input').click();
  await agent.getByTestId('intake-street-option').filter({ hasText: '滨河街道' }).first().waitFor();
  await agent.context().close();

  // ---- 诉求分类与时限: consult-policy gets its own close limit -------------------------------------------
  await admin.getByTestId('admin-tab-categories').click();
  await admin.getByTestId('cat-tree').waitFor();
  expect(await admin.getByTestId('categories-note').innerText()).toContain('已受理工单');
  await admin.locator('[data-testid="cat-row"][data-code="consult"]').getByTestId('cat-toggle').click();
  const policy = admin.locator('[data-testid="cat-row"][data-code="consult-policy"]');
  expect(await policy.getByTestId('cat-limit-normal').innerText()).toBe('2工时 / 3工作日 / 5工作日');
  await policy.getByTestId('cat-limits').click();
  const limits = dialog(admin, 'limits-dialog');
  await limits.waitFor();
  expect(await admin.getByTestId('limits-inherited-normal').innerText()).toContain('继承自「咨询」');
  await admin.getByTestId('limits-own-normal').click();
  await fill(admin, 'limit-normal-close-value', '0');
  await admin.getByTestId('limits-save').click();
  await admin.getByTestId('limit-error-normal-close').waitFor();
  expect(await admin.getByTestId('limit-error-normal-close').innerText()).toBe('须大于 0');
  await fill(admin, 'limit-normal-close-value', '4');
  await admin.getByTestId('limits-save').click();
  await limits.waitFor({ state: 'hidden' });
  await admin.waitForFunction(
    () =>
      document
        .querySelector('[data-testid="cat-row"][data-code="consult-policy"] [data-testid="cat-limit-normal"]')
        ?.textContent?.trim() === '2工时 / 3工作日 / 4工作日',
  );
  const cats = await api(admin, '/categories');
  const consult = cats.body.categories.find((c: { code: string }) => c.code === 'consult');
  const own = consult.children.find((c: { code: string }) => c.code === 'consult-policy');
  expect(own.limits.normal.close).toEqual({ value: 4, unit: 'working_days' });
  await admin.getByRole('button', { name: '全部展开' }).click();
  expect(await overflow(admin)).toBeLessThanOrEqual(0);
  await admin.screenshot({ path: `${shots}/admin-categories.png` });

  // ---- 热线号码: a new line, then an edit that meets someone else's change --------------------------------
  await admin.getByTestId('admin-tab-lines').click();
  await admin.getByTestId('lines-table').waitFor();
  await admin.getByTestId('line-new').click();
  await dialog(admin, 'line-dialog').waitFor();
  await fill(admin, 'line-did', '12399');
  await fill(admin, 'line-name', '供水抢修热线');
  await fill(admin, 'line-queue', 'water');
  await fill(admin, 'line-priority', '3');
  await fill(admin, 'line-skill', 'water');
  await admin.getByTestId('line-save').click();
  await dialog(admin, 'line-dialog').waitFor({ state: 'hidden' });
  const line = admin.locator('[data-testid="line-row"][data-did="12399"]');
  await line.waitFor();

  await line.getByTestId('line-edit').click();
  await dialog(admin, 'line-dialog').waitFor();
  await fill(admin, 'line-name', '供水热线（夜间）');
  const lines = await api(admin, '/admin/lines');
  const water = lines.body.lines.find((l: { did: string }) => l.did === '12399');
  expect(
    (await api(admin, `/admin/lines/${water.id}`, { method: 'PATCH', body: { version: 1, priority: 8 } })).status,
  ).toBe(200);
  await admin.getByTestId('line-save').click();
  await admin.getByTestId('conflict-notice').waitFor();
  expect(await admin.getByTestId('conflict-notice').innerText()).toContain('优先级：3 → 8');
  expect(await field(admin, 'line-name').inputValue()).toBe('供水热线（夜间）');
  await admin.getByTestId('line-save').click();
  await dialog(admin, 'line-dialog').waitFor({ state: 'hidden' });
  await admin.waitForFunction(() =>
    document.querySelector('[data-testid="line-row"][data-did="12399"]')?.textContent?.includes('供水热线（夜间）'),
  );
  const after = (await api(admin, '/admin/lines')).body.lines.find((l: { did: string }) => l.did === '12399');
  expect(after).toMatchObject({ name: '供水热线（夜间）', priority: 8, version: 3 });
  await admin.screenshot({ path: `${shots}/admin-lines.png` });

  // ---- 合作单位: a contractor with a contact phone that is only ever listed masked ------------------------
  await admin.getByTestId('admin-tab-partners').click();
  await admin.getByTestId('partners-table').waitFor();
  await admin.getByTestId('partner-new').click();
  await dialog(admin, 'partner-dialog').waitFor();
  await fill(admin, 'partner-name', '某某呼叫中心服务有限公司');
  await admin.getByTestId('partner-kind-contractor').click();
  await fill(admin, 'partner-credit', '91350100M000100Y44');
  await fill(admin, 'partner-contact', '王经理');
  await fill(admin, 'partner-phone', '13900001111');
  await admin.getByTestId('partner-save').click();
  await errorOf(admin, 'partner-credit').waitFor();
  expect(await errorOf(admin, 'partner-credit').innerText()).toContain('校验位');
  await fill(admin, 'partner-credit', '91350100M000100Y43');
  await admin.getByTestId('partner-save').click();
  await dialog(admin, 'partner-dialog').waitFor({ state: 'hidden' });
  const partner = admin.locator('[data-testid="partner-row"][data-name="某某呼叫中心服务有限公司"]');
  await partner.waitFor();
  expect(await partner.getByTestId('partner-phone-masked').innerText()).toBe('139****1111');
  expect(await admin.content()).not.toContain('13900001111');
  await admin.screenshot({ path: `${shots}/admin-partners.png` });

  // ---- 节假日日历: 2027 pasted as JSON, shown as a month grid ---------------------------------------------
  await admin.getByTestId('admin-tab-calendar').click();
  await admin.getByTestId('cal-years').waitFor();
  await admin.getByTestId('cal-load').click();
  await dialog(admin, 'cal-dialog').waitFor();
  const year = {
    year: 2027,
    source: '测试用 2027 年安排',
    holidays: [
      { name: '元旦', from: '2027-01-01', to: '2027-01-03' },
      { name: '春节', from: '2027-02-05', to: '2027-02-11' },
    ],
    makeupWorkdays: ['2027-02-14'],
  };
  await fill(admin, 'cal-json', JSON.stringify({ ...year, makeupWorkdays: ['2027-13-01'] }));
  await admin.getByTestId('cal-save').click();
  await admin.getByTestId('cal-errors').waitFor();
  expect(await admin.getByTestId('cal-errors').innerText()).toContain('makeupWorkdays');
  await fill(admin, 'cal-json', JSON.stringify(year, null, 2));
  await admin.getByTestId('cal-save').click();
  await dialog(admin, 'cal-dialog').waitFor({ state: 'hidden' });
  await admin.locator('[data-testid="cal-grid"][data-year="2027"]').waitFor();
  expect(await admin.locator('[data-day="2027-02-08"]').getAttribute('data-kind')).toBe('holiday');
  expect(await admin.locator('[data-day="2027-02-14"]').getAttribute('data-kind')).toBe('makeup');
  expect(await admin.locator('[data-day="2027-02-13"]').getAttribute('data-kind')).toBe('weekend');
  expect(await admin.locator('[data-day="2027-02-12"]').getAttribute('data-kind')).toBe('workday');
  await admin.screenshot({ path: `${shots}/admin-calendar.png` });
}, 180_000);

test('other roles cannot open the administration pages', async () => {
  const sup = await signIn(browser, srv.url, 'supervisor1');
  await sup.goto(`${srv.url}/admin/reference/lines`);
  await sup.waitForURL((u) => u.pathname === '/home');
  const r = await api(sup, '/admin/lines');
  expect(r.status).toBe(403);
});
