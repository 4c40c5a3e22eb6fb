import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { ERROR_CODES } from '../../src/common/errors/app-error';
import type { City } from '../../src/partnerships/city.entity';
import type { Partnership } from '../../src/partnerships/partnership.entity';
import type { User } from '../../src/users/user.entity';
import applications from '../../web/src/i18n/catalogs/applications';
import documents from '../../web/src/i18n/catalogs/documents';
import { createTestApp, TestContext } from '../support/app';
import {
  expectAccessibleOnce,
  interpolate as fill,
  focused,
  Language,
  Portal,
} from '../support/browser';
import { samples, sha256 } from '../support/documents';
import {
  createApprovedAward,
  createCity,
  createPartnership,
  createRound,
  createUser,
  tokenFor,
} from '../support/factories';

// Browser steps: each test signs a user in and walks a page or two.
jest.setTimeout(60_000);

/** Small, so that a file over it is quick to make: the limit is a setting. */
const MAX_BYTES = 64 * 1024;

/** What Chromium logs for a response the page expected to be refused (4xx), and nothing else. */
const refused = (status: number) =>
  expect.stringMatching(new RegExp(`^Failed to load resource: .*status of ${status}\\b`));

interface StoredDocument {
  id: string;
  kind: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  uploadedBy: string;
}

/**
 * Attachments (添付書類) in the portal (issue 17): a city attaches letters of support and budgets
 * to its draft application — part of what both cities sign — and receipts to its report, each
 * type checked by the API from the bytes; every reader lists and downloads them; only the owner's
 * city changes them, and only while the owner may be edited. Each state the browser changed is
 * checked in PostgreSQL and in the document store.
 */
