// The personal-data keys against a real database: a wrong or missing key refuses to start (and writes
// nothing), the right one starts again with everything readable; rotation moves every ciphertext.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../config/env';
import { startServer } from '../../server';
import { runKeysCli } from '../../cli/keys';
import {
  Client,
  createTestDatabase,
  loginAs,
  refIds,
  sql,
  startTestServer,
  TEST_PII_KEY,
  type TestServer,
} from '../../../test/harness';

const configFor = (dbUrl: string, env: Record<string, string | undefined>) =>
  loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: dbUrl,
    SEED_DEMO: 'true',
    DEMO_TICKETS: '0',
    JOBS_ENABLED: 'false',
    UI_DIST: '/nonexistent',
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'hd-keys-data-')),
    ...env,
  } as NodeJS.ProcessEnv);

describe('a wrong or missing key refuses to start', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ticketId: number;
  beforeAll(async () => {
    db = await createTestDatabase();
    const first = await startTestServer({}, { dbUrl: db.url });
    const ids = await refIds(db.url);
    const agent = await loginAs(first.url, 'agent1');
    const r = await agent.post('/api/tickets', {
      channel: 'phone_12345',
      callerPhone: '13912345678',
      content: '路灯不亮',
      categoryId: ids.category('complaint-noise'),
    });
    ticketId = r.body.ticket.id;
    await first.close();
  });
  afterAll(() => db.drop());

  const counts = () =>
    sql(db.url, 'select (select count(*)::int from tickets) as t, (select count(*)::int from pii_keys) as k');

  test('finding "a wrong PII key is accepted silently": another key → a clear error, nothing written', async () => {
    const before = await counts();
    const other = crypto.randomBytes(32).toString('base64');
    await expect(startServer(configFor(db.url, { PII_KEY: other }), { log: () => undefined })).rejects.toThrow(
      /PII key mismatch: PII_KEY \(check value .+\) is not the key this database was encrypted with/,
    );
    expect(await counts()).toEqual(before);
  });

  test('finding "a lost PII key: a new one is generated": no key → refuses, and no key file is made', async () => {
    const keyFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hd-keys-')), 'pii.key');
    await expect(
      startServer(configFor(db.url, { PII_KEY: undefined, PII_KEY_FILE: keyFile }), { log: () => undefined }),
    ).rejects.toThrow(/PII key missing/);
    expect(fs.existsSync(keyFile)).toBe(false);
  });

  test('a database from before the check value: a wrong key is caught by a stored ciphertext', async () => {
    await sql(db.url, 'delete from pii_keys; delete from pii_master');
    const other = crypto.randomBytes(32).toString('base64');
    await expect(startServer(configFor(db.url, { PII_KEY: other }), { log: () => undefined })).rejects.toThrow(
      /does not open the personal data/,
    );
  });

  test('the right key starts, and old tickets reveal and are found by phone', async () => {
    const srv = await startServer(configFor(db.url, { PII_KEY: TEST_PII_KEY }), { log: () => undefined });
    try {
      const agent = await new Client(srv.url).login('agent1');
      const r = await agent.post(`/api/tickets/${ticketId}/reveal`, { reason: 'callback' });
      expect(r.body.callerPhone).toBe('13912345678');
      const found = await agent.get('/api/tickets/caller?phone=13912345678');
      expect(found.body.tickets.map((t: { id: number }) => t.id)).toContain(ticketId);
      const health = await agent.get('/api/health');
      expect(health.status).toBe(200);
    } finally {
      await srv.close();
    }
  });
});

test('the master key is replaced by re-wrapping the data keys: the new key starts, the old one is refused', async () => {
  const db = await createTestDatabase();
  try {
    const first = await startTestServer({}, { dbUrl: db.url });
    const ids = await refIds(db.url);
    const agent = await loginAs(first.url, 'agent1');
    const t = await agent.post('/api/tickets', {
      channel: 'phone_12345',
      callerPhone: '13612345678',
      content: '井盖缺失',
      categoryId: ids.category('complaint-noise'),
    });
    await first.close();
    const newKey = crypto.randomBytes(32).toString('base64');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hd-rewrap-')), 'new.key');
    fs.writeFileSync(file, newKey);
    const out: string[] = [];
    const wrong = await runKeysCli(['rewrap', '--new-key-file', file], {
      config: configFor(db.url, { PII_KEY: crypto.randomBytes(32).toString('base64') }),
      print: (s) => out.push(s),
    });
    expect([wrong, out.pop()]).toEqual([
      1,
      'the current key does not match this database (check value); nothing changed',
    ]);
    expect(
      await runKeysCli(['rewrap', '--new-key-file', file], {
        config: configFor(db.url, { PII_KEY: TEST_PII_KEY }),
        print: () => undefined,
      }),
    ).toBe(0);
    await expect(startServer(configFor(db.url, { PII_KEY: TEST_PII_KEY }), { log: () => undefined })).rejects.toThrow(
      /PII key mismatch/,
    );
    const srv = await startServer(configFor(db.url, { PII_KEY: newKey }), { log: () => undefined });
    try {
      const a = await new Client(srv.url).login('agent1');
      const r = await a.post(`/api/tickets/${t.body.ticket.id}/reveal`, { reason: 'callback' });
      expect(r.body.callerPhone).toBe('13612345678');
    } finally {
      await srv.close();
    }
  } finally {
    await db.drop();
  }
});

