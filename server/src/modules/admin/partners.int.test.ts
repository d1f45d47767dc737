// Contract partners kept by an administrator, against a real database: the credit code checked, the
// contact's phone encrypted and only masked in lists and audit, stale versions refused, reveal audited.
import { loginAs, sql, startTestServer, type Client, type TestServer } from '../../../test/harness';

let srv: TestServer;
let admin: Client;
beforeAll(async () => {
  srv = await startTestServer();
  admin = await loginAs(srv.url, 'admin');
});
afterAll(async () => {
  await srv.stop();
});

const partner = {
  name: '某区政务服务管理局',
  kind: 'client',
  creditCode: '114403000075000012',
  contactName: '陈主任',
  contactPhone: '13812345678',
  address: '某区行政服务中心 3 楼',
};

test('only administrators', async () => {
  const sup = await loginAs(srv.url, 'supervisor1');
  expect((await sup.get('/api/admin/partners')).status).toBe(403);
  expect((await sup.post('/api/admin/partners', partner)).status).toBe(403);
});

test('credit code, kind and phone are checked by field', async () => {
  const r = await admin.post('/api/admin/partners', {
    ...partner,
    kind: 'vendor',
    creditCode: '91350100M000100Y44',
    contactPhone: 'call me',
    name: ' ',
  });
  expect(r.status).toBe(400);
  expect(Object.keys(r.body.error.fields).sort()).toEqual(['contactPhone', 'creditCode', 'kind', 'name']);
  expect(r.body.error.fields.creditCode).toMatch(/check/);
});

test('create: the phone is stored encrypted, listed and audited only masked; reveal is audited', async () => {
  const code = '91350100m000100y43'; // lower case is accepted and stored upper case
  const r = await admin.post('/api/admin/partners', { ...partner, creditCode: code });
  expect(r.status).toBe(201);
  const p = r.body.partner;
  expect(p).toMatchObject({ creditCode: '91350100M000100Y43', contactPhoneMasked: '138****5678', version: 1 });
  expect(JSON.stringify(p)).not.toContain('13812345678');
  const [row] = await sql(srv.dbUrl, 'select * from partners where id = $1', [p.id]);
  expect(row.contact_phone_enc).toMatch(/^v\d\./);
  expect(row.contact_phone_enc).not.toContain('13812345678');
  const list = await admin.get('/api/admin/partners');
  expect(JSON.stringify(list.body)).not.toContain('13812345678');
  expect(list.body.partners[0]).not.toHaveProperty('contactPhoneEnc');
  const audit = await sql(srv.dbUrl, `select * from audit_events where entity_type = 'partner'`);
  expect(audit).toHaveLength(1);
  expect(audit[0]).toMatchObject({ action: 'partner.create', before: null, after: { name: partner.name } });
  expect(JSON.stringify(audit)).not.toContain('13812345678');

  const bad = await admin.post(`/api/admin/partners/${p.id}/reveal`, {});
  expect(bad.status).toBe(400);
  expect(bad.body.error.fields).toHaveProperty('reason');
  const shown = await admin.post(`/api/admin/partners/${p.id}/reveal`, { reason: 'verify' });
  expect(shown.status).toBe(200);
  expect(shown.body.contactPhone).toBe('13812345678');
  const [rev] = await sql(
    srv.dbUrl,
    `select * from audit_events where entity_type = 'partner' and action = 'pii.reveal'`,
  );
  expect(rev.data).toMatchObject({ fields: ['contactPhone'], reason: 'verify' });

  const dup = await admin.post('/api/admin/partners', { ...partner, creditCode: null, contactPhone: null });
  expect(dup.status).toBe(409);
  expect(dup.body.error.fields).toHaveProperty('name');
});

test('update with its version (stale: 409), phone changed and cleared, deactivate, delete', async () => {
  const r = await admin.post('/api/admin/partners', {
    name: '某某信息技术有限公司',
    kind: 'contractor',
    contactPhone: '010-66001234',
  });
  expect(r.status).toBe(201);
  const p = r.body.partner;
  const up = await admin.req('PATCH', `/api/admin/partners/${p.id}`, {
    version: 1,
    contactPhone: '13900001111',
    note: '驻场团队 60 人',
  });
  expect(up.status).toBe(200);
  expect(up.body.partner).toMatchObject({ version: 2, contactPhoneMasked: '139****1111', note: '驻场团队 60 人' });
  const [a] = await sql(srv.dbUrl, `select * from audit_events where action = 'partner.update'`);
  expect(a.before).toMatchObject({ note: null, contactPhoneMasked: '010****1234' });
  expect(a.after).toMatchObject({ note: '驻场团队 60 人', contactPhoneMasked: '139****1111' });
  expect(a.data).toEqual({ contactPhoneChanged: true });

  const stale = await admin.req('PATCH', `/api/admin/partners/${p.id}`, { version: 1, note: 'x' });
  expect(stale.status).toBe(409);
  expect(stale.body.error).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: 2 });

  const cleared = await admin.req('PATCH', `/api/admin/partners/${p.id}`, {
    version: 2,
    contactPhone: '',
    active: false,
  });
  expect(cleared.status).toBe(200);
  expect(cleared.body.partner).toMatchObject({ version: 3, contactPhoneMasked: null, active: false });
  const [row] = await sql(srv.dbUrl, 'select contact_phone_enc from partners where id = $1', [p.id]);
  expect(row.contact_phone_enc).toBeNull();

  expect((await admin.req('DELETE', `/api/admin/partners/${p.id}?version=2`)).status).toBe(409);
  expect((await admin.req('DELETE', `/api/admin/partners/${p.id}`)).status).toBe(400);
  expect((await admin.req('DELETE', `/api/admin/partners/${p.id}?version=3`)).status).toBe(204);
  expect(await sql(srv.dbUrl, 'select id from partners where id = $1', [p.id])).toHaveLength(0);
  const [del] = await sql(srv.dbUrl, `select * from audit_events where action = 'partner.delete'`);
  expect(del).toMatchObject({ after: null, before: { name: '某某信息技术有限公司', version: 3 } });
});
