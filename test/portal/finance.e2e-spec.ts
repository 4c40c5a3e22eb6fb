import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { ERROR_CODES } from '../../src/common/errors/app-error';
import type { City } from '../../src/partnerships/city.entity';
import type { Partnership } from '../../src/partnerships/partnership.entity';
import type { User } from '../../src/users/user.entity';
import awards from '../../web/src/i18n/catalogs/awards';
import common from '../../web/src/i18n/catalogs/common';
import finance from '../../web/src/i18n/catalogs/finance';
import { formatMoney } from '../../web/src/money';
import { createTestApp, TestContext } from '../support/app';
import { nachaPayments, nachaRecords, zenginPayments, zenginRecords } from '../support/bank-files';
import { expectAccessibleOnce, interpolate as fill, Portal } from '../support/browser';
import {
  changeRoleElsewhere,
  createApprovedAward,
  createCity,
  createPartnership,
  createUser,
  tokenFor,
} from '../support/factories';

// Each journey signs in two users and walks every finance page, a payment run's job included.
jest.setTimeout(120_000);

/** What Chromium logs for a response the page expected to be refused (4xx), and nothing else. */
const refused = (status: number) =>
  expect.stringMatching(new RegExp(`^Failed to load resource: .*status of ${status}\\b`));

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * The finance office in the browser (issue 16): a payee account verified (and one refused to the
 * officer who entered it), a payout requested, approved (refused to whoever requested it), sent in
 * a payment run whose bank file is downloaded and read back, and settled; in en over ACH (NACHA,
 * US dollars) and in ja over Zengin (Shift_JIS, yen). The award is decided over the API; every
 * state the browser changed is checked in PostgreSQL, every page with axe and for console errors.
 */
/** The people of the payout journey, as the history names them. */
const NAMES = {
  officer: { en: 'Ken Watanabe', ja: '渡辺 健' },
  approver: { en: 'Mary Smith', ja: '佐藤 花子' },
  otherApprover: 'Grace Lee',
} as const;

