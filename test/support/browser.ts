import { source as axeSource, type AxeResults } from 'axe-core';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Browser, BrowserContext, chromium, Locator, Page } from 'playwright-core';
import common from '../../web/src/i18n/catalogs/common';
import login from '../../web/src/i18n/catalogs/login';
import type { TestContext } from './app';
import { TEST_PASSWORD } from './factories';

/** Debian's Chromium (`.ci/run` installs it); Playwright never downloads a browser here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Chromium as the machine allows it: headless, no sandbox (CI runs as root), and none of the
 * background networking that this closed network refuses.
 */
function launchChromium(): Promise<Browser> {
  if (
    !existsSync(resolve(__dirname, '../..', process.env.WEB_DIST_DIR ?? 'web/dist', 'index.html'))
  ) {
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
async function portalUrl(ctx: TestContext): Promise<string> {
  const server = ctx.api.getHttpServer();
  if (!server.listening) await ctx.api.listen(0, '127.0.0.1');
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the API is not listening');
  return `http://localhost:${address.port}`;
}

/** What the page logged as an error (CSP refusals included) or threw, for a test to assert on. */
function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

/**
 * In the page: resolves once no animation or transition runs for two frames running. A dialog
 * that just opened may not have started its fade yet (Mantine starts it a frame after mounting):
 * waiting only for the animations running at the first look would check it half transparent.
 */
async function settled(): Promise<void> {
  const { document, requestAnimationFrame } = globalThis as unknown as {
    document: {
      getAnimations(): {
        playState: string;
        finished: Promise<unknown>;
        effect: { getComputedTiming(): { endTime?: number } } | null;
      }[];
    };
    requestAnimationFrame(callback: () => void): void;
  };
  const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
  // A spinner's endless animation never finishes: only those with an end are waited for.
  const ending = (a: ReturnType<typeof document.getAnimations>[number]) =>
    a.playState === 'running' && a.effect?.getComputedTiming().endTime !== Infinity;
  for (let look = 0; look < 20; look++) {
    await frame();
    await frame();
    const running = document.getAnimations().filter(ending);
    if (running.length === 0) return;
    await Promise.race([
      Promise.all(running.map((a) => a.finished.catch(() => undefined))),
      new Promise((resolve) => setTimeout(resolve, 1_000)),
    ]);
  }
}

/** In the page: axe-core (injected already) over the whole document, its violations only. */
function runAxe(): Promise<Pick<AxeResults, 'violations'>> {
  const { axe, document } = globalThis as unknown as {
    axe: { run(context: unknown, options: object): Promise<AxeResults> };
    document: unknown;
  };
  return axe
    .run(document, { resultTypes: ['violations'] })
    .then(({ violations }) => ({ violations }));
}

/** Serious and critical axe-core violations of the page once it is still, one line each. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  // A modal fading in is half transparent: its colours are checked once its transition ended.
  await page.evaluate(settled);
  // axe runs in the page itself (the portal has no frames to merge results from), injected once
  // per document: @axe-core/playwright's builder sent its 600 kB source twice on every check,
  // which took 10 times as long as axe's run (and left a one-second timer behind).
  if (!(await page.evaluate('typeof window.axe?.run === "function"'))) {
    await page.evaluate(axeSource);
  }
  const { violations } = await page.evaluate(runAxe);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ` +
        v.nodes
          .map((n) => `${n.target.join(' ')} — ${n.failureSummary?.split('\n')[1]?.trim()}`)
          .join('; '),
    );
}

export type Language = 'en' | 'ja';

/** A new page of `context` at 1280×800, its console watched. */
/** What each open page's console and network reported (`watchConsole`), for a failed test. */
const problemsOf = new WeakMap<Page, string[]>();

async function openPage(context: BrowserContext): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  const problems = watchConsole(page);
  problemsOf.set(page, problems);
  return { page, problems };
}

/**
 * After a failed test (test/support/environment.js): each page it left open, as it was — its URL,
 * its text and what its console reported — in the test's output, where CI keeps it.
 */
async function describeAfterFailure(pages: Page[]): Promise<void> {
  if (!(globalThis as { testFailed?: boolean }).testFailed) return;
  for (const page of pages) {
    const text = await page
      .locator('body')
      .innerText({ timeout: 2_000 })
      .catch((error: unknown) => `(no text: ${String(error)})`);
    console.log(
      `A page the failed test left open: ${page.url()}\n` +
        `${text.slice(0, 2_000)}\n` +
        `console errors: ${JSON.stringify(problemsOf.get(page) ?? [])}`,
    );
  }
}

/** A browser context with the language preference of a user of `locale`. */
function newContext(browser: Browser, locale: Language): Promise<BrowserContext> {
  return browser.newContext({ locale: locale === 'ja' ? 'ja-JP' : 'en-US' });
}

/**
 * A folder where every page the tests check is also photographed (`<name>-<lang>.png`), to look
 * at the pages: `PORTAL_REVIEW_SHOTS=/tmp/shots npm run test:portal`. Unset in the suite.
 */
const REVIEW_SHOTS = process.env.PORTAL_REVIEW_SHOTS;

/** axe on the page as it is now, named so that a failure says which page it was. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  expect([name, await accessibilityViolations(page)]).toEqual([name, []]);
  if (REVIEW_SHOTS) {
    const language = await page.evaluate('document.documentElement.lang');
    mkdirSync(REVIEW_SHOTS, { recursive: true });
    await page.screenshot({ path: resolve(REVIEW_SHOTS, `${name}-${String(language)}.png`) });
  }
}

/**
 * `expectAccessible` once per distinct page or dialog (`name`) of a test file, whichever test or
 * language meets it first: a page in a state already checked is not checked again (a second each).
 */
export function expectAccessibleOnce(): (page: Page, name: string) => Promise<void> {
  const checked = new Set<string>();
  return async (page, name) => {
    if (checked.has(name)) return;
    checked.add(name);
    await expectAccessible(page, name);
  };
}

/** Whether the element has the keyboard focus. */
export const focused = (element: Locator): Promise<boolean> =>
  element.evaluate(
    (e) =>
      e ===
      (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement,
  );

/** A catalog text's `{{name}}` placeholders filled the way i18next fills them. */
export const interpolate = (template: string, values: Record<string, string | number>): string =>
  template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name]));

