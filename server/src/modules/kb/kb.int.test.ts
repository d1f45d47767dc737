// Knowledge base over HTTP against a real database: Chinese substring search and ranking, who sees drafts,
// validation, optimistic versions, publishing, view counts, and the idempotent "used to answer" link.
import { loginAs, refIds, sql, startTestServer, type Client, type TestServer } from '../../../test/harness';

let srv: TestServer;
let ids: Awaited<ReturnType<typeof refIds>>;
let agent: Client;
let sup: Client;
let dept: Client;
let kbCat: (code: string) => number;

beforeAll(async () => {
  srv = await startTestServer();
  ids = await refIds(srv.dbUrl);
  [agent, sup, dept] = await Promise.all([
    loginAs(srv.url, 'agent1'),
    loginAs(srv.url, 'supervisor1'),
    loginAs(srv.url, 'dept1'),
  ]);
  const cats = await sql<{ id: number; code: string }>(srv.dbUrl, 'select id, code from kb_categories');
  kbCat = (code) => cats.find((c) => c.code === code)!.id;
});
afterAll(() => srv.stop());

const search = (c: Client, q: Record<string, string | number>) =>
  c.get(`/api/kb/articles?${new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)]))}`);

async function createPublished(body: Record<string, unknown>) {
  const created = await sup.post('/api/kb/articles', body);
  expect(created.status).toBe(201);
  const published = await sup.post(`/api/kb/articles/${created.body.id}/publish`, { version: created.body.version });
  expect(published.status).toBe(200);
  return published.body;
}

describe('seed', () => {
  test('categories come as a tree and articles are published', async () => {
    const r = await agent.get('/api/kb/categories');
    expect(r.status).toBe(200);
    expect(r.body.categories.map((c: { name: string }) => c.name)).toEqual(
      expect.arrayContaining(['政策法规', '办事指南', '社会保障', '城市管理', '交通出行', '养老服务']),
    );
    const list = await search(agent, { pageSize: 100 });
    expect(list.body.total).toBeGreaterThanOrEqual(20);
  });

  test('running the seed again adds nothing', async () => {
    const { seedKb } = await import('../../seed/kb');
    expect(await seedKb(srv.services.db)).toBe(0);
    const [{ n }] = await sql(srv.dbUrl, 'select count(*)::int as n from kb_categories');
    expect(n).toBe(6);
  });
});

describe('search', () => {
  test('a Chinese substring finds the article, with a snippet instead of the body', async () => {
    const r = await search(agent, { q: '公积金' });
    expect(r.status).toBe(200);
    expect(r.body.items[0].title).toBe('住房公积金提取条件及办理流程');
    expect(r.body.items[0].categoryName).toBe('社会保障');
    expect(r.body.items[0]).not.toHaveProperty('body');
    expect(r.body.items[0].snippet).toContain('公积金');
    expect(r.body.items[0].snippet.length).toBeLessThan(120);
  });

  test('a two-character query works', async () => {
    const r = await search(agent, { q: '社保' });
    expect(r.body.items.map((a: { title: string }) => a.title)).toContain('社保卡丢失补办（挂失、补卡）');
  });

  test('title hits rank before body-only hits, even against a more-read article', async () => {
    const bodyOnly = await createPublished({
      categoryId: kbCat('guide'),
      title: '流动人口服务站工作时间',
      body: '服务站可办理居住证相关业务，工作日9:00—17:00。',
    });
    await sql(srv.dbUrl, 'update kb_articles set view_count = 9999 where id = $1', [bodyOnly.id]);
    const r = await search(agent, { q: '居住证' });
    const titles = r.body.items.map((a: { title: string }) => a.title);
    expect(titles[0]).toBe('居住证办理条件与所需材料');
    expect(titles).toContain('流动人口服务站工作时间');
  });

  test('several terms must all match; LIKE wildcards match themselves', async () => {
    const both = await search(agent, { q: '噪音 夜间' });
    expect(both.body.items.map((a: { title: string }) => a.title)).toEqual(['噪音扰民投诉处理']);
    const wild = await search(agent, { q: '%' });
    expect(wild.body.total).toBe(0);
  });

  test('category filter includes only that category', async () => {
    const r = await search(agent, { categoryId: kbCat('elder'), pageSize: 100 });
    expect(r.body.total).toBeGreaterThan(0);
    for (const a of r.body.items) expect(a.categoryName).toBe('养老服务');
  });

  test('a ticket category puts its articles first (its own and its parent category)', async () => {
    const r = await search(agent, { ticketCategoryId: ids.category('consult-elder'), pageSize: 5 });
    expect(r.body.items[0].ticketCategoryId).toBe(ids.category('consult-elder'));
    const viaParent = await createPublished({
      categoryId: kbCat('elder'),
      ticketCategoryId: ids.category('consult'),
      title: '咨询类通用答复口径（养老）',
      body: '通用口径。',
    });
    const r2 = await search(agent, { ticketCategoryId: ids.category('consult-elder'), q: '口径' });
    expect(r2.body.items.map((a: { id: number }) => a.id)).toContain(viaParent.id);
  });

  test('bad query parameters → 400 naming them', async () => {
    const r = await search(agent, { pageSize: 1000, status: 'gone' });
    expect(r.status).toBe(400);
    expect(Object.keys(r.body.error.fields)).toEqual(expect.arrayContaining(['pageSize', 'status']));
  });
});

