// Knowledge base in the browser: an agent searches in Chinese and reads an article (its view count goes up,
// its "used to answer" ticket links show); a supervisor writes and publishes an article the agent then finds.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { field, shots, signIn } from './desk';
import { launchBrowser, startServerProcess, type ServerProcess } from './process';

let srv: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  [srv, browser] = await Promise.all([startServerProcess({ DEMO_TICKETS: '5' }), launchBrowser()]);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

async function login(username: string): Promise<Page> {
  const page = await signIn(browser, srv.url, username, '/tickets');
  await page.getByTestId('nav-kb').waitFor();
  return page;
}

async function searchKb(page: Page, q: string) {
  await page.getByTestId('nav-kb').click();
  await page.getByTestId('kb-search').waitFor();
  await field(page, 'kb-search').fill(q);
  await field(page, 'kb-search').press('Enter');
  await page.waitForURL((u) => u.searchParams.get('q') === q);
  await resultsFor(page, q);
}

/** The list shows this query's results (not the previous ones still on screen): its match is highlighted. */
const resultsFor = (page: Page, q: string) =>
  page.getByTestId('kb-result').first().locator('mark', { hasText: q }).first().waitFor();

const views = async (page: Page) => Number(await page.getByTestId('kb-views').innerText());

test('an agent searches 公积金, opens the article, the view count goes up and used-for tickets link back', async () => {
  const page = await login('agent1');
  // a broad query for the documentation screenshot: several results, matches highlighted
  await searchKb(page, '办理');
  expect(await page.getByTestId('kb-result').count()).toBeGreaterThan(3);
  await page.screenshot({ path: path.join(shots, 'knowledge-base.png') });

  await field(page, 'kb-search').fill('公积金');
  await field(page, 'kb-search').press('Enter');
  await page.waitForURL((u) => u.searchParams.get('q') === '公积金');
  await resultsFor(page, '公积金');
  const first = page.getByTestId('kb-result').first();
  expect(await first.innerText()).toContain('住房公积金提取条件及办理流程');
  // the match is highlighted in the title and the snippet
  expect(await first.locator('mark').first().innerText()).toBe('公积金');
  expect(await first.innerText()).toContain('社会保障');

  // this article answered a ticket (recorded through the API the close-on-call form uses)
  const articleId = Number(await first.getAttribute('data-article-id'));
  const ticketId = await page.evaluate(async (id) => {
    const json = { 'content-type': 'application/json' };
    const cats = (await (await fetch('/api/categories')).json()).categories as {
      code: string;
      children: { id: number }[];
    }[];
    const t = await (
      await fetch('/api/tickets', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({
          channel: 'phone_12345',
          content: '咨询公积金租房提取',
          categoryId: cats.find((c) => c.code === 'consult')!.children[0].id,
        }),
      })
    ).json();
    await fetch(`/api/kb/articles/${id}/uses`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ ticketId: t.ticket.id }),
    });
    return t.ticket.id as number;
  }, articleId);

  await first.click();
  await page.waitForURL(/\/kb\/\d+$/);
  await page.getByTestId('kb-views').waitFor();
  expect(await page.getByTestId('kb-article-body').innerText()).toContain('租房提取');
  const before = await views(page);
  await page.reload();
  await page.getByTestId('kb-views').waitFor();
  expect(await views(page)).toBe(before + 1);
  // agents read, they do not edit
  expect(await page.getByTestId('kb-edit').count()).toBe(0);

  const link = page.getByTestId('kb-use-link');
  expect(await link.count()).toBe(1);
  await link.click();
  await page.waitForURL(new RegExp(`/tickets/${ticketId}$`));
  await page.getByTestId('ticket-number').waitFor();
  await page.context().close();
});

test('a supervisor creates and publishes an article; the agent then finds it', async () => {
  const sup = await login('supervisor1');
  await sup.getByTestId('nav-kb').click();
  await sup.getByTestId('kb-new').click();
  await field(sup, 'kb-form-title').fill('电动自行车充电桩安装咨询');
  await sup.getByTestId('kb-form-category').click();
  await sup.locator('.el-select-dropdown__item:visible', { hasText: '城市管理' }).first().click();
  await field(sup, 'kb-form-keywords').fill('充电桩，电动自行车');
  await field(sup, 'kb-form-body').fill('小区内安装电动自行车集中充电设施，由物业服务企业向街道提出申请。');
  await sup.getByTestId('kb-form-save').click();
  await sup.waitForURL(/\/kb\/\d+$/);
  await sup.locator('[data-testid="kb-article-status"][data-status="draft"]').waitFor();

  // not visible to agents while a draft
  const agent = await login('agent1');
  const draftHits = await agent.evaluate(
    async () => await (await fetch('/api/kb/articles?q=' + encodeURIComponent('充电桩'))).json(),
  );
  expect(draftHits.total).toBe(0);

  await sup.getByTestId('kb-publish').click();
  await sup.locator('[data-testid="kb-article-status"][data-status="published"]').waitFor();

  await searchKb(agent, '充电桩');
  expect(await agent.getByTestId('kb-result').first().innerText()).toContain('电动自行车充电桩安装咨询');
  await agent.getByTestId('kb-result').first().click();
  await agent.waitForURL(/\/kb\/\d+$/);
  expect(await agent.getByTestId('kb-article-body').innerText()).toContain('集中充电设施');
  await sup.context().close();
  await agent.context().close();
});
