// Workforce end to end: leader1 plans next month of the Haidian seat contract in the grid (auto-plan without a
// gap), clears one agent's day shift on a working day and sees the gap (47/48, a violation), publishes; then
// supervisor1 reads this month's settlement and exports it, and the xlsx holds the same payable amount.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { loginAs } from '../server/test/harness';
import { field, fill, shots, signIn } from './desk';
import { launchBrowser, startServerProcess, type ServerProcess } from './process';

const HD = 'HD-12345-2022';
let srv: ServerProcess;
let browser: Browser;
let tmp: string;

beforeAll(async () => {
  [srv, browser] = await Promise.all([startServerProcess(), launchBrowser()]);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-workforce-'));
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await srv?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const open = (username: string, route: string) => signIn(browser, srv.url, username, route);
const dropToasts = (page: Page) =>
  page.evaluate(() => document.querySelectorAll('.el-message').forEach((e) => e.remove()));
/** Opens the Element Plus select inside the wrapper `testId` and clicks the option labelled `label`. */
async function choose(page: Page, testId: string, label: string, multiple = false): Promise<void> {
  await page.locator(`[data-testid="${testId}"] .el-select__wrapper`).click();
  const option = page.locator('.el-select-dropdown__item:visible').getByText(label, { exact: true });
  await option.click();
  if (!multiple) await option.waitFor({ state: 'hidden' });
}
/** '¥1,234,567.89' → 1234567.89 */
const money = (text: string) => Number(text.replace(/[¥,\s]/g, ''));

const thisMonth = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 7);
}
// the demo renewal runs April to March: in March, next month belongs to a contract year nobody signed
const planMonth = thisMonth.endsWith('-03') ? thisMonth : nextMonth(thisMonth);

interface MonthJson {
  days: { day: string; type: string; inContract: boolean }[];
  agents: { id: number; username: string }[];
  assignments: { userId: number; day: string; templateCode: string }[];
  requirements: { id: string; label: string }[];
}

