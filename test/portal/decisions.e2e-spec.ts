import type { Locator, Page } from 'playwright-core';
import request from 'supertest';
import type { Application } from '../../src/applications/application.entity';
import type { City } from '../../src/partnerships/city.entity';
import type { Partnership } from '../../src/partnerships/partnership.entity';
import type { User } from '../../src/users/user.entity';
import applications from '../../web/src/i18n/catalogs/applications';
import common from '../../web/src/i18n/catalogs/common';
import decisions from '../../web/src/i18n/catalogs/decisions';
import { formatMoney as money } from '../../web/src/money';
import { createTestApp, TestContext } from '../support/app';
import { expectAccessibleOnce, interpolate as fill, Language, Portal } from '../support/browser';
import {
  createApplication,
  createCity,
  createPartnership,
  createRound,
  createUser,
  tokenFor,
} from '../support/factories';

// Browser steps: each journey signs the officer in once and walks every office page.
jest.setTimeout(90_000);

/** What Chromium logs for a response the page expected to be refused (4xx), and nothing else. */
const refused = (status: number) =>
  expect.stringMatching(new RegExp(`^Failed to load resource: .*status of ${status}\\b`));

/**
 * The program office in the browser (issue 16): the applications of a round filtered in the URL,
 * a reviewer assigned by hand (a conflicted one refused, with the reason in the user's language),
 * the round auto-assigned, the ranking read once the reviews are in, one application approved
 * with yen and dollars and another declined by keyboard; refusals (a malformed decision, an
 * award over the round's budget) explained; a city user finding nothing. Every state the browser
 * changed is checked in PostgreSQL; every page and dialog with axe; no console errors.
 */
