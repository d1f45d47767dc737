import { Client, loginAs, refIds, sql, startTestServer, type TestServer } from '../../../test/harness';

const MAX = 4096;
let srv: TestServer;
let ids: Awaited<ReturnType<typeof refIds>>;
let agent: Client;
let dept1: Client;
let dept2: Client;

beforeAll(async () => {
  srv = await startTestServer({ ATTACHMENT_MAX_BYTES: String(MAX) });
  ids = await refIds(srv.dbUrl);
  [agent, dept1, dept2] = await Promise.all(['agent1', 'dept1', 'dept2'].map((u) => loginAs(srv.url, u)));
});
afterAll(() => srv.stop());

const MARKER = 'PLAINTEXT-MARKER-现场照片';
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from(MARKER),
  Buffer.from([0, 1, 2, 3, 255]),
]);
const pdf = Buffer.from(`%PDF-1.4\n% ${MARKER}\n%%EOF\n`);

async function dispatchedTo(...units: string[]) {
  const c = await agent.post('/api/tickets', {
    channel: 'web',
    content: '井盖破损',
    categoryId: ids.category('complaint-noise'),
  });
  const d = await agent.post(`/api/tickets/${c.body.ticket.id}/actions/dispatch`, {
    version: c.body.ticket.version,
    targets: units.map((u, i) => ({ unitId: ids.unit(u), role: i === 0 ? 'primary' : 'assisting' })),
  });
  expect(d.status).toBe(200);
  return d.body.ticket as { id: number; assignments: { id: number; unitId: number }[] };
}

async function upload(
  who: Client,
  ticketId: number,
  assignmentId: number | null,
  body: Buffer,
  type: string,
  name: string,
) {
  const qs = assignmentId ? `?assignmentId=${assignmentId}&purpose=feedback` : '';
  const res = await fetch(`${srv.url}/api/tickets/${ticketId}/attachments${qs}`, {
    method: 'POST',
    headers: { cookie: who.cookie, 'content-type': type, 'x-file-name': encodeURIComponent(name) },
    body: new Uint8Array(body),
  });
  return { status: res.status, body: await res.json() };
}

