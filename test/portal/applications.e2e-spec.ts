import type { Locator, Page } from 'playwright-core';
import request from 'supertest';
import type { City } from '../../src/partnerships/city.entity';
import type { Partnership } from '../../src/partnerships/partnership.entity';
import type { Round } from '../../src/rounds/round.entity';
import type { User } from '../../src/users/user.entity';
import applications from '../../web/src/i18n/catalogs/applications';
import common from '../../web/src/i18n/catalogs/common';
import { formatMoney } from '../../web/src/money';
import { createTestApp, TestContext } from '../support/app';
import {
  accessibilityViolations,
  expectAccessible as check,
  interpolate as fill,
  Language,
  Portal,
} from '../support/browser';
import {
  createApplication,
  createCity,
  createPartnership,
  createRound,
  createUser,
  tokenFor,
} from '../support/factories';

// Each test signs one or two users in and walks several pages.
jest.setTimeout(60_000);

const TITLE = { en: 'Harbour schools exchange', ja: '港の学校交流' };
const SUMMARY = {
  en: 'Two harbour high schools visit each other.',
  ja: '二つの港町の高校が相互訪問します。',
};
/** Line 1 the Japanese side in yen, line 2 the US side in dollars. */
const LINES = [
  {
    side: 'JP',
    category: 'venue',
    description: 'Hall rental',
    amountMinor: 800_000,
    currency: 'JPY',
  },
  {
    side: 'US',
    category: 'travel',
    description: 'Flights for 6 students',
    amountMinor: 450_050,
    currency: 'USD',
  },
];

/** The harder paths of the pages that each run in one language (see below). */
type Walk = 'changed since signing' | 'lost race' | 'form errors';

/** What Chromium logs for a request of the page that the API refused with `status`. */
const refusedLoad = (status: number) => expect.stringContaining(`status of ${status}`);

/**
 * The city pages of an application in a real browser (issue 15): what changed since a city
 * signed, an edit that lost a race, the API's field errors, withdrawing, another city's
 * application, and the list's status filter. Applications are set up over the API or with the
 * factories; every page is checked with axe and for console errors, and every state the browser
 * changed is checked in PostgreSQL. The worker is not booted: no page here waits on a job.
 */
