// Real SIP parts for black-box tests: drachtio-server, rtpengine and sipp as child processes.
// drachtio is not on any package registry: the tests find it through DRACHTIO_BIN or `drachtio` on PATH and
// are skipped, naming what is missing, when it (or rtpengine / sipp) is not installed.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const SCENARIOS = path.resolve(__dirname, '../scripts/sipp');

function onPath(name: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

export function sipBinaries() {
  const found = {
    drachtio: process.env.DRACHTIO_BIN || onPath('drachtio'),
    rtpengine: process.env.RTPENGINE_BIN || onPath('rtpengine'),
    sipp: process.env.SIPP_BIN || onPath('sipp'),
  };
  const missing = Object.entries(found)
    .filter(([, p]) => !p || !fs.existsSync(p))
    .map(([name]) => name);
  return { ...(found as Record<keyof typeof found, string>), missing };
}

export async function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** A port free for both UDP and TCP (SIP listens on both). */
export async function freeSipPort(): Promise<number> {
  for (;;) {
    const port = await freeTcpPort();
    const ok = await new Promise<boolean>((resolve) => {
      const u = dgram.createSocket('udp4');
      u.once('error', () => resolve(false));
      u.bind(port, '127.0.0.1', () => u.close(() => resolve(true)));
    });
    if (ok) return port;
  }
}

/**
 * rtpengine answers an ng `ping` (bencoded, after a cookie) with `pong`. A fresh cookie per try: rtpengine
 * remembers cookies to absorb retransmissions, and a ping that arrived during its start-up can leave its
 * cookie pending, so repeating it would never be answered.
 */
let cookie = 0;
function ngPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const u = dgram.createSocket('udp4');
    const t = setTimeout(() => (u.close(), resolve(false)), 300);
    u.on('message', (m) => (clearTimeout(t), u.close(), resolve(m.toString().includes('pong'))));
    u.on('error', () => (clearTimeout(t), u.close(), resolve(false)));
    u.send(`hd${process.pid}x${++cookie} d7:command4:pinge`, port, '127.0.0.1');
  });
}

function stopper(child: ChildProcess) {
  return async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, ms: number, log: () => string) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not come up in ${ms} ms:\n${log()}`);
}

export interface SipStack {
  dir: string;
  adminPort: number;
  sipPort: number;
  wsPort: number;
  ngPort: number;
  stop(): Promise<void>;
}

/** rtpengine (userspace, ng on a free port) and drachtio-server (UDP/TCP SIP, ws, admin) on free ports. */
export async function startSipStack(bins: { drachtio: string; rtpengine: string }): Promise<SipStack> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-sip-'));
  const [adminPort, sipPort, wsPort, ngPort, metricsPort, cliPort] = [
    await freeTcpPort(),
    await freeTcpPort(),
    await freeSipPort(),
    await freeTcpPort(),
    await freeSipPort(),
    await freeTcpPort(),
  ];
  fs.mkdirSync(path.join(dir, 'recordings'), { recursive: true });
  const rtpBase = 40000 + Math.floor(Math.random() * 200) * 100;
  let rtpLog = '';
  const rtp = spawn(
    bins.rtpengine,
    [
      // not /etc/rtpengine/rtpengine.conf: its fixed ports (2223–2225) clash with any other rtpengine
      '--config-file=none',
      '--foreground',
      '--interface=127.0.0.1',
      `--listen-ng=127.0.0.1:${ngPort}`,
      // its own CLI port too: the default (2224) is taken by any other rtpengine on the machine
      `--listen-cli=127.0.0.1:${cliPort}`,
      `--port-min=${rtpBase}`,
      `--port-max=${rtpBase + 99}`,
      '--table=-1',
      '--log-stderr',
      '--log-level=5',
      // finalise a deleted call at once: a recorded call left in memory crashes rtpengine 10.5 on shutdown
      '--delete-delay=0',
      `--recording-dir=${path.join(dir, 'recordings')}`,
      '--recording-method=pcap',
    ],
    // cwd in the temp dir: rtpengine 10.5 can dump core when stopped with a recorded call in memory
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  rtp.stdout!.on('data', (d) => (rtpLog += d));
  rtp.stderr!.on('data', (d) => (rtpLog += d));
  rtp.on('exit', (code, signal) => (rtpLog += `\n[rtpengine exited: ${code ?? signal}]`));

  const conf = path.join(dir, 'drachtio.conf.xml');
  fs.writeFileSync(
    conf,
    `<drachtio>
  <admin port="${adminPort}" secret="cymru">127.0.0.1</admin>
  <sip>
    <contacts>
      <contact>sip:127.0.0.1:${sipPort};transport=udp,tcp</contact>
      <contact>sip:127.0.0.1:${wsPort};transport=ws</contact>
    </contacts>
  </sip>
  <cdrs>false</cdrs>
  <monitoring><prometheus port="${metricsPort}">127.0.0.1</prometheus></monitoring>
  <logging><console/><sofia-loglevel>3</sofia-loglevel><loglevel>info</loglevel></logging>
