// Work queues end to end: a ticket dispatched to 区城市管理委员会 is signed and fed back (with a photo) from
// dept1's inbox, accepted by supervisor1 in the review desk and closed by revisit1's satisfied revisit.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { Client, loginAs, refIds } from '../server/test/harness';
import { field, shots, signIn } from './desk';
import { launchBrowser, startServerProcess, type ServerProcess } from './process';

let srv: ServerProcess;
let browser: Browser;
let tmp: string;
// a real 1×1 PNG
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

beforeAll(async () => {
  [srv, browser] = await Promise.all([startServerProcess(), launchBrowser()]);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-work-'));
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await srv?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const open = (username: string, route: string) => signIn(browser, srv.url, username, route);

test('inbox → review → revisit closes the ticket, with the feedback photo kept intact', async () => {
  // setup through the HTTP API: agent1 records a ticket and dispatches it to unit cgw
  const ids = await refIds(srv.dbUrl);
  const agent: Client = await loginAs(srv.url, 'agent1');
  const created = await agent.post('/api/tickets', {
    channel: 'phone_12345',
    callerPhone: '13700001234',
    callerName: '赵先生',
    content: '浏览器测试：小区门口井盖缺失，夜间行人易跌落',
    categoryId: ids.category('complaint-noise'),
  });
  expect(created.status).toBe(201);
  const dispatched = await agent.post(`/api/tickets/${created.body.ticket.id}/actions/dispatch`, {
    version: created.body.ticket.version,
    targets: [{ unitId: ids.unit('cgw'), role: 'primary' }],
  });
  expect(dispatched.status).toBe(200);
  const { id: ticketId, number } = dispatched.body.ticket as { id: number; number: string };

  // dept1: sign from the inbox, then feed back with a PNG
  const dept = await open('dept1', '/inbox');
  await dept.getByTestId('nav-inbox').waitFor();
  const pendingRow = dept.getByTestId(`inbox-row-${number}`);
  await pendingRow.waitFor();
  expect(await pendingRow.getByTestId('countdown').innerText()).toMatch(/剩|已超时/);
  await dept.screenshot({ path: path.join(shots, 'department-inbox.png') });
  await pendingRow.getByTestId('inbox-sign').click();
  await pendingRow.waitFor({ state: 'detached' });

  await dept.getByTestId('inbox-tab-signed').click();
  const signedRow = dept.getByTestId(`inbox-row-${number}`);
  await signedRow.waitFor();
  await signedRow.getByTestId('inbox-feedback').click();
  await field(dept, 'feedback-content').fill('已于当日补装井盖并设置警示标志，现场已恢复通行。');
  const photo = path.join(tmp, '井盖补装.png');
  fs.writeFileSync(photo, PNG);
  await dept.getByTestId('feedback-file').setInputFiles(photo);
  await dept.getByTestId('feedback-file-item').waitFor();
  expect(await dept.getByTestId('feedback-files').innerText()).toContain('井盖补装.png');
  await dept.getByTestId('feedback-submit').click();
  await signedRow.waitFor({ state: 'detached' });
  await dept.context().close();

  // supervisor1: accept in the review desk
  const sup = await open('supervisor1', '/review');
  const reviewRow = sup.getByTestId(`review-row-${number}`);
  await reviewRow.waitFor();
  expect(await reviewRow.innerText()).toContain('已于当日补装井盖');
  await reviewRow.getByTestId('review-attachments').click();
  await reviewRow.getByText('井盖补装.png').waitFor();
  await sup.screenshot({ path: path.join(shots, 'supervisor-review.png') });
  await reviewRow.getByTestId('review-accept').click();
  await reviewRow.waitFor({ state: 'detached' });
  await sup.context().close();

  // revisit1: a satisfied revisit closes the ticket
  const rv = await open('revisit1', '/revisits');
  const revisitRow = rv.getByTestId(`revisit-row-${number}`);
  await revisitRow.waitFor();
  expect(await revisitRow.innerText()).toContain('已解决');
  await rv.screenshot({ path: path.join(shots, 'revisit-list.png') });
  await revisitRow.getByTestId('revisit-open').click();
  await rv.getByTestId('revisit-satisfaction').click();
  await rv.getByTestId('revisit-satisfaction-satisfied').click();
  await field(rv, 'revisit-note').fill('市民表示井盖已补好，满意');
  await rv.getByTestId('revisit-submit').click();
  await revisitRow.waitFor({ state: 'detached' });
  await rv.context().close();

  const final = await agent.get(`/api/tickets/${ticketId}`);
  expect(final.body.ticket.status).toBe('closed');
  expect(final.body.ticket.revisits[0]).toMatchObject({ reached: true, resolved: true, satisfaction: 'satisfied' });
  const files = await agent.get(`/api/tickets/${ticketId}/attachments`);
  expect(files.body.items).toHaveLength(1);
  const bytes = Buffer.from(
    await (
      await fetch(`${srv.url}/api/attachments/${files.body.items[0].id}`, { headers: { cookie: agent.cookie } })
    ).arrayBuffer(),
  );
  expect(bytes.equals(PNG)).toBe(true);

  // the ticket page lists the file with the unit that sent it, as a download link
  const detail = await open('supervisor1', `/tickets/${ticketId}`);
  const item = detail.getByTestId('attachment-item');
  await item.waitFor();
  expect(await item.innerText()).toContain('井盖补装.png');
  expect(await item.innerText()).toContain('区城市管理委员会');
  expect(await item.locator('a').getAttribute('href')).toBe(`/api/attachments/${files.body.items[0].id}`);
  await detail.context().close();
});