describe('application pages (Chromium, API)', () => {
  let ctx: TestContext;
  let portal: Portal;
  let base: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    portal = await Portal.open(ctx);
    base = portal.base;
  });
  afterEach(() => portal.closePages());
  afterAll(async () => {
    await portal?.close();
    await ctx?.close();
  });

  const auth = (user: Pick<User, 'id'>) => `Bearer ${tokenFor(ctx, user)}`;

  type CityOptions = Parameters<typeof createCity>[1];

  /** Two partner cities with a user each, speaking `language`. */
  async function partners(language: Language, jpCity: CityOptions, usCity: CityOptions) {
    const jp = await createCity(ctx, { country: 'JP', ...jpCity });
    const us = await createCity(ctx, { country: 'US', ...usCity });
    const partnership = await createPartnership(ctx, jp, us);
    const user = (city: City) =>
      createUser(ctx, { role: 'city_user', cityId: city.id, locale: language });
    return { jp, us, partnership, jpUser: await user(jp), usUser: await user(us) };
  }

  /** A draft written over the API by `author`, in a round of its own. */
  async function draftOverApi(author: User, partnership: Partnership) {
    const round = await createRound(ctx);
    const res = await request(ctx.http)
      .post('/api/v1/applications')
      .set('Authorization', auth(author))
      .send({
        roundId: round.id,
        partnershipId: partnership.id,
        title: TITLE,
        summary: SUMMARY,
        startsOn: '2027-06-01',
        endsOn: '2027-09-30',
        budgetLines: LINES,
      })
      .expect(201);
    return {
      id: res.body.id as string,
      contentHash: res.body.contentHash as string,
      etag: res.headers.etag as string,
    };
  }

  async function signOverApi(signer: User, application: { id: string; contentHash: string }) {
    await request(ctx.http)
      .post(`/api/v1/applications/${application.id}/sign`)
      .set('Authorization', auth(signer))
      .send({ contentHash: application.contentHash })
      .expect(200);
  }

  const stateOf = async (id: string) =>
    (
      await ctx.db.query(
        `SELECT status, title, budget_lines AS "budgetLines", version,
              (SELECT COUNT(*)::int FROM application_signatures s WHERE s.application_id = a.id)
                AS signatures
         FROM applications a WHERE id = $1`,
        [id],
      )
    )[0];

  const countIn = async (round: Pick<Round, 'id'>) =>
    (
      await ctx.db.query('SELECT COUNT(*)::int AS n FROM applications WHERE round_id = $1', [
        round.id,
      ])
    )[0].n as number;

  /**
   * `who` signed in, in a browser whose preferred language is `language`, on `path`: a deep link
   * opened while signed out goes through the login page and back; the browser is kept for the
   * user's next tests (`Portal.signedIn`).
   */
  const signIn = (who: Pick<User, 'email'>, language: Language, path = '/applications') =>
    portal.signedIn(who.email, language, path);

  /** The error message a field shows under it (what its aria-describedby names), if invalid. */
  async function errorUnder(field: Locator): Promise<string | null> {
    if ((await field.getAttribute('aria-invalid')) !== 'true') return null;
    const ids = (await field.getAttribute('aria-describedby'))?.split(/\s+/) ?? [];
    const texts = await Promise.all(
      ids.map((id) => field.page().locator(`[id="${id}"]`).textContent()),
    );
    return texts.join(' ').trim();
  }

  /**
   * The harder paths, each walked once, half in each language (both catalogs exercised, no walk
   * repeated only to change language): Japanese where names show in it too (the partner city's in
   * the warnings of what changed since it signed) and for the form's own errors; English for the
   * edit that lost a race. Each language has sister cities of its own.
   */
  describe.each<{ language: Language; walks: Walk[] }>([
    { language: 'en', walks: ['lost race'] },
    { language: 'ja', walks: ['changed since signing', 'form errors'] },
  ])('in $language', ({ language, walks }) => {
    const text = {
      applications: applications[language],
      common: common[language],
    };
    const form = text.applications.form;
    const budget = text.applications.budget;
    const changes = text.applications.changes;
    const money = (minor: number, currency: 'JPY' | 'USD') =>
      formatMoney(minor, currency, language);
    const cell = (page: Page, line: number, column: string) =>
      page.getByLabel(fill(budget.cell, { line: String(line), column }), { exact: true });

    // Sister cities of each language's own: a city's name is unique in its region.
    const pair = {
      en: [
        { nameEn: 'Yokohama', nameJa: '横浜市', region: 'JP-14' },
        { nameEn: 'San Diego', region: 'US-CA' },
      ],
      ja: [
        { nameEn: 'Nagasaki', nameJa: '長崎市', region: 'JP-42' },
        { nameEn: 'Saint Paul', region: 'US-MN' },
      ],
    }[language];
    /** The Japanese city's name as the page writes it. */
    const jpName = language === 'ja' ? pair[0].nameJa! : pair[0].nameEn;
    let world: Awaited<ReturnType<typeof partners>>;

    beforeAll(async () => {
      world = await partners(language, pair[0], pair[1]);
    });

    if (walks.includes('changed since signing'))
      describe('what changed since a city signed', () => {
        const newTitle = 'Harbour schools exchange 2027';
        let application: { id: string; contentHash: string };

        beforeAll(async () => {
          application = await draftOverApi(world.jpUser, world.partnership);
          await signOverApi(world.jpUser, application);
        });

        /** The "what changed" section titled `heading`: the title's and line 2's before/after. */
        async function expectChanges(page: Page, heading: string): Promise<void> {
          const section = page.getByRole('region', { name: heading });
          await section.waitFor();
          const fields = section.getByRole('table', { name: changes.fieldsCaption });
          expect(await fields.getByRole('rowheader').allInnerTexts()).toEqual([
            changes.fields.title.en,
          ]);
          expect(await fields.getByRole('row').nth(1).getByRole('cell').allInnerTexts()).toEqual([
            TITLE.en,
            newTitle,
          ]);
          const lines = section.getByRole('table', { name: changes.linesCaption });
          expect(await lines.getByRole('rowheader').allInnerTexts()).toEqual([
            changes.kind.changed,
          ]);
          const [before, after] = await lines
            .getByRole('row')
            .nth(1)
            .getByRole('cell')
            .allInnerTexts();
          expect(before).toContain(LINES[1].description);
          expect(before).toContain(money(450_050, 'USD'));
          expect(after).toContain(LINES[1].description);
          expect(after).toContain(money(500_000, 'USD'));
        }

        it('the US city edits what the Japanese city signed: warned, confirms, the signature is removed', async () => {
          const { page, problems } = await signIn(world.usUser, language);
          const row = page.getByRole('link', { name: TITLE[language] });
          await row.waitFor();
          // The list with a row: checked by the list's own test below.
          await row.click();
          await page.getByRole('heading', { level: 2, name: TITLE[language] }).waitFor();
          await page
            .getByText(fill(text.applications.nextStep.yourSignature, { partner: jpName }))
            .waitFor();
          await check(page, 'application-awaiting-cosign');

          await page
            .getByRole('link', { name: text.applications.detail.edit, exact: true })
            .click();
          await page.getByRole('heading', { level: 2, name: form.editTitle }).waitFor();
          await page.getByText(form.signedWarningTitle).waitFor();
          await page.getByText(fill(form.signedWarning, { city: jpName })).waitFor();
          await check(page, 'application-edit-signed');
          await page.getByLabel(form.title_en).fill(newTitle);
          await cell(page, 2, budget.amount).fill('5,000');
          await page.getByRole('button', { name: form.save }).click();

          const dialog = page.getByRole('dialog', { name: form.dropSignature.title });
          await dialog.getByText(fill(form.dropSignature.body, { city: jpName })).waitFor();
          // Asserted last, so that what follows is checked whatever axe finds in the dialog.
          const dialogViolations = await accessibilityViolations(page);
          // Nothing is saved before the user confirms.
          expect(await stateOf(application.id)).toMatchObject({
            status: 'awaiting_cosign',
            signatures: 1,
          });
          await dialog.getByRole('button', { name: form.dropSignature.confirm }).click();
          await page.waitForURL(`${base}/applications/${application.id}`);
          await expectChanges(page, fill(changes.sincePartner, { city: jpName }));
          await check(page, 'application-changed');
          expect(await stateOf(application.id)).toMatchObject({
            status: 'draft',
            signatures: 0,
            title: { ...TITLE, en: newTitle },
            budgetLines: [LINES[0], { ...LINES[1], amountMinor: 500_000 }],
          });
          expect(problems).toEqual([]);
          expect(dialogViolations).toEqual([]);
        });

        it('the Japanese city sees what changed since it signed, and may sign the new version', async () => {
          const { page, problems } = await signIn(world.jpUser, language);
          const row = page.getByRole('link', { name: language === 'en' ? newTitle : TITLE.ja });
          await row.waitFor();
          await row.click();
          await expectChanges(page, changes.sinceYou);
          await page.getByText(text.applications.nextStep.draftDetail).waitFor();
          await page.getByRole('button', { name: text.applications.sign.open }).waitFor();
          await check(page, 'application-changed-since-you');
          expect(problems).toEqual([]);
        });
      });

    if (walks.includes('lost race'))
      it('an edit that lost a race is not saved: "changed by someone else", then the current version', async () => {
        const application = await draftOverApi(world.jpUser, world.partnership);
        const path = `/applications/${application.id}/edit`;
        const { page, problems } = await signIn(world.jpUser, language, path);
        const title = page.getByLabel(form.title_en);
        await page.getByRole('heading', { level: 2, name: form.editTitle }).waitFor();
        expect(await title.inputValue()).toBe(TITLE.en);

        // The partner city saves first, behind the form's back, from the same version.
        const theirs = { en: 'Harbour schools exchange (partner)', ja: TITLE.ja };
        await request(ctx.http)
          .patch(`/api/v1/applications/${application.id}`)
          .set('Authorization', auth(world.usUser))
          .set('If-Match', application.etag)
          .send({ title: theirs })
          .expect(200);

        await title.fill('Harbour schools exchange (mine)');
        await cell(page, 1, budget.amount).fill('900,000');
        await page.getByRole('button', { name: form.save }).click();
        const stale = page.getByRole('alert').filter({ hasText: form.staleTitle });
        await stale.getByText(form.stale).waitFor();
        expect(await page.getByRole('button', { name: form.save }).isDisabled()).toBe(true);
        await check(page, 'application-edit-stale');
        expect(await stateOf(application.id)).toMatchObject({
          status: 'draft',
          version: 2,
          title: theirs,
          budgetLines: LINES,
        });

        await stale.getByRole('button', { name: form.reload }).click();
        await stale.waitFor({ state: 'detached' });
        expect(await title.inputValue()).toBe(theirs.en);
        expect(await cell(page, 1, budget.amount).inputValue()).toBe('800,000');
        // The current version saves.
        await title.fill('Harbour schools exchange (both cities)');
        await page.getByRole('button', { name: form.save }).click();
        await page.waitForURL(`${base}/applications/${application.id}`);
        await page.getByText(form.saved).waitFor();
        expect(await stateOf(application.id)).toMatchObject({
          version: 3,
          title: { ...theirs, en: 'Harbour schools exchange (both cities)' },
        });
        // The refused save is the one failed request Chromium logs.
        expect(problems).toEqual([refusedLoad(412)]);
      });

    if (walks.includes('form errors'))
      it('a new application shows what is missing, and a date the API would refuse, under the fields', async () => {
        const round = await createRound(ctx);
        const query = new URLSearchParams({
          roundId: round.id,
          partnershipId: world.partnership.id,
        });
        const path = '/applications/new';
        const { page, problems } = await signIn(world.jpUser, language, `${path}?${query}`);
        await page.getByRole('heading', { level: 2, name: form.newTitle }).waitFor();

        // Created empty: the page's own checks, under each field, and nothing is sent.
        await page.getByRole('button', { name: form.create }).click();
        await page.getByText(text.common.errors.fields).waitFor();
        // Required fields' labels end in an asterisk: matched by their text.
        const field = (label: string) => page.getByLabel(label);
        expect({
          titleEn: await errorUnder(field(form.title_en)),
          titleJa: await errorUnder(field(form.title_ja)),
          summaryEn: await errorUnder(field(form.summary_en)),
          startsOn: await errorUnder(field(form.startsOn)),
          endsOn: await errorUnder(field(form.endsOn)),
          category: await errorUnder(cell(page, 1, budget.category)),
          amount: await errorUnder(cell(page, 2, budget.amount)),
        }).toEqual({
          titleEn: form.errors.titleRequired,
          titleJa: form.errors.titleRequired,
          summaryEn: form.errors.summaryRequired,
          startsOn: form.errors.required,
          endsOn: form.errors.required,
          category: form.errors.required,
          amount: form.errors.required,
        });
        // The focus is on the first of them, where the user starts correcting.
        const focused = page.locator('[aria-invalid="true"]:focus');
        await focused.waitFor();
        expect(await focused.getAttribute('id')).toBe(
          await field(form.title_en).getAttribute('id'),
        );
        await check(page, 'application-form-errors');
        expect(await countIn(round)).toBe(0);

        // A five-digit year is a date to the browser's date input, not to the page or the API.
        await field(form.title_en).fill(TITLE.en);
        await field(form.summary_en).fill(SUMMARY.en);
        await field(form.startsOn).fill('2027-06-01');
        await field(form.endsOn).fill('20270-09-30');
        for (const [index, line] of LINES.entries()) {
          await cell(page, index + 1, budget.category).fill(line.category);
          await cell(page, index + 1, budget.description).fill(line.description);
        }
        await cell(page, 1, budget.amount).fill('800,000');
        await cell(page, 2, budget.amount).fill('4,500.50');
        await page.getByRole('button', { name: form.create }).click();
        await page.getByText(form.errors.date).waitFor();
        expect(await errorUnder(field(form.endsOn))).toBe(form.errors.date);
        // Every other field is as the user left it, without error.
        expect(await errorUnder(field(form.startsOn))).toBeNull();
        expect(await field(form.title_en).inputValue()).toBe(TITLE.en);
        await check(page, 'application-form-date-error');
        expect(await countIn(round)).toBe(0);
        // Nothing was sent, so nothing was refused.
        expect(problems).toEqual([]);
      });
  });

  describe('in one language', () => {
    it('the partner withdraws the half-signed application: confirmed, withdrawn, nothing left to do', async () => {
      const { jpUser, usUser, partnership } = await partners(
        'en',
        { nameEn: 'Kawasaki', nameJa: '川崎市', region: 'JP-14' },
        { nameEn: 'Baltimore', region: 'US-MD' },
      );
      const application = await draftOverApi(jpUser, partnership);
      await signOverApi(jpUser, application);
      const text = applications.en;
      const { page, problems } = await signIn(usUser, 'en', `/applications/${application.id}`);
      const withdraw = page.getByRole('button', { name: text.withdraw.open });
      await withdraw.waitFor();
      await page.getByRole('button', { name: text.sign.open }).waitFor();
      await page.getByRole('link', { name: text.detail.edit, exact: true }).waitFor();

      await withdraw.click();
      const dialog = page.getByRole('dialog', { name: text.withdraw.title });
      await dialog.getByText(text.withdraw.body).waitFor();
      await check(page, 'withdraw-dialog');
      await dialog.getByRole('button', { name: text.withdraw.confirm }).click();
      await page.getByText(text.nextStep.withdrawn).waitFor();
      await dialog.waitFor({ state: 'detached' });
      await page.getByText(text.status.withdrawn, { exact: true }).first().waitFor();
      await page.getByText(text.withdraw.done).waitFor();
      expect({
        sign: await page.getByRole('button', { name: text.sign.open }).count(),
        edit: await page.getByRole('link', { name: text.detail.edit, exact: true }).count(),
        withdraw: await withdraw.count(),
      }).toEqual({ sign: 0, edit: 0, withdraw: 0 });
      await check(page, 'application-withdrawn');
      expect(await stateOf(application.id)).toMatchObject({ status: 'withdrawn' });
      const [last] = await ctx.db.query(
        `SELECT "from", "to", action, actor_id AS "actorId" FROM application_transitions
          WHERE application_id = $1 ORDER BY at DESC LIMIT 1`,
        [application.id],
      );
      expect(last).toEqual({
        from: 'awaiting_cosign',
        to: 'withdrawn',
        action: 'withdraw',
        actorId: usUser.id,
      });
      expect(problems).toEqual([]);
    });

    it('a city outside the partnership finds neither the application nor a trace of it', async () => {
      const { jpUser, partnership } = await partners(
        'ja',
        { nameEn: 'Sendai', nameJa: '仙台市', region: 'JP-04' },
        { nameEn: 'Riverside', region: 'US-CA' },
      );
      const application = await draftOverApi(jpUser, partnership);
      const osaka = await createCity(ctx, { country: 'JP', nameEn: 'Osaka', region: 'JP-27' });
      const outsider = await createUser(ctx, { role: 'city_user', cityId: osaka.id, locale: 'ja' });
      const text = applications.ja;

      const { page, problems } = await signIn(outsider, 'ja');
      await page.getByText(text.list.empty).waitFor();
      await check(page, 'applications-outsider');

      // The application, its signed versions and its history: each answered 404.
      const api = `${base}/api/v1/applications/${application.id}`;
      const answers = Promise.all(
        [api, `${api}/signed-versions`, `${api}/history`].map((url) =>
          page.waitForResponse((res) => res.url() === url),
        ),
      );
      await page.goto(`${base}/applications/${application.id}`);
      expect((await answers).map((res) => res.status())).toEqual([404, 404, 404]);
      const refused = await request(ctx.http)
        .get(`/api/v1/applications/${application.id}`)
        .set('Authorization', auth(outsider))
        .set('Accept-Language', 'ja')
        .expect(404);
      await page.getByRole('heading', { level: 2, name: text.detail.heading }).waitFor();
      const alert = page.getByRole('alert');
      await alert.getByText(refused.body.detail).waitFor();
      expect(await alert.getByText(refused.body.title, { exact: true }).count()).toBe(1);
      expect({
        title: await page.getByText(TITLE.ja).count(),
        sign: await page.getByRole('button', { name: text.sign.open }).count(),
        edit: await page.getByRole('link', { name: text.detail.edit }).count(),
      }).toEqual({ title: 0, sign: 0, edit: 0 });
      await check(page, 'application-not-found');
      // The three refusals are all Chromium logs.
      expect(problems).toEqual([refusedLoad(404), refusedLoad(404), refusedLoad(404)]);
    });

    it('the list is empty at first, then filters by status, with an empty state of its own', async () => {
      const { jpUser, partnership } = await partners(
        'en',
        { nameEn: 'Kobe', nameJa: '神戸市', region: 'JP-28' },
        { nameEn: 'Seattle', region: 'US-WA' },
      );
      const text = applications.en.list;
      const { page, problems } = await signIn(jpUser, 'en');
      await page.getByText(text.empty).waitFor();
      await check(page, 'applications-empty');

      const draft = await createApplication(ctx, await createRound(ctx), partnership, {
        status: 'draft',
      });
      const submitted = await createApplication(ctx, await createRound(ctx), partnership, {
        status: 'submitted',
      });
      const link = (application: { title: { en?: string } }) =>
        page.getByRole('link', { name: application.title.en });
      const listed = () =>
        page.getByRole('table', { name: text.caption }).getByRole('link').allInnerTexts();
      await page.reload();
      await link(submitted).waitFor();
      // Newest first.
      expect(await listed()).toEqual([submitted.title.en, draft.title.en]);
      await check(page, 'applications');

      const filter = page.getByLabel(text.filter, { exact: true });
      await filter.selectOption({ label: applications.en.status.draft });
      await link(submitted).waitFor({ state: 'detached' });
      await link(draft).waitFor();
      expect(await listed()).toEqual([draft.title.en]);
      expect(new URL(page.url()).search).toBe('?status=draft');

      await filter.selectOption({ label: applications.en.status.approved });
      await page.getByText(text.emptyFiltered).waitFor();
      expect(await page.getByRole('table', { name: text.caption }).count()).toBe(0);
      await check(page, 'applications-empty-filtered');

      await filter.selectOption({ label: text.allStatuses });
      await link(submitted).waitFor();
      expect(await listed()).toEqual([submitted.title.en, draft.title.en]);
      expect(new URL(page.url()).search).toBe('');

      // The filter is part of the address: a link to it opens filtered.
      await page.goto(`${base}/applications?status=submitted`);
      await link(submitted).waitFor();
      expect(await listed()).toEqual([submitted.title.en]);
      expect(await filter.inputValue()).toBe('submitted');
      expect(problems).toEqual([]);
    });
  });
});
