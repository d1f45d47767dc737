// Working-time deadlines over HTTP with the official calendar data, admin loading of a new year, and the
// reference-data endpoints (org tree, categories with limits).
import { Client, loginAs, sql, startTestServer, type TestServer } from '../../../test/harness';
import { DEPARTMENTS, STREETS, COMMUNITY_SUFFIXES } from '../../seed/reference';

let srv: TestServer;
let agent: Client;
let admin: Client;

beforeAll(async () => {
  srv = await startTestServer();
  agent = await loginAs(srv.url, 'agent1');
  admin = await loginAs(srv.url, 'admin');
});
afterAll(() => srv.stop());

const deadline = (c: Client, start: string, params: string) =>
  c.get(`/api/calendar/deadline?start=${encodeURIComponent(start)}&${params}`);

// An invented 2027 notice (the real one is not published yet); dates checked against the weekday calendar.
const CAL_2027 = {
  year: 2027,
  source: '国务院办公厅关于2027年部分节假日安排的通知 (test fixture)',
  holidays: [
    { name: '元旦', from: '2027-01-01', to: '2027-01-03' },
    { name: '春节', from: '2027-02-05', to: '2027-02-13' },
    { name: '国庆节', from: '2027-10-01', to: '2027-10-07' },
  ],
  makeupWorkdays: ['2027-02-20', '2027-09-26', '2027-10-09'], // Sat, Sun, Sat
};

describe('GET /api/calendar/deadline', () => {
  test('3 working days from 2026-09-30 10:00 skip National Day and count the Saturday make-up day', async () => {
    // Start day never counts. 10-01..10-07 off; 10-08 Thu = 1, 10-09 Fri = 2, 10-10 Sat (调休) = 3;
    // the limit ends at 24:00 of 10-10 Shanghai = 2026-10-10T16:00Z.
    const r = await agent.get('/api/calendar/deadline?start=2026-09-30T10:00:00%2B08:00&workingDays=3');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      dueAt: '2026-10-10T16:00:00.000Z',
      limit: { value: 3, unit: 'working_days' },
      provisional: false,
    });
  });

  test('30 working hours (09:00–18:00) from the same start end at 13:00 on the make-up Saturday', async () => {
    // 09-30 10:00–18:00 = 8 h, 10-08 = 9 h (17), 10-09 = 9 h (26), 10-10 09:00 + 4 h = 13:00 +08:00.
    const r = await deadline(agent, '2026-09-30T10:00:00+08:00', 'workingHours=30');
    expect(r.status).toBe(200);
    expect(r.body.dueAt).toBe('2026-10-10T05:00:00.000Z');
    expect(r.body.limit).toEqual({ value: 30, unit: 'working_hours' });
  });

  test('no limit, two limits, or no start → 400 VALIDATION naming the fields', async () => {
    const none = await deadline(agent, '2026-09-30T10:00:00+08:00', '');
    expect(none.status).toBe(400);
    expect(none.body.error.code).toBe('VALIDATION');
    expect(none.body.error.fields.workingDays).toMatch(/exactly one/);

    const both = await deadline(agent, '2026-09-30T10:00:00+08:00', 'workingDays=3&workingHours=4');
    expect(both.status).toBe(400);
    expect(both.body.error.fields.workingDays).toMatch(/exactly one/);

    const noStart = await agent.get('/api/calendar/deadline?workingDays=3');
    expect(noStart.status).toBe(400);
    expect(Object.keys(noStart.body.error.fields)).toContain('start');
  });

  test('unauthenticated → 401', async () => {
    const r = await deadline(new Client(srv.url), '2026-09-30T10:00:00+08:00', 'workingDays=3');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('UNAUTHENTICATED');
  });
});

