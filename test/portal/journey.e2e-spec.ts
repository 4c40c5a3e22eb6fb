import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import applications from '../../web/src/i18n/catalogs/applications';
import awards from '../../web/src/i18n/catalogs/awards';
import common from '../../web/src/i18n/catalogs/common';
import decisions from '../../web/src/i18n/catalogs/decisions';
import finance from '../../web/src/i18n/catalogs/finance';
import oversight from '../../web/src/i18n/catalogs/oversight';
import partnerships from '../../web/src/i18n/catalogs/partnerships';
import payees from '../../web/src/i18n/catalogs/payees';
import reports from '../../web/src/i18n/catalogs/reports';
import reviews from '../../web/src/i18n/catalogs/reviews';
import rounds from '../../web/src/i18n/catalogs/rounds';
import { formatMoney } from '../../web/src/money';
import { formatDate } from '../../web/src/time';
import { createTestApp, TestContext } from '../support/app';
import { nachaPayments, nachaRecords, zenginPayments, zenginRecords } from '../support/bank-files';
import { expectAccessible, interpolate as fill, Language, Portal } from '../support/browser';
import { createCity, createPartnership, createUser } from '../support/factories';

// A browser journey: each step signs a user in and walks several pages.
jest.setTimeout(60_000);

/**
 * Where `npm run screenshots` keeps the README's pictures of the main pages; unset in the suite,
 * which then takes none.
 */
const SCREENSHOTS = process.env.PORTAL_SCREENSHOTS;
const PICTURED = new Set([
  'login',
  'partnerships',
  'application-form',
  'application',
  'review',
  'award',
]);

