// Softphone credentials and registrations against a real database: issued once per agent, HA1 matches the
// password handed out, the secret is stored encrypted, only seat roles get one, leaders see live contacts.
import { ha1 } from '@hotline-desk/telephony';
import { Client, loginAs, sql, startTestServer, type TestServer } from '../../../test/harness';

let srv: TestServer;
let offsetMs = 0;
const clock = () => new Date(Date.now() + offsetMs);
let agent1: Client;

beforeAll(async () => {
  srv = await startTestServer({ SIP_DOMAIN: 'hotline.test', SIP_WS_URI: 'wss://sip.hotline.test:8443' }, { clock });
  agent1 = await loginAs(srv.url, 'agent1');
});
afterAll(async () => {
  await srv.stop();
});

test('an agent gets one stable softphone identity; HA1 matches; the secret is encrypted at rest; issue audited', async () => {
  const first = await agent1.get('/api/telephony/softphone');
  expect(first.status).toBe(200);
  expect(first.headers.get('cache-control')).toBe('no-store');
  const sp = first.body.softphone;
  expect(sp).toMatchObject({ domain: 'hotline.test', wsUri: 'wss://sip.hotline.test:8443', registered: false });
  expect(sp.sipUser).toMatch(/^agent\d+$/);
  expect(sp.password).toHaveLength(24);

  const again = await (await loginAs(srv.url, 'agent1')).get('/api/telephony/softphone');
  expect(again.body.softphone).toMatchObject({ sipUser: sp.sipUser, password: sp.password });

  const [row] = await sql(srv.dbUrl, 'select * from sip_credentials where sip_user = $1', [sp.sipUser]);
  expect(row.ha1).toBe(ha1(sp.sipUser, 'hotline.test', sp.password));
  expect(row.password_enc).not.toContain(sp.password);
  const audits = await sql(srv.dbUrl, `select * from audit_events where action = 'softphone.issue'`);
  expect(audits).toHaveLength(1);

  // what the registrar asks
  const found = await srv.services.softphones.ha1For(sp.sipUser);
  expect(found?.ha1).toBe(row.ha1);
  expect(await srv.services.softphones.ha1For('agent999999')).toBeNull();
});

test('two tabs asking at once get the same credentials', async () => {
  const agent2 = await loginAs(srv.url, 'agent2');
  const [a, b] = await Promise.all([agent2.get('/api/telephony/softphone'), agent2.get('/api/telephony/softphone')]);
  expect(a.status).toBe(200);
  expect(b.status).toBe(200);
  expect(a.body.softphone.password).toBe(b.body.softphone.password);
  const audits = await sql(
    srv.dbUrl,
    `select * from audit_events where action = 'softphone.issue' and entity_id = $1`,
    [a.body.softphone.sipUser],
  );
  expect(audits).toHaveLength(1);
});

test('department handlers and supervisors have no softphone', async () => {
  for (const u of ['dept1', 'supervisor1']) {
    const r = await (await loginAs(srv.url, u)).get('/api/telephony/softphone');
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('FORBIDDEN');
  }
});

test('registrations: live ones are listed for leaders, refreshed in place, gone when expired or removed', async () => {
  const sp = (await agent1.get('/api/telephony/softphone')).body.softphone;
  const { userId } = (await srv.services.softphones.ha1For(sp.sipUser))!;
  const reg = {
    userId,
    contact: 'sip:agent@df7jal23ls0d.invalid;transport=ws',
    received: 'ws/127.0.0.1:50000',
    userAgent: 'SIP.js/0.21',
    expiresSeconds: 60,
  };
  await srv.services.softphones.registered(reg);
  await srv.services.softphones.registered(reg); // a refresh, not a second contact
  expect((await agent1.get('/api/telephony/softphone')).body.softphone.registered).toBe(true);

  const leader = await loginAs(srv.url, 'leader1');
  const list = await leader.get('/api/telephony/registrations');
  expect(list.status).toBe(200);
  expect(list.body.registrations).toHaveLength(1);
  expect(list.body.registrations[0]).toMatchObject({
    username: 'agent1',
    contact: reg.contact,
    userAgent: 'SIP.js/0.21',
  });
  expect((await agent1.get('/api/telephony/registrations')).status).toBe(403);

  offsetMs = 61_000; // past the expiry
  expect((await leader.get('/api/telephony/registrations')).body.registrations).toHaveLength(0);
  await srv.services.softphones.purgeExpired();
  expect(await sql(srv.dbUrl, 'select * from sip_registrations')).toHaveLength(0);
  offsetMs = 0;

  await srv.services.softphones.registered(reg);
  await srv.services.softphones.unregistered(userId, reg.contact);
  expect((await leader.get('/api/telephony/registrations')).body.registrations).toHaveLength(0);
});
