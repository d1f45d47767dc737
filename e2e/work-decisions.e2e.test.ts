// The department's and the centre's other decisions in the browser: send back with a reason (the agent is
// notified), request an extension and have it approved, feedback rejected with a comment and back in the inbox.
import type { Browser, Page } from 'playwright-core';
import { Client, loginAs, refIds } from '../server/test/harness';
import { field, signIn } from './desk';
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

async function dispatchedTicket(agent: Client, ids: Awaited<ReturnType<typeof refIds>>, content: string) {
  const created = await agent.post('/api/tickets', {
    channel: 'phone_12345',
    content,
    categoryId: ids.category('complaint-sanitation'),
  });
  const d = await agent.post(`/api/tickets/${created.body.ticket.id}/actions/dispatch`, {
    version: created.body.ticket.version,
    targets: [{ unitId: ids.unit('cgw'), role: 'primary' }],
  });
  expect(d.status).toBe(200);
  return d.body.ticket as { id: number; number: string };
}

async function assignmentOf(api: Client, ticketId: number) {
  const r = await api.get(`/api/tickets/${ticketId}`);
  return { ticket: r.body.ticket, a: r.body.ticket.assignments[0] };
}

async function inboxRow(dept: Page, tab: 'pending' | 'signed', number: string) {
  await dept.goto(`${srv.url}/inbox`);
  await dept.getByTestId(`inbox-tab-${tab}`).click();
  const row = dept.getByTestId(`inbox-row-${number}`);
  await row.waitFor();
  return row;
}

test('send back, extension approved, feedback rejected — each decided in the UI', async () => {
  const ids = await refIds(srv.dbUrl);
  const api = await loginAs(srv.url, 'agent1');
  const a = await dispatchedTicket(api, ids, '垃圾桶满溢无人清运，气味很大');
  const b = await dispatchedTicket(api, ids, '小区门口道路破损，雨天积水严重');

  // the agent who dispatched waits on the home page; the send-back lands there as a notification
  const agentPage = await signIn(browser, srv.url, 'agent1');

  // ---- dept1 sends A back: not theirs to handle ---------------------------------------------------------
  const dept = await signIn(browser, srv.url, 'dept1', '/inbox');
  const rowA = await inboxRow(dept, 'pending', a.number);
  await rowA.getByTestId('inbox-send-back').click();
  await field(dept, 'send-back-reason').fill('该路段属于公路分局管养，非本单位职责');
  await dept.getByTestId('send-back-submit').click();
  await rowA.waitFor({ state: 'detached' });
  const sentBack = await assignmentOf(api, a.id);
  expect(sentBack.ticket.status).toBe('received');
  expect(sentBack.a).toMatchObject({ status: 'sent_back', sendBackReason: '该路段属于公路分局管养，非本单位职责' });
  await agentPage.getByTestId('notif-bell').click();
  await agentPage.getByTestId('notif-item').filter({ hasText: a.number }).first().waitFor();
  expect(await agentPage.getByTestId('notif-item').first().innerText()).toContain('被退回');

  // ---- dept1 signs B and asks for 3 more working days; supervisor1 approves ------------------------------
  const rowB = await inboxRow(dept, 'pending', b.number);
  await rowB.getByTestId('inbox-sign').click();
  await rowB.waitFor({ state: 'detached' });
  const signedB = await inboxRow(dept, 'signed', b.number);
  const dueBefore = (await assignmentOf(api, b.id)).a.feedbackDueAt as string;
  await signedB.getByTestId('inbox-extension').click();
  await field(dept, 'extension-days').fill('3');
  await field(dept, 'extension-reason').fill('需协调市政养护单位进场施工');
  await dept.getByTestId('extension-submit').click();
  await dept.waitForFunction(
    async (id) =>
      (await (await fetch(`/api/tickets/${id}`)).json()).ticket.assignments[0].extension?.status === 'pending',
    b.id,
    { polling: 200, timeout: 20_000 },
  );

  const sup = await signIn(browser, srv.url, 'supervisor1', '/review');
  await sup.getByTestId('review-tab-extensions').click();
  const extRow = sup.getByTestId(`ext-row-${b.number}`);
  await extRow.waitFor();
  expect(await extRow.innerText()).toContain('需协调市政养护单位进场施工');
  await extRow.getByTestId('ext-approve').click();
  await extRow.waitFor({ state: 'detached' });
  const approved = (await assignmentOf(api, b.id)).a;
  expect(approved.extension.status).toBe('approved');
  expect(new Date(approved.feedbackDueAt).getTime()).toBeGreaterThan(new Date(dueBefore).getTime());

  // ---- dept1 feeds back; supervisor1 rejects it with a comment; B is back in dept1's inbox ------------------
  const again = await inboxRow(dept, 'signed', b.number);
  await again.getByTestId('inbox-feedback').click();
  await field(dept, 'feedback-content').fill('已安排修补');
  await dept.getByTestId('feedback-result').click();
  await dept.getByTestId('feedback-result-resolved').click();
  await dept.getByTestId('feedback-submit').click();
  await again.waitFor({ state: 'detached' });

  await sup.getByTestId('review-refresh').click();
  await sup.getByTestId('review-tab-feedback').click();
  const reviewRow = sup.getByTestId(`review-row-${b.number}`);
  await reviewRow.waitFor();
  await reviewRow.getByTestId('review-reject').click();
  await sup.getByTestId('review-reject-submit').click();
  await sup.getByTestId('review-reject-comment').waitFor(); // empty comment: the dialog asks for one
  await field(sup, 'review-reject-comment').fill('未说明修补完成时间，请补充现场照片');
  await sup.getByTestId('review-reject-submit').click();
  await reviewRow.waitFor({ state: 'detached' });
  const rejected = await assignmentOf(api, b.id);
  expect(rejected.ticket.status).toBe('processing');
  expect(rejected.a).toMatchObject({ status: 'signed', reviewComment: '未说明修补完成时间，请补充现场照片' });
  await inboxRow(dept, 'signed', b.number);
}, 180_000);