async function download(who: Client, id: number) {
  const res = await fetch(`${srv.url}/api/attachments/${id}`, { headers: { cookie: who.cookie } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

test('PNG and PDF round-trip byte-identical, stored encrypted, downloads audited', async () => {
  const t = await dispatchedTo('cgw');
  const a = t.assignments[0].id;
  const up1 = await upload(dept1, t.id, a, png, 'image/png', '现场照片 1.png');
  expect(up1.status).toBe(201);
  expect(up1.body.attachment).toMatchObject({
    ticketId: t.id,
    assignmentId: a,
    purpose: 'feedback',
    fileName: '现场照片 1.png',
    contentType: 'image/png',
    size: png.length,
  });
  const up2 = await upload(dept1, t.id, a, pdf, 'application/pdf', 'report.pdf');
  expect(up2.status).toBe(201);

  const list = await dept1.get(`/api/tickets/${t.id}/attachments`);
  expect(list.body.items.map((x: { fileName: string }) => x.fileName)).toEqual(['现场照片 1.png', 'report.pdf']);
  expect(JSON.stringify(list.body)).not.toContain('data');

  for (const [up, bytes, type] of [
    [up1, png, 'image/png'],
    [up2, pdf, 'application/pdf'],
  ] as const) {
    const d = await download(agent, up.body.attachment.id);
    expect(d.status).toBe(200);
    expect(d.bytes.equals(bytes)).toBe(true);
    expect(d.headers.get('content-type')).toBe(type);
    expect(d.headers.get('x-content-type-options')).toBe('nosniff');
    expect(d.headers.get('content-disposition')).toMatch(/^attachment;/);
  }
  expect((await download(dept1, up1.body.attachment.id)).headers.get('content-disposition')).toContain(
    `filename*=UTF-8''${encodeURIComponent('现场照片 1.png')}`,
  );

  const stored = await sql<{ data_enc: Buffer; sha256: string }>(
    srv.dbUrl,
    'select data_enc, sha256 from attachments where ticket_id = $1 order by id',
    [t.id],
  );
  for (const row of stored) {
    expect(row.data_enc.includes(Buffer.from(MARKER))).toBe(false);
    expect(row.data_enc.includes(Buffer.from('%PDF'))).toBe(false);
  }
  const audits = await sql(
    srv.dbUrl,
    `select action, actor_id, entity_id from audit_events where ticket_id = $1 and entity_type = 'attachment' order by id`,
    [t.id],
  );
  expect(audits.map((r) => r.action)).toEqual([
    'attachment.upload',
    'attachment.upload',
    'attachment.download',
    'attachment.download',
    'attachment.download',
  ]);
});

test('bytes of no accepted type, bad names, empty and oversized files are refused', async () => {
  const t = await dispatchedTo('cgw');
  const a = t.assignments[0].id;
  const fake = await upload(dept1, t.id, a, Buffer.from('<html><script>alert(1)</script>'), 'image/png', 'x.png');
  expect([fake.status, fake.body.error.code, Object.keys(fake.body.error.fields)]).toEqual([
    400,
    'VALIDATION',
    ['file'],
  ]);
  const html = await upload(dept1, t.id, a, Buffer.from('<html>'), 'text/html', 'a.html');
  expect([html.status, html.body.error.fields.file]).toEqual([400, expect.any(String)]);
  const empty = await upload(dept1, t.id, a, Buffer.alloc(0), 'image/png', 'a.png');
  expect([empty.status, empty.body.error.fields.file]).toEqual([400, expect.any(String)]);
  const badName = await upload(dept1, t.id, a, png, 'image/png', '../../etc/passwd');
  expect([badName.status, badName.body.error.fields.fileName]).toEqual([400, expect.any(String)]);
  const big = await upload(dept1, t.id, a, Buffer.concat([png, Buffer.alloc(MAX)]), 'image/png', 'big.png');
  expect([big.status, big.body.error.code, big.body.error.fields.file]).toEqual([
    413,
    'PAYLOAD_TOO_LARGE',
    expect.any(String),
  ]);
  expect(await sql(srv.dbUrl, 'select id from attachments where ticket_id = $1', [t.id])).toEqual([]);
});

test('another unit can neither upload nor download; a shared ticket limits handlers to their own assignment', async () => {
  const cgwOnly = await dispatchedTo('cgw');
  const ok = await upload(dept1, cgwOnly.id, cgwOnly.assignments[0].id, png, 'image/png', 'p.png');
  expect(ok.status).toBe(201);
  const hidden = await upload(dept2, cgwOnly.id, cgwOnly.assignments[0].id, png, 'image/png', 'p.png');
  expect([hidden.status, hidden.body.error.code]).toEqual([404, 'NOT_FOUND']);
  expect((await download(dept2, ok.body.attachment.id)).status).toBe(404);
  expect((await dept2.get(`/api/tickets/${cgwOnly.id}/attachments`)).status).toBe(404);

  const shared = await dispatchedTo('cgw', 'zjw');
  const cgwAssignment = shared.assignments.find((x) => x.unitId === ids.unit('cgw'))!;
  const zjwAssignment = shared.assignments.find((x) => x.unitId === ids.unit('zjw'))!;
  const other = await upload(dept2, shared.id, cgwAssignment.id, png, 'image/png', 'p.png');
  expect([other.status, other.body.error.code]).toEqual([403, 'FORBIDDEN']);
  expect((await upload(dept2, shared.id, zjwAssignment.id, png, 'image/png', 'p.png')).status).toBe(201);
  const noAssignment = await upload(dept2, shared.id, null, png, 'image/png', 'p.png');
  expect(noAssignment.body.error.fields.assignmentId).toBeDefined();
  const notOfTicket = await upload(dept1, shared.id, cgwOnly.assignments[0].id, png, 'image/png', 'p.png');
  expect(notOfTicket.body.error.fields.assignmentId).toBeDefined();
  const anon = await fetch(`${srv.url}/api/attachments/${ok.body.attachment.id}`);
  expect(anon.status).toBe(401);
});

test('finding 6 (hardening): the type comes from the bytes and the stored name follows it; downloads are attachments', async () => {
  const t = await dispatchedTo('cgw');
  const a = t.assignments[0].id;
  // a PDF named as a web page (the browser then claims text/html): kept, as x.pdf / application/pdf
  const disguised = await upload(dept1, t.id, a, pdf, 'text/html', 'x.html');
  expect(disguised.status).toBe(201);
  expect(disguised.body.attachment).toMatchObject({ fileName: 'x.pdf', contentType: 'application/pdf' });
  // a JPEG sent as a PDF, a double extension, no extension
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2]);
  const claimed = await upload(dept1, t.id, a, jpeg, 'application/pdf', 'a.pdf');
  expect(claimed.body.attachment).toMatchObject({ fileName: 'a.jpg', contentType: 'image/jpeg' });
  const double = await upload(dept1, t.id, a, png, 'image/png', '整改照片.png.exe');
  expect(double.body.attachment).toMatchObject({ fileName: '整改照片.png', contentType: 'image/png' });
  const bare = await upload(dept1, t.id, a, pdf, 'application/octet-stream', 'scan');
  expect(bare.body.attachment).toMatchObject({ fileName: 'scan.pdf', contentType: 'application/pdf' });
  // a page is refused whatever it claims
  const page = Buffer.from('<html><script>alert(document.cookie)</script></html>');
  const refused = await upload(dept1, t.id, a, page, 'application/pdf', 'x.pdf');
  expect([refused.status, Object.keys(refused.body.error.fields)]).toEqual([400, ['file']]);

  const stored = await sql(
    srv.dbUrl,
    'select file_name, content_type from attachments where ticket_id = $1 order by id',
    [t.id],
  );
  expect(stored).toEqual([
    { file_name: 'x.pdf', content_type: 'application/pdf' },
    { file_name: 'a.jpg', content_type: 'image/jpeg' },
    { file_name: '整改照片.png', content_type: 'image/png' },
    { file_name: 'scan.pdf', content_type: 'application/pdf' },
  ]);
  const d = await download(agent, disguised.body.attachment.id);
  expect(d.headers.get('content-type')).toBe('application/pdf');
  expect(d.headers.get('content-disposition')).toBe('attachment; filename=x.pdf');
  expect(d.headers.get('x-content-type-options')).toBe('nosniff');
  expect(d.headers.get('content-security-policy')).toContain('sandbox');

  // a row stored before this check, under its claimed name, is served under the safe one
  await sql(srv.dbUrl, `update attachments set file_name = 'old.html' where id = $1`, [disguised.body.attachment.id]);
  const old = await download(agent, disguised.body.attachment.id);
  expect(old.headers.get('content-disposition')).toBe('attachment; filename=old.pdf');
});