describe('program office: applications, assignment, ranking and decisions (Chromium, API)', () => {
  let ctx: TestContext;
  let portal: Portal;
  /** One officer per language: the profile's locale is the portal's language. */
  const officers = {} as Record<Language, User>;
  let yokohama: City;
  let yokohamaSanDiego: Partnership;
  let kobeSeattle: Partnership;
  /** Reviewers by role in the story: two free of conflicts, one based in Yokohama's prefecture. */
  let tokyoReviewer: User;
  let newYorkReviewer: User;
  let kanagawaReviewer: User;
  /** Each page and dialog in the language that meets it first: the other walks the same states. */
  const check = expectAccessibleOnce();

  const named = async (user: User, name: string) => {
    await ctx.db.query('UPDATE users SET display_name = $2 WHERE id = $1', [user.id, name]);
    return { ...user, displayName: name } as User;
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    portal = await Portal.open(ctx);
    yokohama = await createCity(ctx, {
      country: 'JP',
      nameEn: 'Yokohama',
      nameJa: '横浜市',
      region: 'JP-14',
    });
    const sanDiego = await createCity(ctx, { country: 'US', nameEn: 'San Diego', region: 'US-CA' });
    const kobe = await createCity(ctx, {
      country: 'JP',
      nameEn: 'Kobe',
      nameJa: '神戸市',
      region: 'JP-28',
    });
    const seattle = await createCity(ctx, { country: 'US', nameEn: 'Seattle', region: 'US-WA' });
    yokohamaSanDiego = await createPartnership(ctx, yokohama, sanDiego);
    kobeSeattle = await createPartnership(ctx, kobe, seattle);
    for (const locale of ['en', 'ja'] as const) {
      officers[locale] = await createUser(ctx, { role: 'program_officer', locale });
    }
    const reviewer = (country: 'JP' | 'US', region: string) =>
      createUser(ctx, { role: 'reviewer', country, region });
    tokyoReviewer = await named(await reviewer('JP', 'JP-13'), 'Aiko Tanaka');
    newYorkReviewer = await named(await reviewer('US', 'US-NY'), 'Ben Carter');
    kanagawaReviewer = await named(await reviewer('JP', 'JP-14'), 'Kenji Sato');
  });
  afterEach(() => portal.closePages());
  afterAll(async () => {
    await portal?.close();
    await ctx?.close();
  });

  const texts = (language: Language) => ({
    d: decisions[language],
    a: applications[language],
    c: common[language],
  });

  /** Every assignment of the round's applications scored and submitted over the API. */
  async function submitReviews(roundId: string, scores: Map<string, [number, number]>) {
    const rows: { id: string; applicationId: string; reviewerId: string }[] = await ctx.db.query(
      `SELECT id, application_id AS "applicationId", reviewer_id AS "reviewerId"
         FROM assignments WHERE round_id = $1 AND status = 'assigned'`,
      [roundId],
    );
    for (const row of rows) {
      const [impact, feasibility] = scores.get(row.applicationId)!;
      const auth = `Bearer ${tokenFor(ctx, { id: row.reviewerId })}`;
      await request(ctx.http)
        .put(`/api/v1/assignments/${row.id}/review`)
        .set('Authorization', auth)
        .send({ scores: { impact, feasibility }, comment: 'Read', recommendation: 'fund' })
        .expect(200);
      await request(ctx.http)
        .post(`/api/v1/assignments/${row.id}/review/submit`)
        .set('Authorization', auth)
        .expect(200);
    }
  }

  const statusOf = async (application: Application) =>
    (
      (await ctx.db.query('SELECT status FROM applications WHERE id = $1', [application.id])) as {
        status: string;
      }[]
    )[0].status;

  const decisionsOf = async (application: Application) =>
    ctx.db.query('SELECT outcome, rationale FROM application_decisions WHERE application_id = $1', [
      application.id,
    ]);

  /** A field's error as the user reads it (the texts its aria-describedby points at). */
  async function describedBy(page: Page, label: string): Promise<string> {
    // Mantine marks a required field's label with an asterisk: its name starts with the label.
    const field = page.getByLabel(label);
    const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(/\s+/);
    const parts: string[] = [];
    for (const id of ids.filter(Boolean))
      parts.push(await page.locator(`[id="${id}"]`).innerText());
    return parts.join(' ');
  }

  /** Whether the element has the keyboard focus now. */
  const hasFocus = (locator: Locator) =>
    locator.evaluate(
      (element) =>
        element ===
        (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement,
    );

  it.each<Language>(['en', 'ja'])(
    'the officer staffs, ranks and decides a round (%s)',
    async (language) => {
      const { d, a, c } = texts(language);
      // Yen budget for exactly one of the two requests: the Japanese journey meets the limit.
      const round = await createRound(ctx, {
        reviewersPerApplication: 1,
        budgets: [
          { currency: 'USD', amountMinor: 10_000_000, maxAwardMinor: 1_000_000 },
          {
            currency: 'JPY',
            amountMinor: language === 'ja' ? 400_000 : 15_000_000,
            maxAwardMinor: 400_000,
          },
        ],
      });
      const strong = await createApplication(ctx, round, yokohamaSanDiego);
      const weak = await createApplication(ctx, round, kobeSeattle);
      const titleOf = (app: Application) => (language === 'ja' ? app.title.ja! : app.title.en!);
      // Both have the same Japanese title (factory); the English one tells them apart.
      await ctx.db.query(`UPDATE applications SET title = $2 WHERE id = $1`, [
        weak.id,
        { en: `${weak.title.en} (Kobe)`, ja: '神戸との交流' },
      ]);
      weak.title = { en: `${weak.title.en} (Kobe)`, ja: '神戸との交流' };
      const draft = await createApplication(ctx, round, await createPartnership(ctx), {
        status: 'draft',
      });

      // The list, filtered by round in the URL, then by status in the page.
      const { page, problems } = await portal.signIn(officers[language].email, language, {
        path: `/office/applications?roundId=${round.id}`,
      });
      const table = page.getByRole('table', { name: d.list.caption });
      await table
        .getByRole('link', { name: titleOf(draft) })
        .first()
        .waitFor();
      expect(await table.locator('tbody tr').count()).toBe(3);
      await check(page, 'office-applications');
      await page.getByLabel(d.list.status).selectOption('submitted');
      await page.waitForURL((url) => url.searchParams.get('status') === 'submitted');
      expect(new URL(page.url()).searchParams.get('roundId')).toBe(round.id);
      await page.getByText(fill(d.list.shown_other, { count: 2 })).waitFor();
      expect(await table.locator('tbody tr').count()).toBe(2);

      // One application: the conflicted reviewer is refused, with why; another is assigned.
      await table.getByRole('link', { name: titleOf(strong) }).click();
      await page.getByRole('heading', { level: 2, name: titleOf(strong) }).waitFor();
      await page.getByText(fill(d.assign.intro, { count: 1 })).waitFor();
      const picker = page.getByLabel(d.assign.pick);
      const reason = fill(d.conflict.region, {
        side: c.sides.JP,
        city: language === 'ja' ? '横浜市' : 'Yokohama',
        region: 'JP-14',
      });
      await picker.selectOption(kanagawaReviewer.id);
      expect(await describedBy(page, d.assign.pick)).toContain(
        fill(d.assign.conflictWarning, { reason }),
      );
      await check(page, 'office-application');
      await page.getByRole('button', { name: d.assign.submit, exact: true }).click();
      await page.getByText(fill(d.assign.refused, { reason })).waitFor();
      expect(
        await ctx.db.query('SELECT 1 FROM assignments WHERE application_id = $1', [strong.id]),
      ).toEqual([]);
      await picker.selectOption(tokyoReviewer.id);
      await page.getByRole('button', { name: d.assign.submit, exact: true }).click();
      const assigned = page.getByRole('table', { name: d.assign.caption });
      await assigned.getByRole('cell', { name: 'Aiko Tanaka' }).waitFor();
      await assigned.getByRole('cell', { name: d.assign.sources.manual }).waitFor();
      expect(
        await ctx.db.query(
          `SELECT reviewer_id AS "reviewerId", source FROM assignments WHERE application_id = $1`,
          [strong.id],
        ),
      ).toEqual([{ reviewerId: tokyoReviewer.id, source: 'manual' }]);
      expect(await statusOf(strong)).toBe('in_review');

      // Back to the round's list: auto-assignment staffs the other application.
      await page.getByRole('link', { name: d.detail.back }).click();
      await page.getByRole('button', { name: d.auto.button }).click();
      const autoDialog = page.getByRole('dialog', { name: d.auto.confirmTitle });
      await autoDialog.waitFor();
      await check(page, 'auto-assign-dialog');
      await autoDialog.getByRole('button', { name: d.auto.confirm }).click();
      await page
        .getByText(fill(d.auto.result, { created: 1, applications: 2, moved: 1 }))
        .waitFor();
      const auto: { reviewerId: string; source: string }[] = await ctx.db.query(
        `SELECT reviewer_id AS "reviewerId", source FROM assignments WHERE application_id = $1`,
        [weak.id],
      );
      expect(auto).toEqual([{ reviewerId: expect.any(String), source: 'auto' }]);
      expect([tokyoReviewer.id, newYorkReviewer.id, kanagawaReviewer.id]).toContain(
        auto[0].reviewerId,
      );
      expect(await statusOf(weak)).toBe('in_review');

      // The reviews come in (over the API); the ranking puts the strong one first.
      await submitReviews(
        round.id,
        new Map([
          [strong.id, [5, 4]],
          [weak.id, [2, 1]],
        ]),
      );
      await page.getByRole('link', { name: d.list.ranking }).click();
      const ranking = page.getByRole('table', { name: d.ranking.caption });
      await ranking.getByRole('link', { name: titleOf(weak) }).waitFor();
      const ranked = await ranking
        .locator('tbody tr')
        .evaluateAll((rows) =>
          rows.map((row) => (row as unknown as { innerText: string }).innerText),
        );
      expect(ranked).toHaveLength(2);
      expect(ranked[0]).toContain(titleOf(strong));
      expect(ranked[0]).toMatch(/^1\b/);
      expect(ranked[1]).toContain(titleOf(weak));
      // Weighted means of the raw scores: (2·5 + 4) / 15 = 93.3 %, (2·2 + 1) / 15 = 33.3 %.
      expect(ranked[0]).toContain('93.3%');
      expect(ranked[1]).toContain('33.3%');
      await check(page, 'ranking');

      // Approve the strong one in yen and dollars.
      await ranking.getByRole('link', { name: titleOf(strong) }).click();
      await page.getByRole('heading', { level: 2, name: titleOf(strong) }).waitFor();
      await page.getByLabel(d.decision.outcomes.approved).check();
      const yenLabel = fill(d.decision.amountLabel, {
        side: c.sides.JP,
        currency: a.currency.JPY,
      });
      const dollarLabel = fill(d.decision.amountLabel, {
        side: c.sides.US,
        currency: a.currency.USD,
      });
      const rationale = page.getByLabel(d.decision.rationale);
      const review = page.getByRole('button', { name: d.decision.submit });
      const approveDialog = page.getByRole('dialog', { name: d.decision.confirmTitle.approved });
      if (language === 'en') {
        // A malformed decision: no request, each message under its field.
        await page.getByLabel(yenLabel).fill('12.5');
        await page.getByLabel(dollarLabel).fill('6,000');
        await review.click();
        expect(await describedBy(page, yenLabel)).toContain(d.decision.errors.amountWhole);
        expect(await describedBy(page, dollarLabel)).toContain(
          fill(d.decision.errors.overRequest, { requested: money(500_000, 'USD', 'en') }),
        );
        expect(await describedBy(page, d.decision.rationale)).toContain(
          d.decision.errors.rationale,
        );
        expect(await hasFocus(page.getByLabel(yenLabel))).toBe(true);
      } else {
        // More yen than the round has left: warned, then refused by the API and explained.
        await page.getByLabel(yenLabel).fill('４５０，０００');
        await page.getByLabel(dollarLabel).fill('4,000.50');
        await rationale.fill('審査評価が高く、予算内で実施可能');
        await review.click();
        expect(await describedBy(page, yenLabel)).toContain(
          fill(d.decision.errors.overBudget, {
            currency: 'JPY',
            remaining: money(400_000, 'JPY', 'ja'),
          }),
        );
        await approveDialog.getByRole('button', { name: d.decision.confirm.approved }).click();
        await page.getByText(d.decision.refused.rule_violation).waitFor();
        await page
          .getByText('JPYの予算残額は JPY 400,000 で、交付額 JPY 450,000 を賄えません')
          .waitFor();
        await page.getByLabel(yenLabel).fill('400,000');
      }
      expect(await decisionsOf(strong)).toEqual([]);
      expect(await statusOf(strong)).toBe('in_review');

      if (language === 'en') {
        await page.getByLabel(yenLabel).fill('450,000');
        await page.getByLabel(dollarLabel).fill('4,000.50');
        await rationale.fill('Strong reviews; fits the budget.');
      }
      await review.click();
      await approveDialog.waitFor();
      await check(page, 'approve-dialog');
      await approveDialog.getByRole('button', { name: d.decision.confirm.approved }).click();
      await page.getByRole('status').getByText(d.decision.done.approved).waitFor();
      const yen = language === 'ja' ? 400_000 : 450_000;
      expect(await statusOf(strong)).toBe('approved');
      expect(
        await ctx.db.query(
          `SELECT l.side, l.currency, l.amount_minor::int AS "amountMinor"
             FROM award_lines l JOIN awards w ON w.id = l.award_id
            WHERE w.application_id = $1 ORDER BY l.side`,
          [strong.id],
        ),
      ).toEqual([
        { side: 'JP', currency: 'JPY', amountMinor: yen },
        { side: 'US', currency: 'USD', amountMinor: 400_050 },
      ]);
      expect(
        await ctx.db.query(
          `SELECT currency, committed_minor::int AS committed FROM round_budgets
            WHERE round_id = $1 ORDER BY currency`,
          [round.id],
        ),
      ).toEqual([
        { currency: 'JPY', committed: yen },
        { currency: 'USD', committed: 400_050 },
      ]);
      // No rate recorded for today: the award's dollar total waits for Finance.
      await page.getByText(d.decision.usdPending).waitFor();

      // Decline the weak one by keyboard only.
      await page.goto(`${portal.base}/office/applications/${weak.id}`);
      await page.getByRole('heading', { level: 2, name: titleOf(weak) }).waitFor();
      await page.getByLabel(d.decision.outcomes.approved).focus();
      await page.keyboard.press('ArrowDown'); // the radio group's next choice: decline
      expect(await page.getByLabel(d.decision.outcomes.rejected).isChecked()).toBe(true);
      await page.keyboard.press('Tab'); // out of the group: no amounts to decline, so the rationale
      expect(await hasFocus(page.getByLabel(d.decision.rationale))).toBe(true);
      const why = language === 'ja' ? '評価が基準に達していない' : 'Scores below the bar.';
      await page.keyboard.type(why);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      const declineDialog = page.getByRole('dialog', { name: d.decision.confirmTitle.rejected });
      await declineDialog.waitFor();
      await check(page, 'decline-dialog');
      await page.keyboard.press('Enter'); // the confirm button has the focus
      await page.getByRole('status').getByText(d.decision.done.rejected).waitFor();
      expect(await statusOf(weak)).toBe('rejected');
      expect(await decisionsOf(weak)).toEqual([{ outcome: 'rejected', rationale: why }]);

      expect(problems).toEqual(language === 'ja' ? [refused(422), refused(422)] : [refused(422)]);
    },
  );

  it('auto-assignment names the applications still short of reviewers, and why, in Japanese', async () => {
    const { d } = texts('ja');
    // Three reviewers in all; the Kanagawa-based one conflicts with Yokohama (JP-14).
    const round = await createRound(ctx, { reviewersPerApplication: 3 });
    const application = await createApplication(ctx, round, yokohamaSanDiego);
    const { page, problems } = await portal.signIn(officers.ja.email, 'ja', {
      path: `/office/applications?roundId=${round.id}`,
    });
    await page.getByRole('button', { name: d.auto.button }).click();
    await page
      .getByRole('dialog', { name: d.auto.confirmTitle })
      .getByRole('button', { name: d.auto.confirm })
      .click();
    const report = page.getByRole('status').filter({ hasText: d.auto.unstaffedTitle });
    await report
      .getByRole('link', {
        name: fill(d.auto.unstaffed_one, {
          title: application.title.ja!,
          count: 1,
          reason: fill(d.auto.reasons.too_few_eligible_reviewers, {
            active: 3,
            eligible: 2,
            conflicted: 1,
            declined: 0,
            alreadyAssigned: 0,
          }),
        }),
      })
      .waitFor();
    await check(page, 'auto-assign-unstaffed-ja');
    expect(
      await ctx.db.query('SELECT reviewer_id AS id FROM assignments WHERE application_id = $1', [
        application.id,
      ]),
    ).toHaveLength(2);
    expect(await statusOf(application)).toBe('in_review');
    expect(problems).toEqual([]);
  });

  it('a city user opening the office’s page of their own application gets nothing of it', async () => {
    const round = await createRound(ctx);
    const application = await createApplication(ctx, round, yokohamaSanDiego);
    const cityUser = await createUser(ctx, {
      role: 'city_user',
      cityId: yokohama.id,
      locale: 'ja',
    });
    const { page, problems } = await portal.signIn(cityUser.email, 'ja');
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/') && r.url().includes(application.id)) asked.push(r.url());
    });
    await page.goto(`${portal.base}/office/applications/${application.id}`);
    await page.getByText(decisions.ja.detail.notForRole).waitFor();
    expect(await page.getByText(application.title.en!).count()).toBe(0);
    expect(asked).toEqual([]);
    expect(problems).toEqual([]);
  });
});