export interface SignInOptions {
  /** Where the browser goes first; a deep link opened while signed out comes back there. */
  path?: string;
  /** Runs on the login page before the form is filled (an axe check, a picture). */
  onLoginPage?: (page: Page) => Promise<void>;
}

/**
 * The test API's portal in Chromium. Every user signs in in a browser context of their own;
 * `closePages()` (after each test) closes them, so pages of finished tests do not keep polling the
 * API and taking the machine's two cores from the next test.
 */
export class Portal {
  private readonly contexts: BrowserContext[] = [];
  /** The contexts `signedIn` keeps until the file ends, by user and language. */
  private readonly kept = new Map<string, BrowserContext>();

  private constructor(
    private readonly browser: Browser,
    readonly base: string,
  ) {}

  static async open(ctx: TestContext): Promise<Portal> {
    return new Portal(await launchChromium(), await portalUrl(ctx));
  }

  /** A fresh page at 1280×800 in a context preferring `language`, its console watched. */
  async newPage(language: Language): Promise<{ page: Page; problems: string[] }> {
    const context = await newContext(this.browser, language);
    this.contexts.push(context);
    return openPage(context);
  }

  /** `email` signed in with the test password through the login page, in `language`. */
  async signIn(
    email: string,
    language: Language,
    { path = '/login', onLoginPage }: SignInOptions = {},
  ): Promise<{ page: Page; problems: string[] }> {
    const text = login[language];
    const { page, problems } = await this.newPage(language);
    await page.goto(`${this.base}${path}`);
    await page.getByRole('heading', { name: text.title }).waitFor();
    await onLoginPage?.(page);
    await page.getByLabel(text.email).fill(email);
    await page.getByRole('textbox', { name: text.password }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: text.submit }).click();
    await page.waitForURL((url) =>
      path === '/login' ? !url.pathname.startsWith('/login') : url.pathname + url.search === path,
    );
    return { page, problems };
  }

  /**
   * `signIn` for a user who signs in in several tests of a file: the first time through the login
   * page, in a browser context then kept until the file ends; later, a new page of that context
   * (on `path`, else the role's home page), the session restored from its refresh cookie as on a
   * reload: no new context and no login form, a second or two less on two cores. Each test still
   * has a page of its own, closed after it; only the browser's cookies and storage carry over.
   */
  async signedIn(
    email: string,
    language: Language,
    path?: string,
  ): Promise<{ page: Page; problems: string[] }> {
    const key = `${email} ${language}`;
    const context = this.kept.get(key);
    if (!context) {
      const first = await this.signIn(email, language, { path });
      const kept = first.page.context();
      this.contexts.splice(this.contexts.indexOf(kept), 1);
      this.kept.set(key, kept);
      return first;
    }
    const { page, problems } = await openPage(context);
    await page.goto(`${this.base}${path ?? '/'}`);
    await page.getByRole('button', { name: common[language].logout }).waitFor();
    if (path) await page.waitForURL((url) => url.pathname + url.search === path);
    return { page, problems };
  }

  /** Closes the test's contexts, and the pages of those kept for the file. */
  async closePages(): Promise<void> {
    const open = this.contexts.splice(0);
    const pages = [...this.kept.values()].flatMap((context) => context.pages());
    await describeAfterFailure([...open.flatMap((context) => context.pages()), ...pages]);
    await Promise.all([...open, ...pages].map((closable) => closable.close()));
  }

  async close(): Promise<void> {
    await this.closePages();
    await Promise.all([...this.kept.values()].map((context) => context.close()));
    await this.browser.close();
  }
}

/** Switches the portal's language with the EN / 日本語 control in its header (or login page). */
export async function switchLanguage(page: Page, language: 'en' | 'ja'): Promise<void> {
  await page
    .locator('label', { hasText: language === 'ja' ? '日本語' : 'EN' })
    .first()
    .click();
  // A function, not a string: a string predicate is eval()'d in the page on every poll, which the
  // portal's CSP (script-src 'self') refuses, so it only passes when the first check already holds.
  await page.waitForFunction(
    (lang) =>
      (globalThis as unknown as { document: { documentElement: { lang: string } } }).document
        .documentElement.lang === lang,
    language,
  );
}
