// Accounts and security in a real browser (issue acceptance). The server requires two-step sign-in of
// supervisors. An administrator creates a supervisor in 用户管理 and reads the one-time password off the
// dialog; the new user is held on the password change (a weak password is refused on its field), then on the
// TOTP set-up (the test computes the codes from the secret shown, as an authenticator app would), signs out
// and back in with password and code, and is thrown out to the login page within 3 s of the administrator
// disabling the account — without touching anything. An auditor finds the account's creation in the audit
// trail and verifies the chain. Screenshots of the new screens go to docs/screenshots/.
import path from 'node:path';
import { generateSync } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, deskPage, fill, shots, signIn } from './desk';
import { launchBrowser, startServerProcess, type ServerProcess } from './process';

let srv: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  [srv, browser] = await Promise.all([startServerProcess({ TOTP_REQUIRED_ROLES: 'supervisor' }), launchBrowser()]);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

const NEW_USER = 'sup_new';
const STRONG = 'Blue-Harbor-7421!';
const STEP_MS = 30_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Success toasts of the previous step would cover the header in a screenshot. */
const dropToasts = (page: Page) =>
  page.evaluate(() => document.querySelectorAll('.el-message, .el-notification').forEach((e) => e.remove()));

/** The page is no wider than the 1366 px screen (no sideways scrolling). */
async function expectFits(page: Page, what: string): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 0) throw new Error(`${what} is ${overflow}px wider than 1366`);
}

/** Opens an entry of the header's 系统管理 menu. */
async function openAdmin(page: Page, testid: string): Promise<void> {
  await page.getByTestId('nav-menu-system').click();
  await page.getByTestId(`nav-${testid}`).click();
}

/** Confirms the open ElMessageBox. */
const confirmBox = (page: Page) => page.locator('.el-message-box__btns .el-button--primary').click();

