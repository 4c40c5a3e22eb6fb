import type { Locator, Page } from 'playwright-core';
import request from 'supertest';
import { formatMoney as apiMoney } from '../../src/common/money/money';
import type { User } from '../../src/users/user.entity';
import awards from '../../web/src/i18n/catalogs/awards';
import common from '../../web/src/i18n/catalogs/common';
import financeTexts from '../../web/src/i18n/catalogs/finance';
import settlement from '../../web/src/i18n/catalogs/settlement';
import { type Currency, formatMoney } from '../../web/src/money';
import { formatDate } from '../../web/src/time';
import { createTestApp, TestContext } from '../support/app';
import { expectAccessibleOnce, interpolate as fill, Language, Portal } from '../support/browser';
import { createApprovedAward, createUser, tokenFor } from '../support/factories';
import { jpy, markPaid, type SettlingAward, settlingAward, usd } from '../support/settlements';

// Each test signs in two or three users and walks several states of the award page, with axe
// checks: 60 s is too tight on two shared cores.
jest.setTimeout(150_000);

/** What Chromium logs for a response the page expected to be refused (4xx), and nothing else. */
const refused = (status: number) =>
  expect.stringMatching(new RegExp(`^Failed to load resource: .*status of ${status}\\b`));

/** Today on this machine as `YYYY-MM-DD`, as the receipt form starts it (Chromium shares the zone). */
function localToday(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A `<dl>`'s terms and their values, as text. */
const detailsOf = (list: Locator): Promise<Record<string, string>> =>
  list.evaluate((dl: { querySelectorAll(s: string): ArrayLike<unknown> }) =>
    Object.fromEntries(
      Array.from(
        dl.querySelectorAll('dt') as ArrayLike<{
          textContent: string | null;
          nextElementSibling: { textContent: string | null } | null;
        }>,
        (dt) => [
          (dt.textContent ?? '').trim(),
          (dt.nextElementSibling?.textContent ?? '').replace(/\s+/g, ' ').trim(),
        ],
      ),
    ),
  );

/**
 * 額の確定 and 返還 in the browser (issue 17): the program officer computes and confirms each side
 * of an award whose final report is accepted — the yen side finds a balance, paid as one more
 * payout; the dollar side finds its advance paid too much, so a refund is due and the US city's
 * payouts are held. The city sees what it owes and the hold; finance finds the refund in the
 * list, is refused recording more than is owed, records it, and the hold lifts. Refusals: a
 * computation without an accepted final report; roles without the action see no button. Each
 * change is checked in PostgreSQL; each distinct page and dialog once with axe.
 */
describe('settlement pages (Chromium, API, worker)', () => {
  let ctx: TestContext;
  let portal: Portal;
  let base: string;
  let officers: Record<Language, User>;
  let financeOfficers: Record<Language, User>;
  const check = expectAccessibleOnce();

  beforeAll(async () => {
    ctx = await createTestApp({ worker: true });
    portal = await Portal.open(ctx);
    base = portal.base;
    officers = {
      en: await createUser(ctx, { role: 'program_officer', locale: 'en' }),
      ja: await createUser(ctx, { role: 'program_officer', locale: 'ja' }),
    };
    financeOfficers = {
      en: await createUser(ctx, { role: 'finance_officer', locale: 'en' }),
      ja: await createUser(ctx, { role: 'finance_officer', locale: 'ja' }),
    };
  });
  afterEach(() => portal.closePages());
  afterAll(async () => {
    await portal?.close();
    await ctx?.close();
  });

  /**
   * JP ¥800,000 and US $4,500.50, the first half of each paid; the accepted final report spent
   * ¥700,500 (75 %, rounded down to ¥1,000: ¥525,000, so ¥125,000 more to pay) and $1,500.00
   * (100 %: $2,250.25 paid, so $750.25 to refund). Titled so that the refunds list can find it.
   */
  async function settling(language: Language, title: string): Promise<SettlingAward> {
    const award = await settlingAward(ctx, officers[language], {
      rules: [{ currency: 'JPY', subsidyRateBp: 7_500, roundingUnitMinor: 1_000 }],
      expenses: [jpy('venue', 600_000), usd('travel', 150_000), jpy('venue', 100_500)],
    });
    await markPaid(ctx, award.awardId, 'JP', 'first');
    await markPaid(ctx, award.awardId, 'US', 'first');
    await ctx.db.query(
      `UPDATE applications SET title = $2
        WHERE id = (SELECT application_id FROM awards WHERE id = $1)`,
      [award.awardId, JSON.stringify({ en: title, ja: title })],
    );
    return award;
  }

  const settlementsOf = (awardId: string) =>
    ctx.db.query(
      `SELECT side, status, confirmed_minor AS "confirmedMinor", paid_minor AS "paidMinor",
              balance_minor AS "balanceMinor", balance_disbursement_id AS "disbursementId",
              refund_id AS "refundId", confirmed_by AS "confirmedBy"
         FROM settlements WHERE award_id = $1 ORDER BY side`,
      [awardId],
    ) as Promise<Record<string, unknown>[]>;
  const disbursementsOf = (awardId: string, side: 'JP' | 'US') =>
    ctx.db.query(
      `SELECT tranche_key AS tranche, status, amount_minor AS "amountMinor"
         FROM disbursements WHERE award_id = $1 AND side = $2 ORDER BY tranche_index`,
      [awardId, side],
    ) as Promise<{ tranche: string; status: string; amountMinor: number }[]>;
  const refundsOf = async (awardId: string) =>
    (await ctx.db.query(
      `SELECT id, side, status, amount_minor AS "amountMinor", received_minor AS "receivedMinor",
              to_char(due_on, 'YYYY-MM-DD') AS "dueOn", to_char(received_on, 'YYYY-MM-DD') AS "receivedOn",
              bank_reference AS "bankReference", recorded_by AS "recordedBy",
              cancel_reason AS "cancelReason", cancelled_by AS "cancelledBy"
         FROM refunds WHERE award_id = $1`,
      [awardId],
    )) as Record<string, unknown>[];
  const cityName = async (id: string) =>
    (
      (await ctx.db.query('SELECT name_en FROM cities WHERE id = $1', [id])) as {
        name_en: string;
      }[]
    )[0].name_en;

  /** The award's partnership, to give the same two cities another award. */
  async function partnershipOf(award: SettlingAward) {
    const [row] = (await ctx.db.query('SELECT partnership_id FROM awards WHERE id = $1', [
      award.awardId,
    ])) as { partnership_id: string }[];
    return { id: row.partnership_id, jpCityId: award.jpCityId, usCityId: award.usCityId };
  }

  /** Computes and confirms one side over the API (the officer's own pages are walked elsewhere). */
  async function confirmOverApi(awardId: string, side: 'JP' | 'US', officer: User) {
    const auth = `Bearer ${tokenFor(ctx, officer)}`;
    const draft = await request(ctx.http)
      .post(`/api/v1/awards/${awardId}/settlements`)
      .set('Authorization', auth)
      .send({ side })
      .expect(201);
    await request(ctx.http)
      .post(`/api/v1/settlements/${draft.body.id}/confirm`)
      .set('Authorization', auth)
      .expect(200);
  }

  describe.each<Language>(['en', 'ja'])('in %s', (language) => {
    const s = settlement[language];
    const c = common[language];
    const a = awards[language];
    const f = financeTexts[language];
    const money = (minor: number, currency: Currency) => formatMoney(minor, currency, language);
    const date = (day: string) => formatDate(day, language);
    const percent = (fraction: number) =>
      new Intl.NumberFormat(language === 'ja' ? 'ja-JP' : 'en-US', {
        style: 'percent',
        maximumFractionDigits: 2,
      }).format(fraction);
    const sideCard = (page: Page, side: 'JP' | 'US') =>
      page.getByRole('region', {
        name: fill(s.sideTitle, { side: c.sides[side], currency: side === 'JP' ? 'JPY' : 'USD' }),
        exact: true,
      });
    const refundPanel = (page: Page, side: 'JP' | 'US') =>
      page.getByRole('region', { name: fill(s.refund.title, { side: c.sides[side] }) });

    it('the officer computes and confirms each side: a yen balance paid as a new payout, a dollar refund due', async () => {
      const award = await settling(language, `Settle both (${language})`);
      const officer = officers[language];
      const { page, problems } = await portal.signIn(officer.email, language, {
        path: `/awards/${award.awardId}`,
      });
      await page.getByRole('heading', { level: 3, name: s.title }).waitFor();
      const jp = sideCard(page, 'JP');
      const us = sideCard(page, 'US');
      await jp.getByText(s.notComputed).waitFor();
      await us.getByText(s.notComputed).waitFor();
      await check(page, 'settlement-none');

      await jp.getByRole('button', { name: `${s.compute} (${c.sides.JP})` }).click();
      await jp.getByText(s.status.draft, { exact: true }).waitFor();
      expect(await detailsOf(jp.locator('dl'))).toEqual({
        [s.awarded]: money(800_000, 'JPY'),
        [s.spent]: money(700_500, 'JPY'),
        [s.eligible]: money(700_500, 'JPY'),
        [s.rate]: percent(0.75),
        [s.rounding]: money(1_000, 'JPY'),
        [s.cap]: s.noCap,
        [s.confirmed]: money(525_000, 'JPY'),
        [s.paid]: money(400_000, 'JPY'),
        [s.balance]: money(125_000, 'JPY'),
      });
      expect(await settlementsOf(award.awardId)).toMatchObject([
        { side: 'JP', status: 'draft', confirmedMinor: 525_000 },
      ]);
      await check(page, 'settlement-draft');

      await jp.getByRole('button', { name: `${s.confirm.open} (${c.sides.JP})` }).click();
      const dialog = page.getByRole('dialog', {
        name: fill(s.confirm.title, { side: c.sides.JP }),
      });
      await dialog.getByText(s.confirm.body).waitFor();
      await check(page, 'settlement-confirm');
      await dialog.getByRole('button', { name: s.confirm.confirm, exact: true }).click();
      await jp
        .getByText(fill(s.result.balance, { amount: money(125_000, 'JPY') }), { exact: true })
        .waitFor();
      await jp.getByText(s.status.confirmed, { exact: true }).waitFor();
      // The balance is one more payout of the side; its unpaid tranche is cancelled.
      const payouts = page.getByRole('table', { name: a.payouts.caption });
      await payouts.getByText(fill(a.payouts.trancheName, { n: 3, key: 'settlement' })).waitFor();
      expect(await disbursementsOf(award.awardId, 'JP')).toEqual([
        { tranche: 'first', status: 'paid', amountMinor: 400_000 },
        { tranche: 'final', status: 'cancelled', amountMinor: 400_000 },
        { tranche: 'settlement', status: 'scheduled', amountMinor: 125_000 },
      ]);
      expect(await settlementsOf(award.awardId)).toMatchObject([
        {
          side: 'JP',
          status: 'confirmed',
          paidMinor: 400_000,
          balanceMinor: 125_000,
          disbursementId: expect.any(String),
          refundId: null,
          confirmedBy: officer.id,
        },
      ]);

      await us.getByRole('button', { name: `${s.compute} (${c.sides.US})` }).click();
      await us.getByText(s.status.draft, { exact: true }).waitFor();
      expect(await detailsOf(us.locator('dl'))).toMatchObject({
        [s.confirmed]: money(150_000, 'USD'),
        [s.paid]: money(225_025, 'USD'),
        [s.toRefund]: money(75_025, 'USD'),
      });
      await us.getByRole('button', { name: `${s.confirm.open} (${c.sides.US})` }).click();
      await page
        .getByRole('dialog', { name: fill(s.confirm.title, { side: c.sides.US }) })
        .getByRole('button', { name: s.confirm.confirm, exact: true })
        .click();
      await us.getByText(s.status.confirmed, { exact: true }).waitFor();
      const [refund] = await refundsOf(award.awardId);
      expect(refund).toMatchObject({ side: 'US', status: 'due', amountMinor: 75_025 });
      const dueOn = refund.dueOn as string;
      await us
        .getByText(fill(s.result.refund, { amount: money(75_025, 'USD'), date: date(dueOn) }))
        .waitFor();
      // The refund is the city's to pay and finance's to record: the office may only waive it.
      const panel = refundPanel(page, 'US');
      await panel.getByText(s.refund.statuses.due, { exact: true }).waitFor();
      await panel.getByRole('button', { name: s.waive.open }).waitFor();
      expect(await panel.getByRole('button', { name: s.receive.submit }).count()).toBe(0);
      // The US city's payouts are held until it is in; both sides settled, the award is closed.
      await page
        .getByRole('status')
        .filter({
          hasText: fill(s.hold.refund_due, { amount: money(75_025, 'USD'), date: date(dueOn) }),
        })
        .waitFor();
      expect(await page.getByRole('button', { name: new RegExp(s.compute) }).count()).toBe(0);
      expect(await settlementsOf(award.awardId)).toMatchObject([
        { side: 'JP', status: 'confirmed' },
        { side: 'US', status: 'confirmed', balanceMinor: -75_025, refundId: refund.id },
      ]);
      expect(
        await ctx.db.query('SELECT status FROM awards WHERE id = $1', [award.awardId]),
      ).toEqual([{ status: 'closed' }]);
      await check(page, 'settlement-confirmed');
      if (process.env.PORTAL_REVIEW_SHOTS) {
        await page.screenshot({
          path: `${process.env.PORTAL_REVIEW_SHOTS}/settlement-page-${language}.png`,
          fullPage: true,
        });
      }
      expect(problems).toEqual([]);
    });

    it('the officer leaves a receipt out as not eligible, with its reason; the city reads why', async () => {
      const award = await settling(language, `Leave out (${language})`);
      const { page, problems } = await portal.signIn(officers[language].email, language, {
        path: `/awards/${award.awardId}`,
      });
      const jp = sideCard(page, 'JP');
      const expenses = jp.getByRole('table', {
        name: fill(s.expenses.caption, { side: c.sides.JP }),
      });
      // The yen side's expenses of the (joint) final report: the two in yen, not the dollar one.
      const tick = (amountMinor: number) =>
        expenses.getByRole('checkbox', {
          name: fill(s.expenses.excludeOne, {
            expense: 'venue (JPY)',
            amount: money(amountMinor, 'JPY'),
          }),
        });
      await tick(100_500).waitFor();
      expect(await expenses.getByRole('checkbox').count()).toBe(2);

      // Ticked without a reason: it says so, and nothing is computed.
      await tick(100_500).check();
      const reason = expenses.getByRole('textbox', {
        name: fill(s.expenses.reasonFor, { expense: 'venue (JPY)', amount: money(100_500, 'JPY') }),
      });
      await jp.getByText(s.expenses.reasonNeeded).waitFor();
      await jp.getByRole('button', { name: `${s.compute} (${c.sides.JP})` }).click();
      await check(page, 'settlement-exclusions');
      expect(await settlementsOf(award.awardId)).toEqual([]);

      const why =
        language === 'ja' ? '領収書の宛名が市ではない' : 'Receipt not made out to the city';
      await reason.fill(why);
      await jp.getByRole('button', { name: `${s.compute} (${c.sides.JP})` }).click();
      await jp.getByText(s.status.draft, { exact: true }).waitFor();
      // ¥700,500 spent, ¥100,500 not eligible: 75 % of ¥600,000 is ¥450,000; ¥400,000 paid.
      expect(await detailsOf(jp.locator('dl'))).toMatchObject({
        [s.spent]: money(700_500, 'JPY'),
        [s.eligible]: money(600_000, 'JPY'),
        [s.confirmed]: money(450_000, 'JPY'),
        [s.balance]: money(50_000, 'JPY'),
      });
      expect(
        await ctx.db.query(
          `SELECT side, excluded, eligible_minor AS "eligibleMinor" FROM settlements
            WHERE award_id = $1`,
          [award.awardId],
        ),
      ).toEqual([{ side: 'JP', excluded: [{ index: 2, reason: why }], eligibleMinor: 600_000 }]);
      // The draft keeps what was left out: a recompute starts from it.
      expect(await tick(100_500).isChecked()).toBe(true);
      expect(await reason.inputValue()).toBe(why);
      expect(problems).toEqual([]);

      // The city reads what was left out and why; it has nothing to tick.
      const yokohamaStaff = await createUser(ctx, {
        role: 'city_user',
        cityId: award.jpCityId,
        locale: language,
      });
      const city = await portal.signIn(yokohamaStaff.email, language, {
        path: `/awards/${award.awardId}`,
      });
      const left = sideCard(city.page, 'JP').getByRole('table', {
        name: fill(s.expenses.excludedCaption, { side: c.sides.JP }),
      });
      await left.getByRole('cell', { name: why }).waitFor();
      expect(await left.getByRole('row').count()).toBe(2);
      expect(await city.page.getByRole('checkbox').count()).toBe(0);
      await check(city.page, 'settlement-excluded-city');
      expect(city.problems).toEqual([]);
    });

    it('the city sees its refund and the hold; finance is refused more than is owed, records it, and the hold lifts', async () => {
      const title = `Refund back (${language})`;
      const award = await settling(language, title);
      await confirmOverApi(award.awardId, 'US', officers[language]);
      const [refund] = await refundsOf(award.awardId);
      const dueOn = refund.dueOn as string;
      const owed = money(75_025, 'USD');
      const reason = fill(s.hold.refund_due, { amount: owed, date: date(dueOn) });
      // Another award of the same cities, its first payout of the US side ready to request.
      const { awardId: otherAward } = await createApprovedAward(ctx, {
        partnership: await partnershipOf(award),
      });
      const [{ id: nextPayout }] = (await ctx.db.query(
        `SELECT id FROM disbursements WHERE award_id = $1 AND side = 'US' AND status = 'scheduled'`,
        [otherAward],
      )) as { id: string }[];

      // San Diego's staff: what it owes, by when, and that its payouts wait for it; no action.
      const cityUser = await createUser(ctx, {
        role: 'city_user',
        cityId: award.usCityId,
        locale: language,
      });
      const city = await portal.signIn(cityUser.email, language, {
        path: `/awards/${award.awardId}`,
      });
      const notice = city.page.getByRole('status').filter({ hasText: s.hold.mine });
      await notice.getByText(reason).waitFor();
      const panel = refundPanel(city.page, 'US');
      await panel.getByText(s.refund.cityNote).waitFor();
      expect(await detailsOf(panel.locator('dl'))).toMatchObject({
        [s.refund.amount]: owed,
        [s.refund.outstanding]: owed,
        [s.refund.dueOn]: date(dueOn),
        [s.refund.status]: s.refund.statuses.due,
      });
      for (const name of [s.receive.submit, s.waive.open, s.confirm.open, s.compute]) {
        expect(await city.page.getByRole('button', { name: new RegExp(name) }).count()).toBe(0);
      }
      await check(city.page, 'settlement-city');
      expect(city.problems).toEqual([]);

      // Finance: the payout of the other award says why it is held.
      const finance = financeOfficers[language];
      const { page, problems } = await portal.signIn(finance.email, language, {
        path: `/finance/disbursements/${nextPayout}`,
      });
      const held = page
        .getByRole('status')
        .filter({ hasText: fill(s.hold.city, { city: await cityName(award.usCityId) }) });
      await held.getByText(reason).waitFor();
      await check(page, 'payout-held');

      // The refunds still due, and from there the award.
      await page.getByRole('navigation').getByRole('link', { name: s.nav, exact: true }).click();
      await page.getByRole('heading', { level: 2, name: s.refunds.title }).waitFor();
      await page.getByLabel(s.refunds.filter).selectOption('due');
      await page.waitForURL(`${base}/finance/refunds?status=due`);
      const row = page
        .getByRole('table', { name: s.refunds.caption })
        .getByRole('row')
        .filter({ hasText: title });
      await row.getByText(owed).first().waitFor();
      await check(page, 'refunds-list');
      await row.getByRole('link', { name: title }).click();
      await page.waitForURL(`${base}/awards/${award.awardId}`);

      // Finance records the money; computing, confirming and waiving are the office's.
      const form = refundPanel(page, 'US');
      await form.getByRole('button', { name: s.receive.submit }).waitFor();
      for (const name of [s.waive.open, s.confirm.open, s.compute]) {
        expect(await page.getByRole('button', { name: new RegExp(name) }).count()).toBe(0);
      }

      // More than is owed: refused by the API, in the user's language; nothing recorded.
      const amount = form.getByLabel(fill(s.receive.amount, { currency: 'USD' }));
      await amount.fill('800.00');
      await form.getByLabel(s.receive.reference).fill('WIRE-IN-1');
      await form.getByRole('button', { name: s.receive.submit }).click();
      const tooMuch = [
        apiMoney({ amountMinor: 80_000, currency: 'USD' }),
        apiMoney({ amountMinor: 75_025, currency: 'USD' }),
      ];
      await form
        .getByRole('alert')
        .getByText(
          language === 'ja'
            ? `${tooMuch[0]}は未返還額 ${tooMuch[1]} を超えています`
            : `${tooMuch[0]} is more than the ${tooMuch[1]} outstanding`,
        )
        .waitFor();
      await check(page, 'refund-refused');
      expect(await refundsOf(award.awardId)).toMatchObject([{ status: 'due', receivedMinor: 0 }]);

      await amount.fill('750.25');
      await form.getByRole('button', { name: s.receive.submit }).click();
      // Received in full: the form is gone, the refund says so.
      await form.getByRole('button', { name: s.receive.submit }).waitFor({ state: 'detached' });
      expect(await detailsOf(form.locator('dl'))).toMatchObject({
        [s.refund.status]: s.refund.statuses.received,
        [s.refund.received]: owed,
        [s.refund.bankReference]: 'WIRE-IN-1',
      });
      expect(await refundsOf(award.awardId)).toMatchObject([
        {
          status: 'received',
          amountMinor: 75_025,
          receivedMinor: 75_025,
          receivedOn: localToday(),
          bankReference: 'WIRE-IN-1',
          recordedBy: finance.id,
        },
      ]);
      // The award page shows the hold lifted as soon as it is.
      await page.getByRole('status').filter({ hasText: reason }).waitFor({ state: 'detached' });

      // The other award's payout is no longer held.
      const holds = page.waitForResponse((res) =>
        res.url().endsWith(`/api/v1/cities/${award.usCityId}/holds`),
      );
      await page.goto(`${base}/finance/disbursements/${nextPayout}`);
      expect(((await (await holds).json()) as { held: boolean }).held).toBe(false);
      await page.getByRole('heading', { level: 3, name: f.disbursement.status }).waitFor();
      expect(await page.getByRole('status').filter({ hasText: reason }).count()).toBe(0);
      expect(problems).toEqual([refused(422)]);
    });
  });

  it('ja: computing a side without an accepted final report is refused in Japanese', async () => {
    const award = await settlingAward(ctx, officers.ja, { report: 'submitted' });
    const s = settlement.ja;
    const { page, problems } = await portal.signIn(officers.ja.email, 'ja', {
      path: `/awards/${award.awardId}`,
    });
    const jp = page.getByRole('region', {
      name: fill(s.sideTitle, { side: common.ja.sides.JP, currency: 'JPY' }),
      exact: true,
    });
    await jp.getByRole('button', { name: `${s.compute} (${common.ja.sides.JP})` }).click();
    await jp
      .getByRole('alert')
      .getByText('日本側には受理済みの実績報告（単独または合同）がないため、額を確定できません')
      .waitFor();
    await check(page, 'settlement-refused');
    expect(await settlementsOf(award.awardId)).toEqual([]);
    expect(problems).toEqual([refused(409)]);
  });

  it('en: the officer waives a refund with a reason (not without one); finance sees it waived', async () => {
    const award = await settling('en', 'Waived refund (en)');
    await confirmOverApi(award.awardId, 'US', officers.en);
    const s = settlement.en;
    const { page, problems } = await portal.signIn(officers.en.email, 'en', {
      path: `/awards/${award.awardId}`,
    });
    const panel = page.getByRole('region', {
      name: fill(s.refund.title, { side: common.en.sides.US }),
    });
    await page.getByRole('status').filter({ hasText: s.hold.lifts }).waitFor();
    await panel.getByRole('button', { name: s.waive.open }).click();
    const dialog = page.getByRole('dialog', { name: s.waive.title });
    await dialog.getByRole('button', { name: s.waive.confirm }).click();
    await dialog.getByText(s.waive.required).waitFor();
    await check(page, 'waive-empty');
    expect(await refundsOf(award.awardId)).toMatchObject([{ status: 'due' }]);
    await dialog.getByLabel(s.waive.reason).fill('The festival was cancelled by a typhoon.');
    await dialog.getByRole('button', { name: s.waive.confirm }).click();
    await panel.getByText(s.refund.statuses.cancelled, { exact: true }).waitFor();
    await panel.getByText('The festival was cancelled by a typhoon.').waitFor();
    expect(await refundsOf(award.awardId)).toMatchObject([
      {
        status: 'cancelled',
        cancelReason: 'The festival was cancelled by a typhoon.',
        cancelledBy: officers.en.id,
      },
    ]);
    // Waived, the city is no longer held.
    await page.getByRole('status').filter({ hasText: s.hold.lifts }).waitFor({ state: 'detached' });
    expect(problems).toEqual([]);
  });
});
