import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import request from 'supertest';
import { ERROR_CODES } from '../../src/common/errors/app-error';
import type { City } from '../../src/partnerships/city.entity';
import type { Partnership } from '../../src/partnerships/partnership.entity';
import type { User } from '../../src/users/user.entity';
import common from '../../web/src/i18n/catalogs/common';
import oversight from '../../web/src/i18n/catalogs/oversight';
import reports from '../../web/src/i18n/catalogs/reports';
import { createTestApp, TestContext } from '../support/app';
import { comparisonRows } from '../support/reports';
import { expectAccessibleOnce, interpolate as fill, Language, Portal } from '../support/browser';
import {
  createApprovedAward,
  createCity,
  createSubmittedReport,
  createPartnership,
  createUser,
  tokenFor,
} from '../support/factories';

// The review test walks the list, the report, two dialogs and four axe checks: 60 s is too
// tight on two shared cores.
jest.setTimeout(90_000);

const catalogs = (language: Language) => ({
  common: common[language],
  oversight: oversight[language],
  reports: reports[language],
});

/** What Chromium logs for a response the page expected to be refused (4xx), and nothing else. */
const refused = (status: number) =>
  expect.stringMatching(new RegExp(`^Failed to load resource: .*status of ${status}\\b`));

/** The body rows of a table, each as the text of its cells (badges as written, not as shown). */
const rowsOf = (table: Locator): Promise<string[][]> =>
  table
    .locator('tbody tr')
    .evaluateAll((rows: { cells: ArrayLike<{ textContent: string | null }> }[]) =>
      rows.map((row) =>
        Array.from(row.cells, (cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim()),
      ),
    );

/**
 * The program office's oversight pages in the browser (issue 16): a submitted final report read,
 * sent back with a message, resubmitted by the city (over the API) and accepted, which releases
 * the held tranches; an export requested, followed while queued and generated, and downloaded.
 * Refusals: an empty message, a report decided elsewhere meanwhile, a city user on office pages.
 * Each distinct page and dialog is checked once with axe; every change is checked in PostgreSQL.
 */
describe('oversight pages (Chromium, API, worker)', () => {
  let ctx: TestContext;
  let portal: Portal;
  let base: string;
  let yokohama: City;
  let partnership: Partnership;
  /**
   * The program officer of each language (a profile's language is the portal's), signing in to
   * several tests in a browser kept for the file (`Portal.signedIn`).
   */
  let officers: Record<Language, User>;
  /** axe once per distinct page or dialog, whichever language comes first. */
  const check = expectAccessibleOnce();

  beforeAll(async () => {
    ctx = await createTestApp({ worker: true });
    portal = await Portal.open(ctx);
    base = portal.base;
    yokohama = await createCity(ctx, {
      country: 'JP',
      nameEn: 'Yokohama',
      nameJa: '横浜市',
      region: 'JP-14',
    });
    const sanDiego = await createCity(ctx, { country: 'US', nameEn: 'San Diego', region: 'US-CA' });
    partnership = await createPartnership(ctx, yokohama, sanDiego);
    officers = {
      en: await createUser(ctx, { role: 'program_officer', locale: 'en' }),
      ja: await createUser(ctx, { role: 'program_officer', locale: 'ja' }),
    };
  });
  afterEach(() => portal.closePages());
  afterAll(async () => {
    await portal?.close();
    await ctx?.close();
  });

  const nav = (page: Page, name: string) =>
    page.getByRole('navigation').getByRole('link', { name, exact: true }).click();

  const narrative = {
    en: 'Twelve students from Yokohama spent two weeks in San Diego.',
    ja: '横浜市の生徒12名がサンディエゴで2週間を過ごしました。',
  };

  /** Yokohama's joint final report, written and submitted over the API (¥680,000 and $1,250.50). */
  const submittedReport = (awardId: string, author: User) =>
    createSubmittedReport(ctx, awardId, author, {
      narrative,
      expenses: [
        { category: 'venue', description: 'Hall rental', amountMinor: 680_000, currency: 'JPY' },
        { category: 'travel', description: 'Flights', amountMinor: 125_050, currency: 'USD' },
      ],
    });

  const reportOf = async (id: string) =>
    (
      await ctx.db.query(
        `SELECT status, changes_message AS "changesMessage", reviewed_by AS "reviewedBy"
           FROM grantee_reports WHERE id = $1`,
        [id],
      )
    )[0];

  /** Yokohama's writer of the reports, named as the officer's page names them. */
  const WRITER = { en: 'Aiko Tanaka', ja: '田中 愛子' } as const;
  const yokohamaUser = (language: Language) =>
    createUser(ctx, {
      role: 'city_user',
      cityId: yokohama.id,
      locale: language,
      displayName: WRITER[language],
    });

  describe.each<Language>(['en', 'ja'])('in %s', (language) => {
    const text = catalogs(language);
    const o = text.oversight;
    const r = text.reports;
    const officer = () => officers[language];

    it('reads a submitted final report, sends it back with a message (not an empty one), and accepts it once resubmitted', async () => {
      const title = { en: `Harbour festival (${language})`, ja: `港まつり交流（${language}）` };
      const { awardId } = await createApprovedAward(ctx, { partnership, title });
      const city = await yokohamaUser(language);
      const cityAuth = `Bearer ${tokenFor(ctx, city)}`;
      const reportId = await submittedReport(awardId, city);
      const { page, problems } = await portal.signedIn(officer().email, language);

      await nav(page, text.common.nav.grantReports);
      await page.getByRole('heading', { level: 2, name: o.reports.title }).waitFor();
      // Awaiting review is the list's first view.
      expect(await page.getByLabel(o.reports.filter.status).inputValue()).toBe('submitted');
      const list = page.getByRole('table', { name: o.reports.caption });
      const row = list.getByRole('row').filter({ hasText: title[language] });
      await row.waitFor();
      expect((await rowsOf(list)).find((cells) => cells[0] === title[language])).toEqual([
        title[language],
        r.kind.final,
        text.common.sides.joint,
        r.status.submitted,
        expect.any(String),
        expect.any(String),
      ]);
      await check(page, 'office-reports');

      await row.getByRole('link', { name: r.kind.final }).click();
      await page.waitForURL(`${base}/office/reports/${reportId}`);
      const heading = fill(r.page.title, { kind: r.kind.final, side: text.common.sides.joint });
      await page.getByRole('heading', { level: 2, name: heading }).waitFor();
      await page.getByRole('link', { name: title[language] }).waitFor();
      await page.getByText(o.notice.submitted).waitFor();
      await page.getByText(narrative.en, { exact: true }).waitFor();
      await page.getByText(narrative.ja, { exact: true }).waitFor();
      // Who started it: Yokohama's staff member, by name ("…, by Aiko Tanaka").
      await page.getByText(WRITER[language], { exact: false }).waitFor();
      // Each side's award in its own currency, never a yen-and-dollar sum.
      const comparison = page.getByRole('table', { name: r.comparison.caption });
      expect((await rowsOf(comparison)).sort()).toEqual(
        comparisonRows(language, [
          { currency: 'JPY', awarded: 800_000, spent: 680_000 },
          { currency: 'USD', awarded: 450_050, spent: 125_050 },
        ]),
      );
      await check(page, 'office-report-submitted');

      // By keyboard: open the dialog, send it empty (refused in the page), then with a message.
      await page.getByRole('button', { name: o.changes.open }).focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: o.changes.title });
      const message = dialog.getByLabel(o.changes.message);
      await message.waitFor();
      // A function predicate: a string one is eval()'d in the page, which the CSP refuses.
      await page.waitForFunction(
        () =>
          (globalThis as unknown as { document: { activeElement: { tagName: string } | null } })
            .document.activeElement?.tagName === 'TEXTAREA',
      );
      await page.keyboard.press('Tab'); // Cancel
      await page.keyboard.press('Tab'); // Send back
      await page.keyboard.press('Enter');
      await dialog.getByText(o.changes.required).waitFor();
      await check(page, 'request-changes-empty');
      expect(await reportOf(reportId)).toMatchObject({ status: 'submitted', changesMessage: null });

      const request_ = {
        en: 'Please itemise the hall rental.',
        ja: '会場費の内訳を追記してください。',
      }[language];
      await page.keyboard.type(request_);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.getByText(o.changes.done).waitFor();
      await page.getByText(o.notice.changesTitle, { exact: true }).waitFor();
      await page.getByText(request_, { exact: true }).waitFor();
      expect(await page.getByRole('button', { name: o.accept.open }).count()).toBe(0);
      expect(await reportOf(reportId)).toMatchObject({
        status: 'changes_requested',
        changesMessage: request_,
        reviewedBy: officer().id,
      });
      await check(page, 'office-report-changes-requested');

      // The city revises and resubmits (its own pages have their own spec).
      await request(ctx.http)
        .patch(`/api/v1/reports/${reportId}`)
        .set('Authorization', cityAuth)
        .send({ narrative: { ...narrative, en: `${narrative.en} Hall: closing concert.` } })
        .expect(200);
      await request(ctx.http)
        .post(`/api/v1/reports/${reportId}/submit`)
        .set('Authorization', cityAuth)
        .expect(200);
      await page.reload();
      await page.getByText(o.notice.submitted).waitFor();

      await page.getByRole('button', { name: o.accept.open }).click();
      const accept = page.getByRole('dialog', { name: o.accept.title });
      await accept.getByText(o.accept.body).waitFor();
      await check(page, 'accept-dialog');
      await accept.getByRole('button', { name: o.accept.confirm, exact: true }).click();
      // Both sides' held final tranches are released by the acceptance.
      await page.getByText(fill(o.accept.done_other, { count: 2 })).waitFor();
      await page.getByText(o.notice.accepted).waitFor();
      await page.getByText(o.review.nothing).waitFor();
      expect(await reportOf(reportId)).toMatchObject({
        status: 'accepted',
        reviewedBy: officer().id,
      });
      const held = await ctx.db.query(
        `SELECT side, status FROM disbursements WHERE award_id = $1 AND tranche_index = 1
          ORDER BY side`,
        [awardId],
      );
      expect(held).toEqual([
        { side: 'JP', status: 'scheduled' },
        { side: 'US', status: 'scheduled' },
      ]);

      // Accepted reports leave the list of those awaiting review; the status filter finds them.
      await page.getByRole('link', { name: o.report.back }).click();
      await page.getByRole('heading', { level: 2, name: o.reports.title }).waitFor();
      await page.getByLabel(o.reports.filter.status).selectOption('accepted');
      await page.waitForURL(/status=accepted/);
      await list.getByRole('row').filter({ hasText: title[language] }).waitFor();
      expect(problems).toEqual([]);
    });

    it('shows a failed export, requests one, follows it while queued and generated, and downloads the file', async () => {
      const { round } = await createApprovedAward(ctx, {
        partnership,
        title: { en: `Export ${language}`, ja: `出力${language}` },
      });
      const kind = { en: 'round_summary', ja: 'threesixty_giving' } as const;
      const format = { en: 'csv', ja: 'json' } as const;
      const exportsOf = async () =>
        ctx.db.query(
          `SELECT type, round_id AS "roundId", format, status, row_count AS "rowCount",
                  file_name AS "fileName"
             FROM exports WHERE requested_by = $1 AND type = $2 ORDER BY created_at`,
          [officer().id, kind[language]],
        );
      // An earlier export the worker gave up on: the list says why, and offers no file.
      const reason = `disk full (${language})`;
      await ctx.db.query(
        `INSERT INTO exports (type, format, status, failure_reason, requested_by, started_at)
         VALUES ('disbursement_ledger', 'csv', 'failed', $1, $2, now())`,
        [reason, officer().id],
      );
      const { page, problems } = await portal.signedIn(officer().email, language);
      await nav(page, text.common.nav.exports);
      await page.getByRole('heading', { level: 2, name: o.exports.title }).waitFor();
      const failed = page
        .getByRole('table', { name: o.exports.caption })
        .getByRole('row')
        .filter({ hasText: reason });
      await failed.getByText(fill(o.exports.failed, { reason }), { exact: true }).waitFor();
      await failed.getByText(o.exports.status.failed, { exact: true }).waitFor();
      expect(await failed.getByRole('button').count()).toBe(0);

      const form = page.getByRole('region', { name: o.exports.form.title });
      await form.getByLabel(o.exports.form.type).selectOption(kind[language]);
      if (kind[language] === 'round_summary') {
        // A round summary describes one round: refused in the page without one, nothing sent.
        await form.getByRole('button', { name: o.exports.form.submit }).click();
        await form.getByText(o.exports.form.roundRequired).waitFor();
        expect(await exportsOf()).toEqual([]);
      }
      await form.getByLabel(o.exports.form.round).selectOption(round.id);
      await form.getByLabel(o.exports.format[format[language]]).check();
      await check(page, 'exports-form');

      // No worker for a moment: the export waits in the queue, and the list says so.
      await ctx.stopWorker();
      try {
        await form.getByRole('button', { name: o.exports.form.submit }).click();
        await page.getByText(o.exports.form.done).waitFor();
        const first = page
          .getByRole('table', { name: o.exports.caption })
          .getByRole('row')
          .filter({ hasText: round.code });
        await first.getByText(o.exports.status.queued, { exact: true }).waitFor();
        await first.getByRole('progressbar', { name: o.exports.progress.queued }).waitFor();
        expect(await exportsOf()).toMatchObject([
          { roundId: round.id, format: format[language], status: 'queued', rowCount: null },
        ]);
        await check(page, 'exports-queued');
      } finally {
        await ctx.startWorker();
      }

      // The page polls until the worker is done, then offers the file. (The list may also hold
      // the worker's scheduled monthly exports: the row is found by its round.)
      const table = page.getByRole('table', { name: o.exports.caption });
      const first = table.getByRole('row').filter({ hasText: round.code });
      await first
        .getByText(o.exports.status.completed, { exact: true })
        .waitFor({ timeout: 20_000 });
      expect(await first.getByRole('progressbar').count()).toBe(0);
      const [stored] = await exportsOf();
      expect(stored).toMatchObject({ status: 'completed', rowCount: expect.any(Number) });
      expect(stored.rowCount).toBeGreaterThan(0);
      const cells = (await rowsOf(table)).find((row) => row[2].startsWith(round.code)) ?? [];
      expect(cells.slice(1, 6)).toEqual([
        o.exports.type[kind[language]],
        `${round.code} — ${round.title[language]}`,
        o.exports.format[format[language]],
        o.exports.status.completed,
        String(stored.rowCount),
      ]);

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        first
          .getByRole('button', { name: fill(o.exports.downloadFile, { name: stored.fileName }) })
          .click(),
      ]);
      expect(download.suggestedFilename()).toBe(stored.fileName);
      const file = await readFile((await download.path()) as string);
      if (format[language] === 'csv') {
        // UTF-8 with a BOM (Excel reads it as such), then the round summary's header.
        expect(file.toString('utf8')).toMatch(/^\uFEFFsection,key,label,status,currency,count,/);
      } else {
        // The 360Giving package: the award's two sides, each in its currency, linked.
        const { grants } = JSON.parse(file.toString('utf8')) as {
          grants: { id: string; currency: string; relatedActivity: string[] }[];
        };
        expect(grants.map((g) => g.currency).sort()).toEqual(['JPY', 'USD']);
        expect(grants[0].relatedActivity).toEqual([grants[1].id]);
      }
      expect(problems).toEqual([]);
    });
  });

  it('a report decided elsewhere meanwhile: accepting it is refused and explained, the page shows it as it is (en)', async () => {
    const text = catalogs('en');
    const o = text.oversight;
    const { awardId } = await createApprovedAward(ctx, {
      partnership,
      title: { en: 'Lantern exchange', ja: '灯籠交流' },
    });
    const reportId = await submittedReport(awardId, await yokohamaUser('en'));
    const { page, problems } = await portal.signedIn(
      officers.en.email,
      'en',
      `/office/reports/${reportId}`,
    );
    await page.getByText(o.notice.submitted).waitFor();

    // Another officer sends it back while this page is open.
    const colleague = await createUser(ctx, { role: 'program_officer' });
    const elsewhere = 'Add the venue invoice.';
    await request(ctx.http)
      .post(`/api/v1/reports/${reportId}/request-changes`)
      .set('Authorization', `Bearer ${tokenFor(ctx, colleague)}`)
      .send({ message: elsewhere })
      .expect(200);

    await page.getByRole('button', { name: o.accept.open }).click();
    await page
      .getByRole('dialog', { name: o.accept.title })
      .getByRole('button', { name: o.accept.confirm, exact: true })
      .click();
    // The page accepts the report as it read it (If-Match): refused as changed since.
    const explained = page
      .getByRole('alert')
      .filter({ hasText: ERROR_CODES.precondition_failed.en });
    await page.getByText(o.review.staleTitle).waitFor();
    await page.getByText(o.review.stale).waitFor();
    await explained.waitFor();
    // The report as it is now: sent back, with the colleague's message; nothing left to decide.
    await page.getByText(o.notice.changesTitle, { exact: true }).waitFor();
    await page.getByText(elsewhere, { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: o.accept.open }).count()).toBe(0);
    await check(page, 'office-report-refused');
    expect(await reportOf(reportId)).toMatchObject({
      status: 'changes_requested',
      changesMessage: elsewhere,
      reviewedBy: colleague.id,
    });
    expect(problems).toEqual([refused(412)]);
  });

  it("a city user opening the office's report page or the exports page gets none of their data (ja)", async () => {
    const o = catalogs('ja').oversight;
    const { awardId } = await createApprovedAward(ctx, {
      partnership,
      title: { en: 'Bay clean-up', ja: '湾岸清掃' },
    });
    const reportId = await submittedReport(awardId, await yokohamaUser('ja'));
    const fileName = 'award_register-secret.csv';
    await ctx.db.query(
      `INSERT INTO exports (type, format, status, row_count, file_name, requested_by)
       VALUES ('award_register', 'csv', 'completed', 3, $1, $2)`,
      [fileName, officers.en.id],
    );
    // Even Yokohama's own user: the office's view of its report is not theirs.
    const cityUser = await createUser(ctx, {
      role: 'city_user',
      cityId: yokohama.id,
      locale: 'ja',
    });
    const { page, problems } = await portal.signIn(cityUser.email, 'ja', {
      path: `/office/reports/${reportId}`,
    });
    await page.getByRole('alert').filter({ hasText: o.notYours.title }).waitFor();
    expect(await page.getByText(narrative.ja).count()).toBe(0);
    expect(await page.getByRole('button', { name: o.accept.open }).count()).toBe(0);
    await check(page, 'office-report-not-yours');

    await page.goto(`${base}/exports`);
    await page.getByRole('heading', { level: 2, name: o.exports.title }).waitFor();
    await page.getByRole('alert').filter({ hasText: o.notYours.title }).waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
    expect(await page.getByText(fileName).count()).toBe(0);
    expect(await page.getByRole('button', { name: o.exports.form.submit }).count()).toBe(0);
    // And the API refuses them the exports anyway.
    await request(ctx.http)
      .get('/api/v1/exports')
      .set('Authorization', `Bearer ${tokenFor(ctx, cityUser)}`)
      .expect(403);
    expect(problems).toEqual([]);
  });
});