describe('editing', () => {
  test('agents cannot create, and do not see drafts', async () => {
    const denied = await agent.post('/api/kb/articles', { categoryId: kbCat('policy'), title: 'x', body: 'y' });
    expect(denied.status).toBe(403);
    const draft = await sup.post('/api/kb/articles', {
      categoryId: kbCat('policy'),
      title: '草稿：门牌号码申请',
      body: '草稿内容',
      keywords: '门牌，地址',
    });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ status: 'draft', version: 1, keywords: ['门牌', '地址'] });
    const agentView = await search(agent, { q: '门牌', status: 'draft', pageSize: 100 });
    expect(agentView.body.items.map((a: { id: number }) => a.id)).not.toContain(draft.body.id);
    for (const a of agentView.body.items) expect(a.status).toBe('published');
    expect((await agent.get(`/api/kb/articles/${draft.body.id}`)).status).toBe(404);
    const editorView = await search(sup, { q: '门牌', status: 'draft' });
    expect(editorView.body.items).toEqual([expect.objectContaining({ id: draft.body.id, status: 'draft' })]);
    expect((await dept.get('/api/kb/articles')).status).toBe(403);
  });

  test('validation errors name the fields', async () => {
    const r = await sup.post('/api/kb/articles', { title: '  ', body: 'x'.repeat(20001) });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION');
    expect(Object.keys(r.body.error.fields)).toEqual(expect.arrayContaining(['title', 'body', 'categoryId']));
    const refs = await sup.post('/api/kb/articles', {
      categoryId: 999999,
      ticketCategoryId: 999999,
      title: 't',
      body: 'b',
    });
    expect(refs.status).toBe(400);
    expect(Object.keys(refs.body.error.fields).sort()).toEqual(['categoryId', 'ticketCategoryId']);
  });

  test('a stale version → 409 VERSION_CONFLICT with the current version, nothing changed', async () => {
    const a = (await sup.post('/api/kb/articles', { categoryId: kbCat('city'), title: '井盖缺失报修', body: '旧' }))
      .body;
    const first = await sup.req('PATCH', `/api/kb/articles/${a.id}`, { version: 1, body: '新内容' });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(2);
    const stale = await sup.req('PATCH', `/api/kb/articles/${a.id}`, { version: 1, body: '覆盖' });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: 2 });
    const stalePublish = await sup.post(`/api/kb/articles/${a.id}/publish`, { version: 1 });
    expect(stalePublish.status).toBe(409);
    const [row] = await sql(srv.dbUrl, 'select body, version from kb_articles where id = $1', [a.id]);
    expect(row).toEqual({ body: '新内容', version: 2 });
    const audits = await sql(
      srv.dbUrl,
      `select action, before, after from audit_events where entity_type = 'kb_article' and entity_id = $1 order by id`,
      [String(a.id)],
    );
    expect(audits.map((x) => x.action)).toEqual(['kb.create', 'kb.update']);
    expect(audits[1].before.body).toBe('旧');
    expect(audits[1].after.body).toBe('新内容');
  });

  test('publish → agents find it; publish twice → 409; archive hides it again', async () => {
    const a = (
      await sup.post('/api/kb/articles', { categoryId: kbCat('traffic'), title: '路侧停车收费标准', body: '按时计费' })
    ).body;
    const pub = await sup.post(`/api/kb/articles/${a.id}/publish`, { version: a.version });
    expect(pub.body).toMatchObject({ status: 'published', version: 2 });
    expect(pub.body.publishedAt).toBeTruthy();
    expect((await search(agent, { q: '路侧停车' })).body.items[0].id).toBe(a.id);
    const again = await sup.post(`/api/kb/articles/${a.id}/publish`, { version: 2 });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('INVALID_TRANSITION');
    const arch = await sup.post(`/api/kb/articles/${a.id}/archive`, { version: 2 });
    expect(arch.body.status).toBe('archived');
    expect((await search(agent, { q: '路侧停车' })).body.total).toBe(0);
    const actions = await sql(
      srv.dbUrl,
      `select action, after->>'status' as status from audit_events where entity_type = 'kb_article' and entity_id = $1 order by id`,
      [String(a.id)],
    );
    expect(actions).toEqual([
      { action: 'kb.create', status: 'draft' },
      { action: 'kb.publish', status: 'published' },
      { action: 'kb.archive', status: 'archived' },
    ]);
  });
});

