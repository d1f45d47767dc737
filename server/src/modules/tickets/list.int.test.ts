// The ticket list's filters and sort, saved filters, and the xlsx export of a filter.
import ExcelJS from 'exceljs';
import { Client, loginAs, refIds, sql, startTestServer, type TestServer } from '../../../test/harness';

let srv: TestServer;
let agent: Client;
let ids: Awaited<ReturnType<typeof refIds>>;
const made: Record<string, { id: number; number: string; version: number }> = {};

const idsOf = (r: { body: { items: { id: number }[] } }) => r.body.items.map((t) => t.id).sort((a, b) => a - b);
const sorted = (...xs: number[]) => [...xs].sort((a, b) => a - b);

beforeAll(async () => {
  // a small export limit so the too-large case needs only a few tickets
  srv = await startTestServer({ EXPORT_MAX_ROWS: '5' });
  ids = await refIds(srv.dbUrl);
  agent = await loginAs(srv.url, 'agent1');
  const now = Date.now();
  const daysAgo = (n: number) => new Date(now - n * 86400_000).toISOString();
  const create = async (key: string, body: Record<string, unknown>) => {
    const r = await agent.post('/api/tickets', {
      channel: 'phone_12345',
      categoryId: ids.category('complaint-noise'),
      content: `测试工单 ${key}`,
      ...body,
    });
    if (r.status !== 201) throw new Error(JSON.stringify(r.body));
    made[key] = r.body.ticket;
  };
  await create('noise', { callerPhone: '13511112222', address: '朝阳区建国路88号3单元501', receivedAt: daysAgo(10) });
  await create('sanitation', {
    categoryId: ids.category('complaint-sanitation'),
    channel: 'web',
    streetId: ids.unit('st1'),
    receivedAt: daysAgo(5),
  });
  await create('traffic', {
    categoryId: ids.category('help-traffic'),
    communityId: ids.unit('st2-c1'),
    receivedAt: daysAgo(2),
  });
  await create('top', { categoryId: ids.category('complaint'), receivedAt: daysAgo(1) });
  const d = await agent.post(`/api/tickets/${made.sanitation.id}/actions/dispatch`, {
    version: 1,
    targets: [{ unitId: ids.unit('cgw'), role: 'primary' }],
  });
  expect(d.status).toBe(200);
  await sql(srv.dbUrl, 'update tickets set overdue = true where id = $1', [made.traffic.id]);
});
afterAll(() => srv.stop());

