import type { Locator, Page } from 'playwright-core';
import request from 'supertest';
import { ERROR_CODES } from '../../src/common/errors/app-error';
import type { Expense } from '../../src/grantee-reports/grantee-report.entity';
import type { Round } from '../../src/rounds/round.entity';
import { Assignment } from '../../src/reviews/assignment.entity';
import type { City } from '../../src/partnerships/city.entity';
import type { Partnership } from '../../src/partnerships/partnership.entity';
import type { User } from '../../src/users/user.entity';
import awards from '../../web/src/i18n/catalogs/awards';
import common from '../../web/src/i18n/catalogs/common';
import payees from '../../web/src/i18n/catalogs/payees';
import reports from '../../web/src/i18n/catalogs/reports';
import reviews from '../../web/src/i18n/catalogs/reviews';
import { type Currency, formatMoney as money } from '../../web/src/money';
import { formatDate } from '../../web/src/time';
import { createTestApp, TestContext } from '../support/app';
import { comparisonRows } from '../support/reports';
import {
  expectAccessible as check,
  interpolate as fill,
  Language,
  Portal,
} from '../support/browser';
import {
  createApplication,
  createApprovedAward,
  createCity,
  createPartnership,
  createSubmittedReport,
  createRound,
  createUser,
  tokenFor,
} from '../support/factories';

// Browser steps: each test signs a user in and walks several pages.
jest.setTimeout(60_000);

const catalogs = (language: Language) => ({
  awards: awards[language],
  common: common[language],
  payees: payees[language],
  reports: reports[language],
  reviews: reviews[language],
});

/** What Chromium logs for a response the page expected to be refused (4xx), and nothing else. */
const refused = (status: number) =>
  expect.stringMatching(new RegExp(`^Failed to load resource: .*status of ${status}\\b`));

/** Text with its line breaks and runs of spaces as one space. */
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

interface PageNode {
  nodeType: number;
  nodeValue: string | null;
  childNodes: ArrayLike<PageNode>;
}

/**
 * In the page: each row's cells as text, blocks apart as in `innerText`, but words as written
 * (`innerText` gives a badge's text in the capitals its CSS shows).
 */
function rowTexts(rows: { cells: ArrayLike<PageNode> }[]): string[][] {
  const { getComputedStyle } = globalThis as unknown as {
    getComputedStyle(node: PageNode): { display: string };
  };
  const text = (node: PageNode): string => {
    if (node.nodeType === 3) return node.nodeValue ?? '';
    if (node.nodeType !== 1) return '';
    const inner = Array.from(node.childNodes, text).join('');
    return getComputedStyle(node).display.startsWith('inline') ? inner : ` ${inner} `;
  };
  return rows.map((row) =>
    Array.from(row.cells, (cell) =>
      Array.from(cell.childNodes, text).join('').replace(/\s+/g, ' ').trim(),
    ),
  );
}

/** The body rows of a table, each as the text of its cells. */
const rowsOf = (table: Locator): Promise<string[][]> =>
  table.locator('tbody tr').evaluateAll(rowTexts);

/** The texts that describe a field (its hint and its error), as a screen reader reads them. */
async function descriptionOf(page: Page, field: Locator): Promise<string> {
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts: string[] = [];
  for (const id of ids) texts.push(await page.locator(`[id="${id}"]`).innerText());
  return squash(texts.join(' '));
}

/**
 * A city's side of the grant in the browser (issue 15, part 2): the award and its payouts, the
 * final report (drafted, submitted, sent back by the office and resubmitted), payee accounts; a
 * reviewer declining and meeting a stale save; another city finding nothing. The office's steps go
 * over the API. Every page is checked with axe (no serious or critical violation) and for console
 * errors, and every state the browser changed is checked in PostgreSQL.
 */
