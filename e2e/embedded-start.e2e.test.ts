// The path a new user takes: no DATABASE_URL, so the server starts embedded PostgreSQL with its data in a
// folder, seeds the demo centre with ~1,000 historical tickets, and keeps everything across a restart.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '../server/test/harness';

const root = path.resolve(__dirname, '..');

function start(dataDir: string, port: number, keyFile: string) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    EMBEDDED_PG_DIR: path.join(dataDir, 'pg'),
    EMBEDDED_PG_PORT: String(port + 1),
    // the development key goes to a file of its own, outside the data folder (the default is ~/.config)
    PII_KEY_FILE: keyFile,
  };
  delete env.DATABASE_URL;
  delete env.PII_KEY;
  delete env.DEMO_TICKETS;
  const child = spawn(process.execPath, [path.join(root, 'server/dist/main.js')], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 240 s:\n${log}`)), 240_000);
    child.stdout.on('data', () => log.includes('listening on') && (clearTimeout(timer), resolve()));
    child.on('exit', (code) => (clearTimeout(timer), reject(new Error(`exited ${code}:\n${log}`))));
  });
  const stop = async () => {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  return { ready, stop, log: () => log };
}

test('embedded default: demo data on first start, data and the PII key survive a restart', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-embedded-'));
  const keyFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hd-embedded-key-')), 'pii.key');
  const port = 18000 + Math.floor(Math.random() * 2000) * 2;
  const base = `http://127.0.0.1:${port}`;
  try {
    const first = start(dataDir, port, keyFile);
    await first.ready;
    const health = await (await fetch(`${base}/api/health`)).json();
    expect(health).toMatchObject({ status: 'ok', database: { ok: true } });
    const admin = await new Client(base).login('admin');
    const all = await admin.get('/api/tickets?pageSize=1');
    expect(all.body.total).toBeGreaterThanOrEqual(1000);
    for (const status of [
      'received',
      'processing',
      'pending_review',
      'pending_revisit',
      'revisit_failed',
      'closed',
      'merged',
    ]) {
      const r = await admin.get(`/api/tickets?status=${status}&pageSize=1`);
      expect([status, r.body.total > 0]).toEqual([status, true]);
    }
    for (const u of ['agent1', 'agent2', 'leader1', 'supervisor1', 'revisit1', 'dept1', 'dept2']) {
      const me = await (await new Client(base).login(u)).get('/api/auth/me');
      expect(me.body.user.username).toBe(u);
    }
    const units = (await admin.get('/api/org/units')).body.units[0].children as { type: string; children: unknown[] }[];
    expect(units.filter((u) => u.type === 'department').length).toBeGreaterThanOrEqual(15);
    expect(units.filter((u) => u.type === 'street').length).toBeGreaterThanOrEqual(20);
    const someId = (await admin.get('/api/tickets?pageSize=1')).body.items[0].id;
    const phone = (await admin.post(`/api/tickets/${someId}/reveal`, { reason: 'verify' })).body.callerPhone;
    // the key was generated outside the data folder; the superuser's password is random, not the published one
    expect(fs.existsSync(keyFile)).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'pii.key'))).toBe(false);
    expect(fs.readFileSync(path.join(dataDir, 'pg.secret'), 'utf8').trim()).not.toBe('hotline-embedded');
    expect(phone).toMatch(/^1\d{10}$/);
    await first.stop();

    const second = start(dataDir, port, keyFile);
    await second.ready;
    expect(second.log()).not.toContain('[seed]'); // the demo is not seeded twice
    const again = await new Client(base).login('admin');
    expect((await again.get('/api/tickets?pageSize=1')).body.total).toBe(all.body.total);
    // same generated key, so the stored phone still decrypts
    expect((await again.post(`/api/tickets/${someId}/reveal`, { reason: 'verify' })).body.callerPhone).toBe(phone);
    await second.stop();
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 600_000);
