import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { AwardAmendment } from '../src/amendments/award-amendment.entity';
import { contentHashOf } from '../src/applications/applications.service';
import { Assignment } from '../src/reviews/assignment.entity';
import { Document } from '../src/documents/document.entity';
import { newStorageKey, S3DocumentStore } from '../src/documents/document-store';
import type { City } from '../src/partnerships/city.entity';
import type { Partnership } from '../src/partnerships/partnership.entity';
import { createTestApp, TestContext } from './support/app';
import { samples, sha256, startFakeS3 } from './support/documents';
import {
  bearer,
  createApplication,
  createApprovedAward,
  createCity,
  createPartnership,
  createRound,
  createSubmittedReport,
  createUser,
  tokenFor,
} from './support/factories';

type Caller = Awaited<ReturnType<typeof bearer>>;

/** supertest's parser for a binary body: the raw bytes as a Buffer. */
const binary = (res: request.Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/** Every file under `dir`, recursively (the local store's objects). */
async function storedFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

const MAX_BYTES = 64 * 1024;

describe('documents (issue 17): attachments checked by content, covered by the signatures', () => {
  let ctx: TestContext;
  let storage: string;
  let jpCity: City;
  let usCity: City;
  let partnership: Partnership;
  let jp: Caller;
  let us: Caller;
  let outsider: Caller;
  let officer: Caller;

  beforeAll(async () => {
    storage = await mkdtemp(path.join(tmpdir(), 'grants-documents-'));
    ctx = await createTestApp({
      env: { DOCUMENT_STORAGE_DIR: storage, DOCUMENT_MAX_BYTES: String(MAX_BYTES) },
    });
    jpCity = await createCity(ctx, { country: 'JP', nameEn: 'Yokohama' });
    usCity = await createCity(ctx, { country: 'US', nameEn: 'San Diego' });
    partnership = await createPartnership(ctx, jpCity, usCity);
    jp = await bearer(ctx, { role: 'city_user', cityId: jpCity.id, displayName: '佐藤 花子' });
    us = await bearer(ctx, { role: 'city_user', cityId: usCity.id });
    outsider = await bearer(ctx, { role: 'city_user', cityId: (await createCity(ctx)).id });
    officer = await bearer(ctx, { role: 'program_officer' });
  });
  afterAll(async () => {
    await ctx.close();
    await rm(storage, { recursive: true, force: true });
  });

  const upload = (
    owner: string,
    caller: Caller,
    bytes: Buffer,
    fileName: string,
    options: { kind?: string; contentType?: string } = {},
  ) =>
    request(ctx.http)
      .post(`/api/v1/${owner}/documents?kind=${options.kind ?? 'letter_of_support'}`)
      .set('Authorization', caller.auth)
      .attach('file', bytes, {
        filename: fileName,
        contentType: options.contentType ?? 'application/octet-stream',
      });
  const get = (url: string, caller: Caller) =>
    request(ctx.http).get(`/api/v1/${url}`).set('Authorization', caller.auth);
  const download = (id: string, caller: Caller) =>
    get(`documents/${id}/content`, caller).buffer(true).parse(binary);
  const remove = (id: string, caller: Caller) =>
    request(ctx.http).delete(`/api/v1/documents/${id}`).set('Authorization', caller.auth);

  const documentCount = () => ctx.db.getRepository(Document).count();
  const auditActions = async (entityId: string) =>
    (
      (await ctx.db.query(
        'SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY occurred_at',
        [entityId],
      )) as { action: string }[]
    ).map((r) => r.action);

  /** A draft application of the partnership (in a round of its own), written over the API. */
  async function draft(): Promise<{ id: string; contentHash: string }> {
    const round = await createRound(ctx);
    const created = await request(ctx.http)
      .post('/api/v1/applications')
      .set('Authorization', jp.auth)
      .send({
        roundId: round.id,
        partnershipId: partnership.id,
        title: { en: 'Port cities youth exchange', ja: '港町青少年交流' },
        summary: { en: 'Students from both ports', ja: '両港の学生' },
        startsOn: '2027-06-01',
        endsOn: '2027-09-30',
        budgetLines: [
          {
            side: 'JP',
            category: 'travel',
            description: 'Flights',
            amountMinor: 800000,
            currency: 'JPY',
          },
        ],
      })
      .expect(201);
    return { id: created.body.id, contentHash: created.body.contentHash };
  }

  const sign = (id: string, caller: Caller, contentHash: string) =>
    request(ctx.http)
      .post(`/api/v1/applications/${id}/sign`)
      .set('Authorization', caller.auth)
      .send({ contentHash });

  /** What the signatures cover, recomputed here from the application as the API shows it. */
  async function expectedHash(id: string): Promise<string> {
    const { body: a } = await get(`applications/${id}`, jp).expect(200);
    const { body: docs } = await get(`applications/${id}/documents`, jp).expect(200);
    const documents = (docs.data as { sha256: string; kind: string; fileName: string }[])
      .map(({ sha256, kind, fileName }) => ({ sha256, kind, fileName }))
      .sort((x, y) => (x.sha256 < y.sha256 ? -1 : 1));
    return contentHashOf({
      roundId: a.roundId,
      partnershipId: a.partnershipId,
      title: a.title,
      summary: a.summary,
      startsOn: a.startsOn,
      endsOn: a.endsOn,
      budgetLines: a.budgetLines,
      ...(documents.length ? { documents } : {}),
    });
  }

  describe('on an application', () => {
    it('uploads, lists, describes and downloads the same bytes, and the hash covers them', async () => {
      const application = await draft();
      const pdf = samples.pdf('Yokohama supports the exchange');
      const before = await storedFiles(storage);

      const res = await upload(`applications/${application.id}`, jp, pdf, '推薦状.pdf', {
        contentType: 'application/pdf',
      }).expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        ownerType: 'application',
        ownerId: application.id,
        kind: 'letter_of_support',
        fileName: '推薦状.pdf',
        contentType: 'application/pdf',
        sizeBytes: pdf.length,
        sha256: sha256(pdf),
        uploadedBy: jp.user.id,
        uploadedByName: '佐藤 花子',
        createdAt: expect.any(String),
      });
      const id = res.body.id as string;

      // Stored once, under a key that is no part of the name sent.
      const row = await ctx.db.getRepository(Document).findOneByOrFail({ id });
      expect(row).toMatchObject({ storage: 'local', sizeBytes: pdf.length });
      expect(row.storageKey).toMatch(/^\d{4}\/\d{2}\/[0-9a-f-]{36}$/);
      expect(await storedFiles(storage)).toEqual([
        ...before,
        path.join(...row.storageKey.split('/')),
      ]);

      const list = await get(`applications/${application.id}/documents`, us).expect(200);
      expect(list.body).toEqual({ data: [res.body], nextCursor: null });
      expect((await get(`documents/${id}`, officer).expect(200)).body).toEqual(res.body);

      const content = await download(id, us).expect(200);
      expect(Buffer.compare(content.body as Buffer, pdf)).toBe(0);
      expect(sha256(content.body as Buffer)).toBe(res.body.sha256);
      expect(content.headers['content-type']).toBe('application/pdf');
      expect(content.headers['content-disposition']).toBe(
        `attachment; filename="download.pdf"; filename*=UTF-8''${encodeURIComponent('推薦状.pdf')}`,
      );
      expect(content.headers['x-content-type-options']).toBe('nosniff');
      expect(content.headers.etag).toBe(`"${sha256(pdf)}"`);

      // The content hash now covers the document; the application's was another without it.
      const { body: now } = await get(`applications/${application.id}`, jp).expect(200);
      expect(now.contentHash).not.toBe(application.contentHash);
      expect(now.contentHash).toBe(await expectedHash(application.id));
      expect(await auditActions(id)).toEqual(['document.uploaded']);
      const [audit] = (await ctx.db.query(`SELECT data FROM audit_events WHERE entity_id = $1`, [
        id,
      ])) as { data: Record<string, unknown> }[];
      expect(audit.data).toMatchObject({
        owner: { type: 'application', id: application.id },
        kind: 'letter_of_support',
        fileName: '推薦状.pdf',
        sha256: sha256(pdf),
        size: pdf.length,
        contentHash: now.contentHash,
      });
      const [outbox] = (await ctx.db.query(
        `SELECT o.event_type FROM outbox o JOIN audit_events e ON e.id = o.audit_event_id
          WHERE e.entity_id = $1`,
        [id],
      )) as { event_type: string }[];
      expect(outbox.event_type).toBe('document.uploaded');

      // Removing it again: the bytes go, the hash is the one without documents again.
      await remove(id, us).expect(204);
      expect(await storedFiles(storage)).toEqual(before);
      await get(`documents/${id}`, jp).expect(404);
      const { body: after } = await get(`applications/${application.id}`, jp).expect(200);
      expect(after.contentHash).toBe(application.contentHash);
      expect(await auditActions(id)).toEqual(['document.uploaded', 'document.deleted']);
    });

    it('types a file by its content: a PNG sent as a PDF is a PNG; Office and CSV files pass', async () => {
      const application = await draft();
      const png = await upload(`applications/${application.id}`, jp, samples.png(), 'scan.pdf', {
        contentType: 'application/pdf',
        kind: 'receipt',
      }).expect(201);
      expect(png.body).toMatchObject({ contentType: 'image/png', fileName: 'scan.png' });
      const content = await download(png.body.id, jp).expect(200);
      expect(content.headers['content-type']).toBe('image/png');

      const accepted: [Buffer, string, string][] = [
        [samples.jpeg(), 'photo.jpg', 'image/jpeg'],
        [
          await samples.docx(),
          'agreement.docx',
          'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        ],
        [
          await samples.xlsx(),
          'budget.xlsx',
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        ],
        [samples.csv(), 'budget.csv', 'text/csv; charset=utf-8'],
      ];
      for (const [bytes, name, contentType] of accepted) {
        const res = await upload(`applications/${application.id}`, us, bytes, name, {
          kind: 'budget',
        }).expect(201);
        expect(res.body).toMatchObject({ fileName: name, contentType, sha256: sha256(bytes) });
      }
      const list = await get(`applications/${application.id}/documents?limit=3`, jp).expect(200);
      expect(list.body.data).toHaveLength(3);
      const rest = await get(
        `applications/${application.id}/documents?limit=3&cursor=${list.body.nextCursor}`,
        jp,
      ).expect(200);
      expect(rest.body).toMatchObject({ nextCursor: null });
      expect(rest.body.data).toHaveLength(2);
    });

    it('refuses executables, plain ZIPs, random bytes and oversize files, storing nothing', async () => {
      const application = await draft();
      const count = await documentCount();
      const files = await storedFiles(storage);
      const refused: [Buffer, string][] = [
        [samples.exe(), 'letter.pdf'],
        [await samples.zip(), 'budget.xlsx'],
        [Buffer.from([0x00, 0x13, 0x37, 0xff, 0xfe, 0x80, 0x00, 0x01]), 'receipts.csv'],
        [Buffer.from('<html><script>alert(1)</script></html>'), 'letter.html'],
      ];
      for (const [bytes, name] of refused) {
        const res = await upload(`applications/${application.id}`, jp, bytes, name, {
          contentType: 'application/pdf',
        }).expect(400);
        expect(res.body).toMatchObject({
          code: 'validation_failed',
          errors: [
            {
              field: 'file',
              message: 'must be a PDF, PNG, JPEG, DOCX, XLSX, CSV or plain text (.txt) file',
            },
          ],
        });
      }
      const big = Buffer.concat([samples.pdf(), Buffer.alloc(MAX_BYTES, 0x20)]);
      const tooBig = await upload(`applications/${application.id}`, jp, big, 'big.pdf').expect(400);
      expect(tooBig.body).toMatchObject({
        code: 'validation_failed',
        detail: `The file is too large: at most ${MAX_BYTES} bytes are accepted`,
        errors: [{ field: 'file', message: `the file is larger than ${MAX_BYTES} bytes` }],
      });
      // No file, another field, an unknown kind.
      await request(ctx.http)
        .post(`/api/v1/applications/${application.id}/documents?kind=budget`)
        .set('Authorization', jp.auth)
        .field('note', 'no file')
        .expect(400);
      const badKind = await upload(`applications/${application.id}`, jp, samples.pdf(), 'a.pdf', {
        kind: 'invoice',
      }).expect(400);
      expect(badKind.body.errors).toEqual([expect.objectContaining({ field: 'kind' })]);
      const ja = await upload(`applications/${application.id}`, jp, samples.exe(), 'a.pdf')
        .set('Accept-Language', 'ja')
        .expect(400);
      expect(ja.body.errors[0].message).toBe(
        'PDF・PNG・JPEG・DOCX・XLSX・CSV・テキスト（.txt）のいずれかのファイルにしてください',
      );

      expect(await documentCount()).toBe(count);
      expect(await storedFiles(storage)).toEqual(files);
      const { body } = await get(`applications/${application.id}`, jp).expect(200);
      expect(body.contentHash).toBe(application.contentHash);
    });

    it('lets only the cities write, and only their applications be seen', async () => {
      const application = await draft();
      const doc = (
        await upload(`applications/${application.id}`, jp, samples.pdf(), 'a.pdf').expect(201)
      ).body;
      const count = await documentCount();

      for (const role of ['program_officer', 'reviewer', 'finance_officer', 'auditor'] as const) {
        const caller = await bearer(ctx, { role });
        const res = await upload(`applications/${application.id}`, caller, samples.pdf(), 'a.pdf');
        expect(res.status).toBe(403);
        await remove(doc.id, caller).expect(403);
      }
      // Another city's application, as if it did not exist.
      await upload(`applications/${application.id}`, outsider, samples.pdf(), 'a.pdf').expect(404);
      await get(`applications/${application.id}/documents`, outsider).expect(404);
      await get(`documents/${doc.id}`, outsider).expect(404);
      await download(doc.id, outsider).expect(404);
      await remove(doc.id, outsider).expect(404);

      // A reviewer reads only the documents of an application assigned to them.
      const reviewer = await bearer(ctx, { role: 'reviewer', country: 'US' });
      await get(`applications/${application.id}/documents`, reviewer).expect(404);
      await get(`documents/${doc.id}`, reviewer).expect(404);
      await download(doc.id, reviewer).expect(404);
      const { roundId } = (await get(`applications/${application.id}`, jp).expect(200)).body;
      await ctx.db.getRepository(Assignment).insert({
        applicationId: application.id,
        roundId,
        reviewerId: reviewer.user.id,
        status: 'assigned',
        source: 'manual',
        assignedBy: null,
        assignedAt: new Date(),
      });
      await get(`applications/${application.id}/documents`, reviewer).expect(200);
      await download(doc.id, reviewer).expect(200);

      for (const role of ['auditor', 'finance_approver', 'admin'] as const) {
        await get(`documents/${doc.id}`, await bearer(ctx, { role })).expect(200);
      }
      await request(ctx.http).get(`/api/v1/documents/${doc.id}`).expect(401);
      await get('documents/not-a-uuid', jp).expect(400);
      expect(await documentCount()).toBe(count);
    });

    it('refuses an upload or a deletion once the application is submitted (409)', async () => {
      const round = await createRound(ctx);
      const submitted = await createApplication(ctx, round, partnership, { status: 'submitted' });
      const count = await documentCount();
      const res = await upload(`applications/${submitted.id}`, jp, samples.pdf(), 'a.pdf').expect(
        409,
      );
      expect(res.body.code).toBe('invalid_state');
      expect(await documentCount()).toBe(count);
      const files = await storedFiles(storage);
      expect(files.length).toBe(count);

      // A document attached while a draft stays once submitted: no one removes it then.
      await ctx.db.query(`UPDATE applications SET status = 'draft' WHERE id = $1`, [submitted.id]);
      const doc = (
        await upload(`applications/${submitted.id}`, jp, samples.pdf(), 'a.pdf').expect(201)
      ).body;
      await ctx.db.query(`UPDATE applications SET status = 'submitted' WHERE id = $1`, [
        submitted.id,
      ]);
      await remove(doc.id, jp).expect(409);
      await get(`documents/${doc.id}`, jp).expect(200);
    });

    it('an upload to a half-signed application is an edit: the signature goes, the hash changes, the cities sign the documents', async () => {
      const application = await draft();
      await sign(application.id, jp, application.contentHash).expect(200);

      const receipt = samples.pdf('Agreement between the cities');
      const doc = await upload(`applications/${application.id}`, us, receipt, 'agreement.pdf', {
        kind: 'agreement',
      }).expect(201);
      const { body: edited } = await get(`applications/${application.id}`, jp).expect(200);
      expect(edited).toMatchObject({ status: 'draft', signatures: [] });
      expect(edited.contentHash).not.toBe(application.contentHash);
      expect(edited.contentHash).toBe(await expectedHash(application.id));
      const [updated] = (await ctx.db.query(
        `SELECT data FROM audit_events WHERE entity_id = $1 AND action = 'application.updated'`,
        [application.id],
      )) as { data: Record<string, unknown> }[];
      expect(updated.data).toMatchObject({
        fields: ['documents'],
        signaturesDropped: 1,
        from: 'awaiting_cosign',
        to: 'draft',
        contentHash: edited.contentHash,
      });
      const history = await get(`applications/${application.id}/history`, jp).expect(200);
      expect(history.body.data.map((t: { to: string }) => t.to)).toEqual([
        'draft',
        'awaiting_cosign',
        'draft',
      ]);

      // What Yokohama signed no longer counts: signing the old hash is refused.
      const stale = await sign(application.id, jp, application.contentHash).expect(409);
      expect(stale.body.detail).toContain(edited.contentHash);
      // Both cities sign the hash that covers the agreement.
      await sign(application.id, jp, edited.contentHash).expect(200);
      const done = await sign(application.id, us, edited.contentHash).expect(200);
      expect(done.body).toMatchObject({ status: 'submitted', contentHash: edited.contentHash });

      const versions = await get(`applications/${application.id}/signed-versions`, jp).expect(200);
      const documents = [{ sha256: sha256(receipt), kind: 'agreement', fileName: 'agreement.pdf' }];
      expect(versions.body.data).toHaveLength(3);
      expect(versions.body.data[0].content.documents).toEqual(documents);
      expect(versions.body.data[1].content.documents).toEqual(documents);
      // The first signature was of the content without documents.
      expect(versions.body.data[2].content).not.toHaveProperty('documents');
      expect(versions.body.data[2].contentHash).toBe(application.contentHash);

      // Submitted: the agreement can no longer be removed.
      await remove(doc.body.id, us).expect(409);
    });

    it('deleting from a half-signed application drops the signature too', async () => {
      const application = await draft();
      const doc = (
        await upload(`applications/${application.id}`, jp, samples.png(), 'map.png').expect(201)
      ).body;
      const { body: withDoc } = await get(`applications/${application.id}`, jp).expect(200);
      await sign(application.id, us, withDoc.contentHash).expect(200);

      await remove(doc.id, jp).expect(204);
      const { body: after } = await get(`applications/${application.id}`, jp).expect(200);
      expect(after).toMatchObject({ status: 'draft', signatures: [] });
      expect(after.contentHash).toBe(application.contentHash);
      await remove(doc.id, jp).expect(404);
    });

    it('replays an upload sent again with the same Idempotency-Key', async () => {
      const application = await draft();
      const count = await documentCount();
      const send = () =>
        upload(`applications/${application.id}`, jp, samples.pdf(), 'a.pdf').set(
          'Idempotency-Key',
          `doc-${application.id}`,
        );
      const first = await send().expect(201);
      const again = await send().expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await documentCount()).toBe(count + 1);
      // Another file under the same key is another request: refused, nothing stored.
      const other = await upload(
        `applications/${application.id}`,
        jp,
        samples.pdf('Other'),
        'a.pdf',
      )
        .set('Idempotency-Key', `doc-${application.id}`)
        .expect(409);
      expect(other.body.code).toBe('idempotency_key_reused');
      expect(await documentCount()).toBe(count + 1);
    });

    it('removes the bytes again when the transaction rolls back', async () => {
      const application = await draft();
      const files = await storedFiles(storage);
      const count = await documentCount();
      // A failure after the bytes are written, inside the transaction (the audit insert).
      await ctx.db.query(`
        CREATE FUNCTION fail_document_audit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit refused in this test'; END $$;
        CREATE TRIGGER fail_document_audit BEFORE INSERT ON audit_events FOR EACH ROW
          WHEN (NEW.action = 'document.uploaded') EXECUTE FUNCTION fail_document_audit();`);
      try {
        await upload(`applications/${application.id}`, jp, samples.pdf(), 'a.pdf').expect(500);
      } finally {
        await ctx.db.query(`
          DROP TRIGGER fail_document_audit ON audit_events;
          DROP FUNCTION fail_document_audit();`);
      }
      expect(await documentCount()).toBe(count);
      expect(await storedFiles(storage)).toEqual(files);
      const { body } = await get(`applications/${application.id}`, jp).expect(200);
      expect(body.contentHash).toBe(application.contentHash);
    });
  });

  describe('on a grantee report', () => {
    it('a receipt on a draft joint report: round trip, readers, and the side rule', async () => {
      const { awardId } = await createApprovedAward(ctx, { partnership });
      const report = await request(ctx.http)
        .post(`/api/v1/awards/${awardId}/reports`)
        .set('Authorization', us.auth)
        .send({ kind: 'final', side: 'joint', narrative: { en: 'We did it' } })
        .expect(201);
      const reportId = report.body.id as string;
      const receipt = samples.jpeg();
      const res = await upload(`reports/${reportId}`, us, receipt, 'hotel.jpeg', {
        kind: 'receipt',
      }).expect(201);
      expect(res.body).toMatchObject({
        ownerType: 'grantee_report',
        ownerId: reportId,
        kind: 'receipt',
        contentType: 'image/jpeg',
      });
      await upload(`reports/${reportId}`, jp, samples.pdf(), 'r.pdf', { kind: 'receipt' }).expect(
        201,
      );
      const list = await get(`reports/${reportId}/documents`, officer).expect(200);
      expect(list.body.data.map((d: { sha256: string }) => d.sha256)[0]).toBe(sha256(receipt));
      const content = await download(res.body.id, await bearer(ctx, { role: 'auditor' })).expect(
        200,
      );
      expect(Buffer.compare(content.body as Buffer, receipt)).toBe(0);

      await get(`reports/${reportId}/documents`, outsider).expect(404);
      await get(`reports/${reportId}/documents`, await bearer(ctx, { role: 'reviewer' })).expect(
        403,
      );
      await get(`documents/${res.body.id}`, await bearer(ctx, { role: 'reviewer' })).expect(404);
      await upload(`reports/${reportId}`, outsider, samples.pdf(), 'r.pdf').expect(404);
      await upload(`reports/${reportId}`, officer, samples.pdf(), 'r.pdf').expect(403);

      await remove(res.body.id, jp).expect(204);
      expect(await auditActions(res.body.id)).toEqual(['document.uploaded', 'document.deleted']);
    });

    it('only the side’s city attaches to a side’s report', async () => {
      const { awardId } = await createApprovedAward(ctx, { partnership });
      const report = await request(ctx.http)
        .post(`/api/v1/awards/${awardId}/reports`)
        .set('Authorization', jp.auth)
        .send({ kind: 'final', side: 'JP', narrative: { ja: '報告' } })
        .expect(201);
      const count = await documentCount();
      const res = await upload(`reports/${report.body.id}`, us, samples.pdf(), 'r.pdf').expect(403);
      expect(res.body.detail).toBe(
        'Only a user of the JP city may attach documents to the JP report',
      );
      expect(await documentCount()).toBe(count);
      await upload(`reports/${report.body.id}`, jp, samples.pdf(), 'r.pdf').expect(201);
    });

    it('refuses an upload or a deletion once the report is submitted or accepted (409)', async () => {
      const { awardId } = await createApprovedAward(ctx, { partnership });
      const created = await request(ctx.http)
        .post(`/api/v1/awards/${awardId}/reports`)
        .set('Authorization', us.auth)
        .send({ kind: 'final', side: 'joint', narrative: { en: 'Final' } })
        .expect(201);
      const reportId = created.body.id as string;
      const doc = (
        await upload(`reports/${reportId}`, us, samples.pdf(), 'r.pdf', { kind: 'receipt' }).expect(
          201,
        )
      ).body;
      await request(ctx.http)
        .post(`/api/v1/reports/${reportId}/submit`)
        .set('Authorization', us.auth)
        .expect(200);
      await upload(`reports/${reportId}`, us, samples.pdf(), 'r.pdf').expect(409);
      await request(ctx.http)
        .post(`/api/v1/reports/${reportId}/accept`)
        .set('Authorization', officer.auth)
        .expect(200);
      const count = await documentCount();
      const res = await upload(`reports/${reportId}`, us, samples.pdf(), 'r.pdf').expect(409);
      expect(res.body).toMatchObject({
        code: 'invalid_state',
        detail: 'Cannot edit a report that is accepted',
      });
      await remove(doc.id, us).expect(409);
      expect(await documentCount()).toBe(count);

      // createSubmittedReport's report too, once accepted.
      const other = await createApprovedAward(ctx, { partnership });
      const submittedId = await createSubmittedReport(ctx, other.awardId, jp.user, {
        narrative: { en: 'Done' },
      });
      await upload(`reports/${submittedId}`, jp, samples.pdf(), 'r.pdf').expect(409);
    });
  });

  describe('on an amendment', () => {
    async function amendment(status: AwardAmendment['status']): Promise<string> {
      const { awardId } = await createApprovedAward(ctx, { partnership });
      const row = await ctx.db.getRepository(AwardAmendment).save({
        awardId,
        kind: 'scope',
        status,
        changes: { scope: { en: 'Add a music programme' } },
        reason: { en: 'The partner city asked' },
        baseVersion: 1,
        resultingVersion: null,
        requestedBy: jp.user.id,
        decidedBy: null,
        decidedAt: null,
        decisionNote: null,
      });
      return row.id;
    }

    it('attaches to a requested amendment, readable by the award’s cities and the office', async () => {
      const id = await amendment('requested');
      const xlsx = await samples.xlsx();
      const res = await upload(`amendments/${id}`, us, xlsx, 'new-budget.xlsx', {
        kind: 'budget',
      }).expect(201);
      expect(res.body).toMatchObject({ ownerType: 'amendment', ownerId: id, kind: 'budget' });
      expect((await get(`amendments/${id}/documents`, jp).expect(200)).body.data).toHaveLength(1);
      const content = await download(res.body.id, officer).expect(200);
      expect(sha256(content.body as Buffer)).toBe(sha256(xlsx));

      await get(`amendments/${id}/documents`, outsider).expect(404);
      await get(`documents/${res.body.id}`, outsider).expect(404);
      await upload(`amendments/${id}`, outsider, samples.pdf(), 'a.pdf').expect(404);
      const missing = '00000000-0000-4000-8000-000000000000';
      await upload(`amendments/${missing}`, jp, samples.pdf(), 'a.pdf').expect(404);

      await remove(res.body.id, jp).expect(204);
      expect((await get(`amendments/${id}/documents`, jp).expect(200)).body.data).toEqual([]);
    });

    it('refuses documents once the amendment is decided (409)', async () => {
      const id = await amendment('declined');
      const count = await documentCount();
      const res = await upload(`amendments/${id}`, jp, samples.pdf(), 'a.pdf').expect(409);
      expect(res.body.detail).toBe('Cannot change the documents of an amendment that is declined');
      expect(await documentCount()).toBe(count);
    });
  });
});