describe('finance pages (Chromium, API, worker)', () => {
  let ctx: TestContext;
  let portal: Portal;
  let base: string;
  let kobe: City;
  let seattle: City;
  let partnership: Partnership;
  /** Enters the accounts the officer in the browser verifies (nobody verifies their own). */
  let enterer: User;
  /** A second approver, acting over the API while the browser's page is open. */
  let otherApprover: User;
  /** axe once per distinct page or dialog (seconds a check on two shared cores). */
  const checkOnce = expectAccessibleOnce();

  beforeAll(async () => {
    ctx = await createTestApp({ worker: true });
    portal = await Portal.open(ctx);
    base = portal.base;
    kobe = await createCity(ctx, { country: 'JP', nameEn: 'Kobe', nameJa: '神戸市' });
    seattle = await createCity(ctx, { country: 'US', nameEn: 'Seattle', region: 'US-WA' });
    partnership = await createPartnership(ctx, kobe, seattle);
    enterer = await createUser(ctx, { role: 'finance_officer' });
    otherApprover = await createUser(ctx, {
      role: 'finance_approver',
      displayName: NAMES.otherApprover,
    });
  });
  afterEach(() => portal.closePages());
  afterAll(async () => {
    await portal?.close();
    await ctx?.close();
  });

  const api = (user: Pick<User, 'id'>) => {
    const auth = `Bearer ${tokenFor(ctx, user)}`;
    return {
      post: (path: string, body: object = {}) =>
        request(ctx.http).post(`/api/v1${path}`).set('Authorization', auth).send(body),
    };
  };

  const nav = (page: Page, name: string) =>
    page.getByRole('navigation').getByRole('link', { name, exact: true }).click();

  /** A payee account of the side's city entered over the API by `by`; its id. */
  async function enterAccount(by: User, side: 'JP' | 'US', holder: string): Promise<string> {
    const body =
      side === 'US'
        ? { cityId: seattle.id, rail: 'ach', routingNumber: '011000015', accountNumber: '000123456789', accountType: 'checking', holderName: holder }
        : { cityId: kobe.id, rail: 'zengin', bankCode: '0001', branchCode: '001', accountNumber: '1234567', accountType: 'ordinary', holderNameKana: holder }; // prettier-ignore
    const res = await api(by).post('/payee-accounts', body).expect(201);
    return res.body.id as string;
  }

  const accountRow = async (id: string) =>
    (
      await ctx.db.query(
        'SELECT status, verified_by AS "verifiedBy" FROM payee_accounts WHERE id = $1',
        [id],
      )
    )[0];

  const payoutRow = async (id: string) =>
    (
      await ctx.db.query(
        `SELECT d.status, d.requested_by AS "requestedBy", d.payee_account_id AS "accountId",
                d.payment_run_id AS "runId", d.bank_reference AS "bankReference",
                d.settled_by AS "settledBy",
                (SELECT array_agg(a.approver_id::text) FROM disbursement_approvals a
                  WHERE a.disbursement_id = d.id) AS approvers
           FROM disbursements d WHERE d.id = $1`,
        [id],
      )
    )[0];

  const firstTranche = async (awardId: string, side: 'JP' | 'US') =>
    (
      await ctx.db.query(
        'SELECT id FROM disbursements WHERE award_id = $1 AND side = $2 AND tranche_index = 0',
        [awardId, side],
      )
    )[0].id as string;

  const runsOf = async (rail: string) =>
    (await ctx.db.query('SELECT status FROM payment_runs WHERE rail = $1', [rail])) as {
      status: string;
    }[];

  const journeys = [
    {
      language: 'en' as const,
      side: 'US' as const,
      rail: 'ach' as const,
      currency: 'USD' as const,
      amount: 225_025,
      typed: 'City of Seattle',
      holder: 'CITY OF SEATTLE',
      ownHolder: 'Seattle Sister Cities',
      ownStored: 'SEATTLE SISTER CITIES',
      /** The pages each journey checks with axe: each once, the two journeys sharing them. */
      axe: [
        'payee-queue',
        'verify-dialog-refused',
        'payment-runs-invalid',
        'payment-run',
        'payout-settle',
      ],
    },
    {
      language: 'ja' as const,
      side: 'JP' as const,
      rail: 'zengin' as const,
      currency: 'JPY' as const,
      amount: 400_000,
      typed: 'コウベシ',
      holder: 'ｺｳﾍﾞｼ',
      ownHolder: 'コウベシ　コクサイカ',
      ownStored: 'ｺｳﾍﾞｼ ｺｸｻｲｶ',
      axe: ['payouts', 'payout-request', 'payout-approval', 'approve-dialog', 'payout-moved-on'],
    },
  ];

  describe.each(journeys)('the payout journey in $language ($rail)', (journey) => {
    const { language } = journey;
    const f = finance[language];
    const c = common[language];
    const a = awards[language];
    const money = formatMoney(journey.amount, journey.currency, language);
    // The payout page's own status: a status word is also a badge in a list the page replaces.
    const payoutStatus = (page: Page) =>
      page.getByRole('region', { name: f.disbursement.status, exact: true });
    const axe = (page: Page, name: string) =>
      journey.axe.includes(name) ? checkOnce(page, name) : undefined;

    it('verify an account (not one of your own), request, approve, run the bank file, download it, settle', async () => {
      const title = { en: `Port exchange (${language})`, ja: `港湾交流（${language}）` };
      const { awardId } = await createApprovedAward(ctx, { partnership, title });
      const payoutId = await firstTranche(awardId, journey.side);
      const officer = await createUser(ctx, {
        role: 'finance_officer',
        locale: language,
        displayName: NAMES.officer[language],
      });
      const approver = await createUser(ctx, {
        role: 'finance_approver',
        locale: language,
        displayName: NAMES.approver[language],
      });
      const accountId = await enterAccount(enterer, journey.side, journey.typed);
      const ownId = await enterAccount(officer, journey.side, journey.ownHolder);

      // --- The officer's queue: the masked number, the holder as the bank file carries it.
      const { page, problems } = await portal.signIn(officer.email, language);
      await page.waitForURL(`${base}/finance/payee-accounts`);
      await page.getByRole('heading', { level: 2, name: f.payees.title }).waitFor();
      const queue = page.getByRole('table', { name: f.payees.caption });
      const holderCell = (name: string) => page.getByText(name, { exact: true });
      const row = queue.getByRole('row').filter({ has: holderCell(journey.holder) });
      await row.first().waitFor();
      expect(await row.count()).toBe(1);
      await row.getByText(journey.side === 'US' ? '•••• 6789' : '•••• 4567').waitFor();
      if (journey.rail === 'zengin') {
        await row.getByText(f.payees.kanaNote).waitFor();
        await row.getByText('みずほ').waitFor();
      }
      expect(await page.locator('body').innerText()).not.toMatch(/000123456789|1234567/);
      await axe(page, 'payee-queue');

      // The account the officer entered: the API refuses, the page says why in their language.
      const own = queue.getByRole('row').filter({ has: holderCell(journey.ownStored) });
      await own.getByText(f.payees.enteredByYou).waitFor();
      await own.getByRole('button', { name: fill(f.payees.verifyLabel, { holder: journey.ownStored }) }).click(); // prettier-ignore
      const dialog = page.getByRole('dialog', { name: f.payees.dialog.title });
      await dialog.getByRole('button', { name: f.payees.dialog.confirm }).click();
      await dialog
        .getByRole('alert')
        .filter({ hasText: ERROR_CODES.rule_violation[language] })
        .getByText(f.payees.refused.rule_violation)
        .waitFor();
      await axe(page, 'verify-dialog-refused');
      expect(await accountRow(ownId)).toEqual({ status: 'unverified', verifiedBy: null });
      await dialog.getByRole('button', { name: c.cancel, exact: true }).click();
      await dialog.waitFor({ state: 'detached' });

      if (language === 'en') {
        // Verified by a colleague while the queue was open: refused as no longer waiting.
        const raceId = await enterAccount(enterer, 'US', 'Seattle Port Authority');
        await page.reload();
        const raced = queue.getByRole('row').filter({ has: holderCell('SEATTLE PORT AUTHORITY') });
        await raced.waitFor();
        await api(officer).post(`/payee-accounts/${raceId}/verify`).expect(200);
        await raced.getByRole('button', { name: f.payees.verify }).click();
        await dialog.getByRole('button', { name: f.payees.dialog.confirm }).click();
        await dialog.getByText(f.payees.refused.invalid_state).waitFor();
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached' });
        await raced.waitFor({ state: 'detached' });
      }

      await row.getByRole('button', { name: f.payees.verify }).click();
      await dialog.getByText(journey.holder, { exact: true }).waitFor();
      await dialog.getByRole('button', { name: f.payees.dialog.confirm }).click();
      await page.getByText(fill(f.payees.verified, { holder: journey.holder })).waitFor();
      await row.waitFor({ state: 'detached' });
      expect(await accountRow(accountId)).toEqual({ status: 'verified', verifiedBy: officer.id });

      // --- Payouts, filtered in the URL; the award's scheduled tranche of the side.
      await nav(page, c.nav.disbursements);
      await page.getByRole('heading', { level: 2, name: f.disbursements.title }).waitFor();
      await page.getByLabel(f.disbursements.filter).selectOption('scheduled');
      await page.waitForURL(`${base}/finance/disbursements?status=scheduled`);
      const payouts = page.getByRole('table', { name: f.disbursements.caption });
      const payoutRowInList = payouts
        .getByRole('row')
        .filter({ hasText: title[language] })
        .filter({ hasText: c.sides[journey.side] })
        // The list filtered: the side's first tranche (its held final one is not scheduled).
        .filter({ hasText: a.status.scheduled });
      await payoutRowInList.getByText(money).waitFor();
      await axe(page, 'payouts');
      await payoutRowInList.getByRole('link', { name: title[language] }).click();
      await page.waitForURL(`${base}/finance/disbursements/${payoutId}`);
      await page.getByText(title[language]).first().waitFor();
      await payoutStatus(page).getByText(a.status.scheduled, { exact: true }).waitFor();

      // Request: the only verified account of the side's city on the currency's rail.
      const select = page.getByLabel(f.disbursement.request.account);
      await select.waitFor();
      const options = await select.locator('option').allInnerTexts();
      expect(options.filter((o) => o.includes(journey.holder))).toHaveLength(1);
      // The officer's own account is not verified: it is not offered.
      expect(options.filter((o) => o.includes(journey.ownStored))).toEqual([]);
      await page.getByRole('button', { name: f.disbursement.request.submit }).click();
      await page.getByText(f.disbursement.request.required).waitFor();
      await axe(page, 'payout-request');
      expect(await payoutRow(payoutId)).toMatchObject({ status: 'scheduled', requestedBy: null });
      await select.selectOption(accountId);
      await page.getByRole('button', { name: f.disbursement.request.submit }).click();
      await page.getByText(f.disbursement.request.done).waitFor();
      await payoutStatus(page).getByText(a.status.pending_approval, { exact: true }).waitFor();
      await page
        .getByText(
          fill(f.disbursement.history.requested, {
            who: fill(f.you, { name: NAMES.officer[language] }),
            seq: 1,
          }),
        )
        .waitFor();
      // A finance officer has no approval to give.
      expect(await page.getByRole('button', { name: f.disbursement.approve.open }).count()).toBe(0);
      expect(await payoutRow(payoutId)).toMatchObject({
        status: 'pending_approval',
        requestedBy: officer.id,
        accountId,
        approvers: null,
      });

      // --- The approver, from a link to the payouts awaiting approval.
      const second = await portal.signIn(approver.email, language, {
        path: '/finance/disbursements?status=pending_approval',
      });
      const ap = second.page;
      await ap
        .getByRole('table', { name: f.disbursements.caption })
        .getByRole('row')
        .filter({ hasText: title[language] })
        .getByRole('link')
        .click();
      await ap.waitForURL(`${base}/finance/disbursements/${payoutId}`);
      await ap.getByRole('heading', { level: 3, name: f.disbursement.approve.title }).waitFor();
      await ap.getByText(journey.holder, { exact: true }).waitFor();
      // The approver sees who asked: the officer by name.
      await ap
        .getByText(fill(f.disbursement.history.requested, { who: NAMES.officer[language], seq: 1 }))
        .waitFor();
      await axe(ap, 'payout-approval');
      await ap.getByRole('button', { name: f.disbursement.approve.open, exact: true }).click();
      const approveDialog = ap.getByRole('dialog', { name: f.disbursement.approve.dialogTitle });
      await approveDialog.getByText(money, { exact: false }).waitFor();
      await axe(ap, 'approve-dialog');
      if (language === 'ja') {
        // Another approver approved it meanwhile: refused as no longer awaiting approval.
        await api(otherApprover).post(`/disbursements/${payoutId}/approve`).expect(200);
        await approveDialog.getByRole('button', { name: f.disbursement.approve.confirm }).click();
        await ap.getByRole('alert').getByText(f.disbursement.refused.invalid_state).waitFor();
        await approveDialog.waitFor({ state: 'detached' });
        await payoutStatus(ap).getByText(a.status.approved, { exact: true }).waitFor();
        await ap
          .getByText(fill(f.disbursement.history.approved, { who: NAMES.otherApprover }))
          .waitFor();
        await axe(ap, 'payout-moved-on');
        expect(await payoutRow(payoutId)).toMatchObject({
          status: 'approved',
          approvers: [otherApprover.id],
        });
        expect(second.problems).toEqual([refused(409)]);
      } else {
        await approveDialog.getByRole('button', { name: f.disbursement.approve.confirm }).click();
        await ap.getByText(f.disbursement.approve.done).waitFor();
        await payoutStatus(ap).getByText(a.status.approved, { exact: true }).waitFor();
        await ap
          .getByText(
            fill(f.disbursement.history.approved, {
              who: fill(f.you, { name: NAMES.approver[language] }),
            }),
          )
          .waitFor();
        expect(await payoutRow(payoutId)).toMatchObject({
          status: 'approved',
          approvers: [approver.id],
        });
        expect(second.problems).toEqual([]);
      }

      // --- The officer's payment run: a date out of range refused under the field first.
      await nav(page, c.nav.paymentRuns);
      await page.getByRole('heading', { level: 2, name: f.runs.title }).waitFor();
      await page.getByRole('radio', { name: f.runs.railName[journey.rail] }).check();
      const date = page.getByLabel(f.runs.executionDate);
      if (language === 'en') {
        await date.fill('2099-01-01');
        await page.getByRole('button', { name: f.runs.create.submit }).click();
        await page
          .getByRole('alert')
          .filter({ hasText: ERROR_CODES.validation_failed.en })
          .waitFor();
        expect(await date.getAttribute('aria-invalid')).toBe('true');
        await page.getByText(/between today/).waitFor();
        await axe(page, 'payment-runs-invalid');
        expect(await runsOf(journey.rail)).toEqual([]);
      }
      const executionDate = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
      await date.fill(executionDate);
      await page.getByRole('button', { name: f.runs.create.submit }).click();
      await page.waitForURL(new RegExp(`/finance/payment-runs/${UUID}$`));
      const runId = page.url().split('/').pop()!;
      // Followed while the worker writes the file, until it is ready.
      await page.getByRole('status').filter({ hasText: f.run.progress.completed }).waitFor();
      expect(await page.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
      const runPayouts = page.getByRole('table', { name: f.run.disbursementsCaption });
      await runPayouts.getByRole('row').filter({ hasText: title[language] }).getByText(money).waitFor(); // prettier-ignore
      await axe(page, 'payment-run');
      const [run] = await ctx.db.query(
        'SELECT status, entry_count AS "entryCount", total_minor AS "totalMinor", file_name AS "fileName" FROM payment_runs WHERE id = $1',
        [runId],
      );
      expect(run).toMatchObject({ status: 'completed', entryCount: 1, totalMinor: journey.amount });

      // The bank file, its SHA-256 checked in the page before it is saved.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: f.run.download }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(run.fileName);
      await page.getByText(fill(f.run.downloaded, { name: run.fileName })).waitFor();
      const bytes = await readFile(await download.path());
      // Read back as the bank reads it: the one payment, to the payee, of the tranche's amount.
      const payments = journey.rail === 'ach' ? nachaPayments(bytes) : zenginPayments(bytes);
      expect(payments).toEqual([{ name: journey.holder, amountMinor: journey.amount }]);
      if (journey.rail === 'ach') {
        const records = nachaRecords(bytes);
        expect(records[0].startsWith('101')).toBe(true);
        expect(records.every((record) => record.length === 94)).toBe(true);
      } else {
        // Header 1 (総合振込 21, Shift_JIS code 0), data 2, trailer 8, end 9.
        const records = zenginRecords(bytes);
        expect(records.map((record) => record[0])).toEqual(['1', '2', '8', '9']);
        expect(records[0].slice(0, 4)).toBe('1210');
      }

      // --- Settle from the run's list: the bank reference refused empty, then paid, by keyboard.
      await runPayouts.getByRole('link', { name: title[language] }).click();
      await page.waitForURL(`${base}/finance/disbursements/${payoutId}`);
      await payoutStatus(page).getByText(a.status.sent, { exact: true }).waitFor();
      const paid = page.getByRole('radio', { name: f.disbursement.settle.paid, exact: true });
      await paid.focus();
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.getByText(f.disbursement.settle.referenceRequired).waitFor();
      await axe(page, 'payout-settle');
      expect(await payoutRow(payoutId)).toMatchObject({ status: 'sent', runId });
      const reference = `BK-${language}-0001`;
      await page.keyboard.type(reference);
      await page.keyboard.press('Enter');
      await page.getByText(f.disbursement.settle.donePaid).waitFor();
      await payoutStatus(page).getByText(a.status.paid, { exact: true }).waitFor();
      await page.getByText(fill(f.disbursement.history.paid, { reference })).waitFor();
      expect(await payoutRow(payoutId)).toMatchObject({
        status: 'paid',
        runId,
        bankReference: reference,
        settledBy: officer.id,
      });

      expect(problems).toEqual(
        language === 'en' ? [refused(422), refused(409), refused(400)] : [refused(422)],
      );
    });
  });

  it('whoever requested a payout is refused its approval, even once an approver: the reason in Japanese (ja)', async () => {
    const f = finance.ja;
    const { awardId } = await createApprovedAward(ctx, {
      partnership,
      title: { en: 'Harbour lights', ja: '港の灯り交流' },
    });
    const payoutId = await firstTranche(awardId, 'JP');
    const accountId = await enterAccount(enterer, 'JP', 'コウベシ　ザイムカ');
    const verifier = await createUser(ctx, { role: 'finance_officer' });
    await api(verifier).post(`/payee-accounts/${accountId}/verify`).expect(200);
    const maker = await createUser(ctx, { role: 'finance_officer', locale: 'ja' });
    await api(maker).post(`/disbursements/${payoutId}/request`, { payeeAccountId: accountId }).expect(200); // prettier-ignore
    await changeRoleElsewhere(ctx, maker, 'finance_approver');

    const { page, problems } = await portal.signIn(maker.email, 'ja', {
      path: `/finance/disbursements/${payoutId}`,
    });
    await page.getByText(f.disbursement.approve.yours).waitFor();
    await page.getByRole('button', { name: f.disbursement.approve.open, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: f.disbursement.approve.dialogTitle });
    await dialog.getByRole('button', { name: f.disbursement.approve.confirm }).click();
    await dialog
      .getByRole('alert')
      .filter({ hasText: ERROR_CODES.rule_violation.ja })
      .getByText(f.disbursement.refused.rule_violation.approve)
      .waitFor();
    await checkOnce(page, 'approve-dialog-refused');
    expect(await payoutRow(payoutId)).toMatchObject({
      status: 'pending_approval',
      requestedBy: maker.id,
      approvers: null,
    });
    expect(problems).toEqual([refused(422)]);
  });

  it('an approver rejects a request with a reason (an empty one refused first); the officer then cancels the payout (en)', async () => {
    const f = finance.en;
    const a = awards.en;
    const title = { en: 'Lantern festival', ja: '灯籠まつり交流' };
    const { awardId } = await createApprovedAward(ctx, { partnership, title });
    const payoutId = await firstTranche(awardId, 'US');
    const accountId = await enterAccount(enterer, 'US', 'Lantern Society');
    const officer = await createUser(ctx, { role: 'finance_officer', locale: 'en' });
    await api(officer).post(`/payee-accounts/${accountId}/verify`).expect(200);
    await api(officer).post(`/disbursements/${payoutId}/request`, { payeeAccountId: accountId }).expect(200); // prettier-ignore
    const approver = await createUser(ctx, { role: 'finance_approver', locale: 'en' });
    const status = (page: Page) =>
      page.getByRole('region', { name: f.disbursement.status, exact: true });

    const { page, problems } = await portal.signIn(approver.email, 'en', {
      path: `/finance/disbursements/${payoutId}`,
    });
    await page.getByRole('button', { name: f.disbursement.reject.open, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: f.disbursement.reject.title });
    await dialog.getByRole('button', { name: f.disbursement.reject.confirm }).click();
    await dialog.getByText(f.disbursement.reject.reasonRequired).waitFor();
    await checkOnce(page, 'reject-dialog');
    expect(await payoutRow(payoutId)).toMatchObject({ status: 'pending_approval' });
    const reason = 'The holder name does not match the grant agreement.';
    await dialog.getByLabel(f.disbursement.reject.reason).fill(reason);
    await dialog.getByRole('button', { name: f.disbursement.reject.confirm }).click();
    await page.getByText(f.disbursement.reject.done).waitFor();
    await status(page).getByText(a.status.scheduled, { exact: true }).waitFor();
    await page.getByText(fill(f.disbursement.history.rejected, { reason })).waitFor();
    expect(
      (await ctx.db.query('SELECT status, rejection_reason AS r FROM disbursements WHERE id = $1', [payoutId]))[0],
    ).toEqual({ status: 'scheduled', r: reason }); // prettier-ignore

    // The officer reads why, and cancels the tranche instead (the reason asked for again).
    const second = await portal.signIn(officer.email, 'en', {
      path: `/finance/disbursements/${payoutId}`,
    });
    const op = second.page;
    await op.getByText(fill(f.disbursement.history.rejected, { reason })).waitFor();
    await op.getByRole('button', { name: f.disbursement.cancel.open, exact: true }).click();
    const cancel = op.getByRole('dialog', { name: f.disbursement.cancel.title });
    await cancel.getByRole('button', { name: f.disbursement.cancel.confirm }).click();
    await cancel.getByText(f.disbursement.cancel.reasonRequired).waitFor();
    const why = 'The city withdrew from the exchange.';
    await cancel.getByLabel(f.disbursement.cancel.reason).fill(why);
    await cancel.getByRole('button', { name: f.disbursement.cancel.confirm }).click();
    await op.getByText(f.disbursement.cancel.done).waitFor();
    await status(op).getByText(a.status.cancelled, { exact: true }).waitFor();
    await op.getByText(fill(f.disbursement.history.cancelled, { reason: why })).waitFor();
    await checkOnce(op, 'payout-cancelled');
    expect(
      (await ctx.db.query('SELECT status, cancel_reason AS r FROM disbursements WHERE id = $1', [payoutId]))[0],
    ).toEqual({ status: 'cancelled', r: why }); // prettier-ignore
    expect(problems).toEqual([]);
    expect(second.problems).toEqual([]);
  });

  it("a city's own staff opening a finance payout page get an explanation and none of its data (en)", async () => {
    const f = finance.en;
    const title = { en: 'Bridge builders', ja: '架け橋交流' };
    const { awardId } = await createApprovedAward(ctx, { partnership, title });
    const payoutId = await firstTranche(awardId, 'JP');
    const cityUser = await createUser(ctx, { role: 'city_user', cityId: kobe.id, locale: 'en' });
    const { page, problems } = await portal.signIn(cityUser.email, 'en', {
      path: `/finance/disbursements/${payoutId}`,
    });
    // Loaded again with every request watched: the page asks the API for nothing of the payout.
    const asked: string[] = [];
    page.on('request', (r) => {
      if (/\/api\/v1\/(disbursements|awards|payee-accounts)/.test(r.url())) asked.push(r.url());
    });
    await page.reload();
    await page.getByRole('heading', { level: 2, name: f.disbursement.heading }).waitFor();
    await page
      .getByRole('alert')
      .filter({ hasText: f.financeOnly.title })
      .getByText(f.financeOnly.body)
      .waitFor();
    await checkOnce(page, 'finance-only');
    const body = await page.locator('body').innerText();
    expect(body).not.toContain(title.en);
    expect(body).not.toContain(formatMoney(400_000, 'JPY', 'en'));
    expect(asked).toEqual([]);
    expect(problems).toEqual([]);
  });
});