/** `2027-01-05` `days` days from now on Japan's calendar. */
const japanDay = (days: number) =>
  new Date(Date.now() + 9 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Each language's payout goes to one side: the dollars of San Diego over ACH (a NACHA file) in
 * English, the yen of Yokohama over Zengin (a Shift_JIS 全銀 file) in Japanese.
 */
const PAYOUTS = {
  en: {
    side: 'US',
    city: 'sanDiego',
    rail: 'ach',
    currency: 'USD',
    /** Half of the award's $4,500.50 is paid on award; the other half after the final report. */
    amount: 225_025,
    holder: 'CITY OF SAN DIEGO',
    last4: '6789',
  },
  ja: {
    side: 'JP',
    city: 'yokohama',
    rail: 'zengin',
    currency: 'JPY',
    amount: 400_000,
    /** Typed in full-width katakana, stored (and written to the bank file) in half-width. */
    holder: 'ﾖｺﾊﾏｼ',
    last4: '4567',
  },
} as const;

/**
 * The whole grant only through the browser (issues 15 and 16), once per language, each role
 * signing in as itself: the program officer creates and opens a round (budgets in yen and
 * dollars, a rubric, a final report); Yokohama drafts and signs a joint application, San Diego
 * co-signs it; the officer has it assigned, two reviewers (JP- and US-based) score it, the officer
 * reads the ranking and approves it in yen and dollars; a city enters its payee account, a finance
 * officer verifies it and requests the first payout, a finance approver approves it, the officer
 * runs the bank file, downloads it (read back here) and settles the payout as paid; Yokohama
 * files the final report, the officer accepts it, and the held tranches are released. Every page
 * the journey visits is checked with axe and for console errors, and every state the browser
 * changed is checked in PostgreSQL.
 */
describe.each<Language>(['en', 'ja'])(
  'the whole grant in %s, only through the portal (Chromium, API + worker)',
  (language) => {
    const text = {
      applications: applications[language],
      awards: awards[language],
      common: common[language],
      decisions: decisions[language],
      finance: finance[language],
      oversight: oversight[language],
      partnerships: partnerships[language],
      payees: payees[language],
      reports: reports[language],
      reviews: reviews[language],
      rounds: rounds[language],
    };
    const title = { en: 'Harbour schools exchange', ja: '港の学校交流' };
    const roundTitle = {
      en: `Harbour cities 2027 (${language})`,
      ja: `港湾都市 2027（${language}）`,
    };
    const payout = PAYOUTS[language];
    const money = (minor: number, currency: 'JPY' | 'USD') =>
      formatMoney(minor, currency, language);

    let ctx: TestContext;
    let portal: Portal;
    type Who =
      | 'officer'
      | 'yokohama'
      | 'sanDiego'
      | 'reviewerJp'
      | 'reviewerUs'
      | 'financeOfficer'
      | 'financeApprover';
    const users = {} as Record<Who, { id: string; email: string }>;
    let roundId: string;
    let applicationId: string;
    let awardId: string;
    let payoutId: string;
    let reportId: string;

    beforeAll(async () => {
      ctx = await createTestApp({ worker: true });
      portal = await Portal.open(ctx);
      const yokohama = await createCity(ctx, {
        country: 'JP',
        nameEn: 'Yokohama',
        nameJa: '横浜市',
        region: 'JP-14',
      });
      const sanDiego = await createCity(ctx, {
        country: 'US',
        nameEn: 'San Diego',
        region: 'US-CA',
      });
      await createPartnership(ctx, yokohama, sanDiego);
      const user = (options: Parameters<typeof createUser>[1]) =>
        createUser(ctx, { locale: language, ...options });
      Object.assign(users, {
        officer: await user({ role: 'program_officer' }),
        yokohama: await user({ role: 'city_user', cityId: yokohama.id }),
        sanDiego: await user({ role: 'city_user', cityId: sanDiego.id }),
        reviewerJp: await user({ role: 'reviewer', country: 'JP', region: 'JP-27' }),
        reviewerUs: await user({ role: 'reviewer', country: 'US', region: 'US-WA' }),
        financeOfficer: await user({ role: 'finance_officer' }),
        financeApprover: await user({ role: 'finance_approver' }),
      });
      if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
    });
    afterEach(() => portal.closePages());
    afterAll(async () => {
      await portal?.close();
      await ctx?.close();
    });

    /** A signed-in page of `who`, in a browser whose preferred language is the journey's. */
    let loginChecked = false;
    const signIn = (who: Who, path?: string) =>
      portal.signIn(users[who].email, language, {
        path,
        // The same page every time: checked (and pictured) once.
        onLoginPage: async (page) => {
          if (!loginChecked) await check(page, 'login');
          loginChecked = true;
        },
      });

    /** axe on the page as it is now, and its picture for the README when asked for. */
    async function check(page: Page, name: string): Promise<void> {
      await expectAccessible(page, name);
      if (SCREENSHOTS && PICTURED.has(name)) {
        await page.evaluate('window.scrollTo(0, 0)');
        await page.screenshot({ path: resolve(SCREENSHOTS, `${name}-${language}.png`) });
      }
    }

    const nav = (page: Page, name: string) =>
      page.getByRole('navigation').getByRole('link', { name, exact: true }).click();

    const one = async (sql: string, parameters: unknown[]) =>
      (await ctx.db.query(sql, parameters))[0];

    const application = () =>
      one(
        `SELECT status, budget_lines AS "budgetLines", title,
                (SELECT COUNT(*)::int FROM application_signatures s WHERE s.application_id = a.id) AS signatures
           FROM applications a WHERE id = $1`,
        [applicationId],
      );

    /** The payout page's own status (a list it replaced may still show the same badge). */
    const payoutStatus = (page: Page) =>
      page.getByRole('region', { name: text.finance.disbursement.status, exact: true });

    const payoutRow = () =>
      one(
        `SELECT d.status, d.requested_by AS "requestedBy", d.payee_account_id AS "accountId",
                d.payment_run_id AS "runId", d.bank_reference AS "bankReference",
                (SELECT array_agg(a.approver_id::text) FROM disbursement_approvals a
                  WHERE a.disbursement_id = d.id) AS approvers
           FROM disbursements d WHERE d.id = $1`,
        [payoutId],
      );

    it('the program officer creates the round (yen and dollar budgets, a rubric, a final report) and opens it', async () => {
      const r = text.rounds;
      const { page, problems } = await signIn('officer');
      await nav(page, text.common.nav.rounds);
      await page.getByRole('heading', { level: 2, name: r.list.title }).waitFor();
      await page.getByRole('link', { name: r.list.new }).click();
      await page.getByRole('heading', { level: 2, name: r.form.newTitle }).waitFor();

      const code = `HARBOUR-2027-${language.toUpperCase()}`;
      await page.getByRole('textbox', { name: r.form.code, exact: true }).fill(code);
      await page.getByLabel(r.form.title_en, { exact: true }).fill(roundTitle.en);
      await page.getByLabel(r.form.title_ja, { exact: true }).fill(roundTitle.ja);
      // Open since yesterday (Japan time), for a month.
      await page.getByLabel(r.form.opensAt).fill(`${japanDay(-1)}T09:00`);
      await page.getByLabel(r.form.closesAt).fill(`${japanDay(30)}T17:00`);
      const moneyField = (kind: 'budgetIn' | 'maxAwardIn', currency: 'JPY' | 'USD') =>
        page.getByLabel(fill(r.money[kind], { currency: r.currency[currency] }), { exact: true });
      await moneyField('budgetIn', 'JPY').fill('15,000,000');
      await moneyField('maxAwardIn', 'JPY').fill('1,500,000');
      await moneyField('budgetIn', 'USD').fill('100,000');
      await moneyField('maxAwardIn', 'USD').fill('10,000');
      const cell = (row: string, n: number, column: string) =>
        page.getByLabel(fill(r.form.cell, { row, n, column }), { exact: true });
      const criterion = (n: number, column: string) => cell(r.rubric.criterion, n, column);
      await criterion(1, r.rubric.labelEn).fill('Impact');
      await criterion(1, r.rubric.labelJa).fill('効果');
      await criterion(1, r.rubric.weight).fill('2');
      await page.getByRole('button', { name: r.rubric.add }).click();
      await criterion(2, r.rubric.labelEn).fill('Feasibility');
      await criterion(2, r.rubric.labelJa).fill('実現性');
      await page.getByLabel(r.form.reviewers).fill('2');
      await cell(r.reports.report, 1, r.reports.dueOn).fill('2027-12-31');
      await check(page, 'round-form');
      await page.getByRole('button', { name: r.form.create }).click();

      await page.waitForURL(/\/rounds\/[0-9a-f-]{36}$/);
      roundId = page.url().split('/').pop() as string;
      await page.getByRole('heading', { level: 2, name: roundTitle[language] }).waitFor();
      await page.getByText(r.opening.ready).waitFor();
      await page.getByRole('button', { name: r.transition.open.button, exact: true }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: r.transition.open.confirm }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByText(r.page.statusHelp.open).waitFor();
      await check(page, 'round-open');
      expect(
        await one(
          `SELECT status, reviewers_per_application AS reviewers, tranche_schedule AS tranches,
                  reports_required AS reports,
                  (SELECT json_agg(json_build_object('currency', currency, 'amountMinor', amount_minor::int)
                                   ORDER BY currency)
                     FROM round_budgets b WHERE b.round_id = r.id) AS budgets
             FROM rounds r WHERE id = $1`,
          [roundId],
        ),
      ).toEqual({
        status: 'open',
        reviewers: 2,
        tranches: [
          { key: 'first', percent: 50, releaseOn: 'award' },
          { key: 'final', percent: 50, releaseOn: 'final_report_accepted' },
        ],
        reports: [{ kind: 'final', dueOn: '2027-12-31' }],
        budgets: [
          { currency: 'JPY', amountMinor: 15_000_000 },
          { currency: 'USD', amountMinor: 10_000_000 },
        ],
      });
      expect(problems).toEqual([]);
    });

    it('Yokohama drafts the joint application (amounts typed in yen and dollars)', async () => {
      const { page, problems } = await signIn('yokohama');
      await page.getByRole('heading', { level: 2, name: text.applications.list.title }).waitFor();
      await page.getByText(text.applications.list.empty).waitFor();
      await check(page, 'applications-empty');

      await nav(page, text.common.nav.partnerships);
      await page.getByRole('heading', { level: 2, name: text.partnerships.title }).waitFor();
      await check(page, 'partnerships');
      await page.getByRole('link', { name: text.partnerships.start }).click();
      const form = text.applications.form;
      await page.getByRole('heading', { level: 2, name: form.newTitle }).waitFor();

      // Creating it empty: the form says what is missing, under the fields, and nothing is sent.
      await page.getByRole('button', { name: form.create }).click();
      await page.getByText(form.errors.titleRequired).first().waitFor();
      await check(page, 'application-form-errors');

      await page.getByLabel(form.title_en).fill(title.en);
      await page.getByLabel(form.title_ja).fill(title.ja);
      await page.getByLabel(form.summary_en).fill('Two harbour high schools visit each other.');
      await page.getByLabel(form.summary_ja).fill('二つの港町の高校が相互に訪問します。');
      await page.getByLabel(form.startsOn).fill('2027-06-01');
      await page.getByLabel(form.endsOn).fill('2027-09-30');
      const cell = (line: number, column: string) =>
        page.getByLabel(fill(text.applications.budget.cell, { line: String(line), column }), {
          exact: true,
        });
      const budget = text.applications.budget;
      // Line 1 is the Japanese side in yen, line 2 the US side in dollars (the form's defaults).
      await cell(1, budget.category).fill('venue');
      await cell(1, budget.description).fill('Hall rental');
      await cell(1, budget.amount).fill('800,000');
      await cell(2, budget.category).fill('travel');
      await cell(2, budget.description).fill('Flights for 6 students');
      await cell(2, budget.amount).fill('4500.50');
      await check(page, 'application-form');
      // Submitted from the keyboard: Enter on the focused button.
      await page.getByRole('button', { name: form.create }).focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/applications\/[0-9a-f-]{36}$/);
      applicationId = page.url().split('/').pop() as string;
      expect(await application()).toMatchObject({
        status: 'draft',
        title,
        signatures: 0,
        budgetLines: [
          expect.objectContaining({ side: 'JP', currency: 'JPY', amountMinor: 800_000 }),
          expect.objectContaining({ side: 'US', currency: 'USD', amountMinor: 450_050 }),
        ],
      });
      expect(
        await one('SELECT round_id AS "roundId" FROM applications WHERE id = $1', [applicationId]),
      ).toEqual({ roundId });
      expect(problems).toEqual([]);
    });

    it('Yokohama signs it from the applications list', async () => {
      const { page, problems } = await signIn('yokohama');
      await page.getByRole('link', { name: title[language] }).click();
      await page.getByRole('heading', { level: 2, name: title[language] }).waitFor();
      const sign = text.applications.sign;
      await page.getByRole('button', { name: sign.open }).click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      await check(page, 'sign-dialog');
      await dialog.getByRole('button', { name: sign.confirm, exact: true }).click();
      const partner = 'San Diego';
      await page
        .getByText(fill(text.applications.nextStep.waitingForPartner, { partner }))
        .waitFor();
      await check(page, 'application-signed');
      expect(await application()).toMatchObject({ status: 'awaiting_cosign', signatures: 1 });
      expect(problems).toEqual([]);
    });

    it('San Diego finds it, reads the same content hash and co-signs: submitted', async () => {
      const { page, problems } = await signIn('sanDiego');
      const row = page.getByRole('link', { name: title[language] });
      await row.waitFor();
      await check(page, 'applications');
      await row.click();
      await page.getByRole('heading', { level: 2, name: title[language] }).waitFor();
      const { contentHash } = await one(
        'SELECT content_hash AS "contentHash" FROM applications WHERE id = $1',
        [applicationId],
      );
      await page.getByText(contentHash).first().waitFor();

      const sign = text.applications.sign;
      await page.getByRole('button', { name: sign.open }).click();
      await page.getByRole('dialog').getByRole('button', { name: sign.confirmCosign }).click();
      await page.getByText(text.applications.nextStep.submitted).waitFor();
      await check(page, 'application');
      expect(await application()).toMatchObject({ status: 'submitted', signatures: 2 });
      expect(problems).toEqual([]);
    });

    it('the officer has the round’s applications assigned: a JP-based and a US-based reviewer', async () => {
      const d = text.decisions;
      const { page, problems } = await signIn('officer', `/rounds/${roundId}`);
      await page.getByRole('link', { name: text.rounds.page.applications }).click();
      const table = page.getByRole('table', { name: d.list.caption });
      await table.getByRole('link', { name: title[language] }).waitFor();
      await page.getByRole('button', { name: d.auto.button }).click();
      const dialog = page.getByRole('dialog', { name: d.auto.confirmTitle });
      await dialog.getByRole('button', { name: d.auto.confirm }).click();
      await page
        .getByText(fill(d.auto.result, { created: 2, applications: 1, moved: 1 }))
        .waitFor();
      const assigned = await ctx.db.query(
        'SELECT reviewer_id AS id, source FROM assignments WHERE application_id = $1',
        [applicationId],
      );
      expect(assigned.map((a: { id: string }) => a.id).sort()).toEqual(
        [users.reviewerJp.id, users.reviewerUs.id].sort(),
      );
      expect((await application()).status).toBe('in_review');
      expect(problems).toEqual([]);
    });

    it.each([
      ['reviewerJp', { impact: '4', feasibility: '3' }, 'fund'],
      ['reviewerUs', { impact: '5', feasibility: '2' }, 'maybe'],
    ] as const)(
      '%s scores it on the bilingual rubric, saves a draft and submits',
      async (who, scores, recommendation) => {
        const { page, problems } = await signIn(who);
        const r = text.reviews;
        await page.getByRole('heading', { level: 2, name: r.list.title }).waitFor();
        await page.getByRole('link', { name: title[language] }).click();
        // The rubric's labels as the officer typed them, in the reviewer's language.
        const label = (key: 'impact' | 'feasibility') =>
          ({
            impact: { en: 'Impact', ja: '効果' },
            feasibility: { en: 'Feasibility', ja: '実現性' },
          })[key][language];
        await page.getByLabel(label('impact'), { exact: true }).fill(scores.impact);
        await page.getByLabel(r.form.comment).fill('Clear plan; host families are committed.');
        await page.getByRole('button', { name: r.form.saveDraft }).click();
        await page.getByText(r.form.saved).first().waitFor();
        expect(await reviewOf(who)).toMatchObject({
          status: 'assigned',
          scores: { impact: Number(scores.impact) },
        });

        // Submitting without every score is refused in the page; nothing is sent.
        await page.getByRole('button', { name: r.form.submit }).click();
        await page.getByText(r.form.incomplete).waitFor();
        await page.getByLabel(label('feasibility'), { exact: true }).fill(scores.feasibility);
        // The recommendation is chosen by keyboard: focus the radio, Space selects it.
        await page.getByLabel(r.form.recommendations[recommendation], { exact: true }).focus();
        await page.keyboard.press('Space');
        await check(page, 'review');
        await page.getByRole('button', { name: r.form.submit }).click();
        const dialog = page.getByRole('dialog');
        await dialog.waitFor();
        await dialog.getByRole('button', { name: r.submit.confirm }).click();
        await page.getByRole('heading', { name: r.result.heading }).waitFor();
        // Locked: no field to change it any more.
        expect(await page.locator('main input, main textarea').count()).toBe(0);
        await check(page, 'review-submitted');
        expect(await reviewOf(who)).toMatchObject({
          status: 'submitted',
          recommendation,
          scores: { impact: Number(scores.impact), feasibility: Number(scores.feasibility) },
        });
        expect(problems).toEqual([]);
      },
    );

    const reviewOf = (who: 'reviewerJp' | 'reviewerUs') =>
      one(
        `SELECT status, scores, recommendation FROM assignments
          WHERE application_id = $1 AND reviewer_id = $2`,
        [applicationId, users[who].id],
      );

    it('the officer reads the ranking and approves it in yen and dollars', async () => {
      const d = text.decisions;
      const { page, problems } = await signIn('officer', `/office/applications?roundId=${roundId}`);
      await page.getByRole('link', { name: d.list.ranking }).click();
      const ranking = page.getByRole('table', { name: d.ranking.caption });
      const ranked = ranking.getByRole('row').filter({ hasText: title[language] });
      // Weighted means of the two reviews: (2·4 + 3) / 15 and (2·5 + 2) / 15, averaged: 76.7 %.
      await ranked.getByText('76.7%').first().waitFor();
      expect(await ranked.innerText()).toMatch(/^1\b/);
      await check(page, 'ranking');

      await ranking.getByRole('link', { name: title[language] }).click();
      await page.getByRole('heading', { level: 2, name: title[language] }).waitFor();
      await page.getByLabel(d.decision.outcomes.approved).check();
      const amount = (side: 'JP' | 'US', currency: 'JPY' | 'USD') =>
        page.getByLabel(
          fill(d.decision.amountLabel, {
            side: text.common.sides[side],
            currency: text.applications.currency[currency],
          }),
        );
      await amount('JP', 'JPY').fill('800,000');
      await amount('US', 'USD').fill('4,500.50');
      await page
        .getByLabel(d.decision.rationale)
        .fill(language === 'ja' ? '両審査員の評価が高い' : 'Both reviewers rate it highly.');
      await page.getByRole('button', { name: d.decision.submit }).click();
      const dialog = page.getByRole('dialog', { name: d.decision.confirmTitle.approved });
      await dialog.getByRole('button', { name: d.decision.confirm.approved }).click();
      await page.getByRole('status').getByText(d.decision.done.approved).waitFor();
      await check(page, 'application-approved');

      expect((await application()).status).toBe('approved');
      awardId = (await one('SELECT id FROM awards WHERE application_id = $1', [applicationId])).id;
      expect(
        await ctx.db.query(
          `SELECT side, tranche_index AS tranche, amount_minor::int AS "amountMinor", status
             FROM disbursements WHERE award_id = $1 ORDER BY tranche_index, side`,
          [awardId],
        ),
      ).toEqual([
        { side: 'JP', tranche: 0, amountMinor: 400_000, status: 'scheduled' },
        { side: 'US', tranche: 0, amountMinor: 225_025, status: 'scheduled' },
        { side: 'JP', tranche: 1, amountMinor: 400_000, status: 'on_hold' },
        { side: 'US', tranche: 1, amountMinor: 225_025, status: 'on_hold' },
      ]);
      payoutId = (
        await one(
          'SELECT id FROM disbursements WHERE award_id = $1 AND side = $2 AND tranche_index = 0',
          [awardId, payout.side],
        )
      ).id;
      expect(problems).toEqual([]);
    });

    it(`the ${payout.side} city enters its payee account (${payout.rail})`, async () => {
      const p = text.payees;
      const { page, problems } = await signIn(payout.city);
      await nav(page, text.common.nav.payees);
      await page.getByRole('heading', { level: 2, name: p.title }).waitFor();
      expect(await page.getByRole('radio', { name: p.rail[payout.rail] }).isChecked()).toBe(true);
      if (payout.rail === 'ach') {
        await page.getByLabel(p.field.routingNumber).fill('011000015');
        await page.getByLabel(p.field.accountType).selectOption('checking');
        await page.getByLabel(p.field.accountNumber).fill('000123456789');
        await page.getByLabel(p.field.holderName).fill('City of San Diego');
      } else {
        await page.getByLabel(p.field.bankCode).fill('0001');
        await page.getByLabel(p.field.branchCode).fill('001');
        await page.getByLabel(p.field.accountType).selectOption('ordinary');
        await page.getByLabel(p.field.accountNumber).fill('1234567');
        await page.getByLabel(p.field.holderNameKana).fill('ヨコハマシ');
      }
      await page.getByRole('button', { name: p.form.submit }).click();
      const saved = page.getByRole('status').filter({ hasText: p.saved.title });
      await saved.getByText(payout.holder, { exact: true }).waitFor();
      await saved.getByText(`•••• ${payout.last4}`, { exact: true }).waitFor();
      await check(page, 'payee-entered');
      expect(
        await ctx.db.query(
          `SELECT rail, holder_name AS holder, status, entered_by AS "enteredBy"
             FROM payee_accounts`,
          [],
        ),
      ).toEqual([
        {
          rail: payout.rail,
          holder: payout.holder,
          status: 'unverified',
          enteredBy: users[payout.city].id,
        },
      ]);
      expect(problems).toEqual([]);
    });

    it('the finance officer verifies the account and requests the first payout', async () => {
      const f = text.finance;
      const { page, problems } = await signIn('financeOfficer');
      await page.getByRole('heading', { level: 2, name: f.payees.title }).waitFor();
      const row = page
        .getByRole('table', { name: f.payees.caption })
        .getByRole('row')
        .filter({ has: page.getByText(payout.holder, { exact: true }) });
      await row.getByRole('button', { name: f.payees.verify }).click();
      const verify = page.getByRole('dialog', { name: f.payees.dialog.title });
      await verify.getByRole('button', { name: f.payees.dialog.confirm }).click();
      await page.getByText(fill(f.payees.verified, { holder: payout.holder })).waitFor();
      const { id: accountId, status } = await one(
        'SELECT id, status FROM payee_accounts WHERE holder_name = $1',
        [payout.holder],
      );
      expect(status).toBe('verified');

      await nav(page, text.common.nav.disbursements);
      await page.getByRole('heading', { level: 2, name: f.disbursements.title }).waitFor();
      await page.getByLabel(f.disbursements.filter).selectOption('scheduled');
      await page.waitForURL(`${portal.base}/finance/disbursements?status=scheduled`);
      await page
        .getByRole('table', { name: f.disbursements.caption })
        .getByRole('row')
        .filter({ hasText: text.common.sides[payout.side] })
        // The side's first tranche (its final one, held, is not scheduled).
        .filter({ hasText: text.awards.status.scheduled })
        .getByRole('link', { name: title[language] })
        .click();
      await page.waitForURL(`${portal.base}/finance/disbursements/${payoutId}`);
      const status_ = payoutStatus(page);
      await status_.getByText(text.awards.status.scheduled, { exact: true }).waitFor();
      await page.getByLabel(f.disbursement.request.account).selectOption(accountId);
      await page.getByRole('button', { name: f.disbursement.request.submit }).click();
      await page.getByText(f.disbursement.request.done).waitFor();
      await status_.getByText(text.awards.status.pending_approval, { exact: true }).waitFor();
      await check(page, 'payout-requested');
      expect(await payoutRow()).toMatchObject({
        status: 'pending_approval',
        requestedBy: users.financeOfficer.id,
        accountId,
      });
      expect(problems).toEqual([]);
    });

    it('the finance approver approves it', async () => {
      const f = text.finance;
      const { page, problems } = await signIn(
        'financeApprover',
        '/finance/disbursements?status=pending_approval',
      );
      await page
        .getByRole('table', { name: f.disbursements.caption })
        .getByRole('row')
        .filter({ hasText: title[language] })
        .getByRole('link')
        .click();
      await page.waitForURL(`${portal.base}/finance/disbursements/${payoutId}`);
      await page.getByRole('button', { name: f.disbursement.approve.open, exact: true }).click();
      const dialog = page.getByRole('dialog', { name: f.disbursement.approve.dialogTitle });
      await dialog.getByText(money(payout.amount, payout.currency), { exact: false }).waitFor();
      await dialog.getByRole('button', { name: f.disbursement.approve.confirm }).click();
      await page.getByText(f.disbursement.approve.done).waitFor();
      await payoutStatus(page).getByText(text.awards.status.approved, { exact: true }).waitFor();
      expect(await payoutRow()).toMatchObject({
        status: 'approved',
        approvers: [users.financeApprover.id],
      });
      expect(problems).toEqual([]);
    });

    it('the finance officer runs the bank file, downloads it and settles the payout as paid', async () => {
      const f = text.finance;
      const { page, problems } = await signIn('financeOfficer');
      await nav(page, text.common.nav.paymentRuns);
      await page.getByRole('heading', { level: 2, name: f.runs.title }).waitFor();
      await page.getByRole('radio', { name: f.runs.railName[payout.rail] }).check();
      await page
        .getByLabel(f.runs.executionDate)
        .fill(new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10));
      await page.getByRole('button', { name: f.runs.create.submit }).click();
      await page.waitForURL(/\/finance\/payment-runs\/[0-9a-f-]{36}$/);
      const runId = page.url().split('/').pop() as string;
      // Followed while the worker writes the file, until it is ready.
      await page.getByRole('status').filter({ hasText: f.run.progress.completed }).waitFor();
      await check(page, 'payment-run-completed');
      const run = await one(
        `SELECT status, entry_count AS "entryCount", total_minor::int AS "totalMinor",
                file_name AS "fileName", file_sha256 AS "fileSha256"
           FROM payment_runs WHERE id = $1`,
        [runId],
      );
      expect(run).toMatchObject({ status: 'completed', entryCount: 1, totalMinor: payout.amount });

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: f.run.download }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(run.fileName);
      await page.getByText(fill(f.run.downloaded, { name: run.fileName })).waitFor();
      const bytes = await readFile(await download.path());
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(run.fileSha256);
      // The bank file as the bank reads it: one payment, to the payee, of the tranche's amount.
      const payments = payout.rail === 'ach' ? nachaPayments(bytes) : zenginPayments(bytes);
      expect(payments).toEqual([{ name: payout.holder, amountMinor: payout.amount }]);
      if (payout.rail === 'ach') {
        expect(nachaRecords(bytes).every((record) => record.length === 94)).toBe(true);
      } else {
        expect(zenginRecords(bytes).map((record) => record[0])).toEqual(['1', '2', '8', '9']);
      }

      // The bank confirmed it: settled as paid with its reference, from the run's list.
      await page
        .getByRole('table', { name: f.run.disbursementsCaption })
        .getByRole('link', { name: title[language] })
        .click();
      await page.waitForURL(`${portal.base}/finance/disbursements/${payoutId}`);
      const status = payoutStatus(page);
      await status.getByText(text.awards.status.sent, { exact: true }).waitFor();
      await page.getByRole('radio', { name: f.disbursement.settle.paid, exact: true }).check();
      const reference = `BK-${language}-2027-0001`;
      await page.getByLabel(f.disbursement.settle.reference).fill(reference);
      await page.getByRole('button', { name: f.disbursement.settle.submit }).click();
      await page.getByText(f.disbursement.settle.donePaid).waitFor();
      await status.getByText(text.awards.status.paid, { exact: true }).waitFor();
      await check(page, 'payout-paid');
      expect(await payoutRow()).toMatchObject({
        status: 'paid',
        runId,
        bankReference: reference,
      });
      expect(problems).toEqual([]);
    });

    it('Yokohama files the final report (joint, expenses in yen and dollars) and submits it', async () => {
      const r = text.reports;
      const { page, problems } = await signIn('yokohama');
      await nav(page, text.common.nav.awards);
      await page.getByRole('link', { name: title[language] }).click();
      await page.getByRole('heading', { level: 2, name: title[language] }).waitFor();
      await page.getByRole('button', { name: r.start.open }).click();
      await page.getByRole('heading', { level: 3, name: r.start.title }).waitFor();
      // Once the round is read: the final report is the one it requires, due as it said.
      await page
        .getByText(fill(r.start.due, { date: formatDate('2027-12-31', language) }))
        .waitFor();
      expect(await page.getByLabel(r.kindLabel, { exact: true }).inputValue()).toBe('final');
      await page.getByLabel(r.sideLabel).selectOption('joint');
      await page.getByLabel(r.narrative.en).fill('Twelve students visited each other’s city.');
      await page.getByLabel(r.narrative.ja).fill('両市の生徒12名が互いの市を訪問しました。');
      const expense = (n: number) =>
        page.getByRole('group', { name: fill(r.expense.legend, { n }), exact: true });
      await expense(1).getByLabel(r.expense.category).fill('venue');
      await expense(1).getByLabel(r.expense.description).fill('Hall rental');
      await expense(1).getByLabel(r.expense.amount.JPY).fill('780,000');
      await page.getByRole('button', { name: r.expense.add }).click();
      await expense(2).getByLabel(r.expense.currency, { exact: true }).selectOption('USD');
      await expense(2).getByLabel(r.expense.category).fill('travel');
      await expense(2).getByLabel(r.expense.description).fill('Flights for 6 students');
      await expense(2).getByLabel(r.expense.amount.USD).fill('4,480.00');
      await page.getByRole('button', { name: r.start.submit }).click();
      await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
      reportId = page.url().split('/').pop() as string;
      await page.getByText(r.notice.draft).waitFor();

      await page.getByRole('button', { name: r.submit.open }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: r.submit.confirm, exact: true }).click();
      await page.getByText(r.notice.submitted).waitFor();
      await check(page, 'report-submitted');
      expect(
        await one('SELECT status, kind, side, expenses FROM grantee_reports WHERE id = $1', [
          reportId,
        ]),
      ).toEqual({
        status: 'submitted',
        kind: 'final',
        side: 'joint',
        expenses: [
          { category: 'venue', description: 'Hall rental', amountMinor: 780_000, currency: 'JPY' },
          { category: 'travel', description: 'Flights for 6 students', amountMinor: 448_000, currency: 'USD' },
        ], // prettier-ignore
      });
      expect(problems).toEqual([]);
    });

    it('the officer accepts the final report: both sides’ held tranches are released', async () => {
      const o = text.oversight;
      const r = text.reports;
      const { page, problems } = await signIn('officer');
      await nav(page, text.common.nav.grantReports);
      await page
        .getByRole('table', { name: o.reports.caption })
        .getByRole('row')
        .filter({ hasText: title[language] })
        .getByRole('link', { name: r.kind.final })
        .click();
      await page.waitForURL(`${portal.base}/office/reports/${reportId}`);
      await page.getByText(o.notice.submitted).waitFor();
      await page.getByRole('button', { name: o.accept.open }).click();
      const dialog = page.getByRole('dialog', { name: o.accept.title });
      await dialog.getByRole('button', { name: o.accept.confirm, exact: true }).click();
      await page.getByText(fill(o.accept.done_other, { count: 2 })).waitFor();
      await page.getByText(o.notice.accepted).waitFor();
      await check(page, 'report-accepted');
      expect(
        await one('SELECT status, reviewed_by AS "reviewedBy" FROM grantee_reports WHERE id = $1', [
          reportId,
        ]),
      ).toEqual({ status: 'accepted', reviewedBy: users.officer.id });
      expect(
        await ctx.db.query(
          `SELECT side, status FROM disbursements WHERE award_id = $1 AND tranche_index = 1
            ORDER BY side`,
          [awardId],
        ),
      ).toEqual([
        { side: 'JP', status: 'scheduled' },
        { side: 'US', status: 'scheduled' },
      ]);
      expect(problems).toEqual([]);
    });

    it(`the ${payout.side} city sees its award: the first tranche paid, the final one payable`, async () => {
      const a = text.awards;
      const { page, problems } = await signIn(payout.city);
      await nav(page, text.common.nav.awards);
      await page.getByRole('heading', { level: 2, name: a.title }).waitFor();
      await check(page, 'awards');
      await page.getByRole('link', { name: title[language] }).click();
      const payouts = page.getByRole('table', { name: a.payouts.caption });
      const statusOf = (n: number, key: string, side: 'JP' | 'US') =>
        payouts
          .getByRole('row')
          .filter({ hasText: fill(a.payouts.trancheName, { n, key }) })
          .filter({ hasText: text.common.sides[side] })
          // Read as textContent: the badge draws its words in capitals.
          .locator('.mantine-Badge-label');
      const other = payout.side === 'JP' ? 'US' : 'JP';
      await statusOf(1, 'first', payout.side).getByText(a.status.paid, { exact: true }).waitFor();
      // The other side's first tranche was never requested; both final tranches are payable now.
      expect(await statusOf(1, 'first', other).textContent()).toBe(a.status.scheduled);
      expect(await statusOf(2, 'final', 'JP').textContent()).toBe(a.status.scheduled);
      expect(await statusOf(2, 'final', 'US').textContent()).toBe(a.status.scheduled);
      await check(page, 'award');
      expect(problems).toEqual([]);
    });
  },
);