describe('POST /api/calendar/years', () => {
  const start2027 = '2027-09-30T10:00:00+08:00'; // a Thursday

  test('an admin loads 2027; deadlines across its National Day change at once', async () => {
    // Without 2027 data: Monday–Friday fallback, 10-01 Fri, 10-04 Mon, 10-05 Tue → 24:00 of 10-05, provisional.
    const before = await deadline(agent, start2027, 'workingDays=3');
    expect(before.body).toMatchObject({ dueAt: '2027-10-05T16:00:00.000Z', provisional: true });

    const r = await admin.post('/api/calendar/years', CAL_2027);
    expect(r.status).toBe(201);
    expect(r.body.year).toEqual(CAL_2027);

    // With it: 10-01..10-07 off, 10-08 Fri = 1, 10-09 Sat (调休) = 2, 10-11 Mon = 3 → 24:00 of 10-11.
    const after = await deadline(agent, start2027, 'workingDays=3');
    expect(after.body).toMatchObject({ dueAt: '2027-10-11T16:00:00.000Z', provisional: false });

    const stored = await sql(srv.dbUrl, 'select source, loaded_by from calendar_years where year = 2027');
    expect(stored).toEqual([{ source: CAL_2027.source, loaded_by: (await admin.get('/api/auth/me')).body.user.id }]);
    const audits = await sql(
      srv.dbUrl,
      "select action from audit_events where entity_type = 'calendar_year' and entity_id = '2027'",
    );
    expect(audits).toEqual([{ action: 'calendar.load' }]);
    const years = (await agent.get('/api/calendar/years')).body.years.map((y: { year: number }) => y.year);
    expect(years).toEqual(expect.arrayContaining([2025, 2026, 2027]));
  });

  test('a non-admin gets 403 and nothing changes', async () => {
    const r = await agent.post('/api/calendar/years', {
      ...CAL_2027,
      year: 2028,
      source: 'x',
      holidays: [],
      makeupWorkdays: [],
    });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('FORBIDDEN');
    expect(await sql(srv.dbUrl, 'select 1 from calendar_years where year = 2028')).toHaveLength(0);
  });

  test('an invalid year → 400 with every field error, nothing stored or audited', async () => {
    const r = await admin.post('/api/calendar/years', {
      year: 2028,
      source: ' ',
      holidays: [{ name: '元旦', from: '2028-01-01', to: '2028-02-30' }],
      makeupWorkdays: ['2028-01-05', '2027-12-31'],
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION');
    expect(r.body.error.fields).toEqual({
      source: 'must be a non-empty string',
      'holidays[0].to': 'must be an existing date as YYYY-MM-DD',
      'makeupWorkdays[0]': 'must be a Saturday or Sunday', // 2028-01-05 is a Wednesday
      'makeupWorkdays[1]': 'must be inside 2028',
    });
    expect(await sql(srv.dbUrl, 'select 1 from calendar_years where year = 2028')).toHaveLength(0);
    expect(
      await sql(srv.dbUrl, "select 1 from audit_events where entity_type = 'calendar_year' and entity_id = '2028'"),
    ).toHaveLength(0);
    // the 2028 fallback is still plain Monday–Friday
    expect((await deadline(agent, '2028-01-03T10:00:00+08:00', 'workingDays=1')).body.provisional).toBe(true);
  });
});

describe('reference data', () => {
  type Unit = { id: number; parentId: number | null; type: string; code: string; name: string; children: Unit[] };

  test('GET /api/org/units: the centre at the root with departments and streets with communities', async () => {
    const r = await agent.get('/api/org/units');
    expect(r.status).toBe(200);
    const roots: Unit[] = r.body.units;
    expect(roots).toHaveLength(1);
    const [centre] = roots;
    expect(centre).toMatchObject({ type: 'centre', code: 'centre' });
    const depts = centre.children.filter((u) => u.type === 'department');
    const streets = centre.children.filter((u) => u.type === 'street');
    expect(depts).toHaveLength(DEPARTMENTS.length);
    expect(depts.length).toBeGreaterThanOrEqual(15);
    expect(streets).toHaveLength(STREETS.length);
    expect(streets.length).toBeGreaterThanOrEqual(20);
    expect(depts.map((d) => d.code)).toEqual(expect.arrayContaining(['cgw', 'zjw']));
    // the demo seeds 3–5 communities per street
    for (const s of streets) {
      expect(s.children.length).toBeGreaterThanOrEqual(3);
      expect(s.children.length).toBeLessThanOrEqual(COMMUNITY_SUFFIXES.length);
      for (const c of s.children) expect(c).toMatchObject({ type: 'community', parentId: s.id });
    }
    // sub-units hang under their department, not at the top
    const cgw = depts.find((d) => d.code === 'cgw')!;
    expect(cgw.children.map((u) => u.code)).toEqual(expect.arrayContaining(['cgw-zfd', 'cgw-hwz']));
    expect((await new Client(srv.url).get('/api/org/units')).status).toBe(401);
  });

  test('GET /api/categories: six top-level kinds, each with limits per urgency, inherited by children', async () => {
    const r = await agent.get('/api/categories');
    expect(r.status).toBe(200);
    type Cat = {
      code: string;
      kind: string;
      parentId: number | null;
      limits: Record<string, { close: { value: number; unit: string } } | null>;
      children: Cat[];
    };
    const top: Cat[] = r.body.categories;
    expect(top.map((c) => c.kind).sort()).toEqual(['complaint', 'consult', 'help', 'praise', 'report', 'suggestion']);
    for (const c of top) {
      expect(c.parentId).toBeNull();
      expect(Object.keys(c.limits).sort()).toEqual(['critical', 'normal', 'urgent']);
      for (const u of ['normal', 'urgent', 'critical'])
        expect(c.limits[u]).toMatchObject({
          sign: expect.any(Object),
          feedback: expect.any(Object),
          close: expect.any(Object),
        });
      expect(c.children.length).toBeGreaterThan(0);
    }
    const complaint = top.find((c) => c.code === 'complaint')!;
    expect(complaint.limits.normal!.close).toEqual({ value: 7, unit: 'working_days' });
    const noise = complaint.children.find((c) => c.code === 'complaint-noise')!;
    const sanitation = complaint.children.find((c) => c.code === 'complaint-sanitation')!;
    expect(noise.limits.normal!.close).toEqual({ value: 5, unit: 'working_days' }); // its own override
    expect(noise.limits.urgent).toEqual(complaint.limits.urgent); // inherited
    expect(sanitation.limits).toEqual(complaint.limits);
  });
});
