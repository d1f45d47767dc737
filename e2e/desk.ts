// What every browser test does at a desk: open a browser context the size of a seat's screen, sign in,
// find Element Plus fields by test id. One place, so a change in the login page is one change here.
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';

export const shots = path.resolve(__dirname, '../docs/screenshots');
export const DEMO_PASSWORD = 'Hotline@2026';

/** Element Plus puts a test id on the wrapper or on the <input>/<textarea> itself, depending on the component. */
export const field = (page: Page, testId: string): Locator =>
  page
    .locator(
      `[data-testid="${testId}"] input, [data-testid="${testId}"] textarea, input[data-testid="${testId}"], textarea[data-testid="${testId}"]`,
    )
    .first();

export const fill = (page: Page, testId: string, value: string): Promise<void> => field(page, testId).fill(value);

/** A 1366×768 seat screen in Beijing time, Chinese first: one per person at the centre. */
export async function deskPage(browser: Browser): Promise<Page> {
  const ctx = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  return ctx.newPage();
}

/** Fill the login form on `page` (already at /login) and wait until the app has left it. */
export async function submitLogin(page: Page, username: string): Promise<void> {
  await fill(page, 'login-username', username);
  await fill(page, 'login-password', DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** A new desk signed in as `username`, landing on `to` (default: the role's home page). */
export async function signIn(browser: Browser, base: string, username: string, to?: string): Promise<Page> {
  const page = await deskPage(browser);
  await page.goto(`${base}/login${to ? `?redirect=${encodeURIComponent(to)}` : ''}`);
  await submitLogin(page, username);
  if (to) await page.waitForURL((u) => u.pathname === to.split('?')[0]);
  else await page.getByTestId('home').waitFor();
  return page;
}