describe('reading and uses', () => {
  let articleId: number;
  beforeAll(async () => {
    articleId = (await search(agent, { q: '垃圾分类' })).body.items[0].id;
  });

  test('opening an article returns the body and counts a view each time', async () => {
    const one = await agent.get(`/api/kb/articles/${articleId}`);
    expect(one.status).toBe(200);
    expect(one.body.body).toContain('厨余垃圾');
    const two = await agent.get(`/api/kb/articles/${articleId}`);
    expect(two.body.viewCount).toBe(one.body.viewCount + 1);
    await Promise.all([1, 2, 3, 4, 5].map(() => agent.get(`/api/kb/articles/${articleId}`)));
    const [{ view_count }] = await sql(srv.dbUrl, 'select view_count from kb_articles where id = $1', [articleId]);
    expect(view_count).toBe(two.body.viewCount + 5);
  });

  test('"used to answer" is idempotent per ticket and listed on the article and the ticket', async () => {
    const ticket = await agent.post('/api/tickets', {
      channel: 'phone_12345',
      content: '咨询垃圾分类投放时间',
      categoryId: ids.category('consult-guide'),
    });
    expect(ticket.status).toBe(201);
    const ticketId = ticket.body.ticket.id;
    const first = await agent.post(`/api/kb/articles/${articleId}/uses`, { ticketId });
    expect(first.status).toBe(201);
    const second = await agent.post(`/api/kb/articles/${articleId}/uses`, { ticketId });
    expect(second.status).toBe(200);
    expect(second.body.use).toEqual(first.body.use);
    const [{ use_count }] = await sql(srv.dbUrl, 'select use_count from kb_articles where id = $1', [articleId]);
    expect(use_count).toBe(1);
    const article = await agent.get(`/api/kb/articles/${articleId}`);
    expect(article.body.uses).toEqual([
      expect.objectContaining({ ticketId, ticketNumber: ticket.body.ticket.number, usedAt: first.body.use.usedAt }),
    ]);
    const uses = await agent.get(`/api/kb/uses?ticketId=${ticketId}`);
    expect(uses.body.uses).toEqual([
      expect.objectContaining({ articleId, ticketId, title: '生活垃圾分类投放时间与要求' }),
    ]);
  });

  test('unknown tickets and articles are refused', async () => {
    const noTicket = await agent.post(`/api/kb/articles/${articleId}/uses`, { ticketId: 99999999 });
    expect(noTicket.status).toBe(400);
    expect(noTicket.body.error.fields).toHaveProperty('ticketId');
    expect((await agent.post('/api/kb/articles/99999999/uses', { ticketId: 1 })).status).toBe(404);
    expect((await agent.get('/api/kb/uses?ticketId=99999999')).status).toBe(404);
    expect((await dept.post(`/api/kb/articles/${articleId}/uses`, { ticketId: 1 })).status).toBe(403);
  });
});
