import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import request from 'supertest';
import applications from '../../web/src/i18n/catalogs/applications';
import awards from '../../web/src/i18n/catalogs/awards';
import common from '../../web/src/i18n/catalogs/common';
import partnerships from '../../web/src/i18n/catalogs/partnerships';
import reviews from '../../web/src/i18n/catalogs/reviews';
import { createTestApp, drainQueues, TestContext } from '../support/app';
import { expectAccessible, interpolate as fill, Language, Portal } from '../support/browser';
import {
  createCity,
  createPartnership,
  createRound,
  createUser,
  tokenFor,
} from '../support/factories';

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

/**
 * The grant's first half only through the browser (issue 15), once per language: Yokohama drafts
 * and signs a joint application, San Diego co-signs it, two reviewers score it. The program
 * office's steps (assigning reviewers, the decision) are part 2 of the portal, so they go over the
 * API; Yokohama then finds the award and its payouts in the portal. Every page the journey visits
 * is checked with axe (no serious or critical violation) and for console errors, and every state
 * the browser changed is checked in PostgreSQL.
 */
describe.each<Language>(['en', 'ja'])(
  'portal journey in %s (Chromium, API + worker)',
  (language) => {
    const text = {
      applications: applications[language],
      awards: awards[language],
      common: common[language],
      partnerships: partnerships[language],
      reviews: reviews[language],
    };
    const title = { en: 'Harbour schools exchange', ja: '港の学校交流' };

    let ctx: TestContext;
    let portal: Portal;
    let users: Record<'yokohama' | 'sanDiego' | 'officer' | 'reviewerJp' | 'reviewerUs', string>;
    let officerAuth: string;
    let roundId: string;
    let applicationId: string;

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
      roundId = (await createRound(ctx, { reviewersPerApplication: 2 })).id;
      const user = async (options: Parameters<typeof createUser>[1]) =>
        (await createUser(ctx, { locale: language, ...options })).email;
      users = {
        yokohama: await user({ role: 'city_user', cityId: yokohama.id }),
        sanDiego: await user({ role: 'city_user', cityId: sanDiego.id }),
        officer: await user({ role: 'program_officer' }),
        reviewerJp: await user({ role: 'reviewer', country: 'JP', region: 'JP-27' }),
        reviewerUs: await user({ role: 'reviewer', country: 'US', region: 'US-WA' }),
      };
      const officer = await ctx.db.query('SELECT id FROM users WHERE email = $1', [users.officer]);
      officerAuth = `Bearer ${tokenFor(ctx, officer[0])}`;
      if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
    });
    afterEach(() => portal.closePages());
    afterAll(async () => {
      await portal?.close();
      await ctx?.close();
    });

    /** A signed-in page of `who`, in a browser whose preferred language is the journey's. */
    let loginChecked = false;
    const signIn = (who: keyof typeof users) =>
      portal.signIn(users[who], language, {
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

    const application = async () =>
      (
        await ctx.db.query(
          `SELECT status, budget_lines AS "budgetLines", title,
                (SELECT COUNT(*)::int FROM application_signatures s WHERE s.application_id = a.id) AS signatures
           FROM applications a WHERE id = $1`,
          [applicationId],
        )
      )[0];

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
      const { contentHash } = (
        await ctx.db.query('SELECT content_hash AS "contentHash" FROM applications WHERE id = $1', [
          applicationId,
        ])
      )[0];
      await page.getByText(contentHash).first().waitFor();

      const sign = text.applications.sign;
      await page.getByRole('button', { name: sign.open }).click();
      await page.getByRole('dialog').getByRole('button', { name: sign.confirmCosign }).click();
      await page.getByText(text.applications.nextStep.submitted).waitFor();
      await check(page, 'application');
      expect(await application()).toMatchObject({ status: 'submitted', signatures: 2 });
      expect(problems).toEqual([]);
    });

    it('the program office assigns a JP-based and a US-based reviewer (over the API)', async () => {
      await request(ctx.http)
        .post(`/api/v1/rounds/${roundId}/assignments/auto`)
        .set('Authorization', officerAuth)
        .expect(200);
      const assigned = await ctx.db.query(
        `SELECT u.email FROM assignments a JOIN users u ON u.id = a.reviewer_id
        WHERE a.application_id = $1`,
        [applicationId],
      );
      expect(assigned.map((r: { email: string }) => r.email).sort()).toEqual(
        [users.reviewerJp, users.reviewerUs].sort(),
      );
      expect((await application()).status).toBe('in_review');
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
        const label = (key: 'impact' | 'feasibility') =>
          ({
            impact: { en: 'Impact', ja: '効果' },
            feasibility: { en: 'Feasibility', ja: '実現性' },
          })[key][language];
        await page.getByLabel(label('impact'), { exact: true }).fill(scores.impact);
        await page.getByLabel(r.form.comment).fill('Clear plan; host families are committed.');
        await page.getByRole('button', { name: r.form.saveDraft }).click();
        await page.getByText(r.form.saved).first().waitFor();
        const draft = await reviewOf(who);
        expect(draft).toMatchObject({
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

    async function reviewOf(who: 'reviewerJp' | 'reviewerUs') {
      const rows = await ctx.db.query(
        `SELECT a.status, a.scores, a.recommendation
         FROM assignments a JOIN users u ON u.id = a.reviewer_id
        WHERE a.application_id = $1 AND u.email = $2`,
        [applicationId, users[who]],
      );
      return rows[0];
    }

    it('after the office approves it (over the API), Yokohama sees the award and its payouts', async () => {
      await request(ctx.http)
        .post(`/api/v1/applications/${applicationId}/decision`)
        .set('Authorization', officerAuth)
        .send({
          outcome: 'approved',
          rationale: 'Strong and feasible',
          awards: [
            { side: 'JP', currency: 'JPY', amountMinor: 800_000 },
            { side: 'US', currency: 'USD', amountMinor: 450_050 },
          ],
        })
        .expect(201);
      await drainQueues(ctx);

      const { page, problems } = await signIn('yokohama');
      await nav(page, text.common.nav.awards);
      await page.getByRole('heading', { level: 2, name: text.awards.title }).waitFor();
      await check(page, 'awards');
      await page.getByRole('link', { name: title[language] }).click();
      const payouts = page.getByRole('table', { name: text.awards.payouts.caption });
      await payouts.waitFor();
      // 50 % on award (scheduled), 50 % held until the final report is accepted.
      await payouts.getByText(text.awards.status.scheduled).first().waitFor();
      await payouts.getByText(text.awards.release.final_report_accepted).first().waitFor();
      await check(page, 'award');
      expect(problems).toEqual([]);
    });
  },
);
