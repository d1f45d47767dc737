// Hardening (issue 10): security headers, the Origin check against cross-site requests (HTTP and socket.io),
// bad input answered 400 (never 500), and failed queries logged without their parameters.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { sql as drizzleSql } from 'drizzle-orm';
import { describeError, withoutQueryParams } from '../lib/safeError';
import { REVEAL_REASONS } from '../modules/access/domain';
import { Client, loginAs, refIds, sql, startTestServer, type TestServer } from '../../test/harness';

const SIP_WS = 'ws://127.0.0.1:8088';
const PARTNER = 'https://partner.example:8443';
const PHONE = '13912345678';
const HD = 'HD-12345-2022'; // a seeded contract

let srv: TestServer;
let ids: Awaited<ReturnType<typeof refIds>>;
let agent: Client;
let admin: Client;
let ticketId: number;
let ui: string;

beforeAll(async () => {
  // a stand-in for the built agent UI, so the page responses (static files, the SPA shell) are served too
  ui = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-ui-'));
  fs.writeFileSync(
    path.join(ui, 'index.html'),
    '<!doctype html><div id="app"></div><script type="module" src="/a.js"></script>',
  );
  srv = await startTestServer({
    SIP_WS_URI: SIP_WS,
    ALLOWED_ORIGINS: `${PARTNER}, http://localhost:5173`,
    UI_DIST: ui,
  });
  ids = await refIds(srv.dbUrl);
  [agent, admin] = await Promise.all([loginAs(srv.url, 'agent1'), loginAs(srv.url, 'admin')]);
  const t = await agent.post('/api/tickets', {
    channel: 'phone_12345',
    callerPhone: PHONE,
    address: '朝阳区建国路88号',
    content: '噪音扰民',
    categoryId: ids.category('complaint-noise'),
  });
  expect(t.status).toBe(201);
  ticketId = t.body.ticket.id;
});
afterAll(async () => {
  await srv.stop();
  fs.rmSync(ui, { recursive: true, force: true });
});

const own = () => srv.url; // http://127.0.0.1:<port>
const reason = { reason: REVEAL_REASONS[0] };
const good = () => ({ channel: 'web', content: '反映问题', categoryId: ids.category('complaint-noise') });