describe('rotation', () => {
  let srv: TestServer;
  let admin: Client;
  let agent: Client;
  let ids: Awaited<ReturnType<typeof refIds>>;
  beforeAll(async () => {
    srv = await startTestServer({ KEY_ACTIVATION_SECONDS: '0' });
    ids = await refIds(srv.dbUrl);
    [admin, agent] = await Promise.all([loginAs(srv.url, 'admin'), loginAs(srv.url, 'agent1')]);
  });
  afterAll(() => srv.stop());

  const ciphertextKeys = async () =>
    (
      await sql<{ k: string }>(
        srv.dbUrl,
        `select split_part(caller_phone_enc, '.', 2) as k from tickets where caller_phone_enc is not null
         union all select split_part(address_enc, '.', 2) from tickets where address_enc is not null
         union all select split_part(password_enc, '.', 2) from sip_credentials
         union all select split_part(details_enc, '.', 2) from elder_profiles where details_enc is not null`,
      )
    ).map((r) => r.k);

  test('a new key for new writes, old rows re-encrypted by the job with progress, everything still readable', async () => {
    const created: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await agent.post('/api/tickets', {
        channel: 'phone_12345',
        callerName: '李四',
        callerPhone: `1381111000${i}`,
        address: `某街道${i}号`,
        content: '噪声',
        categoryId: ids.category('complaint-noise'),
      });
      created.push(r.body.ticket.id);
    }
    expect(new Set(await ciphertextKeys())).toEqual(new Set(['0']));
    expect((await agent.post('/api/admin/keys/rotate')).status).toBe(403);
    const started = await admin.post('/api/admin/keys/rotate');
    expect(started.status).toBe(202);
    expect(started.body.rotation.keyId).toBe(1);
    expect((await admin.post('/api/admin/keys/rotate')).body.error.code).toBe('ROTATION_IN_PROGRESS');

    let steps = 0;
    for (;;) {
      const r = await srv.services.keys.step();
      steps++;
      if (r.finished || steps > 50) break;
    }
    const status = (await admin.get('/api/admin/keys')).body;
    expect(status.currentKeyId).toBe(1);
    expect(status.rotation.finishedAt).not.toBeNull();
    expect(status.rotation.done).toBe(status.rotation.total);
    expect(status.rotation.total).toBeGreaterThanOrEqual(10);
    expect(status.keys.find((k: { id: number }) => k.id === 0).state).toBe('retired');
    expect(new Set(await ciphertextKeys())).toEqual(new Set(['1']));
    // readable, searchable, and new writes under the new key
    const r = await agent.post(`/api/tickets/${created[3]}/reveal`, { reason: 'callback' });
    expect(r.body).toMatchObject({ callerPhone: '13811110003', address: '某街道3号', callerName: '李四' });
    const found = await agent.get('/api/tickets/caller?phone=13811110003');
    expect(found.body.tickets.map((t: { id: number }) => t.id)).toContain(created[3]);
    const [{ rows }] = await sql(
      srv.dbUrl,
      "select count(*)::int as rows from audit_events where action in ('keys.rotate', 'keys.rotation_finished')",
    );
    expect(rows).toBe(2);
  });

  test('a pending key is known to every node before anything is written under it', async () => {
    await srv.services.keys.rotate(1, null); // key 2, pending
    await sql(srv.dbUrl, "update pii_rotations set started_at = now() + interval '1 hour' where finished_at is null");
    await srv.services.keys.step();
    const r = await agent.post('/api/tickets', {
      channel: 'phone_12345',
      callerPhone: '13811119999',
      content: '噪声',
      categoryId: ids.category('complaint-noise'),
    });
    const [row] = await sql(srv.dbUrl, 'select caller_phone_enc from tickets where id = $1', [r.body.ticket.id]);
    expect(row.caller_phone_enc).toMatch(/^v2\.1\./);
    expect((await srv.services.keys.status()).keys.find((k) => k.id === 2)?.state).toBe('pending');
  });
});