test('leader plans a month in the grid, opens a gap by hand and publishes; supervisor exports the settlement', async () => {
  // ---- leader1: auto-plan next month -----------------------------------------------------------------
  const leader = await open('leader1', `/roster?contract=${HD}&month=${planMonth}`);
  await leader.getByTestId('roster-grid').waitFor();
  await Promise.all([
    leader.waitForResponse((r) => r.url().includes('/auto-plan') && r.status() === 200),
    leader.getByTestId('roster-auto-plan').click(),
  ]);
  await leader.locator('[data-testid="roster-gap-total"][data-gaps="0"]').waitFor();
  expect(await leader.getByTestId('roster-status').innerText()).toBe('草稿');
  expect(await leader.locator('[data-testid="roster-violation"]').count()).toBe(0);

  // an agent near the top with a day shift on the first working day of the month
  const month = await leader.evaluate(
    async ([code, m]) => (await (await fetch(`/api/roster/${code}/${m}`)).json()) as MonthJson,
    [HD, planMonth],
  );
  const workday = month.days.find((d) => d.type === 'workday' && d.inContract)!.day;
  const cell = month.agents
    .map((a) => ({ a, s: month.assignments.find((x) => x.userId === a.id && x.day === workday) }))
    .find((x) => x.s?.templateCode === 'day')!;
  expect(cell).toBeDefined();
  const coverage = leader.getByTestId(`cov-workday_day-${workday}`);
  expect((await coverage.innerText()).trim()).toBe('48/48');

  // clear it through the grid's shift chooser
  const target = leader.getByTestId(`cell-${cell.a.username}-${workday}`);
  expect((await target.innerText()).trim()).toBe('白');
  await target.click();
  await leader.getByTestId('cell-picker').waitFor();
  await Promise.all([
    leader.waitForResponse((r) => r.url().includes('/cells') && r.status() === 200),
    leader.getByTestId('cell-option-clear').click(),
  ]);
  await leader.locator('[data-testid="roster-gap-total"][data-gaps="1"]').waitFor();
  expect((await target.innerText()).trim()).toBe('');
  expect((await coverage.innerText()).trim()).toBe('47/48');
  expect(await coverage.getAttribute('class')).toContain('rg-covgap');
  expect(await leader.getByTestId(`day-${workday}`).getAttribute('class')).toContain('rg-gapday');
  const gap = leader.locator(`[data-testid="roster-violation"][data-code="COVERAGE_GAP"][data-day="${workday}"]`);
  await gap.waitFor();
  expect(await gap.innerText()).toContain('47');

  // publish
  await Promise.all([
    leader.waitForResponse((r) => r.url().includes('/publish') && r.status() === 200),
    leader.getByTestId('roster-publish').click(),
  ]);
  await leader.locator('[data-testid="roster-status"]', { hasText: '已发布' }).waitFor();
  await dropToasts(leader);
  await leader.mouse.move(0, 0);
  await leader.screenshot({ path: path.join(shots, 'roster-grid.png') });

  // a new shift type: a 12:00–20:00 middle shift for working days, then offered in the grid's chooser
  const workdayReq = month.requirements.find((r) => r.id === 'workday_day')!;
  expect(workdayReq).toBeDefined();
  await leader.getByTestId('roster-tab-templates').click();
  await leader.getByTestId('tpl-row').first().waitFor();
  await leader.getByTestId('tpl-new').click();
  await fill(leader, 'tpl-code', 'middle');
  await fill(leader, 'tpl-name', '中班');
  await choose(leader, 'tpl-start', '12:00');
  await choose(leader, 'tpl-end', '20:00');
  await choose(leader, 'tpl-kind', '白天班');
  await choose(leader, 'tpl-covers', workdayReq.label, true);
  await leader.getByTestId('tpl-name').click(); // closes the multiple select's list
  await Promise.all([
    leader.waitForResponse(
      (r) => r.url().endsWith('/api/roster/templates') && r.request().method() === 'POST' && r.status() === 201,
    ),
    leader.getByTestId('tpl-save').click(),
  ]);
  const middle = leader.locator('[data-testid="tpl-row"][data-code="middle"]');
  await middle.waitFor();
  const middleText = await middle.innerText();
  for (const s of ['中班', '12:00 – 20:00', '白天班', workdayReq.label, '启用']) expect(middleText).toContain(s);
  await leader.locator('.el-dialog').waitFor({ state: 'hidden' });
  await dropToasts(leader);
  await leader.screenshot({ path: path.join(shots, 'shift-templates.png') });
  await leader.locator('#tab-grid').click();
  await target.click();
  await leader.getByTestId('cell-picker').waitFor();
  await leader.getByTestId('cell-option-middle').waitFor();
  expect(await leader.getByTestId('cell-option-middle').innerText()).toContain('12:00–20:00');
  await leader.keyboard.press('Escape');
  await leader.getByTestId('cell-picker').waitFor({ state: 'hidden' });

  const published = await leader.evaluate(
    async ([code, m]) => (await (await fetch(`/api/roster/${code}/${m}`)).json()).roster,
    [HD, planMonth],
  );
  expect(published.status).toBe('published');
  await leader.context().close();

  // ---- supervisor1: this month's settlement, exported --------------------------------------------------
  const sup = await open('supervisor1', `/settlement?contract=${HD}&period=${thisMonth}`);
  await sup.getByTestId('settlement-line').first().waitFor();
  expect(await sup.getByTestId('settlement-line').count()).toBeGreaterThanOrEqual(3);
  expect(await sup.getByTestId('settlement-lines').innerText()).toContain('座席缺口');
  const payableText = await sup.getByTestId('settlement-payable').innerText();
  expect(payableText).toMatch(/^¥[\d,]+\.\d{2}$/);
  const payable = money(payableText);
  expect(money(await sup.getByTestId('settlement-gross').innerText())).toBeGreaterThan(0);
  // a line opens to its evidence
  const toggle = sup.getByTestId('settlement-evidence-toggle').first();
  if (await toggle.count()) {
    await toggle.click();
    await sup.getByTestId('settlement-evidence').first().waitFor();
  }
  await sup.screenshot({ path: path.join(shots, 'settlement.png') });

  const [download] = await Promise.all([sup.waitForEvent('download'), sup.getByTestId('settlement-export').click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^settlement-${HD}-.*\\.xlsx$`));
  const file = path.join(tmp, 'settlement.xlsx');
  await download.saveAs(file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('结算单')!;
  expect(ws).toBeDefined();
  const rows: unknown[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  expect(rows.some((r) => r.includes(HD))).toBe(true);
  const payableRow = rows.find((r) => r[0] === '扣款后应付金额')!;
  expect(payableRow).toBeDefined();
  expect(Number(payableRow[7])).toBeCloseTo(payable, 2);

  // attendance of the last weekday before today in this month (the demo wrote its seat agents' presence for
  // the month's shifts that are over): planned vs actual, most on time
  const shanghai = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
  let past: string | null = null;
  for (let d = Date.now() - 86_400_000; shanghai(d).slice(0, 7) === shanghai(Date.now()).slice(0, 7); d -= 86_400_000)
    if (![0, 6].includes(new Date(`${shanghai(d)}T12:00:00Z`).getUTCDay())) {
      past = shanghai(d);
      break;
    }
  await sup.goto(`${srv.url}/attendance?contract=${HD}${past ? `&day=${past}` : ''}`);
  await sup.getByTestId('attendance-table').waitFor();
  await sup.waitForLoadState('networkidle');
  if (past) expect(await sup.getByTestId('attendance-table').innerText()).toContain('正常');
  await sup.screenshot({ path: path.join(shots, 'attendance.png') });
  await sup.context().close();

  // ---- agent1: own shifts of the published month ---------------------------------------------------------
  const agent = await open('agent1', '/my-shifts');
  await agent.getByTestId('my-shift-row').first().waitFor();
  await agent.screenshot({ path: path.join(shots, 'my-shifts.png') });
  await agent.context().close();
}, 180_000);

test('an agent asks for leave in the browser; the leader approves it and the grid shows the gap', async () => {
  // seat01's first day shift in the month planned and published above
  const api = await loginAs(srv.url, 'seat01');
  const [y, m] = planMonth.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const shifts = (await api.get(`/api/roster/me/shifts?from=${planMonth}-01&to=${planMonth}-${last}`)).body.shifts as {
    day: string;
    templateCode: string;
  }[];
  const shift = shifts.find((s) => s.templateCode === 'day')!;
  expect(shift).toBeDefined();

  const agent = await open('seat01', '/my-shifts');
  await agent.getByTestId('leave-open').click();
  const [from, to] = await agent.locator('[data-testid="leave-range"] input').all();
  await from.fill(shift.day);
  await to.fill(shift.day);
  await to.press('Enter');
  await choose(agent, 'leave-kind', '年假');
  await fill(agent, 'request-note', '家中有事');
  await Promise.all([
    agent.waitForResponse((r) => r.url().endsWith('/api/roster/leave') && r.status() === 201),
    agent.getByTestId('request-submit').click(),
  ]);
  await agent.getByTestId('my-leave').first().waitFor();
  expect(await agent.getByTestId('my-leave').first().innerText()).toContain('待审批');
  await agent.context().close();

  const leader = await open('leader1', `/roster?contract=${HD}&month=${planMonth}`);
  await leader.getByTestId('roster-grid').waitFor();
  const gapsBefore = Number(await leader.getByTestId('roster-gap-total').getAttribute('data-gaps'));
  await leader.getByText('请假与调班', { exact: true }).click();
  await Promise.all([
    leader.waitForResponse((r) => /\/api\/roster\/leave\/\d+\/decision$/.test(r.url()) && r.status() === 200),
    leader.getByTestId('leave-approve').first().click(),
  ]);
  await leader.getByText('月排班', { exact: true }).click();
  // the approved leave took seat01 off that day: one more seat missing
  await leader.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="roster-gap-total"]')?.getAttribute('data-gaps')) === n,
    gapsBefore + 1,
  );
  await leader.context().close();
});

test('an administrator enters a small contract in the form, fixes the field the server rejects and saves it', async () => {
  const page = await open('admin', '/contracts/new');
  await page.getByTestId('contract-form').waitFor();
  await fill(page, 'cf-code', 'TEST-FORM-1');
  await fill(page, 'cf-name', '表单测试热线座席服务');
  await fill(page, 'cf-client', '测试区政务服务管理局');
  await fill(page, 'cf-contractor', '测试信息技术有限公司');
  for (const [id, day] of [
    ['cf-from', '2027-01-01'],
    ['cf-to', '2027-12-31'],
  ]) {
    await fill(page, id, day);
    await field(page, id).press('Enter');
  }
  await fill(page, 'cf-total', '120000');
  await field(page, 'cf-total').press('Tab');
  await fill(page, 'cf-fee-source', '第三条');

  await page.getByTestId('staff-add').click();
  await fill(page, 'staff-id-0', 'workday_day');
  await fill(page, 'staff-label-0', '工作日白班');
  await fill(page, 'staff-start-0', '09:00');
  await fill(page, 'staff-end-0', '18:00');
  await fill(page, 'staff-seats-0', '2');
  await field(page, 'staff-seats-0').press('Tab');
  await fill(page, 'staff-source-0', '第二条');

  await page.getByTestId('rule-add').click();
  await fill(page, 'rule-id-0', 'seat_gap');
  await fill(page, 'rule-label-0', '座席缺岗');
  await fill(page, 'rule-amount-0', '-300');
  await field(page, 'rule-amount-0').press('Tab');
  await fill(page, 'rule-source-0', '第五条');
  // the new rule row defaults to the seat-gap metric, monthly, an amount per unit
  expect(await page.getByTestId('rule-metric-0').innerText()).toContain('座席缺口');
  expect(await page.getByTestId('rule-period-0').innerText()).toContain('月');

  const save = () =>
    Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/contracts') && r.request().method() === 'POST'),
      page.getByTestId('editor-submit').click(),
    ]);
  const [rejected] = await save();
  expect(rejected.status()).toBeGreaterThanOrEqual(400);
  const amountError = page.getByTestId('rule-amount-error-0');
  await page.waitForFunction(
    () => !!document.querySelector('[data-testid="rule-amount-error-0"]')?.textContent?.trim(),
  );
  expect(await amountError.innerText()).toContain('must not be negative');
  await page.getByTestId('field-error-document.rules.0.amount.unitFen').waitFor();
  await dropToasts(page);
  await page.screenshot({ path: path.join(shots, 'contract-form.png'), fullPage: true });

  await fill(page, 'rule-amount-0', '300');
  await field(page, 'rule-amount-0').press('Tab');
  const [created] = await save();
  expect(created.status()).toBe(201);
  await page.waitForURL((u) => u.pathname === '/contracts/TEST-FORM-1');
  await page.getByTestId('contract-rule').first().waitFor();
  expect(await page.getByTestId('contract-detail').innerText()).toContain('表单测试热线座席服务');
  expect(await page.getByTestId('contract-rules').innerText()).toContain('座席缺岗');
  await page.context().close();

  const api = await loginAs(srv.url, 'admin');
  const stored = (await api.get('/api/contracts/TEST-FORM-1')).body.contract;
  expect(stored.totalFen).toBe(12_000_000);
  expect(stored.period).toEqual({ from: '2027-01-01', to: '2027-12-31' });
  expect(stored.staffing).toEqual([
    expect.objectContaining({ id: 'workday_day', dayTypes: ['workday'], start: '09:00', end: '18:00', seats: 2 }),
  ]);
  expect(stored.rules).toEqual([
    expect.objectContaining({
      id: 'seat_gap',
      metric: 'seat_gap_person_days',
      period: 'month',
      amount: { kind: 'unit', unitFen: 30000 },
    }),
  ]);
}, 120_000);
