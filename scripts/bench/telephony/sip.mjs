// The SIP processes of the telephony benchmark: rtpengine and drachtio-server on free ports (the logic of
// e2e/sip.ts, kept small), sipp runs of the scenarios in scripts/sipp, and CPU time of a child from /proc.
import { execFileSync, spawn } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, root } from '../lib.mjs';

export const SCENARIOS = path.join(root, 'scripts', 'sipp');

function onPath(name) {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** drachtio, rtpengine and sipp (DRACHTIO_BIN / RTPENGINE_BIN / SIPP_BIN or PATH); throws naming what is missing. */
export function sipBinaries() {
  const bins = {
    drachtio: process.env.DRACHTIO_BIN || onPath('drachtio'),
    rtpengine: process.env.RTPENGINE_BIN || onPath('rtpengine'),
    sipp: process.env.SIPP_BIN || onPath('sipp'),
  };
  const missing = Object.keys(bins).filter((k) => !bins[k] || !fs.existsSync(bins[k]));
  if (missing.length)
    throw new Error(`${missing.join(', ')} not found (see docs/telephony.md: sip-tester, rtpengine-daemon, drachtio)`);
  return bins;
}

/** A port free for both UDP and TCP (SIP listens on both). */
export async function freeSipPort() {
  for (;;) {
    const port = await freePort();
    const ok = await new Promise((resolve) => {
      const u = dgram.createSocket('udp4');
      u.once('error', () => resolve(false));
      u.bind(port, '127.0.0.1', () => u.close(() => resolve(true)));
    });
    if (ok) return port;
  }
}

let cookie = 0;
/** rtpengine answers an ng `ping` with `pong`; a fresh cookie per try (it remembers cookies it has seen). */
function ngPing(port) {
  return new Promise((resolve) => {
    const u = dgram.createSocket('udp4');
    const t = setTimeout(() => (u.close(), resolve(false)), 300);
    u.on('message', (m) => (clearTimeout(t), u.close(), resolve(m.toString().includes('pong'))));
    u.on('error', () => (clearTimeout(t), u.close(), resolve(false)));
    u.send(`hdb${process.pid}x${++cookie} d7:command4:pinge`, port, '127.0.0.1');
  });
}

function tcpOpen(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => (s.end(), resolve(true)));
    s.on('error', () => resolve(false));
  });
}

/** A child process with its output kept (last 20 kB) and a stop() that ends it (SIGTERM, then SIGKILL). */
function child(bin, args, opts = {}) {
  const c = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  let out = '';
  const keep = (d) => (out = (out + d).slice(-20_000));
  c.stdout.on('data', keep);
  c.stderr.on('data', keep);
  const exited = new Promise((r) => c.once('exit', (code, signal) => r(code ?? signal)));
  return {
    proc: c,
    exited,
    log: () => out,
    async stop() {
      if (c.exitCode !== null || c.signalCode !== null) return;
      c.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    },
  };
}

async function waitFor(what, check, ms, log) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not come up in ${ms} ms:\n${log()}`);
}

/**
 * rtpengine (userspace; its own config, ng and CLI ports, so it clashes with no other rtpengine) and
 * drachtio-server (UDP/TCP SIP, admin) on free ports, in a temp dir. Stop steps go onto `cleanups`.
 */
export async function startSipStack(bins, cleanups) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-bench-sip-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const adminPort = await freePort();
  const sipPort = await freeSipPort();
  const ngPort = await freeSipPort();
  const cliPort = await freePort();
  const metricsPort = await freePort();
  // 4 ports per call (RTP + RTCP on both legs): room for a few hundred calls at once
  const rtpBase = 40000 + Math.floor(Math.random() * 10) * 2000;
  const rtp = child(bins.rtpengine, [
    '--config-file=none',
    '--foreground',
    '--interface=127.0.0.1',
    `--listen-ng=127.0.0.1:${ngPort}`,
    `--listen-cli=127.0.0.1:${cliPort}`,
    `--port-min=${rtpBase}`,
    `--port-max=${rtpBase + 1999}`,
    '--table=-1',
    '--log-stderr',
    '--log-level=4',
    '--delete-delay=0',
  ]);
  cleanups.push(() => rtp.stop());
  const conf = path.join(dir, 'drachtio.conf.xml');
  fs.writeFileSync(
    conf,
    `<drachtio>
  <admin port="${adminPort}" secret="cymru">127.0.0.1</admin>
  <sip><contacts><contact>sip:127.0.0.1:${sipPort};transport=udp,tcp</contact></contacts></sip>
  <cdrs>false</cdrs>
  <monitoring><prometheus port="${metricsPort}">127.0.0.1</prometheus></monitoring>
  <logging><console/><sofia-loglevel>1</sofia-loglevel><loglevel>warning</loglevel></logging>
</drachtio>
`,
  );
  const dr = child(bins.drachtio, ['-f', conf]);
  cleanups.push(() => dr.stop());
  await waitFor('drachtio admin port', () => tcpOpen(adminPort), 15_000, dr.log);
  await waitFor('rtpengine', () => ngPing(ngPort), 15_000, rtp.log);
  return { dir, adminPort, sipPort, ngPort, pids: { drachtio: dr.proc.pid, rtpengine: rtp.proc.pid } };
}

/**
 * One sipp run of scripts/sipp/<scenario> in its own dir under the stack's (its trace files land there),
 * bound to 127.0.0.1. `target` null: a UAS. Resolves { code, log, cwd } when sipp exits; killed after timeoutMs.
 */
export function sipp(bin, stack, scenario, args, { target = `127.0.0.1:${stack.sipPort}`, timeoutMs = 30_000 } = {}) {
  const cwd = fs.mkdtempSync(path.join(stack.dir, 'sipp-'));
  const c = child(
    bin,
    [
      '-sf',
      path.join(SCENARIOS, scenario),
      '-i',
      '127.0.0.1',
      '-nostdin',
      '-trace_err',
      ...args,
      ...(target ? [target] : []),
    ],
    { cwd },
  );
  const timer = setTimeout(() => c.proc.kill('SIGKILL'), timeoutMs);
  const done = c.exited.then((code) => {
    clearTimeout(timer);
    const errs = fs
      .readdirSync(cwd)
      .filter((f) => f.endsWith('_errors.log'))
      .map((f) => fs.readFileSync(path.join(cwd, f), 'utf8'))
      .join('\n');
    return { code, log: `${c.log().slice(-3000)}\n${errs.slice(-3000)}`, cwd };
  });
  return { done, pid: c.proc.pid, cwd, stop: c.stop };
}

/** The files of a finished sipp run whose names end with `suffix` (e.g. '_rtt.csv'), read as text. */
export function sippFiles(cwd, suffix) {
  return fs
    .readdirSync(cwd)
    .filter((f) => f.endsWith(suffix))
    .map((f) => fs.readFileSync(path.join(cwd, f), 'utf8'));
}

/** CPU seconds (user + system) a live process has used, from /proc; null once it is gone. */
export function cpuSeconds(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (USER_HZ 100 on Linux)
  } catch {
    return null;
  }
}
