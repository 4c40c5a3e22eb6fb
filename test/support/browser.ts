import AxeBuilder from '@axe-core/playwright';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import type { TestContext } from './app';

/** Debian's Chromium (`.ci/run` installs it); Playwright never downloads a browser here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Chromium as the machine allows it: headless, no sandbox (CI runs as root), and none of the
 * background networking that this closed network refuses.
 */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(resolve(__dirname, '../../web/dist/index.html'))) {
    throw new Error(
      'the portal is not built: run `npm run web:build` first (npm run test:all does)',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * The test's API listening on a port of its own, for the browser: `localhost` (not 127.0.0.1),
 * which Chromium treats as a secure origin, so the session's Secure cookies are kept.
 */
export async function portalUrl(ctx: TestContext): Promise<string> {
  const server = ctx.api.getHttpServer();
  if (!server.listening) await ctx.api.listen(0, '127.0.0.1');
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the API is not listening');
  return `http://localhost:${address.port}`;
}

/** What the page logged as an error (CSP refusals included) or threw, for a test to assert on. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

/** Serious and critical axe-core violations of the page as it is now, one line each. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** A browser context with the language preference of a user of `locale`. */
export function newContext(browser: Browser, locale: 'en' | 'ja'): Promise<BrowserContext> {
  return browser.newContext({ locale: locale === 'ja' ? 'ja-JP' : 'en-US' });
}

/** Switches the portal's language with the EN / 日本語 control in its header (or login page). */
export async function switchLanguage(page: Page, language: 'en' | 'ja'): Promise<void> {
  await page
    .locator('label', { hasText: language === 'ja' ? '日本語' : 'EN' })
    .first()
    .click();
  await page.waitForFunction(`document.documentElement.lang === '${language}'`);
}