describe('finding 1: security headers', () => {
  test('finding 1: CSP for the SPA, nosniff, no-referrer, no framing, on API and page responses', async () => {
    for (const page of ['/api/health', '/login', '/index.html', '/api/nowhere']) {
      const r = await fetch(srv.url + page);
      const csp = r.headers.get('content-security-policy') ?? '';
      const directives = Object.fromEntries(
        csp.split(';').map((d) => {
          const [name, ...values] = d.trim().split(/\s+/);
          return [name, values.join(' ')];
        }),
      );
      expect(directives).toMatchObject({
        'default-src': "'self'",
        'script-src': "'self'",
        'style-src': "'self' 'unsafe-inline'",
        'img-src': "'self' data: blob:",
        'media-src': "'self' blob:",
        'font-src': "'self' data:",
        'frame-ancestors': "'none'",
        'object-src': "'none'",
        'base-uri': "'self'",
        'form-action': "'self'",
      });
      // the softphone's SIP WebSocket (exactly its origin) and socket.io on this host
      expect(directives['connect-src'].split(' ').sort()).toEqual(
        ["'self'", SIP_WS, own().replace(/^http/, 'ws')].sort(),
      );
      expect(csp).not.toContain('unsafe-eval');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      expect(r.headers.get('x-powered-by')).toBeNull();
      expect(r.headers.get('strict-transport-security')).toBeNull(); // plain HTTP
      // API answers (personal data, session state) are never cached
      if (page.startsWith('/api/')) expect(r.headers.get('cache-control')).toBe('no-store');
    }
  });

  test('finding 1: HSTS only on a secure request (HTTPS at the trusted proxy)', async () => {
    const r = await fetch(`${srv.url}/api/health`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(r.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
  });
});

describe('finding 2: cross-site requests are refused (CSRF)', () => {
  const formPost = (headers: Record<string, string>, body = 'reason=callback') =>
    fetch(`${srv.url}/api/tickets/${ticketId}/reveal`, {
      method: 'POST',
      headers: { cookie: agent.cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body,
    });

  test('finding 2: a cross-origin form POST with the session cookie → 403 ORIGIN_REFUSED, no phone', async () => {
    for (const [type, body] of [
      ['application/x-www-form-urlencoded', 'reason=callback'],
      ['text/plain', JSON.stringify(reason)],
    ]) {
      const r = await formPost({ origin: 'http://evil.example', 'content-type': type }, body);
      const text = await r.text();
      expect(r.status).toBe(403);
      expect(JSON.parse(text).error.code).toBe('ORIGIN_REFUSED');
      expect(text).not.toContain(PHONE);
    }
    // no Origin, but the browser says the request is cross-site
    const fetchMeta = await formPost({ 'sec-fetch-site': 'cross-site' });
    expect([fetchMeta.status, (await fetchMeta.json()).error.code]).toEqual([403, 'ORIGIN_REFUSED']);
    // a look-alike of our own origin, and the opaque origin of a sandboxed frame
    for (const origin of [own().replace('127.0.0.1', '127.0.0.1.evil.example'), 'null', `https://${own().slice(7)}`]) {
      const r = await agent.post(`/api/tickets/${ticketId}/reveal`, reason, { origin });
      expect([origin, r.status]).toEqual([origin, 403]);
    }
    const reveals = await sql(srv.dbUrl, `select id from audit_events where action = 'pii.reveal'`);
    expect(reveals).toEqual([]);
  });

  test('finding 2: same-origin, allowed-origin and no-Origin requests still work', async () => {
    const same = await agent.post(`/api/tickets/${ticketId}/reveal`, reason, {
      origin: own(),
      'sec-fetch-site': 'same-origin',
    });
    expect([same.status, same.body.callerPhone]).toEqual([200, PHONE]);
    const partner = await agent.post(`/api/tickets/${ticketId}/reveal`, reason, { origin: PARTNER });
    expect(partner.status).toBe(200);
    const plain = await agent.post(`/api/tickets/${ticketId}/reveal`, reason); // curl, tests, other servers
    expect(plain.status).toBe(200);
    // behind the trusted (loopback) proxy, the origin the browser used is the forwarded one
    const proxied = await agent.post(`/api/tickets/${ticketId}/reveal`, reason, {
      origin: 'https://desk.example.gov.cn',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'desk.example.gov.cn',
    });
    expect(proxied.status).toBe(200);
    // reads are not state-changing: a cross-site GET is left to the session cookie's SameSite
    const read = await agent.req('GET', `/api/tickets/${ticketId}`, undefined, { origin: 'http://evil.example' });
    expect(read.status).toBe(200);
  });

  test('finding 2: a text/plain body is never taken for JSON', async () => {
    const r = await fetch(`${srv.url}/api/tickets/${ticketId}/reveal`, {
      method: 'POST',
      headers: { cookie: agent.cookie, 'content-type': 'text/plain' },
      body: JSON.stringify(reason),
    });
    expect(r.status).toBe(400);
    expect((await r.json()).error.fields).toHaveProperty('reason');
  });

  test('finding 2: a socket.io handshake from a foreign Origin is refused, our own is accepted', async () => {
    const connect = (origin?: string) =>
      new Promise<string>((resolve) => {
        const s = io(srv.url, {
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
          extraHeaders: { cookie: agent.cookie, ...(origin ? { origin } : {}) },
        });
        const done = (outcome: string) => {
          s.close();
          resolve(outcome);
        };
        s.on('connect', () => done('connected'));
        s.on('connect_error', (e) => done(`refused: ${e.message}`));
      });
    expect(await connect('http://evil.example')).toMatch(/^refused/);
    expect(await connect(own())).toBe('connected');
    expect(await connect(PARTNER)).toBe('connected');
    expect(await connect()).toBe('connected');
    // long-polling handshakes too
    const poll = await fetch(`${srv.url}/socket.io/?EIO=4&transport=polling`, {
      headers: { cookie: agent.cookie, origin: 'http://evil.example' },
    });
    expect(poll.status).toBe(403);
  });
});

describe('finding 3: bad input → 400 naming the field, never 500', () => {
  const expect400 = async (r: Promise<{ status: number; body: any }>, field: string) => {
    const res = await r;
    expect([res.status, res.body?.error?.code]).toEqual([400, 'VALIDATION']);
    expect(Object.keys(res.body.error.fields)).toContain(field);
  };

  test('finding 3: a NUL character in a body string, an object key, a query value or the path', async () => {
    await expect400(agent.post('/api/tickets', { ...good(), content: 'a\u0000b' }), 'content');
    await expect400(agent.post('/api/tickets', { ...good(), address: '建国路\u0000' }), 'address');
    await expect400(agent.post('/api/tickets', { ...good(), ['x\u0000y']: 1 }), 'x\\u0000y');
    await expect400(
      agent.post(`/api/tickets/${ticketId}/actions/dispatch`, {
        version: 1,
        targets: [{ unitId: ids.unit('cgw'), role: 'primary' }],
        note: 'n\u0000',
      }),
      'note',
    );
    await expect400(agent.post('/api/saved-filters', { name: 'mine', filter: { q: 'x\u0000' } }), 'filter.q');
    await expect400(agent.get('/api/tickets?q=a%00b'), 'q');
    await expect400(agent.get('/api/kb/articles?q=%00'), 'q');
    await expect400(agent.get('/api/tickets/export.xlsx?q=%00'), 'q');
    await expect400(admin.get('/api/roster/leave?status=%00'), 'status');
    await expect400(admin.get('/api/contracts/%00'), 'path');
    expect(await sql(srv.dbUrl, `select id from tickets where content like '%反映问题%'`)).toEqual([]);
  });

  test('finding 3: dates out of range (year 0001, 9999) on every date input', async () => {
    await expect400(agent.post('/api/tickets', { ...good(), receivedAt: '0001-01-01T00:00:00Z' }), 'receivedAt');
    await expect400(agent.get('/api/tickets?from=0001-01-01T00:00:00Z'), 'from');
    await expect400(agent.get('/api/tickets?to=9999-12-31T23:59:59Z'), 'to');
    await expect400(agent.get('/api/tickets/export.xlsx?from=0001-01-01T00:00:00Z'), 'from');
    await expect400(admin.get('/api/calendar/deadline?start=0001-01-01T00:00:00Z&workingDays=3'), 'start');
    await expect400(admin.get('/api/calendar/deadline?start=9999-01-01T00:00:00Z&workingDays=3'), 'start');
    await expect400(
      admin.get('/api/presence/history?userId=1&from=0001-01-01T00:00:00Z&to=2026-01-01T00:00:00Z'),
      'from',
    );
    await expect400(admin.get('/api/roster/me/shifts?from=0001-01-01&to=9999-12-31'), 'from');
    await expect400(admin.get('/api/roster/me/shifts?from=2026-02-30&to=2026-03-01'), 'from');
    await expect400(admin.get(`/api/roster/${HD}/9999-12`), 'month');
    await expect400(admin.get(`/api/roster/attendance?contract=${HD}&day=9999-01-01`), 'day');
    await expect400(admin.get(`/api/contracts/${HD}/facts?period=9999-Q4`), 'period');
    await expect400(admin.get(`/api/contracts/${HD}/facts?from=2026-01-01&to=9999-12-31`), 'to');
    await expect400(
      admin.post(`/api/contracts/${HD}/facts`, { metric: 'complaints', day: '9999-01-01', label: 'x' }),
      'day',
    );
  });

  test('finding 3: huge ids, negative or repeated paging, arrays for strings', async () => {
    await expect400(agent.get('/api/tickets/99999999999999999999'), 'id');
    await expect400(agent.get('/api/tickets?streetId=9999999999'), 'streetId');
    await expect400(agent.get('/api/tickets?pageSize=-1'), 'pageSize');
    await expect400(agent.get('/api/tickets?pageSize=1&pageSize=2'), 'pageSize');
    await expect400(agent.get('/api/tickets?q=a&q=b'), 'q');
    await expect400(agent.post('/api/tickets', { ...good(), content: ['a'] }), 'content');
    await expect400(agent.get('/api/kb/articles?categoryId=99999999999'), 'categoryId');
    await expect400(agent.get('/api/kb/articles/99999999999'), 'id');
    await expect400(agent.post('/api/kb/articles/99999999999/uses', { ticketId: ticketId }), 'id');
    await expect400(admin.post('/api/kb/articles', { categoryId: 9999999999, title: 't', body: 'b' }), 'categoryId');
    await expect400(
      admin.get('/api/presence/history?userId=99999999999&from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z'),
      'userId',
    );
    await expect400(admin.req('PUT', '/api/presence/agents/99999999999', { state: 'offline' }), 'userId');
    await expect400(admin.post('/api/roster/leave/99999999999/decision', { approve: true, version: 1 }), 'id');
    await expect400(admin.req('DELETE', `/api/contracts/${HD}/facts/99999999999999`), 'id');
    await expect400(agent.get(`/api/tickets/${ticketId}/attachments?assignmentId=99999999999`), 'assignmentId');
  });
});

describe('finding 4: failed queries are logged without their parameters', () => {
  test('finding 4: a failing insert carrying a phone number logs the SQLSTATE, not the phone', async () => {
    // the database refuses this ticket's content (as a disk-full or a constraint would): the insert's
    // parameters hold the caller's number as the agent typed it into the content
    await sql(
      srv.dbUrl,
      `alter table tickets add constraint hd_test_refuse check (content not like '%${PHONE}%') not valid`,
    );
    const lines: string[] = [];
    const capture = (...args: unknown[]) =>
      void lines.push(args.map((a) => (a instanceof Error ? `${a.stack} ${JSON.stringify(a)}` : String(a))).join(' '));
    const spies = (['error', 'warn', 'log', 'info'] as const).map((m) =>
      jest.spyOn(console, m).mockImplementation(capture),
    );
    try {
      const r = await agent.post('/api/tickets', { ...good(), content: `请回电 ${PHONE}`, callerPhone: PHONE });
      expect(r.status).toBe(500);
      expect(JSON.stringify(r.body)).not.toContain(PHONE);
    } finally {
      for (const s of spies) s.mockRestore();
      await sql(srv.dbUrl, 'alter table tickets drop constraint hd_test_refuse');
    }
    const out = lines.join('\n');
    expect(out).toContain('23514'); // check_violation
    expect(out).toContain('insert into "tickets"'); // where it failed …
    expect(out).not.toContain(PHONE); // … but not with what
    expect(out).not.toContain('请回电');
  });

  test('finding 4: a data exception quoting the phone, and telephony log lines, are logged without it', async () => {
    // PostgreSQL quotes the offending value in a data exception's own message, too
    const failed = await srv.services.db.execute(drizzleSql`select ${PHONE}::int as n`).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(failed).toBeInstanceOf(Error);
    const described = describeError(failed);
    expect(described).toContain('22003'); // numeric_value_out_of_range
    expect(described).toContain('query: select $1::int');
    expect(described).not.toContain(PHONE);
    // the telephony package formats `${e.message}` itself; its log sink drops the parameters
    const line = withoutQueryParams(`call abc: storing events failed: ${failed!.message}`);
    expect(line).toContain('select $1::int');
    expect(line).not.toContain(PHONE);
  });
});