describe('documents on S3-compatible storage', () => {
  let s3: Awaited<ReturnType<typeof startFakeS3>>;
  beforeAll(async () => {
    s3 = await startFakeS3();
  });
  afterAll(() => s3.close());

  it('S3DocumentStore sends signed path-style PUT, GET and DELETE of the key', async () => {
    const store = new S3DocumentStore({
      endpoint: s3.url,
      region: 'ap-northeast-1',
      bucket: 'grant-documents',
      accessKeyId: 'AKIDTESTKEY',
      secretAccessKey: 'test-secret',
      forcePathStyle: true,
    });
    try {
      const key = newStorageKey(new Date('2026-04-01T00:00:00Z'));
      expect(key).toMatch(/^2026\/04\/[0-9a-f-]{36}$/);
      const bytes = samples.pdf('stored in S3');
      await store.put(key, bytes, 'application/pdf');

      const put = s3.requests.at(-1)!;
      expect(put.method).toBe('PUT');
      expect(put.path).toBe(`/grant-documents/${key}`);
      expect(put.headers['content-type']).toBe('application/pdf');
      expect(put.headers['content-length']).toBe(String(bytes.length));
      expect(put.headers.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDTESTKEY\/\d{8}\/ap-northeast-1\/s3\/aws4_request, SignedHeaders=\S+, Signature=[0-9a-f]{64}$/,
      );
      expect(Buffer.compare(put.body, bytes)).toBe(0);

      const stream = await store.get(key);
      const chunks: Buffer[] = [];
      for await (const chunk of stream!) chunks.push(chunk as Buffer);
      expect(Buffer.compare(Buffer.concat(chunks), bytes)).toBe(0);
      expect(s3.requests.at(-1)).toMatchObject({ method: 'GET', path: `/grant-documents/${key}` });

      await store.delete(key);
      expect(s3.requests.at(-1)).toMatchObject({
        method: 'DELETE',
        path: `/grant-documents/${key}`,
      });
      expect(s3.objects.size).toBe(0);
      expect(await store.get(key)).toBeNull();
      // Keys come only from newStorageKey: anything else is refused before any request.
      await expect(store.put('../../etc/passwd', bytes, 'text/plain')).rejects.toThrow(
        'Not a document storage key',
      );
    } finally {
      await store.destroy();
    }
  });

  it('the app stores, serves and removes documents there when DOCUMENT_STORAGE=s3', async () => {
    const ctx = await createTestApp({
      env: {
        DOCUMENT_STORAGE: 's3',
        S3_ENDPOINT: s3.url,
        S3_REGION: 'us-west-2',
        S3_BUCKET: 'grants-test',
        S3_ACCESS_KEY_ID: 'AKIDAPP',
        S3_SECRET_ACCESS_KEY: 'app-secret',
        S3_FORCE_PATH_STYLE: 'true',
      },
    });
    try {
      const partnership = await createPartnership(ctx);
      const round = await createRound(ctx);
      const application = await createApplication(ctx, round, partnership, { status: 'draft' });
      const jp = await createUser(ctx, { role: 'city_user', cityId: partnership.jpCityId });
      const auth = `Bearer ${tokenFor(ctx, jp)}`;
      const png = samples.png();
      const res = await request(ctx.http)
        .post(`/api/v1/applications/${application.id}/documents?kind=other`)
        .set('Authorization', auth)
        .attach('file', png, { filename: 'map.png', contentType: 'image/png' })
        .expect(201);
      const row = await ctx.db.getRepository(Document).findOneByOrFail({ id: res.body.id });
      expect(row.storage).toBe('s3');
      expect(s3.objects.get(`/grants-test/${row.storageKey}`)).toEqual(png);

      const content = await request(ctx.http)
        .get(`/api/v1/documents/${row.id}/content`)
        .set('Authorization', auth)
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(Buffer.compare(content.body as Buffer, png)).toBe(0);

      await request(ctx.http)
        .delete(`/api/v1/documents/${row.id}`)
        .set('Authorization', auth)
        .expect(204);
      expect(s3.objects.has(`/grants-test/${row.storageKey}`)).toBe(false);
    } finally {
      await ctx.close();
    }
  });
});