describe('list filters', () => {
  test('category includes its sub-categories', async () => {
    const r = await agent.get(`/api/tickets?categoryId=${ids.category('complaint')}`);
    expect(idsOf(r)).toEqual(sorted(made.noise.id, made.sanitation.id, made.top.id));
    expect(r.body.total).toBe(3);
    expect(idsOf(await agent.get(`/api/tickets?categoryId=${ids.category('complaint-noise')}`))).toEqual([
      made.noise.id,
    ]);
  });

  test('status (several), unit, channel, street, overdue', async () => {
    expect(idsOf(await agent.get('/api/tickets?status=processing'))).toEqual([made.sanitation.id]);
    expect(idsOf(await agent.get('/api/tickets?status=processing,received'))).toHaveLength(4);
    expect(idsOf(await agent.get(`/api/tickets?unitId=${ids.unit('cgw')}`))).toEqual([made.sanitation.id]);
    expect(idsOf(await agent.get('/api/tickets?channel=web'))).toEqual([made.sanitation.id]);
    // a community implies its street
    expect(idsOf(await agent.get(`/api/tickets?streetId=${ids.unit('st2')}`))).toEqual([made.traffic.id]);
    expect(idsOf(await agent.get('/api/tickets?overdue=true'))).toEqual([made.traffic.id]);
    const combined = await agent.get(
      `/api/tickets?categoryId=${ids.category('complaint')}&status=received&channel=phone_12345`,
    );
    expect(idsOf(combined)).toEqual(sorted(made.noise.id, made.top.id));
  });

  test('received date range [from, to)', async () => {
    const from = new Date(Date.now() - 6 * 86400_000).toISOString();
    const to = new Date(Date.now() - 1.5 * 86400_000).toISOString();
    const r = await agent.get(`/api/tickets?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(idsOf(r)).toEqual(sorted(made.sanitation.id, made.traffic.id));
    expect((await agent.get('/api/tickets?from=yesterday')).body.error.fields).toHaveProperty('from');
  });

  test('sort: newest received first by default, nearest close deadline first on request', async () => {
    const byReceived = (await agent.get('/api/tickets')).body.items.map((t: { id: number }) => t.id);
    expect(byReceived).toEqual([made.top.id, made.traffic.id, made.sanitation.id, made.noise.id]);
    const due = (await agent.get('/api/tickets?sort=closeDueAt')).body.items as { closeDueAt: string }[];
    const times = due.map((t) => Date.parse(t.closeDueAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect((await agent.get('/api/tickets?sort=random')).status).toBe(400);
  });
});

describe('saved filters', () => {
  test('create, list own only, unique name per user (409 on name), delete own only', async () => {
    const filter = { status: 'received,processing', categoryId: String(ids.category('complaint')), page: '3' };
    const r = await agent.req('POST', '/api/saved-filters', {
      name: '我的投诉',
      filter,
      columns: ['number', 'status'],
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ name: '我的投诉', columns: ['number', 'status'] });
    expect(r.body.filter).toEqual({ status: 'received,processing', categoryId: String(ids.category('complaint')) });

    const dup = await agent.req('POST', '/api/saved-filters', { name: '我的投诉', filter: {} });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('NAME_TAKEN');
    expect(dup.body.error.fields).toHaveProperty('name');

    const other = await loginAs(srv.url, 'agent2');
    // another user may use the same name, and sees only their own
    expect((await other.req('POST', '/api/saved-filters', { name: '我的投诉', filter: {} })).status).toBe(201);
    expect((await other.get('/api/saved-filters')).body.items).toHaveLength(1);
    expect((await agent.get('/api/saved-filters')).body.items.map((f: { id: number }) => f.id)).toEqual([r.body.id]);
    expect((await other.req('DELETE', `/api/saved-filters/${r.body.id}`)).status).toBe(404);
    expect((await agent.req('DELETE', `/api/saved-filters/${r.body.id}`)).status).toBe(204);
    expect((await agent.get('/api/saved-filters')).body.items).toEqual([]);
  });

  test('the filter is validated with the list query schema', async () => {
    const bad = await agent.req('POST', '/api/saved-filters', {
      name: 'x',
      filter: { status: 'nope', overdue: 'maybe' },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(expect.arrayContaining(['filter.status', 'filter.overdue']));
    const noName = await agent.req('POST', '/api/saved-filters', { name: ' ', filter: {} });
    expect(noName.body.error.fields).toHaveProperty('name');
  });
});

describe('export', () => {
  async function download(client: Client, query: string) {
    const res = await fetch(`${srv.url}/api/tickets/export.xlsx?${query}`, { headers: { cookie: client.cookie } });
    return { res, buf: Buffer.from(await res.arrayBuffer()) };
  }
  async function sheetOf(buf: Buffer) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const rows: string[][] = [];
    ws.eachRow((row) => rows.push(Array.from((row.values as unknown[]).slice(1), (v) => String(v ?? ''))));
    return rows;
  }

  test('the filtered tickets as xlsx: Chinese headers, masked phone and address, Shanghai times; audited', async () => {
    const { res, buf } = await download(agent, `categoryId=${ids.category('complaint')}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="tickets-\d{12}\.xlsx"/);
    const rows = await sheetOf(buf);
    expect(rows[0]).toEqual([
      '工单编号',
      '状态',
      '紧急程度',
      '来源渠道',
      '来电人',
      '来电号码',
      '诉求分类',
      '街道',
      '社区',
      '地址',
      '诉求内容',
      '承办单位',
      '受理时间',
      '办结时限',
      '是否超期',
      '办结时间',
    ]);
    expect(rows).toHaveLength(1 + 3);
    const noise = rows.find((r) => r[0] === made.noise.number)!;
    expect(noise[5]).toBe('135****2222');
    expect(noise[9]).toBe('朝阳区建国路****');
    expect(noise[1]).toBe('受理');
    expect(noise[12]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const sanitation = rows.find((r) => r[0] === made.sanitation.number)!;
    const [{ name: cgw }] = await sql(srv.dbUrl, `select name from org_units where code = 'cgw'`);
    expect(sanitation[11]).toBe(cgw);
    expect(buf.toString('latin1')).not.toContain('13511112222');

    const audits = await sql(
      srv.dbUrl,
      `select a.data, u.username from audit_events a join users u on u.id = a.actor_id where a.action = 'ticket.export'`,
    );
    expect(audits).toHaveLength(1);
    expect(audits[0].username).toBe('agent1');
    expect(audits[0].data).toMatchObject({ rows: 3, filter: { categoryId: ids.category('complaint') } });
  });

  test('chosen columns in the order asked; unknown column is a 400', async () => {
    const { buf } = await download(agent, 'columns=phone,number&status=processing');
    expect(await sheetOf(buf)).toEqual([
      ['来电号码', '工单编号'],
      ['', made.sanitation.number],
    ]);
    const bad = await download(agent, 'columns=number,callerPhoneEnc');
    expect(bad.res.status).toBe(400);
    expect(JSON.parse(bad.buf.toString()).error.fields).toHaveProperty('columns');
  });

  test('more rows than EXPORT_MAX_ROWS: 400 EXPORT_TOO_LARGE with the count, nothing written', async () => {
    const exports = async () =>
      (await sql(srv.dbUrl, `select count(*)::int n from audit_events where action = 'ticket.export'`))[0].n;
    const before = await exports();
    for (let i = 0; i < 3; i++)
      await agent.post('/api/tickets', {
        channel: 'web',
        categoryId: ids.category('report-food'),
        content: `批量 ${i}`,
      });
    const { res, buf } = await download(agent, '');
    expect(res.status).toBe(400);
    const body = JSON.parse(buf.toString());
    expect(body.error).toMatchObject({ code: 'EXPORT_TOO_LARGE', count: 7, max: 5 });
    expect(await exports()).toBe(before);
  });

  test('a department handler exports only tickets in their unit’s scope', async () => {
    const dept = await loginAs(srv.url, 'dept1');
    const { res, buf } = await download(dept, 'columns=number');
    expect(res.status).toBe(200);
    expect(await sheetOf(buf)).toEqual([['工单编号'], [made.sanitation.number]]);
    const dept2 = await loginAs(srv.url, 'dept2');
    expect(await sheetOf((await download(dept2, 'columns=number')).buf)).toEqual([['工单编号']]);
  });
});