describe('attachments (Chromium, API)', () => {
  let ctx: TestContext;
  let portal: Portal;
  let storage: string;
  let yokohama: City;
  let sanDiego: City;
  let partnership: Partnership;
  const yokohamaStaff = {} as Record<Language, User>;
  const UPLOADER = { en: 'Hanako Sato', ja: '佐藤 花子' } as const;
  let sanDiegoStaff: User;
  let officer: User;
  const axe = expectAccessibleOnce();

  beforeAll(async () => {
    storage = await mkdtemp(path.join(tmpdir(), 'grants-portal-documents-'));
    ctx = await createTestApp({
      env: { DOCUMENT_STORAGE_DIR: storage, DOCUMENT_MAX_BYTES: String(MAX_BYTES) },
    });
    portal = await Portal.open(ctx);
    yokohama = await createCity(ctx, {
      country: 'JP',
      nameEn: 'Yokohama',
      nameJa: '横浜市',
      region: 'JP-14',
    });
    sanDiego = await createCity(ctx, { country: 'US', nameEn: 'San Diego', region: 'US-CA' });
    partnership = await createPartnership(ctx, yokohama, sanDiego);
    for (const locale of ['en', 'ja'] as const) {
      yokohamaStaff[locale] = await createUser(ctx, {
        role: 'city_user',
        cityId: yokohama.id,
        locale,
        displayName: UPLOADER[locale],
      });
    }
    sanDiegoStaff = await createUser(ctx, { role: 'city_user', cityId: sanDiego.id });
    officer = await createUser(ctx, { role: 'program_officer' });
  });
  afterEach(() => portal.closePages());
  afterAll(async () => {
    await portal?.close();
    await ctx?.close();
    await rm(storage, { recursive: true, force: true });
  });

  const auth = (user: Pick<User, 'id'>) => `Bearer ${tokenFor(ctx, user)}`;

  /** A draft application of the partnership (in a round of its own), written by Yokohama. */
  async function draftApplication(title: { en: string; ja: string }): Promise<string> {
    const round = await createRound(ctx);
    const created = await request(ctx.http)
      .post('/api/v1/applications')
      .set('Authorization', auth(yokohamaStaff.en))
      .send({
        roundId: round.id,
        partnershipId: partnership.id,
        title,
        summary: { en: 'Students from both ports', ja: '両港の学生' },
        startsOn: '2027-06-01',
        endsOn: '2027-09-30',
        budgetLines: [
          {
            side: 'JP',
            category: 'travel',
            description: 'Flights',
            amountMinor: 800_000,
            currency: 'JPY',
          },
        ],
      })
      .expect(201);
    return created.body.id as string;
  }

  const applicationOf = async (id: string) =>
    (
      await ctx.db.query(
        `SELECT status, content_hash AS "contentHash",
                (SELECT count(*)::int FROM application_signatures s WHERE s.application_id = a.id)
                  AS signatures
           FROM applications a WHERE id = $1`,
        [id],
      )
    )[0] as { status: string; contentHash: string; signatures: number };

  const documentsOf = (ownerId: string): Promise<StoredDocument[]> =>
    ctx.db.query(
      `SELECT id, kind, file_name AS "fileName", content_type AS "contentType",
              size_bytes AS "sizeBytes", sha256, storage_key AS "storageKey",
              uploaded_by AS "uploadedBy"
         FROM documents WHERE owner_id = $1 ORDER BY created_at`,
      [ownerId],
    );

  /** The bytes the local document store keeps for a document. */
  const storedBytes = (document: StoredDocument) =>
    readFile(path.join(storage, ...document.storageKey.split('/')));

  const section = (page: Page, language: Language) =>
    page.getByRole('region', { name: documents[language].title, exact: true });

  const table = (page: Page, language: Language) =>
    section(page, language).getByRole('table', { name: documents[language].caption });

  /** Chooses a kind and a file (`name`, `bytes`) in the upload form and sends it. */
  async function upload(
    page: Page,
    language: Language,
    kind: string,
    file: { name: string; mimeType: string; buffer: Buffer },
  ) {
    const d = documents[language];
    const form = section(page, language);
    await form.getByLabel(d.upload.kind, { exact: true }).selectOption(kind);
    await form.getByLabel(d.upload.file, { exact: true }).setInputFiles(file);
    // The picker says what was chosen in the page, not in the browser's own words.
    await form
      .getByRole('group', { name: d.upload.legend })
      .getByText(file.name, { exact: true })
      .waitFor();
    await form.getByRole('button', { name: d.upload.submit }).click();
  }

  /** Downloads a listed file through its button; the bytes the browser saved. */
  async function download(page: Page, language: Language, fileName: string): Promise<Buffer> {
    const [saved] = await Promise.all([
      page.waitForEvent('download'),
      section(page, language)
        .getByRole('button', { name: fill(documents[language].downloadFile, { name: fileName }) })
        .click(),
    ]);
    expect(saved.suggestedFilename()).toBe(fileName);
    return readFile((await saved.path()) as string);
  }

  it('Yokohama attaches a letter of support to its draft (the signed hash changes), downloads it, is refused a disguised file and deletes a budget; San Diego sees the letter (en)', async () => {
    const d = documents.en;
    const title = { en: 'Port cities youth exchange', ja: '港町青少年交流' };
    const id = await draftApplication(title);
    const before = await applicationOf(id);
    const { page, problems } = await portal.signedIn(
      yokohamaStaff.en.email,
      'en',
      `/applications/${id}`,
    );
    await page.getByRole('heading', { level: 2, name: title.en }).waitFor();
    const attachments = section(page, 'en');
    await attachments.getByText(d.none).waitFor();
    await attachments.getByText(d.signed).waitFor();
    // The file picker in the portal's language, whatever the browser's.
    await attachments.getByText(d.upload.noFile, { exact: true }).waitFor();

    // By keyboard: from the kind, Tab reaches the file input, then the upload button.
    const kind = attachments.getByLabel(d.upload.kind, { exact: true });
    const file = attachments.getByLabel(d.upload.file, { exact: true });
    const send = attachments.getByRole('button', { name: d.upload.submit });
    await kind.focus();
    await page.keyboard.press('Tab');
    expect(await focused(file)).toBe(true);
    await page.keyboard.press('Tab');
    expect(await focused(send)).toBe(true);
    // Sent with no file: said under the field, nothing sent.
    await page.keyboard.press('Enter');
    await attachments.getByText(d.upload.missing).waitFor();
    await axe(page, 'application-attachments-empty');

    const letter = samples.pdf('Yokohama supports the exchange');
    await upload(page, 'en', 'letter_of_support', {
      name: 'letter-of-support.pdf',
      mimeType: 'application/pdf',
      buffer: letter,
    });
    await attachments.getByText(fill(d.upload.done, { name: 'letter-of-support.pdf' })).waitFor();
    const rows = table(page, 'en').locator('tbody tr');
    await rows.first().getByText(d.kind.letter_of_support, { exact: true }).waitFor();
    await rows.first().getByText(sha256(letter).slice(0, 12)).waitFor();
    await rows
      .first()
      .getByText(fill(d.byYou, { name: UPLOADER.en }), { exact: true })
      .waitFor();

    const [stored] = await documentsOf(id);
    expect(stored).toMatchObject({
      kind: 'letter_of_support',
      fileName: 'letter-of-support.pdf',
      contentType: 'application/pdf',
      sizeBytes: letter.length,
      sha256: sha256(letter),
      uploadedBy: yokohamaStaff.en.id,
    });
    expect(Buffer.compare(await storedBytes(stored), letter)).toBe(0);
    // The attachment is part of what both cities sign: the application's hash changed, and the
    // page shows the new one.
    const after = await applicationOf(id);
    expect(after).toMatchObject({ status: 'draft', signatures: 0 });
    expect(after.contentHash).not.toBe(before.contentHash);
    await page.getByText(after.contentHash, { exact: true }).first().waitFor();

    expect(Buffer.compare(await download(page, 'en', 'letter-of-support.pdf'), letter)).toBe(0);

    // Text named .pdf: the API finds no PDF in the bytes and refuses it, naming what it takes.
    await upload(page, 'en', 'budget', {
      name: 'budget.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('Not a PDF at all, just text with a PDF name.\n'),
    });
    const alert = attachments.getByRole('alert');
    await alert.getByText('The file is not of a type accepted as an attachment').waitFor();
    await attachments
      .getByText('Must be a PDF, PNG, JPEG, DOCX, XLSX, CSV or plain text (.txt) file')
      .waitFor();
    expect(await file.getAttribute('aria-invalid')).toBe('true');
    await axe(page, 'application-attachments-refused');
    expect(await documentsOf(id)).toHaveLength(1);

    // A budget (CSV) attached, then deleted again through the confirmation.
    await upload(page, 'en', 'budget', {
      name: 'budget.csv',
      mimeType: 'text/csv',
      buffer: samples.csv(),
    });
    await rows.nth(1).getByText('budget.csv').waitFor();
    expect((await documentsOf(id)).map((x) => x.kind)).toEqual(['letter_of_support', 'budget']);
    const budget = (await documentsOf(id))[1];
    await table(page, 'en')
      .getByRole('button', { name: fill(d.deleteFile, { name: 'budget.csv' }) })
      .click();
    const dialog = page.getByRole('dialog', { name: d.remove.title });
    await dialog.getByText(d.remove.application).waitFor();
    await axe(page, 'delete-attachment-dialog');
    await dialog.getByRole('button', { name: d.remove.confirm }).click();
    await dialog.waitFor({ state: 'detached' });
    await attachments
      .getByRole('status')
      .getByText(fill(d.removed, { name: 'budget.csv' }))
      .waitFor();
    await rows.nth(1).waitFor({ state: 'detached' });
    expect((await documentsOf(id)).map((x) => x.fileName)).toEqual(['letter-of-support.pdf']);
    await expect(storedBytes(budget)).rejects.toThrow(/ENOENT/);
    // Back to what it was with the letter alone.
    expect((await applicationOf(id)).contentHash).toBe(after.contentHash);
    await axe(page, 'application-attachments');
    expect(problems).toEqual([refused(400)]);

    // San Diego, the partner city, sees the letter and downloads the same bytes.
    const partner = await portal.signedIn(sanDiegoStaff.email, 'en', `/applications/${id}`);
    const theirs = table(partner.page, 'en');
    await theirs.getByText('letter-of-support.pdf').waitFor();
    // Named as their partner's staff member, not as "you".
    await theirs.getByText(UPLOADER.en, { exact: true }).waitFor();
    expect(
      Buffer.compare(await download(partner.page, 'en', 'letter-of-support.pdf'), letter),
    ).toBe(0);
    expect(partner.problems).toEqual([]);
  });

  it('after Yokohama signed, an attachment removes the signature; an executable and a file over the limit are refused in Japanese (ja)', async () => {
    const d = documents.ja;
    const title = { en: 'Harbour lights exchange', ja: '港の灯り交流' };
    const id = await draftApplication(title);
    await request(ctx.http)
      .post(`/api/v1/applications/${id}/sign`)
      .set('Authorization', auth(yokohamaStaff.ja))
      .send({ contentHash: (await applicationOf(id)).contentHash })
      .expect(200);
    const signed = await applicationOf(id);
    expect(signed).toMatchObject({ status: 'awaiting_cosign', signatures: 1 });

    const { page, problems } = await portal.signedIn(
      yokohamaStaff.ja.email,
      'ja',
      `/applications/${id}`,
    );
    await page.getByRole('heading', { level: 2, name: title.ja }).waitFor();
    const attachments = section(page, 'ja');
    await attachments.getByText(d.halfSigned).waitFor();
    await axe(page, 'application-attachments-half-signed');

    // A Windows program, whatever it is called, is refused: the Japanese problem, the types.
    await upload(page, 'ja', 'other', {
      name: 'setup.exe',
      mimeType: 'application/octet-stream',
      buffer: samples.exe(),
    });
    const alert = attachments.getByRole('alert');
    await alert.getByText(ERROR_CODES.validation_failed.ja).waitFor();
    await alert
      .getByText('添付できない種類のファイルです（PDF・PNG・JPEG・DOCX・XLSX・CSV・テキストのみ）')
      .waitFor();
    await attachments
      .getByText(
        'PDF・PNG・JPEG・DOCX・XLSX・CSV・テキスト（.txt）のいずれかのファイルにしてください',
      )
      .waitFor();

    // A PDF over the limit: refused with the limit.
    const large = Buffer.concat([samples.pdf(), Buffer.alloc(MAX_BYTES, 0x20)]);
    await upload(page, 'ja', 'budget', {
      name: '予算書.pdf',
      mimeType: 'application/pdf',
      buffer: large,
    });
    await attachments.getByText(`ファイルが大きすぎます（上限 ${MAX_BYTES} バイト）`).waitFor();
    expect(await documentsOf(id)).toEqual([]);
    expect(await applicationOf(id)).toEqual(signed);

    // The cities' agreement: attached, the signature is gone and the application a draft again.
    const agreement = samples.pdf('横浜市とサンディエゴ市の合意書');
    await upload(page, 'ja', 'agreement', {
      name: '合意書.pdf',
      mimeType: 'application/pdf',
      buffer: agreement,
    });
    await attachments.getByText(fill(d.upload.done, { name: '合意書.pdf' })).waitFor();
    await table(page, 'ja').getByText(d.kind.agreement, { exact: true }).waitFor();
    await table(page, 'ja')
      .getByText(fill(d.byYou, { name: UPLOADER.ja }), { exact: true })
      .waitFor();
    const [stored] = await documentsOf(id);
    expect(stored).toMatchObject({ kind: 'agreement', sha256: sha256(agreement) });
    const now = await applicationOf(id);
    expect(now).toMatchObject({ status: 'draft', signatures: 0 });
    expect(now.contentHash).not.toBe(signed.contentHash);
    // The page follows: a draft, nobody's signature, the half-signed warning gone.
    await page.getByText(applications.ja.status.draft, { exact: true }).first().waitFor();
    await attachments.getByText(d.halfSigned).waitFor({ state: 'detached' });
    await axe(page, 'application-attachments-ja');
    expect(problems).toEqual([refused(400), refused(400)]);
  });

  it('Yokohama attaches a receipt to its report draft (ja)', async () => {
    const d = documents.ja;
    const { awardId } = await createApprovedAward(ctx, {
      partnership,
      title: { en: 'Harbour festival', ja: '港まつり交流' },
    });
    const created = await request(ctx.http)
      .post(`/api/v1/awards/${awardId}/reports`)
      .set('Authorization', auth(yokohamaStaff.ja))
      .send({
        kind: 'final',
        side: 'joint',
        narrative: { en: 'Twelve students visited.', ja: '生徒12名が訪問しました。' },
        expenses: [
          { category: 'venue', description: '会場', amountMinor: 650_000, currency: 'JPY' },
        ],
      })
      .expect(201);
    const reportId = created.body.id as string;

    const { page, problems } = await portal.signedIn(
      yokohamaStaff.ja.email,
      'ja',
      `/reports/${reportId}`,
    );
    const attachments = section(page, 'ja');
    await attachments.getByText(d.intro.report).waitFor();
    await attachments.getByText(d.none).waitFor();
    const receipt = samples.png();
    await upload(page, 'ja', 'receipt', {
      name: '領収書.png',
      mimeType: 'image/png',
      buffer: receipt,
    });
    await table(page, 'ja').getByText(d.kind.receipt, { exact: true }).waitFor();
    await table(page, 'ja').getByText('領収書.png').waitFor();
    const [stored] = await documentsOf(reportId);
    expect(stored).toMatchObject({
      kind: 'receipt',
      fileName: '領収書.png',
      contentType: 'image/png',
      sha256: sha256(receipt),
      uploadedBy: yokohamaStaff.ja.id,
    });
    expect(Buffer.compare(await storedBytes(stored), receipt)).toBe(0);
    await axe(page, 'report-attachments');
    expect(problems).toEqual([]);

    // Submitted, the report's attachments are fixed: listed, no upload, no delete.
    await request(ctx.http)
      .post(`/api/v1/reports/${reportId}/submit`)
      .set('Authorization', auth(yokohamaStaff.ja))
      .expect(200);
    await page.reload();
    await table(page, 'ja').getByText('領収書.png').waitFor();
    await attachments.getByText(d.locked.report).waitFor();
    expect(await attachments.getByRole('button', { name: d.upload.submit }).count()).toBe(0);
    expect(
      await attachments
        .getByRole('button', { name: fill(d.deleteFile, { name: '領収書.png' }) })
        .count(),
    ).toBe(0);
  });

  it('the program office lists and downloads an application’s attachments but has nothing to upload or delete with (en)', async () => {
    const d = documents.en;
    const title = { en: 'Sister schools exchange', ja: '姉妹校交流' };
    const id = await draftApplication(title);
    const letter = samples.pdf('San Diego supports the exchange');
    await request(ctx.http)
      .post(`/api/v1/applications/${id}/documents?kind=letter_of_support`)
      .set('Authorization', auth(sanDiegoStaff))
      .attach('file', letter, { filename: 'support.pdf', contentType: 'application/pdf' })
      .expect(201);

    const { page, problems } = await portal.signedIn(officer.email, 'en', `/applications/${id}`);
    await page.getByRole('heading', { level: 2, name: title.en }).waitFor();
    const attachments = section(page, 'en');
    await table(page, 'en').getByText('support.pdf').waitFor();
    expect(Buffer.compare(await download(page, 'en', 'support.pdf'), letter)).toBe(0);
    expect(await attachments.getByRole('button', { name: d.upload.submit }).count()).toBe(0);
    expect(await attachments.locator('input[type=file]').count()).toBe(0);
    expect(
      await attachments
        .getByRole('button', { name: fill(d.deleteFile, { name: 'support.pdf' }) })
        .count(),
    ).toBe(0);
    await axe(page, 'application-attachments-office');
    expect(problems).toEqual([]);

    // Nor would the API take one from the office: cities attach their own documents.
    await request(ctx.http)
      .post(`/api/v1/applications/${id}/documents?kind=other`)
      .set('Authorization', auth(officer))
      .attach('file', letter, { filename: 'office.pdf', contentType: 'application/pdf' })
      .expect(403);
  });
});
