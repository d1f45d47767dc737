// Deadline timers: warn at 80 %, overdue at 100 %, automatic supervision past the close deadline — each
// exactly once, across repeated sweeps, concurrent sweeps and server restarts (agenda on PostgreSQL).
import { createTestDatabase, loginAs, sql, startTestServer, type TestServer } from '../../../test/harness';

/** A category whose limits are short calendar hours, so real timers expire within the test. */
async function addFastCategory(srv: TestServer, hours: { sign: number; feedback: number; close: number }) {
  const [cat] = await sql(
    srv.dbUrl,
    `insert into categories (code, name, kind) values ('fast-' || floor(random()*1e9)::text, '测试时限', 'help') returning id`,
  );
  await sql(
    srv.dbUrl,
    `insert into time_limits (category_id, urgency, sign_value, sign_unit, feedback_value, feedback_unit, close_value, close_unit)
     values ($1, 'normal', $2, 'calendar_hours', $3, 'calendar_hours', $4, 'calendar_hours')`,
    [cat.id, hours.sign, hours.feedback, hours.close],
  );
  await srv.services.catalog.reload();
  return cat.id as number;
}
const cgw = async (srv: TestServer) =>
  (await sql(srv.dbUrl, `select id from org_units where code = 'cgw'`))[0].id as number;
const events = (dbUrl: string) =>
  sql(dbUrl, `select target_type, phase from deadline_events order by target_type, phase`);
async function waitFor<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('warn at 80 %, overdue at 100 %, supervision when the close deadline passes; repeated sweeps act once', async () => {
  let now = new Date('2026-11-16T10:00:00+08:00').getTime();
  const srv = await startTestServer({}, { clock: () => new Date(now) });
  try {
    const categoryId = await addFastCategory(srv, { sign: 1, feedback: 2, close: 3 });
    const agent = await loginAs(srv.url, 'agent1');
    const t = (await agent.post('/api/tickets', { channel: 'web', content: '测试', categoryId })).body.ticket;
    await agent.post(`/api/tickets/${t.id}/actions/dispatch`, {
      version: 1,
      targets: [{ unitId: await cgw(srv), role: 'primary' }],
    });
    const at = (min: number) => new Date(now + min * 60_000);
    const sweep = (min: number) => srv.services.deadlines.sweep(at(min));

    expect((await sweep(47)).fired).toBe(0); // 47 min < 80 % of the 1 h sign limit
    expect((await sweep(49)).fired).toBe(1);
    expect(await events(srv.dbUrl)).toEqual([{ target_type: 'assignment_sign', phase: 'warn' }]);
    expect((await sweep(61)).fired).toBe(1);
    const [a] = await sql(srv.dbUrl, 'select sign_overdue from assignments where ticket_id = $1', [t.id]);
    expect(a.sign_overdue).toBe(true);
    // ticket close: 3 h → warn from 2 h 24 min, overdue at 3 h with an automatic supervision
    const results = await Promise.all([sweep(181), sweep(181), sweep(182)]); // concurrent sweeps
    expect(results.reduce((s, r) => s + r.fired, 0)).toBe(2);
    expect((await sweep(200)).fired).toBe(0);
    expect(await events(srv.dbUrl)).toEqual([
      { target_type: 'assignment_sign', phase: 'overdue' },
      { target_type: 'assignment_sign', phase: 'warn' },
      { target_type: 'ticket_close', phase: 'overdue' },
      { target_type: 'ticket_close', phase: 'warn' },
    ]);
    const sups = await sql(srv.dbUrl, 'select automatic, status from supervisions where ticket_id = $1', [t.id]);
    expect(sups).toEqual([{ automatic: true, status: 'open' }]);
    now = at(200).getTime();
    await agent.login('agent1'); // 200 simulated minutes idle ended the session
    const detail = (await agent.get(`/api/tickets/${t.id}`)).body.ticket;
    expect(detail.overdue).toBe(true);
    const overdueList = (await agent.get('/api/tickets?overdue=true')).body.items.map((x: { id: number }) => x.id);
    expect(overdueList).toContain(t.id);
  } finally {
    await srv.stop();
  }
});

test('timers pending across a restart still fire, once (agenda jobs on PostgreSQL)', async () => {
  const db = await createTestDatabase();
  const env = { JOBS_ENABLED: 'true', DEADLINE_SWEEP_INTERVAL: '1 second' };
  try {
    const a = await startTestServer(env, { dbUrl: db.url });
    // 0.0025 h = 9 s (warning at 7.2 s): short enough to wait for, long enough to stop the server
    // before anything fires even on a loaded machine
    const categoryId = await addFastCategory(a, { sign: 0.0025, feedback: 1, close: 0.0025 });
    const agent = await loginAs(a.url, 'agent1');
    const t = (await agent.post('/api/tickets', { channel: 'web', content: '重启测试', categoryId })).body.ticket;
    const d = await agent.post(`/api/tickets/${t.id}/actions/dispatch`, {
      version: 1,
      targets: [{ unitId: await cgw(a), role: 'primary' }],
    });
    expect(d.status).toBe(200);
    await a.close();
    expect(await events(db.url)).toEqual([]); // nothing had fired before the stop
    const lastDue = Math.max(Date.parse(t.closeDueAt), Date.parse(d.body.ticket.assignments[0].signDueAt));
    // the deadlines pass while no server runs
    await new Promise((r) => setTimeout(r, Math.max(0, lastDue - Date.now()) + 500));

    const b = await startTestServer(env, { dbUrl: db.url });
    await b.services.catalog.reload();
    const fired = await waitFor(
      '4 deadline events',
      () => events(db.url),
      (rows) => rows.length >= 4,
    );
    expect(fired).toEqual([
      { target_type: 'assignment_sign', phase: 'overdue' },
      { target_type: 'assignment_sign', phase: 'warn' },
      { target_type: 'ticket_close', phase: 'overdue' },
      { target_type: 'ticket_close', phase: 'warn' },
    ]);
    const sweptAt = b.services.jobs!.status().lastSweepAt;
    await waitFor(
      'another sweep',
      async () => b.services.jobs!.status().lastSweepAt,
      (v) => v !== sweptAt,
    );
    await b.close();

    // a third start: the job keeps running and still acts only once per deadline
    const c = await startTestServer(env, { dbUrl: db.url });
    await waitFor(
      'a sweep on the third server',
      async () => c.services.jobs!.status().lastSweepAt,
      (v) => v !== null,
    );
    expect(await events(db.url)).toHaveLength(4);
    expect(await sql(db.url, 'select id from supervisions where ticket_id = $1', [t.id])).toHaveLength(1);
    const audits = await sql(
      db.url,
      `select action from audit_events where ticket_id = $1 and action like 'deadline.%'`,
      [t.id],
    );
    expect(audits).toHaveLength(4);
    const jobs = await sql(db.url, `select count(*)::int as n from agenda_jobs where name = 'deadlines.sweep'`);
    expect(jobs[0].n).toBe(1); // one recurring job, however many starts
    await c.close();
  } finally {
    await db.drop();
  }
}, 90_000);
