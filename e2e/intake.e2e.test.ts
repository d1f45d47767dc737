// The call-taking path: new ticket form (history, duplicate hint, merge, close on the call with a KB answer)
// and the ticket list's export, in the real server process and headless chromium.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startServerProcess, type ServerProcess } from './process';

let srv: ServerProcess;
let browser: Browser;
let page: Page;
const shots = path.resolve(__dirname, '../docs/screenshots');
const PHONE = '13566667777';

beforeAll(async () => {
  [srv, browser] = await Promise.all([startServerProcess(), launchBrowser()]);
  const ctx = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
  });
  page = await ctx.newPage();
  await page.goto(`${srv.url}/login?redirect=/tickets`);
  await fill('login-username', 'agent1');
  await fill('login-password', 'Hotline@2026');
  await page.getByTestId('login-submit').click();
  await page.waitForURL(/\/tickets/);
  // the first navigation after login has settled (a push during it would be superseded)
  await page.getByTestId('ticket-row').first().waitFor();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

/** Element Plus puts a test id on the wrapper or on the <input>/<textarea> itself, depending on the component. */
function field(testId: string) {
  return page
    .locator(
      `[data-testid="${testId}"] input, input[data-testid="${testId}"], [data-testid="${testId}"] textarea, textarea[data-testid="${testId}"]`,
    )
    .first();
}
const fill = (testId: string, value: string) => field(testId).fill(value);
/** success toasts of the previous step would cover the header in a screenshot */
const dropToasts = () => page.evaluate(() => document.querySelectorAll('.el-message').forEach((e) => e.remove()));

async function pickCategory(search: string, name: string) {
  await field('intake-category').click();
  await field('intake-category').fill(search);
  await page.locator('.el-cascader__suggestion-item', { hasText: name }).first().click();
}

async function openForm() {
  await page.keyboard.press('Alt+N');
  await page.waitForURL(/\/tickets\/new$/);
  await page.getByTestId('intake-phone').waitFor();
}

test('an agent records a call with category, street and community; Alt+N and Ctrl+Enter', async () => {
  await openForm();
  // the phone field has the focus: typing goes straight into it
  await page.keyboard.type(PHONE);
  expect(await field('intake-phone').inputValue()).toBe(PHONE);
  await fill('intake-name', '李先生');
  await pickCategory('噪声', '噪声扰民');
  await page.getByTestId('intake-time-limit').filter({ hasText: '办结' }).waitFor();
  expect(await page.getByTestId('intake-time-limit').innerText()).toContain('5 个工作日');
  await field('intake-street').click();
  await page.getByTestId('intake-street-option').first().click();
  await field('intake-community').click();
  await page.getByTestId('intake-community-option').first().click();
  await fill('intake-address', '幸福路18号院3号楼');
  await fill('intake-content', '幸福路18号院旁工地夜间施工，噪声很大，影响休息');
  await field('intake-content').press('Control+Enter');
  await page.waitForURL(/\/tickets\/\d+$/);
  await page.getByTestId('ticket-number').waitFor();
  expect(await page.getByTestId('ticket-status').innerText()).toContain('受理');
});

test('a second call from the same phone shows the history and the duplicate hint; merge works', async () => {
  const first = await page.getByTestId('ticket-number').innerText();
  await openForm();
  await fill('intake-phone', PHONE);
  await fill('intake-name', '李先生');
  await page.getByTestId('intake-history-row').first().waitFor();
  expect(await page.getByTestId('intake-history').innerText()).toContain(first);
  await pickCategory('噪声', '噪声扰民');
  await fill('intake-content', '幸福路18号院旁工地夜间还在施工，噪声扰民');
  await page.getByTestId('intake-duplicate').waitFor();
  await page.getByTestId(`intake-merge-${first}`).waitFor();
  await page.mouse.move(0, 0);
  await dropToasts();
  await page.screenshot({ path: path.join(shots, 'new-ticket.png') });
  await page.getByTestId(`intake-merge-${first}`).click();
  await page.waitForURL(/\/tickets\/\d+$/);
  await page.getByTestId('ticket-status').filter({ hasText: '已合并' }).waitFor();
});

test('a consultation is closed on the call with a knowledge-base answer', async () => {
  await openForm();
  await fill('intake-phone', '13566660000');
  await pickCategory('政策', '政策咨询');
  await fill('intake-content', '咨询灵活就业人员如何缴纳社保');
  await page.getByTestId('intake-close-on-call').click();
  await page.getByTestId('intake-pick-answer').click();
  await page.getByTestId('kb-picker-item').first().click();
  await page.getByTestId('kb-picker-use').click();
  await page.waitForFunction(
    () =>
      ((document.querySelector('textarea[data-testid="intake-resolution"]') as HTMLTextAreaElement)?.value ?? '')
        .length > 10,
  );
  await page.getByTestId('intake-submit').click();
  await page.waitForURL(/\/tickets\/\d+$/);
  await page.getByTestId('ticket-status').filter({ hasText: '办结' }).waitFor();
  await page.getByTestId('timeline').filter({ hasText: '直接办结' }).waitFor();
});

test('the list exports the current filter as an xlsx that parses', async () => {
  await page.getByTestId('nav-tickets').click();
  await page.getByTestId('ticket-row').first().waitFor();
  await page.mouse.move(0, 0);
  await dropToasts();
  await page.screenshot({ path: path.join(shots, 'ticket-list.png') });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('list-export').click()]);
  expect(download.suggestedFilename()).toMatch(/^tickets-\d{12}\.xlsx$/);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hd-export-')), 'export.xlsx');
  await download.saveAs(file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0];
  expect(ws.getRow(1).getCell(1).value).toBe('工单编号');
  const total = Number((await page.getByTestId('pagination').innerText()).match(/\d+/)![0]);
  expect(ws.actualRowCount).toBe(total + 1);
  // masked phones only
  const text = JSON.stringify(ws.getSheetValues());
  expect(text).toContain('135****7777');
  expect(text).not.toContain(PHONE);
});
