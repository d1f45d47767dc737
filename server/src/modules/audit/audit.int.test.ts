// The audit trail holds: the application's role cannot touch it, the hash chain names the first edited or
// deleted row (edited here as the owner, triggers disabled), old rows leave only through a verified archive.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAuditCli } from '../../cli/audit';
import { loadConfig } from '../../config/env';
import { createDb } from '../../db/client';
import { archiveAudit, checkArchiveFile } from './archive';
import { loginAs, refIds, sql, startTestServer, type TestServer, Client } from '../../../test/harness';

let srv: TestServer;
let agent: Client;
let auditor: Client;

beforeAll(async () => {
  srv = await startTestServer();
  [agent, auditor] = await Promise.all([loginAs(srv.url, 'agent1'), loginAs(srv.url, 'auditor1')]);
  const ids = await refIds(srv.dbUrl);
  for (let i = 0; i < 3; i++)
    await agent.post('/api/tickets', {
      channel: 'phone_12345',
      content: `审计测试 ${i}`,
      categoryId: ids.category('complaint-noise'),
    });
});
afterAll(() => srv.stop());

const owner = (statement: string, params: unknown[] = []) => sql(srv.dbUrl, statement, params);

describe('finding "the app role owns the audit table and can DISABLE TRIGGER"', () => {
  test('the application connects as its own role, which cannot disable, update, delete or truncate', async () => {
    const app = srv.services.pool;
    const [{ who }] = (await app.query('select current_user as who')).rows;
    const [{ own }] = (
      await app.query("select pg_get_userbyid(relowner) as own from pg_class where relname = 'audit_events'")
    ).rows;
    expect(who).not.toBe(own);
    expect(who).toMatch(/_app$/);
    await expect(app.query('alter table audit_events disable trigger all')).rejects.toThrow(/must be owner/);
    await expect(app.query('delete from audit_events')).rejects.toThrow(/permission denied/);
    await expect(app.query("update audit_events set action = 'x'")).rejects.toThrow(/permission denied/);
    await expect(app.query('truncate audit_events')).rejects.toThrow(/permission denied/);
    await expect(app.query('delete from audit_seals')).rejects.toThrow(/permission denied/);
    // what it may do: append and read
    await app.query("insert into audit_events (entity_type, entity_id, action) values ('test', '1', 'test.append')");
    expect(
      (await app.query("select count(*)::int as n from audit_events where action = 'test.append'")).rows[0].n,
    ).toBe(1);
  });

  test('the owner is stopped by the triggers too (no silent delete)', async () => {
    await expect(owner('delete from audit_events')).rejects.toThrow(/append-only/);
    await expect(owner('truncate audit_events')).rejects.toThrow(/append-only/);
    // archive mode only lets rows older than 6 months go
    await expect(
      owner("begin; set local hotline.audit_archive = 'on'; delete from audit_events; commit"),
    ).rejects.toThrow(/append-only/);
  });
});

describe('hash chain', () => {
  test('sealed in order; the auditor verifies it ok', async () => {
    const r = await auditor.post('/api/admin/audit/verify');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, broken: null, unsealed: { count: 0 } });
    expect(r.body.checked).toBeGreaterThan(3);
    expect((await agent.post('/api/admin/audit/verify')).status).toBe(403);
  });

  test('finding "an edited audit row goes unnoticed": the verify command names the first broken link', async () => {
    const [victim] = await owner(
      "select id from audit_events where action = 'ticket.create' order by id limit 1 offset 1",
    );
    await owner(`alter table audit_events disable trigger audit_events_no_update;
                 update audit_events set data = '{"forged": true}' where id = ${victim.id};
                 alter table audit_events enable trigger audit_events_no_update`);
    const out: string[] = [];
    const config = loadConfig({ DATABASE_URL: srv.dbUrl, NODE_ENV: 'test' } as NodeJS.ProcessEnv);
    const code = await runAuditCli(['verify'], { config, print: (s) => out.push(s) });
    expect(code).toBe(1);
    expect(out.join('\n')).toMatch(new RegExp(`BROKEN at seq \\d+ \\(audit row ${victim.id}\\): row_changed`));
    // the desk's verification says the same and alerts
    const r = await auditor.post('/api/admin/audit/verify');
    expect(r.body).toMatchObject({ ok: false, broken: { auditId: Number(victim.id), problem: 'row_changed' } });
    const alerts = await owner("select kind from security_alerts where kind = 'audit_chain_broken'");
    expect(alerts).toHaveLength(1);
    // undo the forgery (tests below need a whole chain)
    await owner(`alter table audit_events disable trigger audit_events_no_update;
                 update audit_events set data = null where id = ${victim.id};
                 alter table audit_events enable trigger audit_events_no_update`);
    expect((await auditor.post('/api/admin/audit/verify')).body.ok).toBe(true);
  });

  test('a deleted row is found as missing (restored, the chain is whole again)', async () => {
    expect((await auditor.post('/api/admin/audit/verify')).body.ok).toBe(true); // sealed up to now
    const [victim] = await owner("select id from audit_events where action = 'login' order by id limit 1");
    await owner(`create table saved_row as select * from audit_events where id = ${victim.id};
                 alter table audit_events disable trigger audit_events_no_update;
                 delete from audit_events where id = ${victim.id};
                 alter table audit_events enable trigger audit_events_no_update`);
    const r = await auditor.post('/api/admin/audit/verify');
    expect(r.body.broken).toMatchObject({ auditId: Number(victim.id), problem: 'row_missing' });
    await owner('insert into audit_events select * from saved_row; drop table saved_row');
    expect((await auditor.post('/api/admin/audit/verify')).body.ok).toBe(true);
  });
});