</drachtio>
`,
  );
  let drLog = '';
  const dr = spawn(bins.drachtio, ['-f', conf], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  dr.stdout!.on('data', (d) => (drLog += d));
  dr.stderr!.on('data', (d) => (drLog += d));
  const stopRtp = stopper(rtp);
  const stopDr = stopper(dr);
  try {
    await waitFor(
      'drachtio admin port',
      () =>
        new Promise<boolean>((resolve) => {
          const s = net.connect(adminPort, '127.0.0.1', () => (s.end(), resolve(true)));
          s.on('error', () => resolve(false));
        }),
      15_000,
      () => drLog,
    );
    await waitFor(
      'rtpengine',
      () => ngPing(ngPort),
      15_000,
      () => rtpLog,
    );
  } catch (e) {
    await Promise.all([stopRtp(), stopDr()]);
    throw e;
  }
  return {
    dir,
    adminPort,
    sipPort,
    wsPort,
    ngPort,
    async stop() {
      await Promise.all([stopDr(), stopRtp()]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface SippRun {
  done: Promise<{ code: number | null; log: string }>;
  kill(): void;
}

/** One sipp run of a scenario in scripts/sipp against the stack; resolves with its exit code. */
export function sipp(bin: string, stack: SipStack, scenario: string, args: string[], timeoutMs = 30_000): SippRun {
  const cwd = fs.mkdtempSync(path.join(stack.dir, 'sipp-'));
  const child = spawn(
    bin,
    ['-sf', path.join(SCENARIOS, scenario), '-m', '1', '-nostdin', '-trace_err', ...args, `127.0.0.1:${stack.sipPort}`],
    { cwd, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const done = new Promise<{ code: number | null; log: string }>((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      const errs = fs
        .readdirSync(cwd)
        .filter((f) => f.endsWith('_errors.log'))
        .map((f) => fs.readFileSync(path.join(cwd, f), 'utf8'))
        .join('\n');
      resolve({ code, log: `${log.slice(-2000)}\n${errs.slice(-2000)}` });
    }),
  );
  return { done, kill: () => child.kill('SIGKILL') };
}

export interface NgParty {
  medias: { protocol: string; flags: string[]; streams: { flags: string[]; stats: { packets: number } }[] }[];
}

/** rtpengine's ng `query`: per-party media counters of a call (rtpengine-client ships no types). */
export async function ngQuery(port: number, callId: string): Promise<unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Client } = require('rtpengine-client') as {
    Client: new (o: { timeout: number }) => {
      query(dest: { host: string; port: number }, opts: Record<string, unknown>): Promise<unknown>;
      close(): void;
    };
  };
  const c = new Client({ timeout: 3000 });
  try {
    return await c.query({ host: '127.0.0.1', port }, { 'call-id': callId });
  } finally {
    c.close();
  }
}
