import { mkdirSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import type { City } from '../../src/partnerships/city.entity';
import type { Partnership } from '../../src/partnerships/partnership.entity';
import type { User } from '../../src/users/user.entity';
import amendments from '../../web/src/i18n/catalogs/amendments';
import common from '../../web/src/i18n/catalogs/common';
import documents from '../../web/src/i18n/catalogs/documents';
import { formatMoney as money } from '../../web/src/money';
import { formatDate } from '../../web/src/time';
import { createTestApp, TestContext } from '../support/app';
import { samples } from '../support/documents';
import { actOnAmendment, amendmentState, requestAmendment } from '../support/amendments';
import {
  expectAccessibleOnce,
  interpolate as fill,
  focused,
  Language,
  Portal,
} from '../support/browser';
import {
  createApprovedAward,
  createCity,
  createPartnership,
  createUser,
  tokenFor,
} from '../support/factories';

// Four users sign in and walk the award page in turn: 60 s is tight on two shared cores.
jest.setTimeout(120_000);

const SHOTS = '/tmp/shots';

/** What Chromium logs for a response the page expected to be refused (4xx), and nothing else. */
const refused = (status: number) =>
  expect.stringMatching(new RegExp(`^Failed to load resource: .*status of ${status}\\b`));

/** The body rows of a table, each as the text of its cells. */
const rowsOf = (table: Locator): Promise<string[][]> =>
  table
    .locator('tbody tr')
    .evaluateAll((rows: { cells: ArrayLike<{ textContent: string | null }> }[]) =>
      rows.map((row) =>
        Array.from(row.cells, (cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim()),
      ),
    );

/**
 * Amendments of an award in the browser (変更承認, issue 17): Yokohama moves a little of its
 * budget (recorded at once: the new version shown) and asks for a larger move; San Diego asks for
 * a no-cost extension; the program officer, coming from the office's application page, approves
 * one and declines the other with a reason. Harder paths, one language each: a move larger than
 * its category refused by the API in the user's language, a request withdrawn by the city, a
 * request withdrawn meanwhile refused to the officer (409), roles that see no action. Every change
 * is checked in PostgreSQL, every page and dialog once with axe.
 */
describe('award amendments (Chromium, API)', () => {
  let ctx: TestContext;
  let portal: Portal;
  let base: string;
  let yokohama: City;
  let sanDiego: City;
  let partnership: Partnership;
  const staff = {} as Record<'yokohama' | 'sanDiego' | 'officer', Record<Language, User>>;
  const check = expectAccessibleOnce();

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
    for (const [who, options] of [
      ['yokohama', { role: 'city_user', cityId: yokohama.id }],
      ['sanDiego', { role: 'city_user', cityId: sanDiego.id }],
      ['officer', { role: 'program_officer' }],
    ] as const) {
      staff[who] = {
        en: await createUser(ctx, { ...options, locale: 'en', displayName: `${who} en` }),
        ja: await createUser(ctx, { ...options, locale: 'ja', displayName: `${who} ja` }),
      };
    }
    mkdirSync(SHOTS, { recursive: true });
  });
  afterEach(() => portal.closePages());
  afterAll(async () => {
    await portal?.close();
    await ctx?.close();
  });

  /** An award of ¥1,000,000 (venue) and $5,000.00 (travel), the round's 20 % share. */
  const newAward = (language: Language) =>
    createApprovedAward(ctx, {
      partnership,
      title: { en: `Harbour festival (${language})`, ja: `港まつり交流（${language}）` },
      amounts: { JP: 1_000_000, US: 500_000 },
    });

  const section = (page: Page, language: Language) =>
    page.getByRole('region', { name: amendments[language].title });

  const item = (page: Page, language: Language, kind: keyof typeof amendments.en.kind) =>
    page
      .getByRole('list', { name: amendments[language].caption })
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: amendments[language].kind[kind] }) });

  /** Fills and sends the request form (opened) for a budget move of the user's side. */

  interface Move {
    from: string;
    to: string;
    amount: string;
  }

  /** A budget move request of one or more moves, each filled in its own group ("Move 2"). */
  async function requestMoves(
    page: Page,
    language: Language,
    moves: Move[],
    reason: { en?: string; ja?: string },
  ) {
    const f = amendments[language].form;
    const form = page.getByRole('form', { name: f.heading });
    await form.getByRole('radio', { name: amendments[language].kind.budget_move }).check();
    for (const [index, move] of moves.entries()) {
      if (index > 0) await form.getByRole('button', { name: f.addMove }).click();
      const group = form.getByRole('group', { name: fill(f.move, { n: index + 1 }) });
      await group.getByLabel(f.from).selectOption(move.from);
      await group.getByLabel(f.to).fill(move.to);
      await group.getByLabel(fill(f.amount, { currency: 'JPY' })).fill(move.amount);
    }
    if (reason.en) await form.getByLabel(f.reason_en).fill(reason.en);
    if (reason.ja) await form.getByLabel(f.reason_ja).fill(reason.ja);
    await form.getByRole('button', { name: f.submit }).click();
  }

  const openForm = async (page: Page, language: Language) => {
    await section(page, language)
      .getByRole('button', { name: amendments[language].form.open })
      .click();
    await page.getByRole('form', { name: amendments[language].form.heading }).waitFor();
  };

  describe.each<Language>(['en', 'ja'])('in %s', (language) => {
    const a = amendments[language];
    const sides = common[language].sides;
    const yen = (minor: number) => money(minor, 'JPY', language);

    it('Yokohama moves a little (in force at once) and asks for more, San Diego asks for an extension; the officer approves one and declines the other', async () => {
      const { awardId, application } = await newAward(language);

      // Yokohama: a move of 5 % of its side, within the round's 20 %: recorded as version 2.
      const city = await portal.signedIn(
        staff.yokohama[language].email,
        language,
        `/awards/${awardId}`,
      );
      let page = city.page;
      await section(page, language).getByText(a.none).waitFor();
      expect(await page.getByRole('button', { name: a.approve.open }).count()).toBe(0);
      await check(page, 'award-amendments-empty');
      await openForm(page, language);
      await check(page, 'amendment-form');
      await requestMoves(
        page,
        language,
        [{ from: 'venue', to: 'printing', amount: language === 'ja' ? '５０，０００' : '50,000' }],
        { en: 'Printing costs rose', ja: '印刷費が上がりました' },
      );
      await page
        .getByRole('status')
        .getByText(fill(a.form.recorded, { version: 2 }))
        .waitFor();
      const recorded = item(page, language, 'budget_move');
      await recorded.getByText(a.status.recorded, { exact: true }).waitFor();
      await recorded
        .getByText(
          fill(a.changes.move, {
            amount: yen(50_000),
            from: 'venue',
            to: 'printing',
            side: sides.JP,
          }),
        )
        .waitFor();
      await recorded.getByText(fill(a.versions, { base: 1, result: 2 })).waitFor();
      // The version in force is the new one: each category with what the move changed.
      const versions = page.getByLabel(a.history.pick, { exact: true });
      const budget = page.getByRole('table', { name: fill(a.history.caption, { version: 2 }) });
      await budget.waitFor();
      expect(await versions.inputValue()).toBe('2');
      expect(await rowsOf(budget)).toEqual([
        [sides.JP, 'printing', yen(50_000), `+${yen(50_000)}`],
        [sides.JP, 'venue', yen(950_000), `−${yen(50_000)}`],
        [sides.US, 'travel', money(500_000, 'USD', language), ''],
      ]);
      // Version 1, picked from the history, is the budget as awarded.
      await versions.selectOption('1');
      const first = page.getByRole('table', { name: fill(a.history.caption, { version: 1 }) });
      expect(await rowsOf(first)).toEqual([
        [sides.JP, 'venue', yen(1_000_000), ''],
        [sides.US, 'travel', money(500_000, 'USD', language), ''],
      ]);
      await versions.selectOption('2');
      await check(page, 'award-amendments-recorded');
      expect(await amendmentState(ctx, awardId)).toMatchObject({
        currentVersion: 2,
        amendments: [{ status: 'recorded', resultingVersion: 2 }],
        versions: [
          { version: 1 },
          {
            version: 2,
            budgetLines: expect.arrayContaining([
              { side: 'JP', category: 'venue', currency: 'JPY', amountMinor: 950_000 },
              { side: 'JP', category: 'printing', currency: 'JPY', amountMinor: 50_000 },
            ]),
          },
        ],
      });

      // San Diego: a no-cost extension to the end of 2027, which waits for the office.
      const partner = await portal.signedIn(
        staff.sanDiego[language].email,
        language,
        `/awards/${awardId}`,
      );
      page = partner.page;
      await openForm(page, language);
      const form = page.getByRole('form', { name: a.form.heading });
      await form.getByRole('radio', { name: a.kind.no_cost_extension }).check();
      await form
        .getByText(fill(a.form.endsOnHint, { date: formatDate('2027-09-30', language) }))
        .waitFor();
      await form.getByLabel(a.form.endsOn).fill('2027-12-31');
      await form.getByLabel(a.form.reason_en).fill('The exchange moved to the autumn');
      await form.getByRole('button', { name: a.form.submit }).click();
      await page.getByRole('status').getByText(a.form.requested).waitFor();
      const extension = item(page, language, 'no_cost_extension');
      await extension.getByText(a.status.requested, { exact: true }).waitFor();
      await extension
        .getByText(fill(a.changes.endsOn, { date: formatDate('2027-12-31', language) }))
        .waitFor();
      // The city may withdraw its request, not decide it.
      await extension.getByRole('button', { name: a.withdraw.open }).waitFor();
      expect(await extension.getByRole('button', { name: a.approve.open }).count()).toBe(0);
      // It attaches the revised schedule to the request while it waits.
      const d = documents[language];
      const schedule = `schedule-${language}.pdf`;
      await extension
        .getByLabel(d.upload.file, { exact: true })
        .setInputFiles({ name: schedule, mimeType: 'application/pdf', buffer: samples.pdf() });
      await extension.getByRole('button', { name: d.upload.submit }).click();
      await extension.getByText(fill(d.upload.done, { name: schedule })).waitFor();
      await check(page, 'award-amendments-requested');

      // The officer finds the award from the office's application page and approves it.
      const office = await portal.signedIn(
        staff.officer[language].email,
        language,
        `/office/applications/${application.id}`,
      );
      page = office.page;
      await page.getByRole('link', { name: a.awardLink }).click();
      await page.waitForURL(`${base}/awards/${awardId}`);
      const waiting = item(page, language, 'no_cost_extension');
      // Named: San Diego's staff member asked for it.
      await waiting
        .getByText(fill(a.by, { name: `sanDiego ${language}` }), { exact: false })
        .waitFor();
      // The officer reads the request's attachment (and may not change it).
      await waiting
        .getByRole('button', { name: fill(d.downloadFile, { name: schedule }) })
        .waitFor();
      expect(await waiting.getByRole('button', { name: d.upload.submit }).count()).toBe(0);
      await waiting.getByRole('button', { name: a.approve.open }).click();
      const approveDialog = page.getByRole('dialog', { name: a.approve.title });
      const note = {
        en: 'Agreed: report by the new date.',
        ja: '承認します。新しい期限までに報告してください。',
      }[language];
      await approveDialog.getByLabel(a.approve.note).fill(note);
      await check(page, 'approve-dialog');
      await approveDialog.getByRole('button', { name: a.approve.confirm }).click();
      await page
        .getByRole('status')
        .getByText(fill(a.approve.done, { version: 3 }))
        .waitFor();
      await waiting.getByText(a.status.approved, { exact: true }).waitFor();
      await waiting.getByText(note).waitFor();
      await waiting.getByText(fill(a.versions, { base: 2, result: 3 })).waitFor();
      // Decided: the cities no longer change its attachments; the file stays listed.
      expect(await waiting.getByRole('button', { name: d.upload.submit }).count()).toBe(0);
      expect(
        await ctx.db.query(
          `SELECT d.file_name AS "fileName", d.kind FROM documents d
             JOIN award_amendments am ON am.id = d.owner_id
            WHERE d.owner_type = 'amendment' AND am.award_id = $1`,
          [awardId],
        ),
      ).toEqual([{ fileName: schedule, kind: 'budget' }]);
      // A decided request without documents says nothing about them.
      expect(
        await item(page, language, 'budget_move').getByRole('heading', { name: d.title }).count(),
      ).toBe(0);
      expect(await section(page, language).getByRole('button', { name: a.form.open }).count()).toBe(
        0,
      );
      await page.screenshot({
        path: `${SHOTS}/amendments-officer-${language}.png`,
        fullPage: true,
      });
      const after = await ctx.db.query(
        'SELECT ends_on::text AS "endsOn", reports_required AS "reportsRequired" FROM award_versions WHERE award_id = $1 AND version = 3',
        [awardId],
      );
      expect(after).toEqual([
        { endsOn: '2027-12-31', reportsRequired: [{ kind: 'final', dueOn: '2028-04-01' }] },
      ]);

      // Yokohama asks for 30 % of its side: above the share, so it waits; the officer declines.
      page = (await portal.signedIn(staff.yokohama[language].email, language, `/awards/${awardId}`))
        .page;
      // Two moves in one request, the second one's amount forgotten first: said under it, the
      // focus on it, nothing sent. A third move added and removed again.
      await openForm(page, language);
      await requestMoves(
        page,
        language,
        [
          { from: 'venue', to: 'catering', amount: '300000' },
          { from: 'venue', to: 'printing', amount: '' },
        ],
        { ja: 'ケータリングを追加します' },
      );
      const moveForm = page.getByRole('form', { name: a.form.heading });
      const second = moveForm.getByRole('group', { name: fill(a.form.move, { n: 2 }) });
      const secondAmount = second.getByLabel(fill(a.form.amount, { currency: 'JPY' }));
      await second.getByText(fill(a.form.badAmount, { currency: 'JPY' })).waitFor();
      expect(await focused(secondAmount)).toBe(true);
      // The second move picks from the budget as the first leaves it.
      const options = await second.getByLabel(a.form.from).locator('option').allTextContents();
      expect(options.sort()).toEqual(
        [
          '—',
          `catering (${yen(300_000)})`,
          `printing (${yen(50_000)})`,
          `venue (${yen(650_000)})`,
        ].sort(),
      );
      await moveForm.getByRole('button', { name: a.form.addMove }).click();
      const third = moveForm.getByRole('group', { name: fill(a.form.move, { n: 3 }) });
      expect(await focused(third.getByLabel(a.form.from))).toBe(true);
      await check(page, 'amendment-form-three-moves');
      await page.screenshot({ path: `${SHOTS}/amendments-moves-${language}.png`, fullPage: true });
      await moveForm.getByRole('button', { name: fill(a.form.removeMove, { n: 3 }) }).click();
      await third.waitFor({ state: 'detached' });
      await secondAmount.fill('20000');
      await moveForm.getByRole('button', { name: a.form.submit }).click();
      await page.getByRole('status').getByText(a.form.requested).waitFor();
      await city.page.close();

      page = (await portal.signedIn(staff.officer[language].email, language, `/awards/${awardId}`))
        .page;
      const large = item(page, language, 'budget_move').filter({ hasText: 'catering' });
      await large.getByRole('button', { name: a.decline.open }).click();
      const declineDialog = page.getByRole('dialog', { name: a.decline.title });
      // Declining says why: an empty reason is refused in the page, nothing sent.
      await declineDialog.getByRole('button', { name: a.decline.confirm }).click();
      await declineDialog.getByText(a.decline.required).waitFor();
      await check(page, 'decline-dialog-empty');
      const why = { en: 'Catering is not an eligible cost.', ja: '飲食費は助成対象外です。' }[
        language
      ];
      await declineDialog.getByLabel(a.decline.reason).fill(why);
      await declineDialog.getByRole('button', { name: a.decline.confirm }).click();
      await page.getByRole('status').getByText(a.decline.done).waitFor();
      await large.getByText(a.status.declined, { exact: true }).waitFor();
      await large.getByText(why).waitFor();
      for (const [to, amount] of [
        ['catering', 300_000],
        ['printing', 20_000],
      ] as const) {
        await large
          .getByText(
            fill(a.changes.move, { amount: yen(amount), from: 'venue', to, side: sides.JP }),
          )
          .waitFor();
      }

      expect(await amendmentState(ctx, awardId)).toMatchObject({
        currentVersion: 3,
        amendments: [
          { status: 'recorded', resultingVersion: 2 },
          { status: 'approved', resultingVersion: 3 },
          { status: 'declined', resultingVersion: null },
        ],
        versions: [{ version: 1 }, { version: 2 }, { version: 3 }],
      });
      const [declined] = await ctx.db.query(
        `SELECT decision_note AS note, decided_by AS "decidedBy" FROM award_amendments
          WHERE award_id = $1 AND status = 'declined'`,
        [awardId],
      );
      expect(declined).toEqual({ note: why, decidedBy: staff.officer[language].id });
      const [moves] = await ctx.db.query(
        `SELECT changes->'moves' AS moves FROM award_amendments
          WHERE award_id = $1 AND status = 'declined'`,
        [awardId],
      );
      expect(moves.moves).toEqual([
        expect.objectContaining({
          fromCategory: 'venue',
          toCategory: 'catering',
          amountMinor: 300_000,
        }),
        expect.objectContaining({
          fromCategory: 'venue',
          toCategory: 'printing',
          amountMinor: 20_000,
        }),
      ]);
      for (const opened of [city, partner, office]) expect(opened.problems).toEqual([]);
    });
  });

  it('refuses a move larger than its category in the user’s language; the city withdraws its request (ja)', async () => {
    const a = amendments.ja;
    const { awardId } = await newAward('ja');
    const { page, problems } = await portal.signedIn(
      staff.yokohama.ja.email,
      'ja',
      `/awards/${awardId}`,
    );
    await openForm(page, 'ja');
    // Asked in the page first: nothing typed.
    await page
      .getByRole('form', { name: a.form.heading })
      .getByRole('button', { name: a.form.submit })
      .click();
    await page.getByText(a.form.needText).waitFor();
    await requestMoves(page, 'ja', [{ from: 'venue', to: 'printing', amount: '2,000,000' }], {
      ja: '会場を変更します',
    });
    const alert = page.getByRole('alert');
    // The API's rule, in Japanese: the category has less than the move.
    await alert
      .getByText('日本側の費目「venue」は JPY 1,000,000 で、移動額 JPY 2,000,000 に足りません')
      .waitFor();
    await check(page, 'amendment-refused');
    await page.screenshot({ path: `${SHOTS}/amendments-refused-ja.png`, fullPage: true });
    expect(await amendmentState(ctx, awardId)).toMatchObject({ currentVersion: 1, amendments: [] });

    // A request of the other side, withdrawn by this city in the browser.
    const partnerAuth = `Bearer ${tokenFor(ctx, staff.sanDiego.ja)}`;
    const extension = await requestAmendment(ctx, awardId, partnerAuth, {
      kind: 'dates',
      changes: { startsOn: '2027-05-01' },
    }).expect(201);
    await page.reload();
    const dates = item(page, 'ja', 'dates');
    await dates.getByRole('button', { name: a.withdraw.open }).click();
    const dialog = page.getByRole('dialog', { name: a.withdraw.title });
    await check(page, 'withdraw-dialog');
    await dialog.getByRole('button', { name: a.withdraw.confirm }).click();
    await page.getByRole('status').getByText(a.withdraw.done).waitFor();
    await dates.getByText(a.status.withdrawn, { exact: true }).waitFor();
    expect(await amendmentState(ctx, awardId)).toMatchObject({
      currentVersion: 1,
      amendments: [{ id: extension.body.id, status: 'withdrawn', resultingVersion: null }],
    });
    expect(problems).toEqual([refused(422)]);
  });

  it('tells the officer a request withdrawn meanwhile cannot be approved (409), and shows finance no action (en)', async () => {
    const a = amendments.en;
    const { awardId } = await newAward('en');
    const cityAuth = `Bearer ${tokenFor(ctx, staff.yokohama.en)}`;
    const requested = await requestAmendment(ctx, awardId, cityAuth, {
      kind: 'scope',
      changes: { scope: { en: 'Add a youth orchestra', ja: 'ユースオーケストラを加える' } },
    }).expect(201);

    const { page, problems } = await portal.signedIn(
      staff.officer.en.email,
      'en',
      `/awards/${awardId}`,
    );
    const scope = item(page, 'en', 'scope');
    await scope.getByText('Add a youth orchestra').waitFor();
    await scope.getByRole('button', { name: a.approve.open }).click();
    const dialog = page.getByRole('dialog', { name: a.approve.title });
    await dialog.getByLabel(a.approve.note).waitFor();
    // Meanwhile the city takes it back.
    await actOnAmendment(ctx, requested.body.id, 'withdraw', cityAuth).expect(200);
    await dialog.getByRole('button', { name: a.approve.confirm }).click();
    const alert = page.getByRole('alert');
    await alert.getByText(a.stale).waitFor();
    await alert.getByText('Cannot approve an amendment that is withdrawn').waitFor();
    await scope.getByText(a.status.withdrawn, { exact: true }).waitFor();
    expect(await scope.getByRole('button', { name: a.approve.open }).count()).toBe(0);
    await check(page, 'approve-stale');
    expect(await amendmentState(ctx, awardId)).toMatchObject({
      currentVersion: 1,
      amendments: [{ status: 'withdrawn' }],
    });
    expect(problems).toEqual([refused(409)]);

    // A request waiting: finance reads it, with no action to take.
    await requestAmendment(ctx, awardId, cityAuth, {
      kind: 'dates',
      changes: { endsOn: '2027-10-31' },
    }).expect(201);
    const finance = await createUser(ctx, { role: 'finance_officer' });
    const other = await portal.signIn(finance.email, 'en', { path: `/awards/${awardId}` });
    const waiting = item(other.page, 'en', 'dates');
    await waiting.getByText(a.status.requested, { exact: true }).waitFor();
    for (const name of [a.form.open, a.approve.open, a.decline.open, a.withdraw.open]) {
      expect(await other.page.getByRole('button', { name }).count()).toBe(0);
    }
    expect(other.problems).toEqual([]);
  });
});