describe('search and export', () => {
  test('who, what, which record, when, from where — auditors only', async () => {
    expect((await agent.get('/api/admin/audit')).status).toBe(403);
    const r = await auditor.get('/api/admin/audit?action=ticket.create&actor=agent1');
    expect(r.body.total).toBeGreaterThanOrEqual(3);
    expect(r.body.items[0]).toMatchObject({
      action: 'ticket.create',
      actor: { username: 'agent1' },
      entityType: 'ticket',
      ip: expect.stringMatching(/127\.0\.0\.1/),
    });
    expect(r.body.items[0].seq).toEqual(expect.any(Number));
    const x = await auditor.req('GET', '/api/admin/audit/export.xlsx?action=ticket.create');
    expect(x.status).toBe(200);
    expect(x.headers.get('content-type')).toMatch(/spreadsheetml/);
    const [e] = await owner("select data from audit_events where action = 'audit.export' order by id desc limit 1");
    expect(e.data).toMatchObject({ filter: { action: 'ticket.create' } });
  });
});

describe('retention: archive, never silent delete', () => {
  test('rows older than the online period go to a verified archive file; the chain continues', async () => {
    // rows from eight months ago (a centre running for a while), written like the application writes them
    await owner(`insert into audit_events (at, entity_type, entity_id, action, data)
                 select now() - interval '8 months' + (g || ' minutes')::interval, 'old', g::text, 'old.event',
                        jsonb_build_object('n', g)
                 from generate_series(1, 20) g`);
    // sealed first: the archive takes the oldest contiguous run of the chain
    const { db, pool } = createDb(srv.dbUrl, 2);
    try {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-audit-archive-'));
      await expect(archiveAudit(db, { dir, months: 5, now: new Date() })).rejects.toThrow(/at least 6 months/);
      const r = await archiveAudit(db, { dir, months: 6, now: new Date() });
      // the rows written today were sealed before the old ones: the archive takes nothing out of order
      expect(r).toBeNull();
    } finally {
      await pool.end();
    }
  });

  test('the oldest rows of the chain leave for the archive; verify then starts from its last hash', async () => {
    const fresh = await startTestServer();
    const { db, pool } = createDb(fresh.dbUrl, 2);
    try {
      // a database whose first rows are old: move every row back 8 months (as the owner, triggers off)
      await sql(
        fresh.dbUrl,
        `alter table audit_events disable trigger audit_events_no_update;
         update audit_events set at = at - interval '8 months';
         alter table audit_events enable trigger audit_events_no_update`,
      );
      const before = (await sql(fresh.dbUrl, 'select count(*)::int as n from audit_events'))[0].n as number;
      expect(before).toBeGreaterThan(0);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-audit-archive-'));
      const r = await archiveAudit(db, { dir, months: 6, now: new Date() });
      expect(r).not.toBeNull();
      expect(r!.rows).toBe(before);
      expect(fs.existsSync(r!.file)).toBe(true);
      expect(checkArchiveFile(r!.file, r!.sha256)).toMatchObject({ rows: before, throughSeq: r!.throughSeq });
      const left = await sql(fresh.dbUrl, 'select action from audit_events order by id');
      expect(left.map((x) => x.action)).toEqual(['audit.archive']);
      const [archive] = await sql(fresh.dbUrl, 'select verified, rows from audit_archives');
      expect(archive).toEqual({ verified: true, rows: before });
      const auditorFresh = await loginAs(fresh.url, 'auditor1');
      const v = await auditorFresh.post('/api/admin/audit/verify');
      expect(v.body).toMatchObject({ ok: true, from: { seq: r!.throughSeq, hash: r!.lastHash } });
      // an archive file edited afterwards fails its check
      fs.chmodSync(r!.file, 0o600);
      fs.appendFileSync(r!.file, 'x');
      expect(() => checkArchiveFile(r!.file, r!.sha256)).toThrow(/digest/);
    } finally {
      await pool.end();
      await fresh.stop();
    }
  });

  test('the online period cannot be configured below 6 months', () => {
    expect(() => loadConfig({ AUDIT_ONLINE_MONTHS: '5' } as NodeJS.ProcessEnv)).toThrow(/AUDIT_ONLINE_MONTHS/);
  });
});
