import request from 'supertest';
import { createTestApp, TestContext } from '../support/app';
import { accessibilityViolations, Portal, switchLanguage } from '../support/browser';
import { createCity, createUser, TEST_PASSWORD } from '../support/factories';

/** The portal's shell in a real browser (issue 15): serving, login, session, language, CSP. */
describe('portal shell (Chromium)', () => {
  let ctx: TestContext;
  let portal: Portal;
  let base: string;
  let email: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    portal = await Portal.open(ctx);
    base = portal.base;
    const city = await createCity(ctx, { country: 'JP', nameEn: 'Yokohama' });
    email = (await createUser(ctx, { role: 'city_user', cityId: city.id, locale: 'en' })).email;
  });
  afterEach(() => portal.closePages());
  afterAll(async () => {
    await portal?.close();
    await ctx?.close();
  });

  it('serves the app at any portal path, never in place of the API or the operational routes', async () => {
    const page = await request(base).get('/applications/some-id').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const csp = page.headers['content-security-policy'] as string;
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(page.text).toContain(`<meta name="csp-nonce" content="${nonce}"`);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    for (const path of ['/api/v1/nope', '/health/nope', '/metrics/nope', '/admin/nope']) {
      const res = await request(base).get(path);
      expect([path, res.status, res.headers['content-type']]).toEqual([
        path,
        404,
        expect.stringMatching(/^application\/problem\+json/),
      ]);
    }
    const other = await request(base).get('/applications/other-id').expect(200);
    expect(other.headers['content-security-policy']).not.toBe(csp);
  });

  it('logs in by keyboard alone, keeps the session over a reload, switches language, logs out', async () => {
    const { page, problems } = await portal.newPage('en');
    const context = page.context();

    // A deep link while signed out goes to the login page, and back after signing in.
    await page.goto(`${base}/partnerships`);
    await page.waitForURL(/\/login\?next=%2Fpartnerships/);
    // The login page's axe check is the last test's (the same page, before it is spoiled).
    await page.getByLabel('E-mail').focus();
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/partnerships`);
    await page.getByRole('navigation').getByRole('link', { name: 'Applications' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // The access token is in memory only; a reload restores the session from the cookie.
    const stored = await page.evaluate('JSON.stringify({ ...localStorage })');
    expect(String(stored)).not.toMatch(/eyJ/);
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'sdg_refresh')).toMatchObject({
      httpOnly: true,
      secure: true,
      sameSite: 'Strict',
      path: '/api/v1/auth/session',
    });
    await page.reload();
    await page.getByRole('navigation').getByRole('link', { name: 'Applications' }).waitFor();

    await switchLanguage(page, 'ja');
    await page.getByRole('navigation').getByRole('link', { name: '申請' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.waitForURL(/\/login/);
    await page.getByRole('heading', { name: 'ログイン' }).waitFor();
    await page.goto(`${base}/applications`);
    await page.waitForURL(/\/login/);
    expect((await context.cookies()).find((c) => c.name === 'sdg_refresh')).toBeUndefined();

    expect(problems).toEqual([]);
  });

  it('shows a refused login as the problem the API sent, in the page language', async () => {
    const { page } = await portal.newPage('ja');
    await page.goto(`${base}/login`);
    await page.getByLabel('メールアドレス').fill(email);
    await page.getByRole('textbox', { name: 'パスワード' }).fill('not the password at all');
    await page.getByRole('button', { name: 'ログイン' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('認証');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('finds what axe must refuse on a page, so that a clean check means something', async () => {
    const { page } = await portal.newPage('en');
    await page.goto(`${base}/login`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    // Styled through the DOM: the CSP refuses style attributes in markup.
    await page.evaluate(`{
      const main = document.querySelector('main');
      main.append(Object.assign(document.createElement('button'), { id: 'nameless' }));
      const faint = Object.assign(document.createElement('p'), { id: 'faint', textContent: 'faint' });
      Object.assign(faint.style, { color: '#ccc', background: '#fff' });
      main.append(faint);
    }`);
    expect(await accessibilityViolations(page)).toEqual([
      expect.stringMatching(/^button-name \(critical\): #nameless/),
      expect.stringMatching(/^color-contrast \(serious\): #faint/),
    ]);
  });
});
