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

function ensureChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  const found = candidates.find((p) => fs.existsSync(p));
  if (found) return found;
  // Browser tests must run, never silently skip: install Debian's chromium when we can.
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt) {
    console.log('[test] chromium not found: installing Debian chromium (and CJK fonts for screenshots)…');
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-noto-cjk'], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (fs.existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  }
  console.error('[test] No chromium found. Install it (Debian: sudo apt-get install chromium) or set CHROMIUM_PATH.');
  process.exit(1);
}

const args = process.argv.slice(2);
const unitOnly = args.includes('unit') && args.includes('--selectProjects') && !args.includes('e2e');
if (!unitOnly) {
  process.env.CHROMIUM_PATH = ensureChromium();
  run('npm', ['run', 'build']);
}
console.log(
  `[test] node ${process.version}, ${process.env.DATABASE_URL ? 'DATABASE_URL given' : 'embedded PostgreSQL'}, chromium ${process.env.CHROMIUM_PATH ?? '-'}`,
);
try {
  // --forceExit: agenda keeps a liveness timer (half the job's lock lifetime) running after stop() for
  // each job run, which would hold the jest process open for a minute after the tests have finished.
  execFileSync('npx', ['jest', '--ci', '--forceExit', ...args], { stdio: 'inherit' });
} catch (e) {
  process.exit(e.status ?? 1);
}