test('an administrator creates a supervisor who must change the password and set up TOTP, signs in with a code, and is signed out at once when disabled', async () => {
  // ---- (1) the administrator creates the account and reads the temporary password -----------------------
  const admin = await signIn(browser, srv.url, 'admin');
  await openAdmin(admin, 'users');
  await admin.waitForURL(/\/admin\/users/);
  await admin.getByTestId('user-row').first().waitFor();
  await expectFits(admin, 'users');
  await admin.screenshot({ path: path.join(shots, 'admin-users.png') });

  await admin.getByTestId('user-new').click();
  await fill(admin, 'user-username', NEW_USER);
  await fill(admin, 'user-display-name', '督办员 陈晨');
  await admin.locator('[data-testid="user-roles"] .el-select__wrapper').click();
  await admin.getByTestId('user-role-option-supervisor').click();
  await admin.locator('[data-testid="user-dialog"] .el-dialog__title').click(); // close the options
  await admin.getByTestId('user-save').click();
  await admin.getByTestId('secret-dialog').waitFor();
  expect(await admin.getByTestId('secret-dialog').innerText()).toContain('只显示这一次');
  const temporary = (await admin.getByTestId('temp-password').innerText()).trim();
  expect(temporary).toMatch(/^\S{16}$/);
  await admin.locator(`[data-testid="user-row"][data-username="${NEW_USER}"]`).waitFor();
  await admin.screenshot({ path: path.join(shots, 'admin-user-created.png') });
  await admin.getByTestId('secret-close').click();
  await admin.getByTestId('secret-dialog').waitFor({ state: 'hidden' });

  // ---- (2) the new user: forced password change, then forced TOTP set-up ---------------------------------
  const user = await deskPage(browser);
  await user.goto(`${srv.url}/login`);
  await fill(user, 'login-username', NEW_USER);
  await fill(user, 'login-password', temporary);
  await user.getByTestId('login-submit').click();
  await user.waitForURL(/\/account\/password/);
  expect(await user.getByTestId('required-reason').innerText()).toContain('管理员');
  // nothing else opens meanwhile: the guard brings the user back (and would go on to /tickets afterwards)
  await user.goto(`${srv.url}/tickets`);
  await user.waitForURL(/\/account\/password\?redirect=/);
  expect(await user.getByTestId('nav-tickets').count()).toBe(0);
  await user.goto(`${srv.url}/account/password`);

  await fill(user, 'password-current', temporary);
  await fill(user, 'password-new', 'abcdefgh');
  await fill(user, 'password-confirm', 'abcdefgh');
  await user.getByTestId('password-submit').click();
  await user.getByTestId('field-error-newPassword').waitFor();
  expect(await user.getByTestId('field-error-newPassword').innerText()).toMatch(/至少 10 个字符/);
  expect(user.url()).toContain('/account/password');

  await fill(user, 'password-current', temporary);
  await fill(user, 'password-new', STRONG);
  await fill(user, 'password-confirm', STRONG);
  await user.getByTestId('password-submit').click();
  await user.waitForURL(/\/account\/two-step/);
  await user.getByTestId('totp-qr').waitFor();
  expect(await user.getByTestId('totp-qr').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
  const secret = (await user.getByTestId('totp-secret').innerText()).replace(/\s+/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await user.screenshot({ path: path.join(shots, 'totp-setup.png') });
  const enrolStep = Math.floor(Date.now() / STEP_MS);
  await fill(user, 'totp-code', generateSync({ secret }));
  await user.getByTestId('totp-enable').click();
  await user.getByTestId('home').waitFor();

  // ---- (3) sign out, and in again with the password and a fresh code ------------------------------------
  await user.getByTestId('logout').click();
  await user.waitForURL(/\/login/);
  await fill(user, 'login-username', NEW_USER);
  await fill(user, 'login-password', STRONG);
  await user.getByTestId('login-submit').click();
  await user.getByTestId('login-totp').waitFor();
  // the server takes each code once: the set-up used this 30 s step's, so wait for the next one
  while (Math.floor(Date.now() / STEP_MS) <= enrolStep) await sleep(500);
  await fill(user, 'login-totp', generateSync({ secret }));
  await user.getByTestId('login-totp-submit').click();
  await user.getByTestId('home').waitFor();
  expect(await user.getByTestId('current-user').innerText()).toBe('督办员 陈晨');

  // 我的账户: two-step sign-in on, this session listed
  await user.getByTestId('nav-account').click();
  await user.getByTestId('account-page').waitFor();
  expect(await user.getByTestId('totp-state').innerText()).toBe('已开启');
  await user.locator('[data-testid="session-row"][data-current="true"]').waitFor();
  await expectFits(user, 'account');
  await user.screenshot({ path: path.join(shots, 'account.png') });

  // ---- (4) the administrator disables the account: the user's page goes to login on its own -------------
  // the list still shows the new account (filtered to it after the creation), re-read: the user's password
  // and TOTP changes made a new version of the account
  await admin.getByTestId('users-refresh').click();
  const row = admin.locator(`[data-testid="user-row"][data-username="${NEW_USER}"]`);
  await row.getByTestId('user-disable').click();
  await confirmBox(admin);
  const clicked = Date.now();
  await user.waitForURL(/\/login/, { timeout: 3000 });
  expect(Date.now() - clicked).toBeLessThan(3000);
  await admin.locator(`[data-testid="user-row"][data-username="${NEW_USER}"][data-active="false"]`).waitFor();
  // and the password no longer opens it
  await fill(user, 'login-username', NEW_USER);
  await fill(user, 'login-password', STRONG);
  await user.getByTestId('login-submit').click();
  expect(await user.getByTestId('login-error').innerText()).toContain('用户名或密码错误');
  await user.context().close();

  // ---- the administrator's other screens: security policy (one change, in its history) and keys ---------
  await openAdmin(admin, 'security-settings');
  await admin.getByTestId('security-settings-page').waitFor();
  await fill(admin, 'policy-exportLimitPerHour', '25');
  await admin.getByTestId('policy-save').click();
  await admin.getByTestId('policy-version').first().waitFor();
  expect(await admin.getByTestId('policy-history').innerText()).toContain('20 → 25');
  await expectFits(admin, 'security settings');
  await dropToasts(admin);
  await admin.screenshot({ path: path.join(shots, 'security-settings.png') });

  await openAdmin(admin, 'keys');
  await admin.getByTestId('key-row').first().waitFor();
  expect(await admin.getByTestId('keys-check-value').innerText()).toMatch(/\S{8,}/);
  await expectFits(admin, 'keys');
  await admin.screenshot({ path: path.join(shots, 'keys.png') });
  await admin.context().close();
}, 180_000);

test('an auditor finds the account creation in the audit trail and verifies the chain', async () => {
  const auditor = await signIn(browser, srv.url, 'auditor1');
  // no ticket counts on the auditor's home: the audit and the alerts instead
  expect(await auditor.locator('[data-testid^="home-count-"]').count()).toBe(0);
  await auditor.getByTestId('home-link-audit').click();
  await auditor.getByTestId('audit-page').waitFor();

  await fill(auditor, 'audit-action', 'user.create');
  await auditor.getByTestId('audit-search').click();
  const row = auditor.locator('[data-testid="audit-row"][data-action="user.create"]');
  // the page opened on the whole trail: wait for the filtered answer, one row
  await auditor.waitForFunction(() => {
    const rows = [...document.querySelectorAll('[data-testid="audit-row"]')];
    return rows.length === 1 && rows[0].getAttribute('data-action') === 'user.create';
  });
  expect(await row.innerText()).toContain('admin');
  await row.getByTestId('audit-expand').click();
  const detail = await auditor.getByTestId('audit-detail').innerText();
  expect(detail).toContain(`"username": "${NEW_USER}"`);
  expect(detail).toContain('"supervisor"');

  await auditor.getByTestId('audit-verify').click();
  const result = auditor.getByTestId('audit-verify-result');
  await result.waitFor();
  expect(await result.getAttribute('data-ok')).toBe('true');
  expect(await result.innerText()).toContain('审计链完整');
  await expectFits(auditor, 'audit');

  // every change of the account, the newest (its disabling, with before and after) opened
  await fill(auditor, 'audit-action', 'user.');
  await auditor.getByTestId('audit-search').click();
  await auditor.waitForFunction(() =>
    [...document.querySelectorAll('[data-testid="audit-row"]')].every((r) =>
      r.getAttribute('data-action')?.startsWith('user.'),
    ),
  );
  await auditor.locator('[data-testid="audit-row"][data-action="user.disable"]').waitFor();
  await auditor.locator('[data-testid="audit-row"][data-action="user.disable"]').getByTestId('audit-expand').click();
  expect(await auditor.getByTestId('audit-detail').innerText()).toContain('"active": false');
  await auditor.screenshot({ path: path.join(shots, 'audit.png') });
  await auditor.context().close();
});

test('repeated wrong passwords throttle the sign-in, alert the administrator live, and an unlock lets the user in', async () => {
  const admin = await signIn(browser, srv.url, 'admin');
  const page = await deskPage(browser);
  await page.goto(`${srv.url}/login`);
  const attempt = async () => {
    await fill(page, 'login-username', 'revisit1');
    await fill(page, 'login-password', 'not-the-password');
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/auth/login')),
      page.getByTestId('login-submit').click(),
    ]);
    return page.getByTestId('login-error').innerText();
  };
  for (let i = 0; i < 5; i++) expect(await attempt()).toBe('用户名或密码错误');
  expect(await attempt()).toMatch(/^尝试次数过多，请 \d+ 秒后再试$/);

  // the administrator's header counts the open alert as it is raised; the list names the account
  await admin.getByTestId('security-alerts-badge').click();
  const alert = admin.locator('[data-testid="alert-row"][data-kind="login_throttled"]');
  await alert.waitFor();
  expect(await alert.innerText()).toContain('revisit1');
  await expectFits(admin, 'security alerts');
  await dropToasts(admin);
  await admin.screenshot({ path: path.join(shots, 'security-alerts.png') });
  await alert.getByTestId('alert-acknowledge').click();
  await admin.getByTestId('alerts-empty').waitFor();

  // 用户管理 shows the throttled account; unlocking it lets the right password in at once
  await openAdmin(admin, 'users');
  await fill(admin, 'users-search', 'revisit1');
  const row = admin.locator('[data-testid="user-row"][data-username="revisit1"]');
  await row.getByTestId('user-unlock').click();
  await row.getByTestId('user-unlock').waitFor({ state: 'detached' });
  await fill(page, 'login-username', 'revisit1');
  await fill(page, 'login-password', DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('home').waitFor();
  await page.context().close();
  await admin.context().close();
});
