// Black-box helpers: the real compiled server as a child process, and headless Debian chromium.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { createTestDatabase, TEST_PII_KEY } from '../server/test/harness';

const root = path.resolve(__dirname, '..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface ServerProcess {
  url: string;
  dbUrl: string;
  /** what the process printed so far (for failure messages) */
  log(): string;
  stop(): Promise<void>;
}

/** `node server/dist/main.js` on a fresh database, as an operator would run it. */
export async function startServerProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
  const db = await createTestDatabase();
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'server/dist/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: db.url,
      PII_KEY: TEST_PII_KEY,
      DEMO_TICKETS: '40',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 120 s:\n${log}`)), 120_000);
    child.stdout!.on('data', () => {
      if (log.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${log}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    dbUrl: db.url,
    log: () => log,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      await db.drop();
    },
  };
}

/** What pages of the browsers launched here printed about the Content Security Policy blocking something. */
const cspViolations: string[] = [];
const CSP_MESSAGE = /Content Security Policy|Refused to/;

// The server's CSP must fit the built UI: every browser test fails when a page hit it (a script, style, image
// or connection the policy refused). Registered here, so each test file that launches a browser gets it.
if (typeof afterEach === 'function')
  afterEach(() => {
    const seen = cspViolations.splice(0);
    if (seen.length) throw new Error(`The page hit the Content Security Policy:\n${seen.join('\n')}`);
  });

/** Headless Debian chromium (`extraArgs`: e.g. a fake microphone); its pages are watched for CSP violations. */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    // The machine has no outside network: keep chromium from trying to reach Google services.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
  // every context (browser.newPage() makes one through newContext too) reports its pages' console
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const ctx = await newContext(options);
    ctx.on('console', (m) => {
      if (CSP_MESSAGE.test(m.text())) cspViolations.push(`${m.page()?.url() ?? '?'}: ${m.text()}`);
    });
    return ctx;
  };
  return browser;
}