describe('grantee pages (Chromium, API)', () => {
  let ctx: TestContext;
  let portal: Portal;
  let base: string;
  let yokohama: City;
  let sanDiego: City;
  let partnership: Partnership;
  let officerAuth: string;
  /** Yokohama's staff, one per language, each signing in to several tests. */
  const yokohamaStaff = {} as Record<Language, User>;

  beforeAll(async () => {
    ctx = await createTestApp();
    portal = await Portal.open(ctx);
    base = portal.base;
    yokohama = await createCity(ctx, {
      country: 'JP',
      nameEn: 'Yokohama',
      nameJa: '横浜市',
      region: 'JP-14',
    });
    sanDiego = await createCity(ctx, { country: 'US', nameEn: 'San Diego', region: 'US-CA' });
    partnership = await createPartnership(ctx, yokohama, sanDiego);
    officerAuth = `Bearer ${tokenFor(ctx, await createUser(ctx, { role: 'program_officer' }))}`;
    for (const language of ['en', 'ja'] as const) {
      yokohamaStaff[language] = await cityUser(yokohama, language);
    }
  });
  afterEach(() => portal.closePages());
  afterAll(async () => {
    await portal?.close();
    await ctx?.close();
  });

  /**
   * A signed-in page of `user`, in a browser whose preferred language is `language` (on `path`, a
   * deep link opened while signed out), kept for the user's next tests (`Portal.signedIn`). The
   * login page is the shell's and the journey's to check.
   */
  const signIn = (user: Pick<User, 'email'>, language: Language, path?: string) =>
    portal.signedIn(user.email, language, path);

  const nav = (page: Page, name: string) =>
    page.getByRole('navigation').getByRole('link', { name, exact: true }).click();

  const cityUser = (city: City, locale: Language) =>
    createUser(ctx, { role: 'city_user', cityId: city.id, locale });

  /**
   * The final report's life, each half in one language: drafted, edited and submitted in the
   * browser (en); sent back by the office, revised with yen typed on a Japanese keyboard and
   * resubmitted (ja). Together every report page and dialog in both catalogs, each once.
   */
  describe('the final report', () => {
    const narrative = {
      en: 'Twelve students from Yokohama spent two weeks in San Diego.',
      ja: '横浜市の生徒12名がサンディエゴで2週間を過ごしました。',
    };
    /** Its expenses as stored: ¥650,000 (the JP side's yen) and $1,250.50. */
    const expenses: Expense[] = [
      { category: 'venue', description: 'Hall rental', amountMinor: 650_000, currency: 'JPY' },
      {
        category: 'travel',
        description: 'Flights for 6 students',
        amountMinor: 125_050,
        currency: 'USD',
      },
    ];

    const reportOf = async (id: string) =>
      (
        await ctx.db.query(
          `SELECT status, kind, side, narrative, expenses, version,
                  submitted_at AS "submittedAt", changes_message AS "changesMessage"
             FROM grantee_reports WHERE id = $1`,
          [id],
        )
      )[0];

    const expense = (page: Page, language: Language, n: number) =>
      page.getByRole('group', {
        name: fill(catalogs(language).reports.expense.legend, { n }),
        exact: true,
      });

    /** A joint report is set against both sides' awards, each currency on its own. */
    async function expectComparison(page: Page, language: Language, yenSpent: number) {
      const r = catalogs(language).reports;
      const comparison = page.getByRole('table', { name: r.comparison.caption });
      await comparison.getByText(money(yenSpent, 'JPY', language), { exact: true }).waitFor();
      expect((await rowsOf(comparison)).sort()).toEqual(
        comparisonRows(language, [
          { currency: 'JPY', awarded: 800_000, spent: yenSpent },
          { currency: 'USD', awarded: 450_050, spent: 125_050 },
        ]),
      );
    }

    /** Back from the report to its award, whose list of reports says where it stands. */
    async function expectListedSubmitted(page: Page, language: Language, awardId: string) {
      const text = catalogs(language);
      const r = text.reports;
      await page.getByRole('link', { name: r.page.back }).click();
      await page.waitForURL(`${base}/awards/${awardId}`);
      const listed = page.getByRole('table', { name: r.list.caption });
      await listed.locator('tbody').getByText(r.status.submitted, { exact: true }).waitFor();
      expect((await rowsOf(listed))[0].slice(0, 3)).toEqual([
        r.kind.final,
        text.common.sides.joint,
        r.status.submitted,
      ]);
    }

    it('Yokohama drafts it (yen and dollars), saves an edit and submits it, which locks it (en)', async () => {
      const text = catalogs('en');
      const r = text.reports;
      const title = { en: 'Harbour festival', ja: '港まつり交流' };
      const { awardId } = await createApprovedAward(ctx, { partnership, title });
      const { page, problems } = await signIn(yokohamaStaff.en, 'en');

      await nav(page, text.common.nav.awards);
      await page.getByRole('heading', { level: 2, name: text.awards.title }).waitFor();
      await page.getByRole('link', { name: title.en }).click();
      await page.getByRole('heading', { level: 2, name: title.en }).waitFor();
      await page.getByText(r.list.none).waitFor();
      await page.getByRole('button', { name: r.start.open }).click();
      await page.getByRole('heading', { level: 3, name: r.start.title }).waitFor();
      // Once the round is read: it requires a final report only, the one offered, due as it says.
      await page.getByText(fill(r.start.due, { date: formatDate('2027-12-31', 'en') })).waitFor();
      expect(await page.getByLabel(r.kindLabel, { exact: true }).inputValue()).toBe('final');
      await page.getByLabel(r.sideLabel).selectOption('joint');
      await page.getByLabel(r.narrative.en).fill(narrative.en);
      await page.getByLabel(r.narrative.ja).fill(narrative.ja);
      const line = (n: number) => expense(page, 'en', n);
      // A new line starts in the yen of the user's side; the second is switched to dollars.
      await line(1).getByLabel(r.expense.category).fill('venue');
      await line(1).getByLabel(r.expense.description).fill('Hall rental');
      await line(1).getByLabel(r.expense.amount.JPY).fill('650,000');
      await page.getByRole('button', { name: r.expense.add }).click();
      await line(2).getByLabel(r.expense.currency, { exact: true }).selectOption('USD');
      await line(2).getByLabel(r.expense.category).fill('travel');
      await line(2).getByLabel(r.expense.description).fill('Flights for 6 students');
      await line(2).getByLabel(r.expense.amount.USD).fill('1,250.50');
      await check(page, 'start-report');
      await page.getByRole('button', { name: r.start.submit }).click();
      await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
      const reportId = page.url().split('/').pop() as string;
      const heading = fill(r.page.title, { kind: r.kind.final, side: text.common.sides.joint });
      await page.getByRole('heading', { level: 2, name: heading }).waitFor();
      await page.getByText(r.notice.draft).waitFor();
      expect(await reportOf(reportId)).toMatchObject({
        status: 'draft',
        kind: 'final',
        side: 'joint',
        narrative,
        expenses,
        submittedAt: null,
      });
      await expectComparison(page, 'en', 650_000);
      await check(page, 'report-draft');

      // The draft is edited and saved (yen without a comma); what the API stored replaces the form.
      await line(1).getByLabel(r.expense.amount.JPY).fill('680000');
      await page.getByRole('button', { name: r.edit.save }).click();
      await page.getByText(text.common.saved, { exact: true }).waitFor();
      await expectComparison(page, 'en', 680_000);
      expect(await reportOf(reportId)).toMatchObject({
        status: 'draft',
        expenses: [{ ...expenses[0], amountMinor: 680_000 }, expenses[1]],
      });

      await page.getByRole('button', { name: r.submit.open }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText(r.submit.body).waitFor();
      await check(page, 'submit-report-dialog');
      await dialog.getByRole('button', { name: r.submit.confirm, exact: true }).click();
      await page.getByText(r.notice.submitted).waitFor();
      // Locked: nothing to edit any more.
      expect(await page.locator('main input, main textarea').count()).toBe(0);
      await check(page, 'report-submitted');
      const submitted = await reportOf(reportId);
      expect(submitted).toMatchObject({ status: 'submitted', changesMessage: null });
      expect(submitted.submittedAt).toBeInstanceOf(Date);

      await expectListedSubmitted(page, 'en', awardId);
      expect(problems).toEqual([]);
    });

    it('the office sends it back: Yokohama reads why, revises it (yen typed in full-width digits) and resubmits (ja)', async () => {
      const text = catalogs('ja');
      const r = text.reports;
      const title = { en: 'Harbour lantern festival', ja: '港の灯籠まつり' };
      const officeMessage = '会場費の内訳を追記してください。';
      const { awardId } = await createApprovedAward(ctx, { partnership, title });
      const user = yokohamaStaff.ja;
      // Drafted and submitted over the API (the test above does it in the browser), sent back.
      const reportId = await createSubmittedReport(ctx, awardId, user, { narrative, expenses });
      await request(ctx.http)
        .post(`/api/v1/reports/${reportId}/request-changes`)
        .set('Authorization', officerAuth)
        .send({ message: officeMessage })
        .expect(200);
      expect(await reportOf(reportId)).toMatchObject({
        status: 'changes_requested',
        changesMessage: officeMessage,
      });

      // The city finds it from its award, and the office's message there.
      const { page, problems } = await signIn(user, 'ja');
      await nav(page, text.common.nav.awards);
      await page.getByRole('link', { name: title.ja }).click();
      await page.getByRole('heading', { level: 2, name: title.ja }).waitFor();
      await page
        .getByRole('table', { name: r.list.caption })
        .getByRole('link', { name: r.kind.final })
        .click();
      await page.waitForURL(`${base}/reports/${reportId}`);
      await page.getByText(r.notice.changesTitle).waitFor();
      await page.getByText(officeMessage, { exact: true }).waitFor();
      await page.getByText(r.notice.changesNext).waitFor();
      await check(page, 'report-changes-requested');

      const revised = {
        en: `${narrative.en} The hall hosted the closing concert.`,
        ja: `${narrative.ja}会場費は閉会コンサートの費用です。`,
      };
      await page.getByLabel(r.narrative.en).fill(revised.en);
      await page.getByLabel(r.narrative.ja).fill(revised.ja);
      // What a Japanese keyboard types: full-width digits and comma, read as yen.
      await expense(page, 'ja', 1).getByLabel(r.expense.amount.JPY).fill('６８０，０００');
      await page.getByRole('button', { name: r.submit.open }).click();
      // Resubmitting saves the unsaved edit first, and says so.
      const dialog = page.getByRole('dialog');
      await dialog.getByText(r.submit.unsaved).waitFor();
      await dialog.getByRole('button', { name: r.submit.confirm, exact: true }).click();
      await page.getByText(r.notice.submitted).waitFor();
      await page.getByText(revised.ja, { exact: true }).waitFor();
      await expectComparison(page, 'ja', 680_000);
      expect(await reportOf(reportId)).toMatchObject({
        status: 'submitted',
        narrative: revised,
        expenses: [{ ...expenses[0], amountMinor: 680_000 }, expenses[1]],
      });

      await expectListedSubmitted(page, 'ja', awardId);
      expect(problems).toEqual([]);
    });
  });

  it('the award page shows each side in its currency, paid and remaining, and its tranches in words', async () => {
    const text = catalogs('en');
    const title = { en: 'Sister-city sailing week', ja: '姉妹都市セーリング週間' };
    const { awardId } = await createApprovedAward(ctx, { partnership, title });
    // The bank confirmed the US side's first tranche (payment runs have their own spec).
    await ctx.db.query(
      `UPDATE disbursements SET status = 'paid'
        WHERE award_id = $1 AND side = 'US' AND tranche_index = 0`,
      [awardId],
    );
    const { page, problems } = await signIn(yokohamaStaff.en, 'en');
    const usd = (minor: number) => money(minor, 'USD', 'en');
    const jpy = (minor: number) => money(minor, 'JPY', 'en');

    await nav(page, text.common.nav.awards);
    await page.getByRole('heading', { level: 2, name: text.awards.title }).waitFor();
    const list = page.getByRole('table', { name: text.awards.caption });
    await list.getByRole('link', { name: title.en }).waitFor();
    const [row] = await list.getByRole('row').filter({ hasText: title.en }).evaluateAll(rowTexts);
    expect(row.slice(0, 4)).toEqual([
      title.en,
      `${text.common.sides.JP} ${jpy(800_000)} ${text.common.sides.US} ${usd(450_050)}`,
      `${jpy(0)} ${usd(225_025)}`,
      `${jpy(800_000)} ${usd(225_025)}`,
    ]);
    await check(page, 'awards');

    await page.getByRole('link', { name: title.en }).click();
    await page.getByRole('heading', { level: 2, name: title.en }).waitFor();
    const a = text.awards;
    expect(await rowsOf(page.getByRole('table', { name: a.award.linesCaption }))).toEqual([
      [text.common.sides.JP, 'JPY', jpy(800_000)],
      [text.common.sides.US, 'USD', usd(450_050)],
    ]);
    // Awarded, paid and remaining per currency, never added across currencies.
    const totals = async (currency: Currency) => {
      const box = page
        .getByText(a.currency[currency], { exact: true })
        .locator('xpath=..')
        .locator('dl');
      const labels = await box.locator('dt').allInnerTexts();
      const values = await box.locator('dd').allInnerTexts();
      return Object.fromEntries(labels.map((label, i) => [label, values[i]]));
    };
    expect(await totals('JPY')).toEqual({
      [a.awarded]: jpy(800_000),
      [a.paid]: jpy(0),
      [a.remaining]: jpy(800_000),
    });
    expect(await totals('USD')).toEqual({
      [a.awarded]: usd(450_050),
      [a.paid]: usd(225_025),
      [a.remaining]: usd(225_025),
    });
    const paidShare = (currency: Currency, percent: number) =>
      page
        .getByRole('progressbar', { name: fill(a.paidShare, { currency, percent }) })
        .getAttribute('aria-valuenow');
    expect([await paidShare('JPY', 0), await paidShare('USD', 50)]).toEqual(['0', '50']);

    const tranche = (n: number, key: string, releaseOn: 'award' | 'final_report_accepted') =>
      `${fill(a.payouts.trancheName, { n, key })} ${a.release[releaseOn]}`;
    const held = `${a.status.on_hold} ${a.statusHelp.held.final_report_accepted}`;
    expect(await rowsOf(page.getByRole('table', { name: a.payouts.caption }))).toEqual([
      [
        tranche(1, 'first', 'award'),
        text.common.sides.JP,
        jpy(400_000),
        `${a.status.scheduled} ${a.statusHelp.scheduled}`,
      ],
      [
        tranche(1, 'first', 'award'),
        text.common.sides.US,
        usd(225_025),
        `${a.status.paid} ${a.statusHelp.paid}`,
      ],
      [tranche(2, 'final', 'final_report_accepted'), text.common.sides.JP, jpy(400_000), held],
      [tranche(2, 'final', 'final_report_accepted'), text.common.sides.US, usd(225_025), held],
    ]);
    await check(page, 'award');
    expect(problems).toEqual([]);
  });

  describe('payee accounts', () => {
    const accountOf = async (cityId: string) =>
      (await ctx.db.query(
        `SELECT p.*, row_to_json(p)::text AS "rowText" FROM payee_accounts p WHERE city_id = $1`,
        [cityId],
      )) as Record<string, string>[];
    /** Whether a number appears anywhere in the audit trail (it must not: only masked). */
    const audited = async (number: string) =>
      (
        await ctx.db.query(`SELECT COUNT(*)::int AS n FROM audit_events WHERE data::text LIKE $1`, [
          `%${number}%`,
        ])
      )[0].n as number;

    it('Yokohama (ja) enters a Zengin account: a bad bank code is refused in the page, hiragana is stored as half-width kana, the number only encrypted and masked', async () => {
      const text = catalogs('ja');
      const p = text.payees;
      const { page, problems } = await signIn(yokohamaStaff.ja, 'ja');
      await nav(page, text.common.nav.payees);
      await page.getByRole('heading', { level: 2, name: p.title }).waitFor();
      await page.getByText(p.none).waitFor();
      // A Japanese city starts on Zengin.
      expect(await page.getByRole('radio', { name: p.rail.zengin }).isChecked()).toBe(true);
      await check(page, 'payees-empty');

      const bankCode = page.getByLabel(p.field.bankCode);
      await bankCode.fill('12');
      await page.getByLabel(p.field.branchCode).fill('001');
      await page.getByLabel(p.field.accountType).selectOption('ordinary');
      await page.getByLabel(p.field.accountNumber).fill('1234567');
      const typed = 'よこはまし　ぶんかかんこうきょく';
      await page.getByLabel(p.field.holderNameKana).fill(typed);
      await page.getByRole('button', { name: p.form.submit }).click();
      await page.getByText(p.errors.zengin.bankCode).waitFor();
      expect(await bankCode.getAttribute('aria-invalid')).toBe('true');
      expect(await descriptionOf(page, bankCode)).toContain(p.errors.zengin.bankCode);
      await check(page, 'payees-invalid');
      expect(await accountOf(yokohama.id)).toEqual([]);

      // Four digits, but no bank has them: the API refuses, in Japanese, under the field.
      await bankCode.fill('9999');
      await page.getByRole('button', { name: p.form.submit }).click();
      await page.getByRole('alert').filter({ hasText: ERROR_CODES.validation_failed.ja }).waitFor();
      expect(await descriptionOf(page, bankCode)).toContain(
        '金融機関コード 9999 の金融機関はありません',
      );
      expect(await accountOf(yokohama.id)).toEqual([]);

      // Typed on a Japanese keyboard: full-width digits are digits.
      await bankCode.fill('０００１');
      await page.getByRole('button', { name: p.form.submit }).click();
      const saved = page.getByRole('status').filter({ hasText: p.saved.title });
      await saved.waitFor();
      const stored = 'ﾖｺﾊﾏｼ ﾌﾞﾝｶｶﾝｺｳｷﾖｸ';
      await saved.getByText(stored, { exact: true }).waitFor();
      await saved.getByText(typed, { exact: true }).waitFor();
      await saved.getByText(p.saved.converted.zengin).waitFor();
      await saved.getByText('•••• 4567', { exact: true }).waitFor();
      const table = page.getByRole('table', { name: p.caption });
      await table.getByText(stored, { exact: true }).waitFor();
      expect(await rowsOf(table)).toEqual([
        [
          `${p.railShort.zengin} JPY`,
          'みずほ (0001) 東京営業部 (001)',
          `${p.accountType.zengin.ordinary} •••• 4567`,
          stored,
          `${p.status.unverified} ${p.statusHelp.unverified}`,
          expect.stringContaining(p.byYou),
        ],
      ]);
      expect(await page.locator('body').innerText()).not.toContain('1234567');
      await check(page, 'payees-saved');

      const [account] = await accountOf(yokohama.id);
      expect(account).toMatchObject({
        rail: 'zengin',
        bank_code: '0001',
        branch_code: '001',
        account_type: 'ordinary',
        holder_name: stored,
        account_number_last4: '4567',
        status: 'unverified',
      });
      expect(account.rowText).not.toContain('1234567');
      expect(account.account_number_encrypted).not.toContain('1234567');
      expect(await audited('1234567')).toBe(0);
      // The one refused request, and nothing else.
      expect(problems).toEqual([refused(400)]);
    });

    it('San Diego (en) enters an ACH account: a routing number failing the ABA check digit is refused by the API under the field, nothing saved', async () => {
      const text = catalogs('en');
      const p = text.payees;
      const { page, problems } = await signIn(await cityUser(sanDiego, 'en'), 'en');
      await nav(page, text.common.nav.payees);
      await page.getByRole('heading', { level: 2, name: p.title }).waitFor();
      // A US city starts on ACH.
      expect(await page.getByRole('radio', { name: p.rail.ach }).isChecked()).toBe(true);

      const routing = page.getByLabel(p.field.routingNumber);
      await routing.fill('011000016');
      await page.getByLabel(p.field.accountType).selectOption('savings');
      await page.getByLabel(p.field.accountNumber).fill('000123456789');
      await page.getByLabel(p.field.holderName).fill('City of San Diego');
      await page.getByRole('button', { name: p.form.submit }).click();
      await page.getByRole('alert').filter({ hasText: ERROR_CODES.validation_failed.en }).waitFor();
      expect(await routing.getAttribute('aria-invalid')).toBe('true');
      expect(await descriptionOf(page, routing)).toContain('ABA check digit');
      await check(page, 'payees-ach-refused');
      expect(await accountOf(sanDiego.id)).toEqual([]);

      await routing.fill('011000015');
      await page.getByRole('button', { name: p.form.submit }).click();
      const saved = page.getByRole('status').filter({ hasText: p.saved.title });
      await saved.getByText('CITY OF SAN DIEGO', { exact: true }).waitFor();
      await saved.getByText(p.saved.converted.ach).waitFor();
      await saved.getByText('•••• 6789', { exact: true }).waitFor();
      const table = page.getByRole('table', { name: p.caption });
      await table.getByText('CITY OF SAN DIEGO', { exact: true }).waitFor();
      expect((await rowsOf(table))[0].slice(0, 5)).toEqual([
        `${p.railShort.ach} USD`,
        fill(p.routing, { number: '011000015' }),
        `${p.accountType.ach.savings} •••• 6789`,
        'CITY OF SAN DIEGO',
        `${p.status.unverified} ${p.statusHelp.unverified}`,
      ]);
      expect(await page.locator('body').innerText()).not.toContain('000123456789');
      await check(page, 'payees-ach-saved');

      const [account] = await accountOf(sanDiego.id);
      expect(account).toMatchObject({
        rail: 'ach',
        routing_number: '011000015',
        account_type: 'savings',
        holder_name: 'CITY OF SAN DIEGO',
        account_number_last4: '6789',
        status: 'unverified',
      });
      expect(account.rowText).not.toContain('000123456789');
      expect(await audited('000123456789')).toBe(0);
      // The one refused request, and nothing else.
      expect(problems).toEqual([refused(400)]);
    });
  });

  describe('reviewer (ja)', () => {
    const text = catalogs('ja');
    const r = text.reviews;
    let reviewer: User;
    let round: Round;

    beforeAll(async () => {
      reviewer = await createUser(ctx, {
        role: 'reviewer',
        locale: 'ja',
        country: 'US',
        region: 'US-WA',
      });
      round = await createRound(ctx, { reviewersPerApplication: 1 });
    });

    /** An application in review of a partnership of its own, assigned to the reviewer. */
    async function assigned(title: { en: string; ja: string }): Promise<string> {
      const application = await createApplication(ctx, round, await createPartnership(ctx), {
        status: 'in_review',
        title,
      });
      const { identifiers } = await ctx.db.getRepository(Assignment).insert({
        applicationId: application.id,
        roundId: round.id,
        reviewerId: reviewer.id,
        status: 'assigned',
        source: 'manual',
        assignedBy: null,
        assignedAt: new Date(),
      });
      return identifiers[0].id as string;
    }

    const assignmentOf = async (id: string) =>
      (
        await ctx.db.query(
          `SELECT status, decline_reason AS "declineReason", scores, comment, recommendation
             FROM assignments WHERE id = $1`,
          [id],
        )
      )[0];

    it('declines an assignment with a reason (an empty one is refused in the page first)', async () => {
      const title = { en: 'Lantern festival exchange', ja: '灯籠まつり交流' };
      const id = await assigned(title);
      const { page, problems } = await signIn(reviewer, 'ja');
      await page.getByRole('heading', { level: 2, name: r.list.title }).waitFor();
      await check(page, 'assignments');
      await page.getByRole('link', { name: title.ja }).click();
      await page.getByRole('heading', { level: 2, name: title.ja }).waitFor();
      await page.getByRole('button', { name: r.decline.open }).click();
      const dialog = page.getByRole('dialog', { name: r.decline.title });
      await dialog.getByText(r.decline.body).waitFor();
      await dialog.getByRole('button', { name: r.decline.confirm, exact: true }).click();
      await dialog.getByText(r.decline.reasonRequired).waitFor();
      await check(page, 'decline-dialog-empty');
      expect(await assignmentOf(id)).toMatchObject({ status: 'assigned', declineReason: null });

      const reason = '2025年に横浜市国際局の助言者を務めました。';
      await dialog.getByLabel(r.decline.reason).fill(reason);
      await dialog.getByRole('button', { name: r.decline.confirm, exact: true }).click();
      await page.getByText(r.decline.declinedTitle).waitFor();
      await page.getByText(fill(r.decline.declinedReason, { reason })).waitFor();
      expect(await page.getByRole('button', { name: r.decline.open }).count()).toBe(0);
      await check(page, 'declined');
      expect(await assignmentOf(id)).toMatchObject({ status: 'declined', declineReason: reason });
      expect(problems).toEqual([]);
    });

    it('a review saved elsewhere meanwhile: the save says so, loads the saved version, then saves', async () => {
      const title = { en: 'Tea ceremony workshop', ja: '茶道ワークショップ' };
      const id = await assigned(title);
      const { page, problems } = await signIn(reviewer, 'ja');
      await page.getByRole('link', { name: title.ja }).click();
      const impact = page.getByLabel('効果', { exact: true });
      await impact.waitFor();
      await impact.fill('4');

      // The same reviewer saves from another tab (the API, with no If-Match).
      const elsewhere = {
        scores: { impact: 2, feasibility: 5 },
        comment: '別のタブで保存した講評',
      };
      await request(ctx.http)
        .put(`/api/v1/assignments/${id}/review`)
        .set('Authorization', `Bearer ${tokenFor(ctx, reviewer)}`)
        .send({ ...elsewhere, recommendation: 'maybe' })
        .expect(200);

      await page.getByRole('button', { name: r.form.saveDraft }).click();
      const stale = page.getByRole('alert').filter({ hasText: r.form.stale });
      await stale.waitFor();
      await check(page, 'review-stale');
      // The browser's 4 was not written over the other tab's save.
      expect(await assignmentOf(id)).toMatchObject({
        status: 'assigned',
        ...elsewhere,
        recommendation: 'maybe',
      });

      await stale.getByRole('button', { name: r.form.reload }).click();
      await stale.waitFor({ state: 'detached' });
      expect(await impact.inputValue()).toBe('2');
      expect(await page.getByLabel('実現性', { exact: true }).inputValue()).toBe('5');
      expect(await page.getByLabel(r.form.comment).inputValue()).toBe(elsewhere.comment);
      expect(await page.getByLabel(r.form.recommendations.maybe, { exact: true }).isChecked()).toBe(
        true,
      );
      await impact.fill('3');
      await page.getByRole('button', { name: r.form.saveDraft }).click();
      await page.getByText(r.form.saved).first().waitFor();
      expect(await assignmentOf(id)).toMatchObject({
        status: 'assigned',
        scores: { impact: 3, feasibility: 5 },
        comment: elsewhere.comment,
        recommendation: 'maybe',
      });
      // The one stale save, and nothing else.
      expect(problems).toEqual([refused(412)]);
    });
  });

  it("another city's user finds neither Yokohama's award nor its report (404), a reviewer is refused them (403); nothing of them shown (ja)", async () => {
    const text = catalogs('ja');
    const title = { en: 'Bay clean-up exchange', ja: '湾岸清掃交流' };
    const narrative = '清掃活動を行いました。';
    const { awardId } = await createApprovedAward(ctx, { partnership, title });
    const yokohamaAuth = `Bearer ${tokenFor(ctx, yokohamaStaff.ja)}`;
    const report = await request(ctx.http)
      .post(`/api/v1/awards/${awardId}/reports`)
      .set('Authorization', yokohamaAuth)
      .send({ kind: 'final', side: 'JP', narrative: { ja: narrative } })
      .expect(201);
    const osaka = await createCity(ctx, { country: 'JP', nameEn: 'Osaka', region: 'JP-27' });
    const stranger = await cityUser(osaka, 'ja');
    const reviewer = await createUser(ctx, { role: 'reviewer', locale: 'ja', country: 'US' });
    const paths = { award: `/awards/${awardId}`, report: `/reports/${report.body.id}` };
    for (const [who, status, code] of [
      [stranger, 404, 'not_found'],
      [reviewer, 403, 'forbidden'],
    ] as const) {
      for (const path of Object.values(paths)) {
        const res = await request(ctx.http)
          .get(`/api/v1${path}`)
          .set('Authorization', `Bearer ${tokenFor(ctx, who)}`);
        expect([who.role, path, res.status, res.body.code]).toEqual([who.role, path, status, code]);
      }
    }

    /**
     * Each page keeps its heading and says why, in Japanese; the award's content is nowhere.
     * With `axe`, each refused page is checked (once: the other refusal is the same alert).
     */
    async function refusedPages(
      who: User,
      title404: string,
      details: [string, string],
      axe: boolean,
    ) {
      const { page, problems } = await signIn(who, 'ja', paths.award);
      await page.getByRole('heading', { level: 2, name: text.awards.award.heading }).waitFor();
      await page.getByRole('alert').filter({ hasText: title404 }).getByText(details[0]).waitFor();
      expect(await page.getByText(title.ja).count()).toBe(0);
      if (axe) await check(page, 'award-refused');

      await page.goto(`${base}${paths.report}`);
      await page.getByRole('heading', { level: 2, name: text.reports.page.heading }).waitFor();
      await page.getByRole('alert').filter({ hasText: title404 }).getByText(details[1]).waitFor();
      expect(await page.getByText(narrative).count()).toBe(0);
      if (axe) await check(page, 'report-refused');
      return problems;
    }

    const notFound = await refusedPages(
      stranger,
      ERROR_CODES.not_found.ja,
      [
        '交付決定が見つかりません（または閲覧できません）',
        '実績報告が見つかりません（または閲覧できません）',
      ],
      true,
    );
    expect(notFound).toEqual([refused(404), refused(404)]);
    const forbidden = await refusedPages(
      reviewer,
      ERROR_CODES.forbidden.ja,
      ['このロールではこの操作はできません', 'このロールではこの操作はできません'],
      false,
    );
    expect(forbidden).toEqual([refused(403), refused(403)]);
  });
});
