#!/usr/bin/env node
// `npm test`: everything a new user (and CI) runs. Builds the product, makes sure a real browser exists,
// then runs every jest tier: unit, integration (real PostgreSQL) and e2e (real server process + chromium).
// Extra arguments go to jest, e.g. `npm test -- --selectProjects unit`.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';

const run = (cmd, args, opts = {}) => {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

const isRoot = process.getuid?.() === 0;
const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
const onPath = (name) => spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim() || null;
let aptUpdated = false;
function aptInstall(packages) {
  if (!aptUpdated) run('apt-get', ['update', '-qq']);
  aptUpdated = true;
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/**
 * SIP tests need sipp and rtpengine (Debian packages, installed here when we can) and drachtio-server,
 * which no registry has: DRACHTIO_BIN or `drachtio` on PATH (docs/telephony.md). Without it those tests
 * are skipped and say so.
 */
function ensureSipTools() {
  const missing = [];
  if (!process.env.SIPP_BIN && !onPath('sipp')) missing.push('sip-tester');
  if (!process.env.RTPENGINE_BIN && !onPath('rtpengine')) missing.push('rtpengine-daemon');
  if (missing.length && isRoot && hasApt) {
    console.log(`[test] installing ${missing.join(', ')} for the SIP tests…`);
    aptInstall(missing);
  }
  const drachtio = process.env.DRACHTIO_BIN || onPath('drachtio');
  if (!drachtio)
    console.warn('[test] drachtio-server not found (DRACHTIO_BIN or PATH): the SIP tests will be skipped.');
  return { sipp: onPath('sipp') ?? process.env.SIPP_BIN ?? '-', rtpengine: onPath('rtpengine') ?? '-', drachtio };
}

function ensureChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  const found = candidates.find((p) => fs.existsSync(p));
  if (found) return found;
  // Browser tests must run, never silently skip: install Debian's chromium when we can.
  if (isRoot && hasApt) {
    console.log('[test] chromium not found: installing Debian chromium (and CJK fonts for screenshots)…');
    aptInstall(['chromium', 'fonts-noto-cjk']);
    if (fs.existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  }
  console.error('[test] No chromium found. Install it (Debian: sudo apt-get install chromium) or set CHROMIUM_PATH.');
  process.exit(1);
}

const args = process.argv.slice(2);
const unitOnly = args.includes('unit') && args.includes('--selectProjects') && !args.includes('e2e');
let sip = null;
if (!unitOnly) {
  process.env.CHROMIUM_PATH = ensureChromium();
  sip = ensureSipTools();
  run('npm', ['run', 'build']);
}
console.log(
  `[test] node ${process.version}, ${process.env.DATABASE_URL ? 'DATABASE_URL given' : 'embedded PostgreSQL'}, chromium ${process.env.CHROMIUM_PATH ?? '-'}` +
    (sip ? `, sipp ${sip.sipp}, rtpengine ${sip.rtpengine}, drachtio ${sip.drachtio ?? 'MISSING'}` : ''),
);
try {
  // --forceExit: agenda keeps a liveness timer (half the job's lock lifetime) running after stop() for
  // each job run, which would hold the jest process open for a minute after the tests have finished.
  execFileSync('npx', ['jest', '--ci', '--forceExit', ...args], { stdio: 'inherit' });
} catch (e) {
  process.exit(e.status ?? 1);
}
