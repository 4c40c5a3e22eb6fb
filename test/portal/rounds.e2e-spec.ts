import type { Locator, Page } from 'playwright-core';
import request from 'supertest';
import { ERROR_CODES } from '../../src/common/errors/app-error';
import type { User } from '../../src/users/user.entity';
import common from '../../web/src/i18n/catalogs/common';
import rounds from '../../web/src/i18n/catalogs/rounds';
import { type Currency, formatMoney } from '../../web/src/money';
import { formatInstant } from '../../web/src/time';
import { createTestApp, TestContext } from '../support/app';
import { expectAccessible, interpolate as fill, Language, Portal } from '../support/browser';
import {
  createCity,
  createPartnership,
  createRound,
  createUser,
  insertPaidOut,
  tokenFor,
} from '../support/factories';

// Browser steps: each test signs a user in and walks several pages (the first, 4 pages and 3
// dialogs with axe; on a machine shared with other suites it takes over a minute).
jest.setTimeout(120_000);

/** What Chromium logs for a response the page expected to be refused (4xx), and nothing else. */
const refused = (status: number) =>
  expect.stringMatching(new RegExp(`^Failed to load resource: .*status of ${status}\\b`));

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The texts that describe a field (its hint and its error), as a screen reader reads them. */
async function descriptionOf(page: Page, field: Locator): Promise<string> {
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts: string[] = [];
  for (const id of ids) texts.push(await page.locator(`[id="${id}"]`).innerText());
  return squash(texts.join(' '));
}

/** `2026-12-01` `days` days from now on Japan's calendar. */
const japanDay = (days: number) =>
  new Date(Date.now() + 9 * 3600_000 + days * 86400_000).toISOString().slice(0, 10);

/** The page's globals, as the functions run in it see them (the test's own lib has no DOM). */
interface InPage {
  document: { activeElement: { getAttribute(name: string): string | null } | null };
}

const PACIFIC = 'America/Los_Angeles';
/** Axe once per distinct page or dialog (a second each), whichever language meets it first. */
const checked = new Set<string>();
const check = async (page: Page, name: string) => {
  if (checked.has(name)) return;
  checked.add(name);
  await expectAccessible(page, name);
};

/**
 * The program office's rounds pages (issue 16) in Chromium against the API on PostgreSQL, in each
 * language with a database of its own: a round created in the browser (amounts typed in yen and
 * dollars, a rubric, tranches, a report), its budget per currency, opened, closed and archived,
 * each step checked in PostgreSQL; the refusals (the form's own, a code already taken, an
 * incomplete draft, a round someone else closed first) shown in the user's language; a city user
 * finding no draft and no budget. Every page is checked with axe and for console errors.
 */
describe.each<Language>(['en', 'ja'])('rounds pages in %s (Chromium, API)', (language) => {
  const r = rounds[language];
  const c = common[language];
  const money = (minor: number, currency: Currency) => formatMoney(minor, currency, language);

  let ctx: TestContext;
  let portal: Portal;
  /** Signs in to two tests, in a browser kept for the file (`Portal.signedIn`). */
  let officer: User;
  let officerAuth: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    portal = await Portal.open(ctx);
    const yokohama = await createCity(ctx, { country: 'JP', nameEn: 'Yokohama', nameJa: '横浜市' });
    const sanDiego = await createCity(ctx, {
      country: 'US',
      nameEn: 'San Diego',
      timezone: PACIFIC,
    });
    await createPartnership(ctx, yokohama, sanDiego);
    officer = await createUser(ctx, { role: 'program_officer', locale: language });
    officerAuth = `Bearer ${tokenFor(ctx, officer)}`;
  });
  afterEach(() => portal.closePages());
  afterAll(async () => {
    await portal?.close();
    await ctx?.close();
  });

  const roundOf = async (code: string) =>
    (
      await ctx.db.query(
        `SELECT id, status, title, opens_at AS "opensAt", closes_at AS "closesAt", rubric,
                reviewers_per_application AS "reviewers", tranche_schedule AS "tranches",
                reports_required AS "reports"
           FROM rounds WHERE code = $1`,
        [code],
      )
    )[0];
  const budgetsOf = async (roundId: string) =>
    ctx.db.query(
      `SELECT currency, amount_minor::int AS "amountMinor", max_award_minor::int AS "maxAwardMinor"
         FROM round_budgets WHERE round_id = $1 ORDER BY currency`,
      [roundId],
    );
  const statusOf = async (id: string) =>
    (await ctx.db.query('SELECT status FROM rounds WHERE id = $1', [id]))[0].status as string;

  /** The budget view's card of one currency, as its labels and values, once it has loaded. */
  const budgetCard = async (page: Page, currency: Currency) => {
    const card = page.locator(`[data-currency="${currency}"]`);
    // The budget is read after the round (a query of its own): its card comes once it is in.
    await card.locator('dd').first().waitFor();
    const labels = await card.locator('dt').allInnerTexts();
    const values = await card.locator('dd').allInnerTexts();
    return Object.fromEntries(labels.map((label, i) => [label, values[i]]));
  };

  /** The status badge under the round's heading says `status`. */
  const showsStatus = (page: Page, status: keyof typeof r.status) =>
    page.locator('main .mantine-Badge-root').getByText(r.status[status], { exact: true }).waitFor();

  it('creates a round (yen and dollars, rubric, tranches, report), sees its budget per currency, opens, closes and archives it', async () => {
    const code = `SDG-${language.toUpperCase()}-2027`;
    const taken = `TAKEN-${language}`;
    await createRound(ctx, { code: taken, status: 'draft' });
    const title = {
      en: `Sister-city youth exchange (${language})`,
      ja: `姉妹都市青少年交流（${language}）`,
    };
    const opensOn = japanDay(1);
    const closesOn = japanDay(30);
    const { page, problems } = await portal.signedIn(officer.email, language);

    await page
      .getByRole('navigation')
      .getByRole('link', { name: c.nav.rounds, exact: true })
      .click();
    await page.getByRole('heading', { level: 2, name: r.list.title }).waitFor();
    await page.getByLabel(r.list.filter).selectOption('open');
    await page.getByText(r.list.emptyFiltered).waitFor();
    await check(page, 'rounds-empty');

    await page.getByRole('link', { name: r.list.new }).click();
    await page.getByRole('heading', { level: 2, name: r.form.newTitle }).waitFor();
    const codeField = page.getByRole('textbox', { name: r.form.code, exact: true });
    // Submitted by the keyboard, empty: the page's own errors under the fields, nothing sent.
    await codeField.press('Enter');
    await page.getByText(c.errors.fields).waitFor();
    expect(await codeField.getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf(page, codeField)).toContain(r.form.errors.required);
    expect(await descriptionOf(page, page.getByLabel(r.form.title_en, { exact: true }))).toContain(
      r.form.errors.oneLanguage,
    );
    expect(await descriptionOf(page, page.getByLabel(r.form.closesAt))).toContain(
      r.form.errors.required,
    );
    // The first invalid field has the focus.
    expect(
      await codeField.evaluate(
        (el) => el === (globalThis as unknown as InPage).document.activeElement,
      ),
    ).toBe(true);
    await check(page, 'round-form-invalid');

    await codeField.fill(taken);
    await page.getByLabel(r.form.title_en, { exact: true }).fill(title.en);
    await page.getByLabel(r.form.title_ja, { exact: true }).fill(title.ja);
    await page.getByLabel(r.form.opensAt).fill(`${opensOn}T09:00`);
    await page.getByLabel(r.form.closesAt).fill(`${closesOn}T17:00`);
    const closesAt = `${closesOn}T08:00:00.000Z`;
    // The deadline typed in Japan time, shown on the US partner's clock too.
    await page.getByText(formatInstant(closesAt, PACIFIC, language)).waitFor();
    const moneyField = (kind: 'budgetIn' | 'maxAwardIn', currency: Currency) =>
      page.getByLabel(fill(r.money[kind], { currency: r.currency[currency] }), { exact: true });
    // A Japanese keyboard types full-width digits and commas: they are digits all the same.
    await moneyField('budgetIn', 'JPY').fill(
      language === 'ja' ? '１５，０００，０００' : '15,000,000',
    );
    await moneyField('maxAwardIn', 'JPY').fill('1,500,000');
    await moneyField('budgetIn', 'USD').fill('100,000.50');
    // Above the budget: refused on the field before anything is sent.
    await moneyField('maxAwardIn', 'USD').fill('200000');
    const cell = (row: string, n: number, column: string) =>
      page.getByLabel(fill(r.form.cell, { row, n, column }), { exact: true });
    const criterion = (n: number, column: string) => cell(r.rubric.criterion, n, column);
    await criterion(1, r.rubric.labelEn).fill('Impact');
    await criterion(1, r.rubric.labelJa).fill('交流の効果');
    await criterion(1, r.rubric.weight).fill('2');
    await page.getByRole('button', { name: r.rubric.add }).click();
    // The new criterion's first field takes the focus.
    await page.waitForFunction(
      (label) =>
        (globalThis as unknown as InPage).document.activeElement?.getAttribute('aria-label') ===
        label,
      fill(r.form.cell, { row: r.rubric.criterion, n: 2, column: r.rubric.labelEn }),
    );
    await page.keyboard.type('Feasibility');
    await criterion(2, r.rubric.labelJa).fill('実現可能性');
    await criterion(2, r.rubric.maxScore).fill('１０');
    await page.getByLabel(r.form.reviewers).fill('2');
    await cell(r.reports.report, 1, r.reports.dueOn).fill('2027-12-31');
    await page.getByRole('button', { name: r.form.create }).click();
    const overBudget = fill(r.form.errors.overBudget, { budget: money(10_000_050, 'USD') });
    await page.getByText(overBudget).waitFor();
    const usdMax = moneyField('maxAwardIn', 'USD');
    expect(await descriptionOf(page, usdMax)).toContain(overBudget);
    expect(await roundOf(code)).toBeUndefined();
    await usdMax.fill('10,000');

    // The code is another round's: the API's refusal, under the field, in the user's language.
    await page.getByLabel(r.form.title_en, { exact: true }).press('Enter');
    await page.getByText(fill(r.form.errors.codeTaken, { code: taken })).waitFor();
    expect(await codeField.getAttribute('aria-invalid')).toBe('true');
    expect(await roundOf(code)).toBeUndefined();
    await codeField.fill(code);
    await codeField.press('Enter');

    await page.waitForURL(/\/rounds\/[0-9a-f-]{36}$/);
    const roundId = page.url().split('/').pop() as string;
    await page.getByRole('heading', { level: 2, name: title[language] }).waitFor();
    await showsStatus(page, 'draft');
    await page.getByText(r.opening.ready).waitFor();
    expect(await roundOf(code)).toEqual({
      id: roundId,
      status: 'draft',
      title,
      opensAt: new Date(`${opensOn}T09:00:00+09:00`),
      closesAt: new Date(closesAt),
      rubric: [
        { key: 'impact', label: { en: 'Impact', ja: '交流の効果' }, weight: 2, maxScore: 5 },
        {
          key: 'feasibility',
          label: { en: 'Feasibility', ja: '実現可能性' },
          weight: 1,
          maxScore: 10,
        },
      ],
      reviewers: 2,
      tranches: [
        { key: 'first', percent: 50, releaseOn: 'award' },
        { key: 'final', percent: 50, releaseOn: 'final_report_accepted' },
      ],
      reports: [{ kind: 'final', dueOn: '2027-12-31' }],
    });
    expect(await budgetsOf(roundId)).toEqual([
      { currency: 'JPY', amountMinor: 15_000_000, maxAwardMinor: 1_500_000 },
      { currency: 'USD', amountMinor: 10_000_050, maxAwardMinor: 1_000_000 },
    ]);

    // Each currency on its own: budget, committed, disbursed, remaining (never a yen+dollar sum).
    const b = r.budget;
    expect(await budgetCard(page, 'JPY')).toEqual({
      [b.budget]: money(15_000_000, 'JPY'),
      [b.committed]: money(0, 'JPY'),
      [b.disbursed]: money(0, 'JPY'),
      [b.remaining]: money(15_000_000, 'JPY'),
      [b.maxAward]: money(1_500_000, 'JPY'),
    });
    expect(await budgetCard(page, 'USD')).toEqual({
      [b.budget]: money(10_000_050, 'USD'),
      [b.committed]: money(0, 'USD'),
      [b.disbursed]: money(0, 'USD'),
      [b.remaining]: money(10_000_050, 'USD'),
      [b.maxAward]: money(1_000_000, 'USD'),
    });
    await page
      .getByText(formatInstant(closesAt, 'Asia/Tokyo', language))
      .first()
      .waitFor();
    await page
      .getByText(formatInstant(closesAt, PACIFIC, language))
      .first()
      .waitFor();
    await check(page, 'round-draft');

    // Committed and paid out by awards (the awards' own pages are elsewhere): shown per currency.
    await ctx.db.query(
      `UPDATE round_budgets SET committed_minor = 2500000 WHERE round_id = $1 AND currency = 'JPY'`,
      [roundId],
    );
    await insertPaidOut(ctx, { id: roundId }, 'JPY', 1_000_000);

    const dialog = page.getByRole('dialog');
    const step = async (action: 'open' | 'close' | 'archive', status: keyof typeof r.status) => {
      await page.getByRole('button', { name: r.transition[action].button, exact: true }).click();
      await dialog.getByText(r.transition.final).waitFor();
      await check(page, `${action}-dialog`);
      await dialog.getByRole('button', { name: r.transition[action].confirm }).click();
      await dialog.waitFor({ state: 'detached' });
      await showsStatus(page, status);
      await page.getByText(r.page.statusHelp[status]).waitFor();
      expect(await statusOf(roundId)).toBe(status);
    };
    await step('open', 'open');
    await page.getByRole('link', { name: r.page.ranking }).waitFor();
    expect(await page.getByRole('link', { name: r.page.applications }).getAttribute('href')).toBe(
      `/office/applications?roundId=${roundId}`,
    );
    // Read again after the transition: what the awards committed meanwhile shows.
    await page
      .locator('[data-currency="JPY"] dd')
      .getByText(money(2_500_000, 'JPY'), { exact: true })
      .waitFor();
    expect(await budgetCard(page, 'JPY')).toMatchObject({
      [b.committed]: money(2_500_000, 'JPY'),
      [b.disbursed]: money(1_000_000, 'JPY'),
      [b.remaining]: money(12_500_000, 'JPY'),
    });
    expect(await budgetCard(page, 'USD')).toMatchObject({
      [b.remaining]: money(10_000_050, 'USD'),
    });
    await check(page, 'round-open');
    await step('close', 'closed');
    await step('archive', 'archived');
    expect(await page.getByRole('link', { name: r.page.edit, exact: true }).count()).toBe(0);

    // The list, filtered to archived rounds, has it with its budgets.
    await page.getByRole('link', { name: r.page.back }).click();
    await page.getByLabel(r.list.filter).selectOption('archived');
    const table = page.getByRole('table', { name: r.list.caption });
    await table.getByRole('link', { name: title[language] }).waitFor();
    const row = table.getByRole('row').filter({ hasText: code });
    await row.getByText(r.status.archived, { exact: true }).waitFor();
    await row.getByText(money(10_000_050, 'USD')).waitFor();
    await check(page, 'rounds-list');
    // The one refusal the test provoked (the taken code), and nothing else.
    expect(problems).toEqual([refused(409)]);
  });

  // The refusals are shown in Japanese (the API translates them), the city user's view in
  // English: each once, to keep the suite's time.
  if (language === 'ja')
    it('explains the API’s refusals: an incomplete draft cannot open, a round closed meanwhile cannot be closed again', async () => {
      const draft = await request(ctx.http)
        .post('/api/v1/rounds')
        .set('Authorization', officerAuth)
        .send({
          code: `BARE-${language}`,
          title: { en: 'Bare draft', ja: '未設定の下書き' },
          opensAt: '2020-01-01T09:00:00+09:00',
          closesAt: '2020-02-01T09:00:00+09:00',
          trancheSchedule: [{ key: 'only', percent: 60, releaseOn: 'interim_report_accepted' }],
        })
        .expect(201);
      const open = await createRound(ctx, { code: `OPEN-${language}` });
      const { page, problems } = await portal.signedIn(
        officer.email,
        language,
        `/rounds/${draft.body.id}`,
      );
      const o = r.opening;
      const missing = [
        o.budgets,
        o.rubric,
        fill(o.tranches, { sum: 60 }),
        o.reports.interim,
        o.closesAt,
      ];
      const warning = page.locator('.mantine-Alert-root').filter({ hasText: o.notReady });
      for (const text of missing) await warning.getByText(text, { exact: true }).waitFor();

      await page.getByRole('button', { name: r.transition.open.button }).click();
      await page
        .getByRole('dialog')
        .getByRole('button', { name: r.transition.open.confirm })
        .click();
      const refusal = page.getByRole('alert').filter({ hasText: o.refused });
      await refusal.getByText(ERROR_CODES.rule_violation[language], { exact: true }).waitFor();
      for (const text of missing) await refusal.getByText(text, { exact: true }).waitFor();
      await showsStatus(page, 'draft');
      expect(await statusOf(draft.body.id)).toBe('draft');
      await check(page, 'round-open-refused');

      // Another officer closes the open round first (over the API); this page still offers "Close".
      await page.goto(`${portal.base}/rounds/${open.id}`);
      await showsStatus(page, 'open');
      await request(ctx.http)
        .post(`/api/v1/rounds/${open.id}/close`)
        .set('Authorization', officerAuth)
        .expect(200);
      await page.getByRole('button', { name: r.transition.close.button }).click();
      await page
        .getByRole('dialog')
        .getByRole('button', { name: r.transition.close.confirm })
        .click();
      const stale = page
        .getByRole('alert')
        .filter({ hasText: ERROR_CODES.invalid_state[language] });
      await stale
        .getByText(
          language === 'ja'
            ? '募集回が「締切済み」のため、この操作はできません'
            : 'Cannot close a round whose status is closed',
        )
        .waitFor();
      await page.getByText(r.page.movedElsewhere).waitFor();
      // The page now shows the round as it is: closed, its next step archiving.
      await showsStatus(page, 'closed');
      await page.getByRole('button', { name: r.transition.archive.button }).waitFor();
      expect(await statusOf(open.id)).toBe('closed');
      await check(page, 'round-close-refused');
      expect(problems).toEqual([refused(422), refused(409)]);
    });

  if (language === 'en')
    it('a city user finds no draft, no budget and nothing to create', async () => {
      const city = await createCity(ctx, { country: 'JP' });
      const cityUser = await createUser(ctx, {
        role: 'city_user',
        cityId: city.id,
        locale: language,
      });
      const secret = await createRound(ctx, { code: `SECRET-${language}`, status: 'draft' });
      await ctx.db.query('UPDATE rounds SET title = $2 WHERE id = $1', [
        secret.id,
        { en: 'Unannounced programme', ja: '未発表の募集' },
      ]);
      const published = await createRound(ctx, { code: `PUBLIC-${language}` });

      const { page, problems } = await portal.signIn(cityUser.email, language, {
        path: `/rounds/${secret.id}`,
      });
      // The API's 404: the draft is out of reach, and nothing of it reaches the page.
      await page
        .getByRole('alert')
        .getByText(ERROR_CODES.not_found[language], { exact: true })
        .waitFor();
      expect(await page.locator('main').innerText()).not.toMatch(/Unannounced|未発表|SECRET/);
      await check(page, 'round-not-found');

      await page.goto(`${portal.base}/rounds/${published.id}`);
      await showsStatus(page, 'open');
      // The budget is the office's: the API's 403, in the user's language.
      await page
        .getByRole('alert')
        .getByText(ERROR_CODES.forbidden[language], { exact: true })
        .waitFor();
      expect(await page.locator('[data-currency]').count()).toBe(0);
      expect(await page.getByRole('button', { name: r.transition.close.button }).count()).toBe(0);

      await page.goto(`${portal.base}/rounds`);
      await page.getByRole('heading', { level: 2, name: r.list.title }).waitFor();
      await page
        .getByRole('table', { name: r.list.caption })
        .getByText(`PUBLIC-${language}`)
        .waitFor();
      expect(await page.locator('main').innerText()).not.toMatch(/Unannounced|未発表|SECRET/);
      expect(await page.getByRole('link', { name: r.list.new }).count()).toBe(0);

      await page.goto(`${portal.base}/rounds/new`);
      await page.getByText(r.form.officeOnly).waitFor();
      expect(await page.locator('main input').count()).toBe(0);
      expect(problems).toEqual([refused(404), refused(403)]);
    });
});
